internal import SpamIO
public import SpamMarks

/// The templates of the marked messages, mirrored into `<store>-templates` (`TemplateList`) so
/// that a delivery gives a marked message and its near-copies the marked verdict without
/// opening SQLite.
public struct TemplateListFile: Sendable {
    public let path: String

    public init(storePath: String) { path = storePath + "-templates" }

    /// The list, mapped, or nil when the file is missing, unreadable or not a whole list. The
    /// store replaces the file by renaming a new one over it, so a mapping never changes under
    /// a reader.
    public func read() -> TemplateList? {
        guard let file = try? MappedFile(path: path) else { return nil }
        return TemplateList(buffer: file.bytes, owner: file)
    }
}

extension FeedbackStore {
    /// The mirror file's bytes for the feedback table as it stands (in this transaction). A ham
    /// mark also vetoes the spam template it shares with copies marked spam: the crontab learns
    /// everything the filter put in Spam, so a legitimate notice it flagged arrives there in many
    /// copies, and moving one to NotSpam must give the next copy back to the model.
    func templateListBytes() throws(StoreError) -> [UInt8] {
        let marks = try database.query("SELECT text, label FROM feedback ORDER BY updated, rowid") {
            (text: $0.text(0), isSpam: $0.text(1) == FeedbackLabel.spam.rawValue)
        }
        var vetoed: Set<UInt64> = []
        for mark in marks where !mark.isSpam {
            if let key = MessageTemplate.key(of: mark.text) { vetoed.insert(key) }
        }
        return TemplateList.encode(
            marks.compactMap { mark in
                guard let key = MessageTemplate.key(of: mark.text, keepingDigits: !mark.isSpam),
                    !mark.isSpam || !vetoed.contains(key)
                else { return nil }
                return (key, mark.isSpam)
            })
    }

    /// Rewrites the mirror file; called inside the write transaction that changed the table, so
    /// a failure to write it undoes the change.
    func writeTemplateListFile() throws(StoreError) {
        let file = TemplateListFile(storePath: path)
        let bytes = try templateListBytes()
        do {
            try FileIO.writeAtomically(bytes, to: file.path, mode: 0o600)
        } catch {
            throw StoreError.cannotOpen(path: file.path, detail: error.description)
        }
    }

    /// Writes the mirror file of a store that has none (a new store, or one from before the file
    /// existed). A stale file is rewritten by the next change to the marks.
    func repairTemplateListFile() throws(StoreError) {
        let file = TemplateListFile(storePath: path)
        guard !FileIO.exists(file.path) else { return }
        try database.writeTransaction { () throws(StoreError) in
            if !FileIO.exists(file.path) { try writeTemplateListFile() }
        }
    }
}
