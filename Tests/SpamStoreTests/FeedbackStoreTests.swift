import SpamTestSupport
import Testing

@testable import SpamStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

@Test func newStoreIsPrivateWALAndVersioned() throws {
    let dir = TemporaryDirectory("new")
    defer { dir.remove() }
    let path = dir.file("nested/deeper/smsfilter.sqlite")
    let store = try FeedbackStore(path: path)
    #expect(permissionBits(of: path) == 0o600)
    #expect(permissionBits(of: dir.file("nested/deeper")) == 0o700)
    #expect(try store.database.queryFirst("PRAGMA journal_mode") { $0.text(0) } == "wal")
    #expect(try store.storedSchemaVersion() == FeedbackStore.schemaVersion)
    #expect(try store.integrityCheck() == ["ok"])
    // Reopening an existing store does not migrate again.
    let again = try FeedbackStore(path: path)
    #expect(try again.feedbackCounts() == [.spam: 0, .ham: 0])
}

@Test func learnRelabelAndUnlearn() throws {
    let dir = TemporaryDirectory("learn")
    defer { dir.remove() }
    let store = try FeedbackStore(path: dir.file("db.sqlite"))
    let item = FeedbackItem(text: "WIN a prize now, reply YES", label: .spam, source: "test")
    #expect(try store.learn(item, at: 100) == .added)
    #expect(try store.learn(item, at: 101) == .unchanged)
    var ham = item
    ham.label = .ham
    #expect(try store.learn(ham, at: 102) == .relabeled(from: .spam))
    let record = try #require(try store.feedback(digest: item.digest))
    #expect(record.label == .ham)
    #expect(record.created == 100)
    #expect(record.updated == 102)
    #expect(try store.feedbackCounts() == [.spam: 0, .ham: 1])
    #expect(try store.feedbackCount(since: 101.5) == 1)
    #expect(try store.unlearn(digests: [item.digest, "nope"]) == 1)
    #expect(try store.feedback(digest: item.digest) == nil)
}

@Test func textWithNULAndEmptyTextRoundTrip() throws {
    let dir = TemporaryDirectory("nul")
    defer { dir.remove() }
    let store = try FeedbackStore(path: dir.file("db.sqlite"))
    let odd = "a\u{0}b\tc\nd ünïcødé"
    try store.learn(
        [
            FeedbackItem(text: odd, label: .spam, source: "s"),
            FeedbackItem(text: "", label: .ham, source: "s"),
        ], at: 1)
    #expect(try store.feedback(digest: FeedbackDigest.of(odd))?.text == odd)
    #expect(try store.feedback(digest: FeedbackDigest.of(""))?.text == "")
}

@Test func newerSchemaIsRefusedAndLeftUntouched() throws {
    let dir = TemporaryDirectory("newer")
    defer { dir.remove() }
    let path = dir.file("db.sqlite")
    do {
        let store = try FeedbackStore(path: path)
        try store.database.execute("PRAGMA user_version = 99")
    }
    #expect(throws: StoreError.newerSchema(path: path, found: 99, supported: FeedbackStore.schemaVersion)) {
        _ = try FeedbackStore(path: path)
    }
    #expect(throws: StoreError.self) { _ = try FeedbackStore(path: path, readOnly: true) }
    let error = StoreError.newerSchema(path: path, found: 99, supported: 1)
    #expect(error.description.contains("upgrade smsfilter"))
}

@Test func corruptFileGivesClearError() throws {
    let dir = TemporaryDirectory("corrupt")
    defer { dir.remove() }
    let path = dir.file("db.sqlite")
    writeFile(path, Array(repeating: 0x5a, count: 8192))
    do {
        _ = try FeedbackStore(path: path)
        Issue.record("opening garbage should fail")
    } catch {
        guard case .corrupt = error else {
            Issue.record("expected .corrupt, got \(error)")
            return
        }
        #expect(error.description.contains(path))
        #expect(error.description.contains("damaged"))
    }
    // The verdict still reaches the store's journal, to be folded in once the store is repaired.
    #expect(
        FeedbackStore.logVerdict(
            ClassificationEntry(time: 1, digest: "d", verdict: "ham", score: 0.1, modelID: nil),
            storePath: path) == nil)
    #expect(try VerdictJournal(storePath: path).pendingEntries().map(\.entry.verdict) == ["ham"])
}

