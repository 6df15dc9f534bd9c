import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Made-up labelled lines (never corpus text) for a base corpus.
private func syntheticCorpus(_ count: Int) -> String {
    let ham = [
        "see", "you", "at", "lunch", "tomorrow", "running", "late", "home", "dinner", "thanks", "book", "ok",
    ]
    let spam = [
        "win", "cash", "prize", "claim", "now", "free", "txt", "reply", "urgent", "award", "offer", "bonus",
    ]
    var state: UInt64 = 42
    var lines = ""
    for i in 0..<count {
        let isSpam = i % 4 == 0
        var words: [String] = []
        for _ in 0..<10 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let list = isSpam ? spam : ham
            words.append(list[Int((state >> 33) % UInt64(list.count))])
        }
        lines += (isSpam ? "spam\t" : "ham\t") + words.joined(separator: " ") + " \(i)\n"
    }
    return lines
}

/// A retrain killed with SIGKILL in the middle of training leaves the active model in place and
/// intact, the store healthy, and no lock behind: the next retrain runs.
@Test func retrainKilledMidwayLeavesTheActiveModel() throws {
    guard let binary = TestEnvironment.smsfilterBinary else {
        Issue.record("built smsfilter binary not found")
        return
    }
    let scratch = TemporaryDirectory("killed")
    defer { scratch.remove() }
    let db = scratch.file("s.sqlite")
    scratch.write("small.tsv", syntheticCorpus(80))
    scratch.write("big.tsv", syntheticCorpus(3000))
    let tiny = [
        "--epochs", "1", "--hidden-size", "4", "--embedding-dim", "4", "--folds", "0", "--baseline", "none",
    ]
    let first = ChildProcess.run(
        [binary, "retrain", "--db", db, "--force", "--base-corpus", scratch.file("small.tsv")] + tiny,
        in: scratch, tag: "first")
    #expect(first.status == 0, "\(first.err)")
    #expect(first.out.contains("activated model #1"))
    let listBefore = ChildProcess.run([binary, "models", "list", "--db", db], in: scratch, tag: "list1").out
    guard let modelPath = listBefore.split(separator: " ").last.map({ String($0).trimmingCharacters() })
    else {
        Issue.record("no model path in \(listBefore)")
        return
    }
    let modelBytes = scratch.read(String(modelPath.dropFirst(scratch.path.count + 1)))

    guard
        let child = ChildProcess.start(
            [
                binary, "retrain", "--db", db, "--force", "--base-corpus", scratch.file("big.tsv"),
                "--epochs", "30", "--baseline", "none",
                "--hidden-size", "32", "--embedding-dim", "16",
            ], in: scratch, tag: "killed")
    else {
        Issue.record("spawn failed")
        return
    }
    // Wait until it is training, then kill it.
    var training = false
    for _ in 0..<600 where !training {
        usleep(50_000)
        training = scratch.read(child.outFile).contains("training on")
    }
    usleep(300_000)
    kill(child.pid, SIGKILL)
    let status = child.wait()
    #expect(training)
    #expect(status == 128 + SIGKILL, "the retrain should still have been running (status \(status))")

    let listAfter = ChildProcess.run([binary, "models", "list", "--db", db], in: scratch, tag: "list2").out
    #expect(listAfter == listBefore)
    #expect(scratch.read(String(modelPath.dropFirst(scratch.path.count + 1))) == modelBytes)
    #expect(ChildProcess.run([binary, "db", "check", "--db", db], in: scratch, tag: "check").status == 0)
    let next = ChildProcess.run(
        [binary, "retrain", "--db", db, "--force", "--base-corpus", scratch.file("small.tsv")] + tiny,
        in: scratch, tag: "next")
    #expect(next.status == 0, "the lock must not outlive the killed process: \(next.err)")
    #expect(next.out.contains("candidate: MCC"))
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        var s = Substring(self)
        while let c = s.last, c.isWhitespace { s.removeLast() }
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        return String(s)
    }
}

/// retrain twice on the same data (the same seed gives the same metrics, which is "no worse"),
/// then `models rollback` and `models activate` move the active mark; stats shows it.
@Test func modelsRollbackAndActivateThroughTheBinary() throws {
    guard let binary = TestEnvironment.smsfilterBinary else {
        Issue.record("built smsfilter binary not found")
        return
    }
    let scratch = TemporaryDirectory("models")
    defer { scratch.remove() }
    let db = scratch.file("s.sqlite")
    scratch.write("small.tsv", syntheticCorpus(80))
    let retrain = [
        binary, "retrain", "--db", db, "--force", "--base-corpus", scratch.file("small.tsv"),
        "--epochs", "1", "--hidden-size", "4", "--embedding-dim", "4", "--folds", "0", "--baseline", "none",
    ]
    #expect(ChildProcess.run(retrain, in: scratch, tag: "r1").out.contains("activated model #1"))
    let second = ChildProcess.run(retrain, in: scratch, tag: "r2")
    #expect(second.out.contains("candidate: MCC"))
    #expect(second.out.contains("active #1: MCC"))
    #expect(second.out.contains("activated model #2"), "\(second.out)")
    let back = ChildProcess.run([binary, "models", "rollback", "--db", db], in: scratch, tag: "rollback")
    #expect(back.out.hasPrefix("active model: #1 "))
    #expect(
        ChildProcess.run([binary, "models", "rollback", "--db", db], in: scratch, tag: "rollback2").status
            == 3)
    #expect(
        ChildProcess.run([binary, "models", "activate", "2", "--db", db], in: scratch, tag: "activate").out
            .hasPrefix("active model: #2 "))
    #expect(
        ChildProcess.run([binary, "models", "activate", "9", "--db", db], in: scratch, tag: "activate9")
            .status == 3)
    let stats = ChildProcess.run([binary, "stats", "--db", db], in: scratch, tag: "stats").out
    #expect(stats.contains("active model: #2 "))
    #expect(stats.contains("last retrain: "))
    let list = ChildProcess.run([binary, "models", "list", "--db", db], in: scratch, tag: "list").out
    #expect(list.contains("* #2 active"))
    #expect(list.contains("  #1 retired"))
}
