import SpamStore
import SpamTestSupport
import Synchronization
import Testing

/// 32 threads, each with its own connection, log verdicts and learn at once: every row lands,
/// no "locked" error escapes the retry loop, and the file passes the integrity check.
@Test func thirtyTwoWritersLoseNothing() throws {
    let dir = TemporaryDirectory("concurrent")
    defer { dir.remove() }
    let path = dir.file("db.sqlite")
    let writers = 32
    let logRowsPerWriter = 25
    let learnsPerWriter = 5
    let failures = Mutex<[String]>([])
    runOnThreads(writers) { writer in
        do {
            // Every writer opens its own store, racing the creation and migration too.
            let store = try FeedbackStore(path: path)
            for row in 0..<logRowsPerWriter {
                try store.logClassification(
                    ClassificationEntry(
                        time: Double(row), digest: "w\(writer)r\(row)",
                        verdict: row % 2 == 0 ? "spam" : "ham",
                        score: 0.5, modelID: nil))
                if row < learnsPerWriter {
                    try store.learn(
                        FeedbackItem(text: "writer \(writer) message \(row)", label: .spam, source: "t"),
                        at: 1)
                }
            }
        } catch {
            failures.withLock { $0.append("\(writer): \(error)") }
        }
    }
    #expect(failures.withLock { $0 } == [])
    let store = try FeedbackStore(path: path)
    #expect(try store.classificationLogCount() == writers * logRowsPerWriter)
    #expect(try store.feedbackCounts()[.spam] == writers * learnsPerWriter)
    #expect(try store.integrityCheck() == ["ok"])
}