@Test func damagedPagesAreReportedByIntegrityCheck() throws {
    let dir = TemporaryDirectory("pages")
    defer { dir.remove() }
    let path = dir.file("db.sqlite")
    do {
        let store = try FeedbackStore(path: path)
        let items = (0..<400).map {
            FeedbackItem(
                text: "message number \($0) " + String(repeating: "x", count: 200), label: .ham, source: "t")
        }
        try store.learn(items, at: 1)
        try store.checkpoint()
    }
    // Overwrite a stretch of pages past the header.
    let fd = open(path, O_WRONLY)
    let junk = [UInt8](repeating: 0xa5, count: 4096 * 4)
    _ = junk.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 4096 * 3) }
    close(fd)
    do {
        let store = try FeedbackStore(path: path)
        let findings = try store.integrityCheck()
        #expect(findings != ["ok"])
    } catch {
        // Opening may already detect the damage; that is a clear error too.
        guard case .corrupt = error else {
            Issue.record("unexpected \(error)")
            return
        }
    }
}

@Test func readOnlyOpenOfMissingStoreSaysSo() {
    #expect(throws: StoreError.self) {
        _ = try FeedbackStore(path: "/nonexistent-smsfilter/x.sqlite", readOnly: true)
    }
    do {
        _ = try FeedbackStore(path: "/proc/smsfilter-nope/x.sqlite")
        Issue.record("creating under /proc should fail")
    } catch {
        #expect(error.description.contains("/proc/smsfilter-nope"))
    }
}

@Test func classificationLogCountsAndRetention() throws {
    let dir = TemporaryDirectory("log")
    defer { dir.remove() }
    let store = try FeedbackStore(path: dir.file("db.sqlite"))
    for i in 0..<10 {
        try store.logClassification(
            ClassificationEntry(
                time: Double(i * 100), digest: "d\(i)", verdict: i % 3 == 0 ? "spam" : "ham", score: 0.5,
                modelID: i < 5 ? nil : "7"))
    }
    #expect(try store.classificationLogCount() == 10)
    #expect(try store.verdictCounts(since: 500) == ["spam": 2, "ham": 3])
    #expect(try store.classifications(since: 800).map(\.digest) == ["d8", "d9"])
    #expect(try store.classifications(since: 0).first?.modelID == nil)
    #expect(try store.pruneClassificationLog(before: 300) == 3)
    #expect(try store.classificationLogCount() == 7)
    #expect(
        FeedbackStore.logVerdict(
            ClassificationEntry(time: 1, digest: "x", verdict: "ham", score: 0, modelID: nil),
            storePath: store.path) == nil)
    #expect(try store.classificationLogCount() == 8)
}

/// A bulk run's batch lands whole, in order, beside rows logged one at a time.
@Test func classificationsLoggedInOneBatch() throws {
    let dir = TemporaryDirectory("batch")
    defer { dir.remove() }
    let store = try FeedbackStore(path: dir.file("db.sqlite"))
    try store.logClassification(
        ClassificationEntry(time: 1, digest: "first", verdict: "ham", score: 0.1, modelID: nil))
    let batch = (0..<3000).map {
        ClassificationEntry(
            time: 2 + Double($0), digest: "b\($0)", verdict: $0 % 2 == 0 ? "spam" : "ham", score: 0.5,
            modelID: "m")
    }
    try store.logClassifications(batch)
    try store.logClassifications([])
    #expect(try store.classificationLogCount() == 3001)
    #expect(try store.classifications(since: 0).map(\.digest) == ["first"] + batch.map(\.digest))
    #expect(try store.verdictCounts(since: 2) == ["spam": 1500, "ham": 1500])
}

