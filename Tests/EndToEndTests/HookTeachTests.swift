import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Issue 17, item 1 and item 15 through the real MDAs: teaching follows the envelope recipient's
/// extension that the MTA passes ($1), never a header a sender wrote; the gammu script survives
/// a missing log directory.

/// A spam that names a teaching address in headers a sender controls.
private let forgedHam = """
    From: promo@example.test
    To: victim@example.org
    Resent-To: victim+ham@example.org
    X-Original-To: victim+ham@example.org
    Delivered-To: victim+ham@example.org
    Subject: claim your prize

    WINNER claim your cash prize now, reply YES

    """

private let bouncedSpam = """
    From: promo@example.test
    To: victim@example.org
    Subject: You have won

    Claim your prize at example dot test now

    """

/// The feedback rows of a store (`db export`), or "" when it has none.
private func exported(_ binary: String, _ db: String, _ scratch: TemporaryDirectory) -> String {
    ChildProcess.run([binary, "db", "export", "--db", db], in: scratch, tag: "export").out
}

@Suite(.enabled(if: access("/usr/bin/procmail", X_OK) == 0, "needs procmail"))
struct ProcmailTeachTests {
    /// procmail runs as Postfix's `mailbox_command = procmail -a "$EXTENSION"` would: the
    /// extension is the first argument after the rcfile in -m mode.
    private func deliver(_ message: String, extension ext: String, scratch: TemporaryDirectory, tag: String)
        -> (status: Int32, out: String, err: String)
    {
        let binary = TestEnvironment.smsfilterBinary ?? "smsfilter"
        let mail = scratch.file("Maildir")
        mkdir(mail, 0o700)
        scratch.write(
            "wrapper.rc",
            """
            INCLUDERC=\(TestEnvironment.packageRoot)/hooks/procmail-teach.rc
            :0
            \(mail)/
            """)
        chmod(scratch.file("wrapper.rc"), 0o644)
        var argv = [
            "/usr/bin/procmail", "-m", "SMSFILTER=\(binary)", "SMSFILTER_DB=\(scratch.file("store.sqlite"))",
            "MAILDIR=\(mail)", "SPAMFOLDER=\(mail)/.Spam/", scratch.file("wrapper.rc"),
        ]
        argv.append(ext)
        return ChildProcess.run(argv, in: scratch, tag: tag, stdin: message)
    }

    /// `Resent-To: victim+ham@…` (and X-Original-To, Delivered-To) in a spam once taught it as
    /// ham. Without an envelope extension nothing is learned and the mail is delivered as usual.
    @Test func forgedTeachingHeadersTeachNothing() throws {
        guard let binary = TestEnvironment.smsfilterBinary else {
            Issue.record("built smsfilter binary not found")
            return
        }
        let scratch = TemporaryDirectory("teach-forged")
        defer { scratch.remove() }
        let result = deliver(forgedHam, extension: "", scratch: scratch, tag: "forged")
        #expect(result.status == 0, "\(result.err)")
        #expect(exported(binary, scratch.file("store.sqlite"), scratch) == "")
        #expect(listDirectory(scratch.file("Maildir/new")).count == 1)
    }

    /// The envelope extension teaches: `ham` as ham (delivered to the inbox), `spam` as spam
    /// (filed in .Spam), whatever the headers say.
    @Test func envelopeExtensionTeaches() throws {
        guard let binary = TestEnvironment.smsfilterBinary else {
            Issue.record("built smsfilter binary not found")
            return
        }
        let scratch = TemporaryDirectory("teach-envelope")
        defer { scratch.remove() }
        let spam = deliver(bouncedSpam, extension: "spam", scratch: scratch, tag: "spam")
        #expect(spam.status == 0, "\(spam.err)")
        let ham = deliver(
            "From: friend@example.test\nSubject: lunch\n\nSee you at noon\n", extension: "ham",
            scratch: scratch, tag: "ham")
        #expect(ham.status == 0, "\(ham.err)")
        #expect(listDirectory(scratch.file("Maildir/.Spam/new")).count == 1)
        #expect(listDirectory(scratch.file("Maildir/new")).count == 1)
        let rows = exported(binary, scratch.file("store.sqlite"), scratch)
        #expect(rows.contains("spam\tYou have won Claim your prize at example dot test now\n"), "\(rows)")
        #expect(rows.contains("ham\tlunch See you at noon\n"), "\(rows)")
    }
}

