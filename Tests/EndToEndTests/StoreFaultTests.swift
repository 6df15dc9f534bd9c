import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

@Test func learnExportImportRoundTripThroughTheBinary() throws {
    guard let binary = TestEnvironment.smsfilterBinary else {
        Issue.record("built smsfilter binary not found")
        return
    }
    let scratch = TemporaryDirectory("roundtrip")
    defer { scratch.remove() }
    let db = scratch.file("a.sqlite")
    scratch.write("mail.eml", "From: someone@example.test\nSubject: lunch\n\nSee you\tat noon\n")
    #expect(
        ChildProcess.run([binary, "learn", "--ham", "--db", db, scratch.file("mail.eml")], in: scratch).status
            == 0)
    #expect(
        ChildProcess.run(
            [binary, "learn", "--spam", "--db", db], in: scratch, stdin: "free tones, reply STOP\n"
        ).status == 0)
    let relabel = ChildProcess.run(
        [binary, "learn", "--spam", "--db", db, scratch.file("mail.eml")], in: scratch)
    #expect(relabel.out.contains("1 relabeled"))
    let export = ChildProcess.run([binary, "db", "export", "--db", db], in: scratch, tag: "export")
    #expect(export.out == "spam\tfree tones, reply STOP\nspam\tlunch See you at noon\n", "\(export.out)")
    scratch.write("feedback.tsv", export.out)
    let other = scratch.file("b.sqlite")
    let imported = ChildProcess.run(
        [binary, "db", "import", "--db", other, scratch.file("feedback.tsv")], in: scratch)
    #expect(imported.out.contains("imported 2 rows: 2 new"))
    let unlearn = ChildProcess.run(
        [binary, "unlearn", "--db", other], in: scratch, stdin: "free tones, reply STOP\n")
    #expect(unlearn.out.contains("unlearned 1 of 1"))
    #expect(mode(ofStoreFile: db) == 0o600)
}

@Test func mboxAndMaildirInputAreSplitIntoMessages() throws {
    guard let binary = TestEnvironment.smsfilterBinary else {
        Issue.record("built smsfilter binary not found")
        return
    }
    let scratch = TemporaryDirectory("mbox")
    defer { scratch.remove() }
    let db = scratch.file("a.sqlite")
    scratch.write(
        "box",
        """
        From a@example.test Thu Nov 26 10:00:00 2026
        Subject: one

        first body
        >From here on quoted

        From b@example.test Thu Nov 26 10:01:00 2026
        Subject: two

        second body

        """)
    let mbox = ChildProcess.run(
        [binary, "learn", "--spam", "--input", "mbox", "--db", db, scratch.file("box")], in: scratch)
    #expect(mbox.status == 0)
    #expect(mbox.out.contains("learned 2 messages"))
    mkdir(scratch.file("md"), 0o755)
    for sub in ["cur", "new", "tmp"] { mkdir(scratch.file("md/\(sub)"), 0o755) }
    scratch.write("md/cur/1", "Subject: a\n\nbody a\n")
    scratch.write("md/new/2", "Subject: b\n\nbody b\n")
    scratch.write("md/tmp/3", "Subject: c\n\nhalf-delivered\n")
    let maildir = ChildProcess.run(
        [binary, "learn", "--ham", "--input", "maildir", "--db", db, scratch.file("md")], in: scratch)
    #expect(maildir.out.contains("learned 2 messages as ham: 2 new"))
    let export = ChildProcess.run([binary, "db", "export", "--db", db], in: scratch, tag: "export")
    #expect(export.out.contains("spam\tone first body >From here on quoted"), "\(export.out)")
    #expect(!export.out.contains("half-delivered"))
}

@Test func corruptStoreGivesAClearErrorNotACrash() throws {
    guard let binary = TestEnvironment.smsfilterBinary else {
        Issue.record("built smsfilter binary not found")
        return
    }
    let scratch = TemporaryDirectory("corrupt")
    defer { scratch.remove() }
    let db = scratch.file("broken.sqlite")
    scratch.write("broken.sqlite", String(repeating: "not a database at all ", count: 300))
    for argv in [["learn", "--spam"], ["stats"], ["db", "check"]] {
        let result = ChildProcess.run([binary] + argv + ["--db", db], in: scratch, stdin: "hello")
        #expect(result.status == 3, "\(argv)")
        #expect(result.err.contains("damaged or not an smsfilter database"), "\(argv): \(result.err)")
    }
}