@Test func modelRegistryActivateRollbackPrune() throws {
    let dir = TemporaryDirectory("models")
    defer { dir.remove() }
    let store = try FeedbackStore(path: dir.file("db.sqlite"))
    let metrics = ValidationMetrics(
        mcc: 0.9, hamFalsePositiveRate: 0.01, spamRecall: 0.85, accuracy: 0.97, count: 200)
    let first = try store.registerModel(
        ModelRecord(
            path: "m1", created: 1, trainingDigest: "a", trainingSize: 10, metrics: metrics, status: .active))
    let second = try store.registerModel(
        ModelRecord(
            path: "m2", created: 2, trainingDigest: "b", trainingSize: 11, metrics: nil, status: .candidate))
    #expect(try store.activeModel()?.id == first)
    #expect(try store.activeModel()?.metrics == metrics)
    try store.activate(id: second, at: 3)
    #expect(try store.activeModel()?.id == second)
    #expect(try store.model(id: first)?.status == .retired)
    let back = try store.rollback(at: 4)
    #expect(back.id == first)
    #expect(try store.model(id: second)?.status == .rejected)
    #expect(throws: StoreError.self) { try store.rollback(at: 5) }
    #expect(throws: StoreError.self) { try store.activate(id: 999, at: 5) }
    // A candidate that failed the gate is registered as rejected, with the reason (as RetrainFlow does).
    let third = try store.registerModel(
        ModelRecord(
            path: "m3", created: 6, trainingDigest: "c", trainingSize: 12, metrics: nil, status: .rejected,
            reason: "MCC 0.5 < 0.9"))
    #expect(try store.model(id: third)?.reason == "MCC 0.5 < 0.9")
    let dropped = try store.pruneModels(keep: 1)
    #expect(dropped.map(\.id) == [second])
    #expect(try store.models().map(\.id) == [third, first])
    #expect(try store.activeModel()?.id == first)
}

@Test func forecastsKeepLatestRun() throws {
    let dir = TemporaryDirectory("forecast")
    defer { dir.remove() }
    let store = try FeedbackStore(path: dir.file("db.sqlite"))
    try store.saveForecasts([
        ForecastRecord(created: 1, target: "spam", timestamp: 10, value: 3, lower: 1, upper: 5)
    ])
    try store.saveForecasts([
        ForecastRecord(created: 2, target: "spam", timestamp: 20, value: 4, lower: nil, upper: nil),
        ForecastRecord(created: 2, target: "spam", timestamp: 30, value: 5, lower: 2, upper: 8),
    ])
    #expect(try store.latestForecast(target: "spam").map(\.timestamp) == [20, 30])
    #expect(try store.latestForecast(target: "spam").first?.lower == nil)
    #expect(try store.pruneForecasts(before: 2) == 1)
}

@Test func metaRoundTrips() throws {
    let dir = TemporaryDirectory("meta")
    defer { dir.remove() }
    let store = try FeedbackStore(path: dir.file("db.sqlite"))
    #expect(try store.meta("last_retrain") == nil)
    try store.setMeta("last_retrain", "12")
    try store.setMeta("last_retrain", "13")
    #expect(try store.meta("last_retrain") == "13")
}

@Test func storeLocationPrecedence() {
    let env: [String: String] = [
        "SMSFILTER_DB": "/env/db.sqlite", "XDG_DATA_HOME": "/xdg", "HOME": "/home/u",
    ]
    #expect(StoreLocation.resolve(explicit: "/cli.sqlite") { env[$0] } == "/cli.sqlite")
    #expect(StoreLocation.resolve(explicit: nil) { env[$0] } == "/env/db.sqlite")
    #expect(
        StoreLocation.resolve(explicit: nil) { $0 == "SMSFILTER_DB" ? nil : env[$0] }
            == "/xdg/smsfilter/smsfilter.sqlite")
    #expect(
        StoreLocation.resolve(explicit: nil) { $0 == "HOME" ? "/home/u" : nil }
            == "/home/u/.local/share/smsfilter/smsfilter.sqlite")
    // A relative XDG_DATA_HOME is invalid per the XDG spec and ignored.
    #expect(
        StoreLocation.resolve(explicit: nil) { ["XDG_DATA_HOME": "rel", "HOME": "/h"][$0] }
            == "/h/.local/share/smsfilter/smsfilter.sqlite")
    #expect(StoreLocation.configFile { ["XDG_CONFIG_HOME": "/cfg"][$0] } == "/cfg/smsfilter/config")
}