@Suite(.enabled(if: access("/usr/bin/maildrop", X_OK) == 0, "needs maildrop"))
struct MaildropTeachTests {
    /// maildrop as `mailbox_command = maildrop -d "$USER" "$EXTENSION"` runs it: the extension
    /// is $1 (here: the argument after the filter file).
    private func deliver(_ message: String, extension ext: String, scratch: TemporaryDirectory, tag: String)
        -> Int32
    {
        let binary = TestEnvironment.smsfilterBinary ?? "smsfilter"
        let root = scratch.path
        _ = shell(
            "mkdir -p \(quoted(root + "/Maildir")) && cd \(quoted(root)) && for d in Maildir Maildir/.Spam; do mkdir -p $d/new $d/cur $d/tmp; done"
        )
        scratch.write(
            "mailfilter",
            """
            DEFAULT="\(root)/Maildir"
            SMSFILTER="\(binary)"
            SMSFILTER_DB="\(root)/store.sqlite"
            include "\(TestEnvironment.packageRoot)/hooks/smsfilter-teach.mailfilter"

            """)
        chmod(scratch.file("mailfilter"), 0o600)
        scratch.write(tag + ".eml", message)
        return shell(
            "HOME=\(quoted(root)) maildrop \(quoted(scratch.file("mailfilter"))) \(quoted(ext)) < \(quoted(scratch.file(tag + ".eml"))) 2>\(quoted(scratch.file(tag + ".err")))"
        )
    }

    @Test func forgedTeachingHeadersTeachNothing() throws {
        guard let binary = TestEnvironment.smsfilterBinary else {
            Issue.record("built smsfilter binary not found")
            return
        }
        let scratch = TemporaryDirectory("teach-maildrop-forged")
        defer { scratch.remove() }
        #expect(
            deliver(forgedHam, extension: "", scratch: scratch, tag: "forged") == 0,
            "\(scratch.read("forged.err"))")
        #expect(exported(binary, scratch.file("store.sqlite"), scratch) == "")
        #expect(listDirectory(scratch.file("Maildir/new")).count == 1)
    }

    @Test func envelopeExtensionTeaches() throws {
        guard let binary = TestEnvironment.smsfilterBinary else {
            Issue.record("built smsfilter binary not found")
            return
        }
        let scratch = TemporaryDirectory("teach-maildrop")
        defer { scratch.remove() }
        #expect(
            deliver(bouncedSpam, extension: "spam", scratch: scratch, tag: "spam") == 0,
            "\(scratch.read("spam.err"))")
        #expect(
            deliver(
                "From: friend@example.test\nSubject: lunch\n\nSee you at noon\n", extension: "ham",
                scratch: scratch, tag: "ham") == 0)
        #expect(listDirectory(scratch.file("Maildir/.Spam/new")).count == 1)
        #expect(listDirectory(scratch.file("Maildir/new")).count == 1)
        let rows = exported(binary, scratch.file("store.sqlite"), scratch)
        #expect(rows.contains("spam\tYou have won Claim your prize at example dot test now\n"), "\(rows)")
        #expect(rows.contains("ham\tlunch See you at noon\n"), "\(rows)")
    }
}

/// Item 15: gammu-smsd closes every descriptor and ignores the status, so a script that stops
/// when its log directory is missing loses the SMS's verdict without a trace.
@Suite(
    .enabled(
        if: TestEnvironment.smsfilterBinary != nil && TestEnvironment.model != nil,
        "needs the binary and a model"))
struct GammuLogDirectoryTests {
    private func runScript(log: String, root: String) -> Int32 {
        let command =
            "\(TestEnvironment.smsfilterBinary ?? "") --model \(TestEnvironment.model ?? "") --db \(root)/store.sqlite"
        return shell(
            "env -u SMSFILTER_MODEL HOME=\(quoted(root)) TMPDIR=\(quoted(root + "/tmp")) SMSFILTER=\(quoted(command)) "
                + "SMSFILTER_LOG=\(quoted(log)) SMS_MESSAGES=1 SMS_1_NUMBER=+447700900123 "
                + "SMS_1_TEXT='Hi, I am at the station now, home in ten minutes' "
                + "\(quoted(TestEnvironment.packageRoot + "/hooks/smsfilter-gammu.sh")) <&- >&- 2>&-")
    }