@Test func newerSchemaIsRefusedByTheBinary() throws {
    guard let binary = TestEnvironment.smsfilterBinary else {
        Issue.record("built smsfilter binary not found")
        return
    }
    let scratch = TemporaryDirectory("newer")
    defer { scratch.remove() }
    let db = scratch.file("a.sqlite")
    #expect(ChildProcess.run([binary, "learn", "--ham", "--db", db], in: scratch, stdin: "hi").status == 0)
    // Checkpoint first (prune does), so page 1 lives in the main file, not in the WAL.
    #expect(ChildProcess.run([binary, "db", "prune", "--db", db], in: scratch, tag: "prune").status == 0)
    // user_version lives at byte offset 60 of the header, big-endian.
    let fd = open(db, O_WRONLY)
    let version: [UInt8] = [0, 0, 0, 42]
    _ = version.withUnsafeBytes { pwrite(fd, $0.baseAddress, 4, 60) }
    close(fd)
    let result = ChildProcess.run([binary, "stats", "--db", db], in: scratch)
    #expect(result.status == 3)
    #expect(result.err.contains("schema version 42"))
}

/// A store directory the user cannot write: a clear "read-only" error, exit 1, no crash.
/// As root, permissions do not bind, so the binary runs as `nobody` through setpriv.
@Test func readOnlyStoreDirectoryGivesAClearError() throws {
    guard let binary = TestEnvironment.smsfilterBinary else {
        Issue.record("built smsfilter binary not found")
        return
    }
    let scratch = TemporaryDirectory("readonly")
    defer { scratch.remove() }
    let db = scratch.file("ro/smsfilter.sqlite")
    mkdir(scratch.file("ro"), 0o755)
    #expect(
        ChildProcess.run([binary, "learn", "--ham", "--db", db], in: scratch, stdin: "first").status == 0)
    var prefix: [String] = []
    if getuid() == 0 {
        let setpriv = try #require(
            TestEnvironment.which("setpriv"), "running as root needs setpriv (util-linux)")
        prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        chmod(scratch.path, 0o755)
        chmod(db, 0o644)
        chmod(db + "-wal", 0o644)
        chmod(db + "-shm", 0o644)
    } else {
        chmod(db, 0o444)
        chmod(scratch.file("ro"), 0o555)
    }
    let learn = ChildProcess.run(
        prefix + [binary, "learn", "--spam", "--db", db], in: scratch, tag: "ro-learn", stdin: "second")
    #expect(learn.status == 3)
    #expect(learn.err.contains("read-only") || learn.err.contains("cannot open"), "\(learn.err)")
    // Reading still works: stats opens the store read-only.
    let stats = ChildProcess.run(prefix + [binary, "stats", "--db", db], in: scratch, tag: "ro-stats")
    #expect(stats.status == 0, "\(stats.err)")
    #expect(stats.out.contains("feedback: 0 spam, 1 ham"))
    let fresh = ChildProcess.run(
        prefix + [binary, "learn", "--spam", "--db", scratch.file("ro/sub/new.sqlite")], in: scratch,
        tag: "ro-new",
        stdin: "third")
    #expect(fresh.status == 3)
    #expect(fresh.err.contains("read-only"), "\(fresh.err)")
}

func mode(ofStoreFile path: String) -> mode_t {
    var info = stat()
    guard stat(path, &info) == 0 else { return 0 }
    return info.st_mode & 0o777
}

/// A store location that is a URL names a backend this build does not have: commands that need
/// the store say so and exit 3; a delivery still delivers, warns, and writes nothing named after
/// the URL.
@Test func aStoreURLIsAClearErrorAndDeliveryGoesOn() throws {
    let binary = try #require(TestEnvironment.smsfilterBinary)
    let scratch = TemporaryDirectory("store-url")
    defer { scratch.remove() }
    let url = "postgresql://db.example/smsfilter"
    let stats = ChildProcess.run([binary, "stats", "--db", url], in: scratch)
    #expect(stats.status == 3)
    #expect(stats.err.contains("postgresql stores are not built into this smsfilter"), "\(stats.err)")
    let learn = ChildProcess.run([binary, "learn", "--spam", "--db", url], in: scratch, stdin: "win cash\n")
    #expect(learn.status == 3)
    let delivery = ChildProcess.run(
        [binary, "-p", "--db", url], in: scratch, stdin: "see you at noon\n")
    #expect(delivery.status == 1)
    #expect(delivery.out.hasPrefix("X-SMSFilter: Ham"), "\(delivery.out)")
    #expect(delivery.out.hasSuffix("see you at noon\n"))
    #expect(delivery.err.contains("postgresql stores are not built"), "\(delivery.err)")
    #expect(access(scratch.file("postgresql:"), F_OK) != 0)
}
