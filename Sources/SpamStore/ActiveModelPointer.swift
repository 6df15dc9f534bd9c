import SpamIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The registry's active model, mirrored into a one-line file beside the store, so that the
/// per-delivery path learns which model to load with one small read instead of opening SQLite
/// (a WAL-index rebuild and a query: most of a millisecond per message).
///
/// The registry stays the truth. A change of the active model happens under an exclusive lock
/// (`<store>-active-model.lock`), in three steps: the file is set to `pending`, the registry
/// transaction commits, and the file is rewritten from the registry. Two changes never
/// interleave (racing `activate` and `rollback` once left the file naming the model the registry
/// had just retired), and a reader that finds `pending` (a change under way, or a process killed
/// in the middle of one) knows the file is stale and asks the registry. Every process opening the
/// store for writing repairs the file under the same lock. Contents: `none`, `pending` or
/// `<registry id><TAB><model file path>`, newline-terminated (atomic replacement, so never torn).
public struct ActiveModelPointer: Sendable {
    public let path: String

    public init(storePath: String) { path = storePath + "-active-model" }

    /// The lock serialising changes of the active model (registry and pointer together).
    var lockPath: String { path + ".lock" }

    /// What the file says: nil when it is missing, unreadable or `pending` (ask the registry).
    public func read() -> ActiveModel? {
        guard let bytes = try? FileIO.readRegularFile(path: path, limit: 64 * 1024) else { return nil }
        return ActiveModel(line: String(decoding: bytes, as: UTF8.self))
    }

    func write(_ model: ActiveModel) throws(SystemError) {
        try FileIO.writeAtomically(Array(model.line.utf8), to: path, mode: 0o600)
    }

    /// Marks the file stale until `write` replaces it.
    func markPending() throws(SystemError) {
        try FileIO.writeAtomically(Array(ActiveModel.pendingLine.utf8), to: path, mode: 0o600)
    }

    /// Runs `body` holding the exclusive lock (waiting for it). The kernel drops an flock when
    /// its process dies, so a killed `models activate` never blocks the next one.
    func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let fd = try? FileIO.openRegularFile(lockPath, flags: O_RDWR | O_CREAT)
        defer {
            if let fd {
                flock(fd, LOCK_UN)
                close(fd)
            }
        }
        // Without a lock file (a read-only directory) the change still happens, unserialised,
        // as before; the registry stays right and the next writer repairs the pointer.
        if let fd { while flock(fd, LOCK_EX) != 0 && errno == EINTR {} }
        return try body()
    }
}

/// Which model classification uses: the bundled default (`none`), or a registered model file.
public enum ActiveModel: Sendable, Equatable {
    case none
    case registered(id: Int64, path: String)

    static let pendingLine = "pending\n"

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
    /// Rewrites the active-model file from the registry when it disagrees (under the lock).
    func writeActiveModelPointer() throws {
        let pointer = ActiveModelPointer(storePath: path)
        try pointer.locked { () throws in try writeActiveModelPointerLocked(pointer) }
    }

    private func writeActiveModelPointerLocked(_ pointer: ActiveModelPointer) throws {
        let active: ActiveModel = try activeModel().map { .registered(id: $0.id, path: $0.path) } ?? .none
        if pointer.read() != active { try pointer.write(active) }
    }

    /// Changes the active model: `change` (a registry transaction) runs under the pointer's lock
    /// with the pointer marked pending, and the pointer is rewritten from the registry after it,
    /// whether it committed or not.
    func changingActiveModel<T>(_ change: () throws(StoreError) -> T) throws(StoreError) -> T {
        let pointer = ActiveModelPointer(storePath: path)
        return try pointer.locked { () throws(StoreError) -> T in
            try? pointer.markPending()
            defer { try? writeActiveModelPointerLocked(pointer) }
            return try change()
        }
    }
}