    @Test func missingLogDirectoryIsCreated() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let log = directory.path + "/var/log/smsfilter/sms.log"
        #expect(runScript(log: log, root: directory.path) == 0)
        #expect(text(readFile(log) ?? []).hasPrefix("+447700900123\tham\t"), "\(text(readFile(log) ?? []))")
    }

    /// A directory that cannot be created (its parent is a file): the verdict goes to $TMPDIR.
    @Test func unwritableLogDirectoryFallsBack() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        _ = shell("mkdir \(quoted(directory.path + "/tmp")) && touch \(quoted(directory.path + "/file"))")
        #expect(runScript(log: directory.path + "/file/smsfilter/sms.log", root: directory.path) == 0)
        let fallback = directory.path + "/tmp/smsfilter-gammu-\(getuid()).log"
        #expect(
            text(readFile(fallback) ?? []).hasPrefix("+447700900123\tham\t"),
            "\(text(readFile(fallback) ?? []))")
    }
}

/// hooks/smsfilter-teach.sieve through Pigeonhole's `sieve-test -e` (the actions executed: the
/// pipe to `smsfilter learn`, the stores into a Maildir), with the envelope recipient given as
/// the MTA would (`-a`/`-r`). As root, runs as `nobody` like HookSieveTests.
@Suite(
    .enabled(
        if: TestEnvironment.smsfilterBinary != nil && TestEnvironment.which("sieve-test") != nil,
        "needs sieve-test (apt-get install dovecot-sieve) and the binary"))
struct SieveTeachTests {
    @Test func envelopeDetailTeachesAndHeadersDoNot() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let root = directory.path
        #expect(
            shell(
                """
                chmod 755 \(quoted(root)) && mkdir -m 755 \(quoted(root + "/bin")) && mkdir -m 777 \(quoted(root + "/script")) \(quoted(root + "/mail")) \(quoted(root + "/store")) \
                && cp \(quoted(TestEnvironment.smsfilterBinary ?? "")) \(quoted(root + "/bin/smsfilter-binary")) && chmod 755 \(quoted(root + "/bin/smsfilter-binary")) \
                && cp \(quoted(TestEnvironment.packageRoot + "/hooks/smsfilter-teach.sieve")) \(quoted(root + "/script/teach.sieve"))
                """) == 0)
        writeFile(
            root + "/bin/smsfilter",
            Array("#!/bin/sh\nexec \(root)/bin/smsfilter-binary \"$@\" --db \(root)/store/s.sqlite\n".utf8),
            mode: 0o755)
        writeFile(
            root + "/dovecot.conf",
            Array(
                """
                mail_location = maildir:\(root)/mail
                recipient_delimiter = +
                plugin {
                  sieve_plugins = sieve_extprograms
                  sieve_global_extensions = +vnd.dovecot.pipe
                  sieve_pipe_bin_dir = \(root)/bin
                }

                """.utf8), mode: 0o644)
        writeFile(root + "/forged.eml", Array(forgedHam.utf8), mode: 0o644)
        writeFile(root + "/bounced.eml", Array(bouncedSpam.utf8), mode: 0o644)
        func deliver(_ file: String, to recipient: String) -> Int32 {
            let command =
                "HOME=\(quoted(root)) sieve-test -e -l maildir:\(root)/mail -c \(quoted(root + "/dovecot.conf")) "
                + "-a \(recipient) -r \(recipient) \(quoted(root + "/script/teach.sieve")) \(quoted(root + "/" + file)) >> \(quoted(root + "/script/out")) 2>&1"
            return shell(
                getuid() == 0
                    ? "setpriv --reuid=65534 --regid=65534 --clear-groups /bin/sh -c \(quoted(command))"
                    : command)
        }
        #expect(deliver("forged.eml", to: "victim@example.org") == 0)
        #expect(access(root + "/store/s.sqlite", F_OK) != 0, "something was learned from a forged header")
        #expect(deliver("bounced.eml", to: "victim+spam@example.org") == 0)
        let output = text(readFile(root + "/script/out") ?? [])
        #expect(listDirectory(root + "/mail/new").count == 1, "\(output)")
        #expect(listDirectory(root + "/mail/.Spam/new").count == 1, "\(output)")
        let scratch = TemporaryDirectory("sieve-teach")
        defer { scratch.remove() }
        let rows = ChildProcess.run(
            [TestEnvironment.smsfilterBinary ?? "", "db", "export", "--db", root + "/store/s.sqlite"],
            in: scratch
        ).out
        #expect(rows == "spam\tYou have won Claim your prize at example dot test now\n", "\(rows) \(output)")
    }
}
