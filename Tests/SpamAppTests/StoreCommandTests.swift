import SpamApp
import SpamStore
import SpamTestSupport
import Testing

/// What the store commands decide before they print: `db check`'s verdict, `senders list` on a
/// store that does not exist yet, `models show ID` for an id that was never registered.
struct StoreCommandTests {
    @Test func checkSaysOkForAFreshStore() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("s.sqlite")
        _ = try FeedbackStore(path: path)
        let text = try StoreMaintenance.check(storePath: path, format: .text)
        #expect(text.healthy)
        #expect(text.report?.hasPrefix("ok: \(path), schema ") == true)
        #expect(try StoreMaintenance.check(storePath: path, format: .json).report?.hasPrefix("{") == true)
    }

    @Test func sendersOfAMissingStoreAreNoneAndNoStoreIsMade() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("none.sqlite")
        #expect(try StoreReport.senders(storePath: path, format: .text) == nil)
        #expect(try StoreReport.senders(storePath: path, format: .json) == "[]")
        #expect(!fileExists(path))
    }

    @Test func anUnknownModelIdIsNotFound() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("s.sqlite")
        _ = try FeedbackStore(path: path)
        #expect(throws: StoreError.self) { try ModelReport.registeredPath(id: 42, storePath: path) }
    }
}
