import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Counts the regular files in a maildir's new/ folder.
private func storeMaildirCount(_ directory: String) -> Int {
    guard let dir = opendir(directory + "/new") else { return 0 }
    defer { closedir(dir) }
    var count = 0
    while let entry = readdir(dir) {
        if entry.pointee.d_type == UInt8(DT_REG) { count += 1 }
    }
    return count
}

/// hooks/procmail-teach.rc: a message delivered to user+spam@ (extension `spam`) is learned as spam and filed in the
/// Spam folder; ordinary mail is not learned and reaches the inbox.
@Test(.enabled(if: TestEnvironment.which("procmail") != nil, "needs procmail"))
func procmailTeachRecipeLearnsAndFiles() throws {
    guard let binary = TestEnvironment.smsfilterBinary else {
        Issue.record("built smsfilter binary not found")
        return
    }
    let scratch = TemporaryDirectory("procmail")
    defer { scratch.remove() }
    let db = scratch.file("store.sqlite")
    let mail = scratch.file("Maildir")
    mkdir(mail, 0o700)  // a user's Maildir exists; procmail creates the folders inside it
    scratch.write(
        "wrapper.rc",
        """
        INCLUDERC=\(TestEnvironment.packageRoot)/hooks/procmail-teach.rc
        :0
        \(mail)/
        """)
    chmod(scratch.file("wrapper.rc"), 0o644)
    let procmail = [
        "/usr/bin/procmail", "-m", "SMSFILTER=\(binary)", "SMSFILTER_DB=\(db)", "MAILDIR=\(mail)",
        "SPAMFOLDER=\(mail)/.Spam/", scratch.file("wrapper.rc"),
    ]
    // The envelope extension (`procmail -a "$EXTENSION"`; in -m mode, after the rcfile).
    let taught = ChildProcess.run(
        procmail + ["spam"], in: scratch, tag: "spam",
        stdin: """
            From: promo@example.test
            X-Original-To: user+spam@example.test
            Subject: You have won

            Claim your prize at example dot test now

            """)
    #expect(taught.status == 0, "\(taught.err)")
    let plain = ChildProcess.run(
        procmail, in: scratch, tag: "plain",
        stdin: """
            From: friend@example.test
            X-Original-To: user@example.test
            Subject: lunch

            See you at noon

            """)
    #expect(plain.status == 0, "\(plain.err)")
    #expect(storeMaildirCount(mail + "/.Spam") == 1)
    #expect(storeMaildirCount(mail) == 1)
    let export = ChildProcess.run([binary, "db", "export", "--db", db], in: scratch, tag: "export")
    #expect(export.out == "spam\tYou have won Claim your prize at example dot test now\n")
}

/// hooks/crontab: every job line has five valid time fields, and every smsfilter subcommand it
/// names exists (forecast only once the forecast branch is merged).
@Test func crontabLinesAreWellFormed() throws {
    guard let binary = TestEnvironment.smsfilterBinary else {
        Issue.record("built smsfilter binary not found")
        return
    }
    let scratch = TemporaryDirectory("crontab")
    defer { scratch.remove() }
    let text = ChildProcess.run(
        ["/bin/cat", TestEnvironment.packageRoot + "/hooks/crontab"], in: scratch, tag: "cat"
    ).out
    let help = ChildProcess.run([binary, "--help"], in: scratch, tag: "help").out
    let ranges = [0...59, 0...23, 1...31, 1...12, 0...7]
    var jobs = 0
    for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.contains("=") {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count > 5 else {
            Issue.record("short cron line: \(line)")
            continue
        }
        for (field, range) in zip(fields.prefix(5), ranges) {
            for part in field.split(separator: ",") {
                let base = part.split(separator: "/").first.map(String.init) ?? ""
                if base == "*" { continue }
                for bound in base.split(separator: "-") {
                    #expect(Int(bound).map { range.contains($0) } == true, "bad field \(field) in \(line)")
                }
            }
        }
        jobs += 1
        let words = fields.dropFirst(5).map(String.init)
        for (index, word) in words.enumerated() where word == "smsfilter" && index + 1 < words.count {
            let sub = words[index + 1]
            if sub == "forecast" && !help.contains("forecast") { continue }
            #expect(help.contains("  \(sub) "), "smsfilter has no subcommand \(sub)")
        }
    }
    #expect(jobs == 4)
}

