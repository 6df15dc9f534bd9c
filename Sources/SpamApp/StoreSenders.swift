import SpamSenders
import SpamStore

/// The classify command's view of the sender list: the store's mirror file, read once and only
/// when a message names a sender (so deliveries without one never touch it, and none opens
/// SQLite). A missing file is an empty list.
final class StoreSenders {
    private let file: SenderListFile
    private var list: SenderList?
    private var table: [String: SenderState]?

    init(storePath: String?) {
        file = SenderListFile(storePath: StoreLocation.resolve(explicit: storePath))
    }

    private func loaded() -> SenderList {
        if let list { return list }
        let read = file.read() ?? .empty
        list = read
        return read
    }

    /// One lookup (a scan of the file's lines: cheapest for a delivery).
    func state(of sender: String) -> SenderState? {
        loaded().state(of: sender)
    }

    /// Lookups for bulk runs: the list as a table, built on first use.
    func indexedState(of sender: String) -> SenderState? {
        if table == nil { table = loaded().table() }
        return table?[sender]
    }

    /// True when the list has no sender (bulk runs then skip finding senders at all).
    var isEmpty: Bool { loaded().count == 0 }
}
