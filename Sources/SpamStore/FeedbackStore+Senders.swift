import SpamIO
public import SpamSenders

/// One row of the sender list.
public struct SenderRecord: Sendable, Equatable {
    public var sender: String
    public var state: SenderState
    public var origin: SenderOrigin
    /// The contact's name (vCard imports); empty otherwise.
    public var note: String
    public var updated: Double

    public init(sender: String, state: SenderState, origin: SenderOrigin, note: String = "", updated: Double)
    {
        self.sender = sender
        self.state = state
        self.origin = origin
        self.note = note
        self.updated = updated
    }
}

/// What learning one message did to its sender's standing.
public enum SenderLearning: Sendable, Equatable {
    /// Counted: `hams` distinct messages learned as ham so far, not yet enough.
    case counted(hams: Int)
    /// This message made the sender trusted.
    case trusted
    /// Already on the list (allowed, or blocked: learning never lifts a block); nothing changed.
    case unchanged
    /// Learned as spam: the sender's trust (and its count of ham) is gone.
    case untrusted
}

extension FeedbackStore {
    /// Puts senders on the list (normalized values). Manual changes replace any entry; a vCard
    /// import (`replacing: false`) leaves senders already listed as they are. Returns how many
    /// rows were written.
    @discardableResult
    public func setSenders(
        _ senders: [(sender: String, note: String)], state: SenderState, origin: SenderOrigin,
        at time: Double,
        replacing: Bool = true
    ) throws(StoreError) -> Int {
        for (sender, _) in senders where !SenderList.isStorable(sender) {
            throw StoreError.invalidInput("not a sender: \(sender.debugDescription)")
        }
        return try database.writeTransaction { () throws(StoreError) -> Int in
            var written = 0
            let conflict =
                replacing
                ? "ON CONFLICT (sender) DO UPDATE SET state = excluded.state, origin = excluded.origin, "
                    + "note = excluded.note, updated = excluded.updated"
                : "ON CONFLICT (sender) DO NOTHING"
            for (sender, note) in senders {
                written += try database.run(
                    "INSERT INTO senders (sender, state, origin, note, updated) VALUES (?, ?, ?, ?, ?) "
                        + conflict,
                    [.text(sender), .text(state.rawValue), .text(origin.rawValue), .text(note), .real(time)])
            }
            try writeSenderListFile()
            return written
        }
    }

    /// Takes senders off the list (and forgets their learned ham); returns how many were listed.
    @discardableResult
    public func removeSenders(_ senders: [String]) throws(StoreError) -> Int {
        try database.writeTransaction { () throws(StoreError) -> Int in
            var removed = 0
            for sender in senders {
                removed += try database.run("DELETE FROM senders WHERE sender = ?", [.text(sender)])
                try database.run("DELETE FROM sender_ham WHERE sender = ?", [.text(sender)])
            }
            try writeSenderListFile()
            return removed
        }
    }

    /// The whole list, sorted by sender.
    public func senders() throws(StoreError) -> [SenderRecord] {
        try database.query("SELECT sender, state, origin, note, updated FROM senders ORDER BY sender") {
            row in
            SenderRecord(
                sender: row.text(0), state: SenderState(rawValue: row.text(1)) ?? .allowed,
                origin: SenderOrigin(rawValue: row.text(2)) ?? .manual, note: row.text(3),
                updated: row.double(4))
        }
    }

    /// One sender's entry, or nil.
    public func sender(_ sender: String) throws(StoreError) -> SenderRecord? {
        try database.queryFirst(
            "SELECT sender, state, origin, note, updated FROM senders WHERE sender = ?", [.text(sender)]
        ) { row in
            SenderRecord(
                sender: row.text(0), state: SenderState(rawValue: row.text(1)) ?? .allowed,
                origin: SenderOrigin(rawValue: row.text(2)) ?? .manual, note: row.text(3),
                updated: row.double(4))
        }
    }

    /// Records that the message with `digest` from `sender` was learned as `label`. Ham: once
    /// `trustAfter` distinct messages are (the same message twice counts once), the sender is
    /// allowed, origin `learned`. Spam: the sender's allowance, whatever its origin, and its count
    /// are removed (a block stays).
    @discardableResult
    public func learnSender(
        _ sender: String, digest: String, label: FeedbackLabel, trustAfter: Int, at time: Double
    ) throws(StoreError) -> SenderLearning {
        guard SenderList.isStorable(sender) else {
            throw StoreError.invalidInput("not a sender: \(sender.debugDescription)")
        }
        return try database.writeTransaction { () throws(StoreError) -> SenderLearning in
            let current =
                try database.queryFirst("SELECT state FROM senders WHERE sender = ?", [.text(sender)]) {
                    SenderState(rawValue: $0.text(0))
                } ?? nil
            switch label {
            case .spam:
                try database.run("DELETE FROM sender_ham WHERE sender = ?", [.text(sender)])
                guard current == .allowed else { return .unchanged }
                try database.run("DELETE FROM senders WHERE sender = ?", [.text(sender)])
                try writeSenderListFile()
                return .untrusted
            case .ham:
                try database.run(
                    "INSERT OR IGNORE INTO sender_ham (sender, digest, time) VALUES (?, ?, ?)",
                    [.text(sender), .text(digest), .real(time)])
                if current != nil { return .unchanged }
                let hams = Int(
                    try database.queryFirst(
                        "SELECT COUNT(*) FROM sender_ham WHERE sender = ?", [.text(sender)]
                    ) {
                        $0.int(0)
                    } ?? 0)
                guard hams >= max(1, trustAfter) else { return .counted(hams: hams) }
                try database.run(
                    "INSERT INTO senders (sender, state, origin, note, updated) VALUES (?, 'allowed', 'learned', '', ?)",
                    [.text(sender), .real(time)])
                try writeSenderListFile()
                return .trusted
            }
        }
    }

    /// Forgets the ham marks of unlearned messages (a trust already earned stays).
    public func forgetSenderMarks(digests: [String]) throws(StoreError) {
        try database.writeTransaction { () throws(StoreError) in
            for digest in digests {
                try database.run("DELETE FROM sender_ham WHERE digest = ?", [.text(digest)])
            }
        }
    }

    /// The file's bytes for the table as it is now.
    private func senderListBytes() throws(StoreError) -> [UInt8] {
        let rows = try database.query("SELECT sender, state FROM senders") { row in
            (sender: row.text(0), state: SenderState(rawValue: row.text(1)) ?? .allowed)
        }
        return SenderList.encode(rows)
    }

    /// Rewrites the mirror file; called inside the write transaction that changed the table.
    private func writeSenderListFile() throws(StoreError) {
        let file = SenderListFile(storePath: path)
        let bytes = try senderListBytes()
        do {
            try file.write(bytes)
        } catch {
            throw StoreError.cannotOpen(path: file.path, detail: error.description)
        }
    }

    /// Rewrites the mirror file when it disagrees with the table (compared first without the
    /// write lock, then again under it, so a concurrent change is never overwritten).
    func repairSenderListFile() throws(StoreError) {
        let file = SenderListFile(storePath: path)
        let current = try? FileIO.read(path: file.path)
        if current == (try senderListBytes()) { return }
        try database.writeTransaction { () throws(StoreError) in
            if (try? FileIO.read(path: file.path)) != (try senderListBytes()) { try writeSenderListFile() }
        }
    }
}