/// Every hooks/crontab job runs as cron would run it, in an empty home: the commands may fail
/// for want of a store or mail, but none may be refused as a bad command line (exit 64), as the
/// forecast line once was for every hour.
@Test func crontabJobsParseWhenRun() throws {
    guard let binary = TestEnvironment.smsfilterBinary else {
        Issue.record("built smsfilter binary not found")
        return
    }
    let scratch = TemporaryDirectory("crontab-run")
    defer { scratch.remove() }
    let text = ChildProcess.run(
        ["/bin/cat", TestEnvironment.packageRoot + "/hooks/crontab"], in: scratch, tag: "cat"
    ).out
    _ = shell(
        "mkdir -p \(quoted(scratch.file("bin"))) \(quoted(scratch.file("home/Maildir/.Spam/cur"))) && ln -sf \(quoted(binary)) \(quoted(scratch.file("bin/smsfilter")))"
    )
    var ran = 0
    for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.contains("=") && !line.isEmpty
    {
        // The command: everything after the five time fields.
        var rest = Substring(line)
        for _ in 0..<5 {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" })
            rest = rest.drop(while: { $0 != " " && $0 != "\t" })
        }
        let command = String(rest.drop(while: { $0 == " " || $0 == "\t" }))
        #expect(!command.contains("'"), "quoting in the test assumes none: \(command)")
        let out = scratch.file("job\(ran).out")
        let outName = "job\(ran).out"
        let status = shell(
            "env -i HOME=\(quoted(scratch.file("home"))) PATH=\(quoted(scratch.file("bin"))):/usr/bin:/bin "
                + "/bin/sh -c '\(command)' > \(quoted(out)) 2>&1")
        let printed = scratch.read(outName)
        #expect(status != 64, "\(command): \(printed)")
        #expect(
            !printed.contains("Usage:") && !printed.contains("Unexpected argument"), "\(command): \(printed)")
        ran += 1
    }
    #expect(ran == 4)
    let log = scratch.read("home/.local/share/smsfilter/retrain.log")
    #expect(!log.contains("Usage:"), "\(log)")
}

/// A filter that has only classified (no `learn` yet) has its verdicts in the journal beside a
/// store that does not exist: `stats`, `models list` and a cron `forecast` read them instead of
/// failing with "no store there yet"; with no journal either, the error stays.
@Test func readersFindVerdictsBeforeAnythingIsLearned() throws {
    guard let binary = TestEnvironment.smsfilterBinary else {
        Issue.record("built smsfilter binary not found")
        return
    }
    let scratch = TemporaryDirectory("journal-only")
    defer { scratch.remove() }
    let db = scratch.file("store.sqlite")
    let empty = ChildProcess.run([binary, "stats", "--db", db], in: scratch, tag: "empty")
    #expect(empty.status == 3 && empty.err.contains("no store there yet"), "\(empty.err)")
    for (i, text) in ["See you at noon", "Lunch tomorrow?", "The keys are on the table"].enumerated() {
        let run = ChildProcess.run([binary, "--db", db], in: scratch, tag: "classify\(i)", stdin: text)
        #expect(run.status == 1 || run.status == 2, "\(run.err)")
    }
    #expect(access(db, F_OK) != 0, "a delivery does not create the store")
    let stats = ChildProcess.run([binary, "stats", "--db", db], in: scratch, tag: "stats")
    #expect(stats.status == 0, "\(stats.err)")
    #expect(stats.out.contains("verdicts last day: 3"), "\(stats.out)")
    let models = ChildProcess.run([binary, "models", "list", "--db", db], in: scratch, tag: "models")
    #expect(models.status == 0, "\(models.err)")
    // Three verdicts in the current hour are no series yet, but the store is read: the error is
    // the series', not the store's.
    let forecast = ChildProcess.run([binary, "forecast", "--db", db], in: scratch, tag: "forecast")
    #expect(!forecast.err.contains("no store there yet"), "\(forecast.err)")
    #expect(forecast.err.contains("series too short"), "\(forecast.err)")
    // The crontab's alert check waits for history instead: no error mail every hour.
    let alert = ChildProcess.run(
        [binary, "forecast", "--db", db, "--alert-ratio", "3"], in: scratch, tag: "alert")
    #expect(alert.status == 0 && alert.err.isEmpty, "\(alert.err)")
    #expect(alert.out.hasPrefix("no alert check yet: series too short"), "\(alert.out)")
}
