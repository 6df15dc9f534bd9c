import SpamTestSupport
import Testing

@testable import SpamStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Stores whose schema was tampered with (tables dropped, renamed, altered, replaced by a view,
/// the schema version set to nonsense): opening and every operation give a `StoreError` that
/// names the store, never a crash, and the integrity check reports the tampering.
@Suite struct RobustSchemaTests {
    /// A store with one feedback row, one log row and one model, then `tamper` applied.
    static func tamperedStore(_ dir: TemporaryDirectory, _ tamper: String) throws -> String {
        let path = dir.file("db.sqlite")
        do {
            let store = try FeedbackStore(path: path)
            _ = try store.learn(FeedbackItem(text: "win a prize", label: .spam, source: "t"), at: 1)
            try store.logClassification(
                ClassificationEntry(time: 1, digest: "d", verdict: "ham", score: 0.1, modelID: nil))
            try store.database.execute(tamper)
        }
        return path
    }

    static let tampering = [
        "DROP TABLE feedback",
        "DROP TABLE models",
        "DROP TABLE classification_log",
        "DROP TABLE meta",
        "ALTER TABLE feedback RENAME TO feedback_old",
        "ALTER TABLE feedback DROP COLUMN source",
        "ALTER TABLE models ADD COLUMN extra TEXT",
        "DROP TABLE feedback; CREATE TABLE feedback (digest INTEGER, text BLOB)",
        "DROP TABLE feedback; CREATE VIEW feedback AS SELECT 1 AS digest",
    ]

    @Test(arguments: tampering) func tamperedTablesGiveErrorsAndFailTheCheck(_ tamper: String) throws {
        let dir = TemporaryDirectory("tamper")
        defer { dir.remove() }
        let path = try Self.tamperedStore(dir, tamper)
        let store = try FeedbackStore(path: path)
        let findings = try store.integrityCheck()
        #expect(findings != ["ok"], "integrity check missed: \(tamper)")
        #expect(findings.allSatisfy { $0.hasPrefix("schema: table ") }, "\(findings)")
        // Every operation either works (the tampering did not touch it) or throws a clear error.
        let operations: [(String, () throws -> Void)] = [
            (
                "learn",
                { _ = try store.learn(FeedbackItem(text: "see you", label: .ham, source: "t"), at: 2) }
            ),
            ("allFeedback", { _ = try store.allFeedback() }),
            ("counts", { _ = try store.feedbackCounts() }),
            ("unlearn", { _ = try store.unlearn(digests: ["x"]) }),
            (
                "log",
                {
                    try store.logClassification(
                        ClassificationEntry(time: 2, digest: "e", verdict: "spam", score: 0.9, modelID: "m"))
                }
            ),
            ("verdicts", { _ = try store.verdictCounts(since: 0) }),
            ("models", { _ = try store.models() }),
            ("active", { _ = try store.activeModel() }),
            ("meta", { try store.setMeta("k", "v") }),
        ]
        var failures = 0
        for (name, operation) in operations {
            do {
                try operation()
            } catch let error as StoreError {
                failures += 1
                #expect(error.description.contains(path), "\(name): \(error)")
            } catch {
                Issue.record("\(name): not a StoreError: \(error)")
            }
        }
        if !tamper.contains("ADD COLUMN") {  // an extra column harms no operation
            #expect(failures > 0, "tampering with \(tamper) went unnoticed by every operation")
        }
        // The verdict log used on the delivery path reports instead of throwing.
        _ = FeedbackStore.logVerdict(
            ClassificationEntry(time: 3, digest: "f", verdict: "ham", score: 0.2, modelID: nil),
            storePath: path)
    }

    @Test func untamperedStorePassesTheSchemaCheck() throws {
        let dir = TemporaryDirectory("untampered")
        defer { dir.remove() }
        let path = try Self.tamperedStore(dir, "SELECT 1")
        #expect(try FeedbackStore(path: path).integrityCheck() == ["ok"])
        #expect(try FeedbackStore(path: path, readOnly: true).integrityCheck() == ["ok"])
    }

    /// `PRAGMA user_version = -5` used to index the migration list out of bounds (a crash of
    /// every smsfilter process that opened the store, `smsfilter -p` included).
    @Test(arguments: [-5, -1, Int(Int32.min)]) func negativeSchemaVersionIsAnError(_ version: Int) throws {
        let dir = TemporaryDirectory("negative")
        defer { dir.remove() }
        let path = try Self.tamperedStore(dir, "PRAGMA user_version = \(version)")
        for readOnly in [false, true] {
            do {
                _ = try FeedbackStore(path: path, readOnly: readOnly)
                Issue.record("opened a store with schema version \(version)")
            } catch {
                guard case .corrupt = error else {
                    Issue.record("expected .corrupt, got \(error)")
                    continue
                }
                #expect(error.description.contains("schema version \(version) is invalid"))
            }
        }
        // Logging never opens the store: the verdict waits in the journal.
        #expect(
            FeedbackStore.logVerdict(
                ClassificationEntry(time: 1, digest: "d", verdict: "ham", score: 0.1, modelID: nil),
                storePath: path) == nil)
        #expect(try VerdictJournal(storePath: path).pendingEntries().count == 1)
    }
}
