/// Why the store could not do what was asked, worded so a user (or a mail log) can act on it.
/// Callers on the delivery path catch this and keep delivering mail.
public enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Another process held the database longer than the busy timeout and every retry.
    case locked(path: String)
    /// The file or its directory cannot be written (permissions, read-only file system).
    case readOnly(path: String, detail: String)
    /// The file is not an SQLite database, or its pages are damaged.
    case corrupt(path: String, detail: String)
    /// The file was written by a newer smsfilter whose schema this one does not know.
    case newerSchema(path: String, found: Int, supported: Int)
    /// The file or its directory could not be opened or created.
    case cannotOpen(path: String, detail: String)
    /// The disk (or quota) is full.
    case full(path: String)
    /// Any other SQLite failure, with the operation that hit it.
    case sqlite(path: String, code: Int32, message: String, operation: String)
    /// Bad input handed to the store (a malformed TSV line, an unknown label).
    case invalidInput(String)
    /// A row that was asked for does not exist (an unknown model id).
    case notFound(String)

    public var description: String {
        switch self {
        case .locked(let path):
            return "feedback store \(path) is locked by another process (gave up after retries)"
        case .readOnly(let path, let detail):
            return "feedback store \(path) is read-only: \(detail)"
        case .corrupt(let path, let detail):
            return "feedback store \(path) is damaged or not an smsfilter database (\(detail));"
                + " move it aside and run `smsfilter db import` from an export, or start afresh"
        case .newerSchema(let path, let found, let supported):
            return "feedback store \(path) has schema version \(found), but this smsfilter only knows"
                + " versions up to \(supported); upgrade smsfilter (the file was left untouched)"
        case .cannotOpen(let path, let detail):
            return "cannot open feedback store \(path): \(detail)"
        case .full(let path):
            return "feedback store \(path): disk or quota full"
        case .sqlite(let path, let code, let message, let operation):
            return "feedback store \(path): \(operation) failed: \(message) (SQLite code \(code))"
        case .invalidInput(let message):
            return message
        case .notFound(let message):
            return message
        }
    }

    /// True for failures that a later retry can cure (another writer held the lock).
    var isTransient: Bool {
        if case .locked = self { return true }
        return false
    }
}
