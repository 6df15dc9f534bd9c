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

/// The nightly retrain of a default setup (no base corpus) with a dozen marks of each label
/// leaves the bundled model in place and says why; `min_feedback_only` in the config file lowers
/// the floor. Before, those marks trained a candidate that tied the bundled model on its eight
/// held-out marks and replaced it.
@Test func marksAloneDoNotReplaceTheBundledModel() throws {
    guard let binary = TestEnvironment.smsfilterBinary else {
        Issue.record("built smsfilter binary not found")
        return
    }
    let scratch = TemporaryDirectory("marks-alone")
    defer { scratch.remove() }
    let db = scratch.file("s.sqlite")
    // The test process's own config home is empty (`TestEnvironment`): no base_corpus leaks in.
    for i in 0..<12 {
        for (label, text) in [
            ("--spam", "WIN a free cruise \(i)! text CRUISE to 80808 now"),
            ("--ham", "Hi it's Dan, fancy a pint at the Crown at \(i)?"),
        ] {
            let learned = ChildProcess.run(
                [binary, "learn", label, "-q", "--db", db], in: scratch, tag: "learn", stdin: text)
            #expect(learned.status == 0, "\(learned.err)")
        }
    }
    let nightly = ChildProcess.run(
        [binary, "retrain", "--min-new", "20", "--db", db], in: scratch, tag: "nightly")
    #expect(nightly.status == 0, "\(nightly.err)")
    #expect(
        nightly.out.contains("retrain skipped: no base corpus, and 12 spam and 12 ham marks")
            && nightly.out.contains("at least 200 of each"), "\(nightly.out)")
    let models = ChildProcess.run(
        [binary, "models", "list", "--db", db, "--format", "json"], in: scratch, tag: "models")
    #expect(models.status == 0 && !models.out.contains("\"id\""), "\(models.out)")

    scratch.write("config", "min_feedback_only = 12  # a test's floor\n")
    let lowered = ChildProcess.run(
        [
            binary, "retrain", "--db", db, "--epochs", "1", "--hidden-size", "4", "--embedding-dim", "4",
            "--folds", "0", "--baseline", "none",
        ], in: scratch, tag: "lowered", environment: ["SMSFILTER_CONFIG=\(scratch.file("config"))"])
    #expect(lowered.status == 0, "\(lowered.err)")
    #expect(lowered.out.contains("no base corpus: training on the marks alone"), "\(lowered.out)")
    #expect(lowered.out.contains("activated model #1"), "\(lowered.out)")
}

/// Which guard set a retrain judges its candidate on: `--guard-corpus FILE`, `guard_corpus` in
/// the config file (`none`: no guard set), else the set shipped with the bundled model (in a
/// checkout: corpus/modern/holdout.tsv and corpus/modern-check/, 338 legitimate messages, and
/// corpus/modern-mail/guard.tsv, 210 legitimate mails read as mail); a missing file is an error
/// that names it.
@Test func retrainFindsItsGuardSet() throws {
    guard let binary = TestEnvironment.smsfilterBinary else {
        Issue.record("built smsfilter binary not found")
        return
    }
    let scratch = TemporaryDirectory("guard-corpus")
    defer { scratch.remove() }
    let db = scratch.file("s.sqlite")
    scratch.write("small.tsv", syntheticCorpus(80))
    scratch.write("guard.tsv", "ham\tsee you at lunch\nham\tthe book is home\nspam\twin cash now\n")
    let retrain = [
        binary, "retrain", "--db", db, "--force", "--base-corpus", scratch.file("small.tsv"),
        "--epochs", "1", "--hidden-size", "4", "--embedding-dim", "4", "--folds", "0", "--baseline", "none",
    ]
    #expect(ChildProcess.run(retrain, in: scratch, tag: "first").out.contains("activated model #1"))
    let given = ChildProcess.run(
        retrain + ["--guard-corpus", scratch.file("guard.tsv")], in: scratch, tag: "given")
    #expect(given.status == 0, "\(given.err)")
    #expect(
        given.out.contains("guard set: the candidate newly flags ")
            && given.out.contains(" of its 2 legitimate"), "\(given.out)")
    let shipped = ChildProcess.run(retrain, in: scratch, tag: "shipped")
    #expect(
        shipped.out.contains(" of its 338 legitimate messages (at most 3 allowed), ")
            && shipped.out.contains(" of its 210 legitimate mails (at most 2 allowed)"), "\(shipped.out)")
    scratch.write("config", "guard_corpus = none  # the operator's choice\n")
    let off = ChildProcess.run(
        retrain, in: scratch, tag: "off", environment: ["SMSFILTER_CONFIG=\(scratch.file("config"))"])
    #expect(
        off.status == 0 && off.out.contains("candidate: MCC") && !off.out.contains("guard set:"), "\(off.out)"
    )
    let missing = ChildProcess.run(
        retrain + ["--guard-corpus", scratch.file("nope.tsv")], in: scratch, tag: "missing")
    #expect(missing.status == 3 && missing.err.contains("nope.tsv"), "\(missing.err)")
}
