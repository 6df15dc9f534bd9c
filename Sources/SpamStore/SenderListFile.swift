import SpamIO
public import SpamSenders

/// The sender list mirrored into a file beside the store (`<store>-senders`, format in
/// `SenderList`), so that a delivery looks a sender up with one small read instead of opening
/// SQLite (a WAL-index rebuild and a query: most of a millisecond per message).
///
/// The `senders` table stays the truth. Every change rewrites the file (atomically) inside the
/// write transaction that makes it, so concurrent writers cannot leave an older list behind; a
/// process opening the store for writing rewrites it when it disagrees (a crash between the file
/// and the commit, a deleted file). A missing or damaged file reads as an empty list.
public struct SenderListFile: Sendable {
    public let path: String

    public init(storePath: String) { path = storePath + "-senders" }

    /// The list, or nil when the file is missing, unreadable or not a whole list.
    public func read() -> SenderList? {
        guard let bytes = try? FileIO.read(path: path), bytes.count <= 64 << 20 else { return nil }
        return SenderList(bytes: bytes)
    }

    func write(_ bytes: [UInt8]) throws(SystemError) {
        try FileIO.writeAtomically(bytes, to: path, mode: 0o600)
    }
}
