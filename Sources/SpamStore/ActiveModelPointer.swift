import SpamIO

/// The registry's active model, mirrored into a one-line file beside the store, so that the
/// per-delivery path learns which model to load with one small read instead of opening SQLite
/// (a WAL-index rebuild and a query: most of a millisecond per message).
///
/// The registry stays the truth. Every change of the active model rewrites the file (atomically)
/// after its transaction commits, and every process opening the store for writing repairs it when
/// it disagrees, so after a crash between the two it is stale until the next writer, never wrong
/// for long. Contents: `none` or `<registry id><TAB><model file path>`, newline-terminated.
public struct ActiveModelPointer: Sendable {
    public let path: String

    public init(storePath: String) { path = storePath + "-active-model" }

    /// What the file says: nil when it is missing or unreadable (ask the registry instead).
    public func read() -> ActiveModel? {
        guard let bytes = try? FileIO.readRegularFile(path: path, limit: 64 * 1024) else { return nil }
        return ActiveModel(line: String(decoding: bytes, as: UTF8.self))
    }

    func write(_ model: ActiveModel) throws(SystemError) {
        try FileIO.writeAtomically(Array(model.line.utf8), to: path, mode: 0o600)
    }
}

/// Which model classification uses: the bundled default (`none`), or a registered model file.
public enum ActiveModel: Sendable, Equatable {
    case none
    case registered(id: Int64, path: String)

    var line: String {
        switch self {
        case .none: "none\n"
        case .registered(let id, let path): "\(id)\t\(path)\n"
        }
    }

    init?(line: String) {
        guard line.hasSuffix("\n") else { return nil }  // a torn write
        let text = line.dropLast()
        if text == "none" {
            self = .none
            return
        }
        guard let tab = text.firstIndex(of: "\t"), let id = Int64(text[..<tab]), id > 0,
            text.index(after: tab) < text.endIndex
        else { return nil }
        self = .registered(id: id, path: String(text[text.index(after: tab)...]))
    }
}

extension FeedbackStore {
    /// Rewrites the active-model file from the registry when it disagrees.
    func writeActiveModelPointer() throws {
        let pointer = ActiveModelPointer(storePath: path)
        let active: ActiveModel = try activeModel().map { .registered(id: $0.id, path: $0.path) } ?? .none
        if pointer.read() != active { try pointer.write(active) }
    }
}