@Test func uriEscapingKeepsOddPathsIntact() {
    #expect(Database.uriEscaped("/a b/c?d#e%f") == "/a%20b/c%3Fd%23e%25f")
    #expect(Database.uriEscaped("/plain/path.sqlite") == "/plain/path.sqlite")
}

/// One short connection per message (as one process per delivery): the WAL is not
/// checkpointed on close, yet stays bounded because a writer truncates it past 1 MiB.
@Test func walStaysBoundedAcrossShortConnections() throws {
    let dir = TemporaryDirectory("wal")
    defer { dir.remove() }
    let path = dir.file("db.sqlite")
    var largest: Int = 0
    for i in 0..<300 {
        let store = try FeedbackStore(path: path)
        try store.learn(
            FeedbackItem(
                text: "short connection message \(i) " + String(repeating: "z", count: 500), label: .ham,
                source: "t"), at: Double(i))
        var info = stat()
        if stat(path + "-wal", &info) == 0 { largest = max(largest, Int(info.st_size)) }
    }
    #expect(largest > 0, "the WAL should persist between connections")
    #expect(largest < 2 << 20, "WAL grew to \(largest) bytes")
    let store = try FeedbackStore(path: path)
    #expect(try store.feedbackCounts()[.ham] == 300)
    #expect(try store.integrityCheck() == ["ok"])
}

extension FeedbackStore {
    /// The most recent forecast run for `target` (all points sharing the newest `created`): how the
    /// test reads back what `saveForecasts` wrote, since nothing in the application reads them yet.
    fileprivate func latestForecast(target: String) throws(StoreError) -> [ForecastRecord] {
        try database.query(
            """
            SELECT created, target, timestamp, value, lower, upper FROM forecasts
            WHERE target = ? AND created = (SELECT MAX(created) FROM forecasts WHERE target = ?)
            ORDER BY timestamp
            """, [.text(target), .text(target)]
        ) {
            ForecastRecord(
                created: $0.double(0), target: $0.text(1), timestamp: $0.double(2), value: $0.double(3),
                lower: $0.optionalDouble(4), upper: $0.optionalDouble(5))
        }
    }
}

/// Whether a message was a mail's text is kept with it (a model trained on mail reads mail after
/// a mark), follows a relabel, and rows of a store from before the column read as text.
@Test func feedbackKeepsWhetherItWasAMail() throws {
    let dir = TemporaryDirectory("kind")
    defer { dir.remove() }
    let path = dir.file("db.sqlite")
    do {
        // A store at schema version 3, with a row learned then.
        let store = try FeedbackStore(path: path)
        try store.database.execute("ALTER TABLE feedback DROP COLUMN kind")
        try store.database.execute("PRAGMA user_version = 3")
        try store.database.execute(
            "INSERT INTO feedback (digest, text, label, source, created, updated) VALUES ('d', 'old', 'ham', 's', 1, 1)"
        )
    }
    let store = try FeedbackStore(path: path)
    #expect(try store.storedSchemaVersion() == FeedbackStore.schemaVersion)
    #expect(try store.feedback(digest: "d")?.isMail == false)
    let mail = FeedbackItem(text: "Quarterly report attached", label: .ham, source: "m", isMail: true)
    let sms = FeedbackItem(text: "see you at 8", label: .ham, source: "s")
    try store.learn([mail, sms], at: 2)
    #expect(try store.feedback(digest: mail.digest)?.isMail == true)
    #expect(try store.allFeedback().filter(\.isMail).map(\.text) == [mail.text])
    var asText = mail
    asText.isMail = false
    asText.label = .spam
    #expect(try store.learn(asText, at: 3) == .relabeled(from: .ham))
    #expect(try store.feedback(digest: mail.digest)?.isMail == false)
}
