import SpamStore
import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// 32 threads logging verdicts (each with its own connection, as a delivery process has) and 32
/// `learn` processes, all at once against one fresh store: every learner exits 0 with an empty
/// stderr (no "database is locked" reaches the user), no row is lost, and the integrity check passes.
@Test func thirtyTwoLoggersAndThirtyTwoLearnersShareOneStore() throws {
    let binary = try #require(TestEnvironment.smsfilterBinary, "built smsfilter binary not found")
    let scratch = TemporaryDirectory("concurrent")
    defer { scratch.remove() }
    let db = scratch.file("data/smsfilter.sqlite")
    mkdir(scratch.file("data"), 0o700)
    let processes = 32
    let rowsPerLogger = 20
    for i in 0..<processes {
        scratch.write("msg\(i).txt", "campaign \(i): claim your reward at example dot test \(i * 7919)")
    }
    var children: [ChildProcess] = []
    for i in 0..<processes {
        if let learner = ChildProcess.start(
            [binary, "learn", "--spam", "--quiet", "--db", db, scratch.file("msg\(i).txt")], in: scratch,
            tag: "learn\(i)")
        {
            children.append(learner)
        }
    }
    let loggerFailures = LoggerFailures()
    runOnThreads(processes) { i in
        do {
            let store = try FeedbackStore(path: db)
            for row in 0..<rowsPerLogger {
                try store.logClassification(
                    ClassificationEntry(
                        time: Double(time(nil)), digest: "p\(i)-\(row)", verdict: i % 4 == 0 ? "spam" : "ham",
                        score: 0.5, modelID: nil))
            }
        } catch {
            loggerFailures.append("logger \(i): \(error)")
        }
    }
    #expect(loggerFailures.all == [])
    #expect(children.count == processes)
    var failures: [String] = []
    for child in children {
        let status = child.wait()
        let err = scratch.read(child.errFile)
        if status != 0 || !err.isEmpty { failures.append("\(child.errFile): status \(status): \(err)") }
    }
    #expect(failures == [])
    let stats = ChildProcess.run([binary, "stats", "--db", db], in: scratch, tag: "stats")
    #expect(stats.status == 0)
    #expect(stats.out.contains("feedback: \(processes) spam, 0 ham"))
    #expect(stats.out.contains("verdicts last day: \(processes * rowsPerLogger) "))
    #expect(
        stats.out.contains("(\(processes / 4 * rowsPerLogger) spam")
            || stats.out.contains("\(processes / 4 * rowsPerLogger) spam"))
    let check = ChildProcess.run([binary, "db", "check", "--db", db], in: scratch, tag: "check")
    #expect(check.status == 0)
    #expect(check.out.hasPrefix("ok:"))
}

/// The delivery path for real: 32 `classify` processes (each logging its verdict) and 32
/// `learn` processes at once. Every delivery gets a verdict (exit 0, 1 or 2) with nothing on
/// stderr, every verdict is logged, every mark is stored, and the store passes its check.
@Test func thirtyTwoDeliveriesAndThirtyTwoLearnsAtOnce() throws {
    guard let binary = TestEnvironment.smsfilterBinary else {
        Issue.record("built smsfilter binary not found")
        return
    }
    let scratch = TemporaryDirectory("deliveries")
    defer { scratch.remove() }
    let db = scratch.file("s.sqlite")
    var corpus = ""
    for i in 0..<60 {
        corpus +=
            i % 3 == 0 ? "spam\twin cash prize now reply \(i)\n" : "ham\tsee you at lunch tomorrow \(i)\n"
    }
    scratch.write("base.tsv", corpus)
    let trained = ChildProcess.run(
        [
            binary, "retrain", "--db", db, "--force", "--base-corpus", scratch.file("base.tsv"), "--epochs",
            "1",
            "--hidden-size", "4", "--embedding-dim", "4", "--folds", "0", "--baseline", "none",
        ], in: scratch, tag: "train")
    #expect(trained.status == 0, "\(trained.err)")
    let processes = 32
    for i in 0..<processes { scratch.write("in\(i)", "message \(i): are we still on for lunch at \(i)?") }
    var deliveries: [ChildProcess] = []
    var learners: [ChildProcess] = []
    for i in 0..<processes {
        if let child = ChildProcess.start(
            ["/usr/bin/env", "SMSFILTER_DB=\(db)", binary, "classify"], in: scratch, tag: "classify\(i)",
            stdinFile: scratch.file("in\(i)"))
        {
            deliveries.append(child)
        }
        if let child = ChildProcess.start(
            [binary, "learn", "--ham", "--quiet", "--db", db, scratch.file("in\(i)")], in: scratch,
            tag: "learn\(i)")
        {
            learners.append(child)
        }
    }
    #expect(deliveries.count == processes && learners.count == processes)
    var failures: [String] = []
    for child in deliveries {
        let status = child.wait()
        let err = scratch.read(child.errFile)
        if ![0, 1, 2].contains(status) || !err.isEmpty {
            failures.append("\(child.errFile): \(status) \(err)")
        }
    }
    for child in learners {
        let status = child.wait()
        let err = scratch.read(child.errFile)
        if status != 0 || !err.isEmpty { failures.append("\(child.errFile): \(status) \(err)") }
    }
    #expect(failures == [])
    let stats = ChildProcess.run([binary, "stats", "--db", db], in: scratch, tag: "stats").out
    #expect(stats.contains("feedback: 0 spam, \(processes) ham"), "\(stats)")
    #expect(stats.contains("verdicts last day: \(processes)"), "\(stats)")
    #expect(ChildProcess.run([binary, "db", "check", "--db", db], in: scratch, tag: "check").status == 0)
}

/// What the logger threads report, collected under a lock.
private final class LoggerFailures: @unchecked Sendable {
    private var lock = pthread_mutex_t()
    private var failures: [String] = []
    init() { pthread_mutex_init(&lock, nil) }
    deinit { pthread_mutex_destroy(&lock) }
    func append(_ failure: String) {
        pthread_mutex_lock(&lock)
        failures.append(failure)
        pthread_mutex_unlock(&lock)
    }
    var all: [String] {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return failures
    }
}
