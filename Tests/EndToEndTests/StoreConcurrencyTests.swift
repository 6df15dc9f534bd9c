import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// 32 processes logging verdicts and 32 learning, all at once against one fresh store: every
/// process exits 0 with an empty stderr (no "database is locked" reaches the user), no row is
/// lost, and the integrity check passes.
@Test func sixtyFourProcessesShareOneStore() throws {
    guard let binary = storeBinaryPath() else { Issue.record("built smsfilter binary not found"); return }
    let scratch = StoreScratch("concurrent")
    defer { scratch.cleanUp() }
    let db = scratch.file("data/smsfilter.sqlite")
    let processes = 32
    let rowsPerLogger = 20
    for i in 0..<processes { scratch.write("msg\(i).txt", "campaign \(i): claim your reward at example dot test \(i * 7919)") }
    var children: [StoreChild] = []
    for i in 0..<processes {
        if let logger = storeSpawn(
            [binary, "db", "log-verdict", "--db", db, "--count", "\(rowsPerLogger)", "--digest", "p\(i)",
             "--verdict", i % 4 == 0 ? "spam" : "ham", "--score", "0.5"],
            scratch: scratch, tag: "log\(i)")
        {
            children.append(logger)
        }
        if let learner = storeSpawn(
            [binary, "learn", "--spam", "--quiet", "--db", db, scratch.file("msg\(i).txt")], scratch: scratch, tag: "learn\(i)")
        {
            children.append(learner)
        }
    }
    #expect(children.count == 2 * processes)
    var failures: [String] = []
    for child in children {
        let status = storeWait(child)
        let err = scratch.read(child.errFile)
        if status != 0 || !err.isEmpty { failures.append("\(child.errFile): status \(status): \(err)") }
    }
    #expect(failures == [])
    let stats = storeRun([binary, "stats", "--db", db], scratch: scratch, tag: "stats")
    #expect(stats.status == 0)
    #expect(stats.out.contains("feedback: \(processes) spam, 0 ham"))
    #expect(stats.out.contains("verdicts last day: \(processes * rowsPerLogger) "))
    #expect(stats.out.contains("(\(processes / 4 * rowsPerLogger) spam") || stats.out.contains("\(processes / 4 * rowsPerLogger) spam"))
    let check = storeRun([binary, "db", "check", "--db", db], scratch: scratch, tag: "check")
    #expect(check.status == 0)
    #expect(check.out.hasPrefix("ok:"))
}

/// The delivery path for real: 32 `classify` processes (each logging its verdict) and 32
/// `learn` processes at once. Every delivery gets a verdict (exit 0, 1 or 2) with nothing on
/// stderr, every verdict is logged, every mark is stored, and the store passes its check.
@Test func thirtyTwoDeliveriesAndThirtyTwoLearnsAtOnce() throws {
    guard let binary = storeBinaryPath() else { Issue.record("built smsfilter binary not found"); return }
    let scratch = StoreScratch("deliveries")
    defer { scratch.cleanUp() }
    let db = scratch.file("s.sqlite")
    var corpus = ""
    for i in 0..<60 {
        corpus += i % 3 == 0 ? "spam\twin cash prize now reply \(i)\n" : "ham\tsee you at lunch tomorrow \(i)\n"
    }
    scratch.write("base.tsv", corpus)
    let trained = storeRun(
        [binary, "retrain", "--db", db, "--force", "--base-corpus", scratch.file("base.tsv"), "--epochs", "1",
         "--hidden-size", "4", "--embedding-dim", "4", "--folds", "0", "--baseline", "none"], scratch: scratch, tag: "train")
    #expect(trained.status == 0, "\(trained.err)")
    let processes = 32
    for i in 0..<processes { scratch.write("in\(i)", "message \(i): are we still on for lunch at \(i)?") }
    var deliveries: [StoreChild] = []
    var learners: [StoreChild] = []
    for i in 0..<processes {
        if let child = storeSpawn(
            ["/usr/bin/env", "SMSFILTER_DB=\(db)", binary, "classify"], scratch: scratch, tag: "classify\(i)",
            stdinFile: scratch.file("in\(i)"))
        {
            deliveries.append(child)
        }
        if let child = storeSpawn(
            [binary, "learn", "--ham", "--quiet", "--db", db, scratch.file("in\(i)")], scratch: scratch, tag: "learn\(i)")
        {
            learners.append(child)
        }
    }
    #expect(deliveries.count == processes && learners.count == processes)
    var failures: [String] = []
    for child in deliveries {
        let status = storeWait(child)
        let err = scratch.read(child.errFile)
        if ![0, 1, 2].contains(status) || !err.isEmpty { failures.append("\(child.errFile): \(status) \(err)") }
    }
    for child in learners {
        let status = storeWait(child)
        let err = scratch.read(child.errFile)
        if status != 0 || !err.isEmpty { failures.append("\(child.errFile): \(status) \(err)") }
    }
    #expect(failures == [])
    let stats = storeRun([binary, "stats", "--db", db], scratch: scratch, tag: "stats").out
    #expect(stats.contains("feedback: 0 spam, \(processes) ham"), "\(stats)")
    #expect(stats.contains("verdicts last day: \(processes)"), "\(stats)")
    #expect(storeRun([binary, "db", "check", "--db", db], scratch: scratch, tag: "check").status == 0)
}
