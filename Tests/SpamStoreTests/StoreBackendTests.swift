import SpamTestSupport
import Testing

@testable import SpamStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The application layer opens stores through `StoreBackends.open` and holds them as
/// `any StoreBackend`: a path is the SQLite store, a URL names a backend this build lacks.
@Test func aPathOpensTheSQLiteStoreBehindTheProtocol() throws {
    let dir = TemporaryDirectory("backend")
    defer { dir.remove() }
    let store: any StoreBackend = try StoreBackends.open(dir.file("s.sqlite"))
    #expect(store is FeedbackStore)
    let outcomes = try store.learn(
        [FeedbackItem(text: "win cash now", label: .spam, source: "test")], at: 100)
    #expect(outcomes.count == 1)
    #expect(try store.allFeedback().map(\.text) == ["win cash now"])
    #expect(try store.exportTSV() == "spam\twin cash now\n")
    #expect(
        try StoreBackends.open(dir.file("s.sqlite"), readOnly: true).feedbackCounts() == [.spam: 1, .ham: 0])
}

@Test func aURLIsRefusedWithItsSchemeAndCreatesNothing() {
    let location = "postgresql://db.example/smsfilter"
    #expect(throws: StoreError.self) { try StoreBackends.open(location) }
    do {
        _ = try StoreBackends.open(location)
    } catch {
        #expect(error.description.contains("postgresql stores are not built into this smsfilter"))
    }
    // The delivery path's journal is not written under a directory named after the URL.
    let failure = FeedbackStore.logVerdict(
        ClassificationEntry(time: 1, digest: "d", verdict: "ham", score: 0.1, modelID: "m"),
        storePath: location)
    #expect(failure != nil)
    #expect(access("postgresql:", F_OK) != 0)
    #expect(StoreBackends.urlScheme(of: "postgres+ssl://h/db") == "postgres+ssl")
    for path in [
        "/var/lib/smsfilter/s.sqlite", "relative/s.sqlite", "a:b.sqlite", "/tmp/x://y", "://x", "1a://x",
    ] {
        #expect(StoreBackends.urlScheme(of: path) == nil, "\(path)")
    }
}
