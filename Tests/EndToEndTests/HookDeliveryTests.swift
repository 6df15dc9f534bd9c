import SpamTestSupport
import Testing

/// Delivery through the real procmail and maildrop with the recipes in hooks/, into temporary
/// Maildirs: spam lands in .Spam, ham in the inbox, each message byte-identical to what was
/// sent apart from the verdict headers. Needs the binary, a model (the bundled
/// models/default.smsmodel or $SMSFILTER_TEST_MODEL) and the MDA; skips otherwise.
private let canDeliver = TestEnvironment.smsfilterBinary != nil && TestEnvironment.model != nil

/// The messages sent, and where each must land ("" is the inbox).
private let deliveries: [(fixture: String, folder: String)] = [
    ("mail/deliver-spam.eml", ".Spam"), ("mail/deliver-ham.eml", ""), ("mail/deliver-ham-crlf.eml", ""),
]

/// The smsfilter command line the recipes run.
/// The command the recipes run; its verdicts are logged into `root`'s own store (procmail sets
/// HOME from the password file, so the environment cannot keep them out of the user's store).
private func filterCommand(root: String) -> String {
    "\(TestEnvironment.smsfilterBinary ?? "smsfilter") --model \(TestEnvironment.model ?? "") --db \(root)/store.sqlite"
}

/// Checks a delivered message against what was sent: exactly one X-SMSFilter header (ours),
/// X-Spam-Flag only for spam, and every other byte as sent (forged verdict headers removed).
private func expectDelivered(_ delivered: [UInt8], sent: [UInt8], spam: Bool, _ name: String) {
    let lines = text(delivered).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    let ours = lines.filter { $0.hasPrefix("X-SMSFilter:") }
    #expect(ours.count == 1, "\(name)")
    #expect(ours.first?.contains("model=") == true, "\(name)")
    #expect(
        ours.first?.hasPrefix(spam ? "X-SMSFilter: Spam, score=" : "X-SMSFilter: Ham, score=") == true,
        "\(name): \(ours)")
    #expect(lines.filter { $0.hasPrefix("X-Spam-Flag:") } == (spam ? ["X-Spam-Flag: YES"] : []), "\(name)")
    #expect(
        removingLines(startingWith: verdictHeaders, from: delivered)
            == removingLines(startingWith: verdictHeaders, from: sent), "\(name)")
}

@Suite(
    .enabled(
        if: canDeliver && TestEnvironment.which("procmail") != nil, "needs procmail, the binary and a model"))
struct HookProcmailTests {
    @Test(arguments: deliveries)
    func deliversThroughTheProcmailRecipe(fixture: String, folder: String) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let root = directory.path
        directory.makeMaildir("Maildir")
        directory.makeMaildir("Reference")
        let message = TestEnvironment.fixture(fixture)
        writeFile(root + "/message", message)
        writeProcmailRecipe(root: root, filter: filterCommand(root: root))
        // procmail itself ends a filtered message with a newline of its own, so the comparison
        // is with a delivery through a filter that changes nothing (`cat`).
        writeFile(root + "/reference.rc", Array("DEFAULT=\(root)/Reference/\n:0fw\n| cat\n".utf8))
        let environment = "env -u SMSFILTER_MODEL HOME=\(quoted(root))"
        #expect(
            shell("\(environment) procmail \(quoted(root + "/procmailrc")) < \(quoted(root + "/message"))")
                == 0)
        #expect(
            shell("\(environment) procmail \(quoted(root + "/reference.rc")) < \(quoted(root + "/message"))")
                == 0)

        let inbox = directory.delivered("Maildir")
        let spam = directory.delivered("Maildir/.Spam")
        let expectSpam = folder == ".Spam"
        #expect(inbox.count == (expectSpam ? 0 : 1), "\(fixture)")
        #expect(spam.count == (expectSpam ? 1 : 0), "\(fixture)")
        let reference = try #require(directory.delivered("Reference").first)
        if let delivered = (expectSpam ? spam : inbox).first {
            expectDelivered(delivered, sent: reference, spam: expectSpam, fixture)
        }
    }
}

extension HookProcmailTests {
    /// With SMSFILTER_UNSURE set, unsure messages go to that folder. Cutoffs 0 and 1 make every
    /// score strictly between them unsure.
    @Test func unsureGoesWhereTheRecipeSays() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let root = directory.path
        directory.makeMaildir("Maildir")
        let message = TestEnvironment.fixture("mail/deliver-ham.eml")
        writeFile(root + "/message", message)
        writeProcmailRecipe(
            root: root, filter: "\(filterCommand(root: root)) --spam-cutoff 1 --ham-cutoff 0",
            extra: "SMSFILTER_UNSURE=\(root)/Maildir/.Unsure/\n")
        #expect(
            shell(
                "env -u SMSFILTER_MODEL HOME=\(quoted(root)) procmail \(quoted(root + "/procmailrc")) < \(quoted(root + "/message"))"
            ) == 0)
        #expect(directory.delivered("Maildir").isEmpty)
        let unsure = directory.delivered("Maildir/.Unsure")
        #expect(unsure.count == 1)
        #expect(text(unsure.first ?? []).contains("X-SMSFilter: Unsure, score="))
    }
}

@Suite(
    .enabled(
        if: canDeliver && TestEnvironment.which("maildrop") != nil, "needs maildrop, the binary and a model"))
struct HookMaildropTests {
    @Test(arguments: deliveries)
    func deliversThroughTheMaildropRecipe(fixture: String, folder: String) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let root = directory.path
        directory.makeMaildir("Maildir")
        directory.makeMaildir("Maildir/.Spam")  // maildrop delivers only into existing Maildirs
        let message = TestEnvironment.fixture(fixture)
        writeFile(root + "/message", message)
        writeMaildropRecipe(root: root, filter: filterCommand(root: root))
        let status = shell(
            "env -u SMSFILTER_MODEL HOME=\(quoted(root)) maildrop \(quoted(root + "/mailfilter")) < \(quoted(root + "/message"))"
        )
        #expect(status == 0)
        let inbox = directory.delivered("Maildir")
        let spam = directory.delivered("Maildir/.Spam")
        let expectSpam = folder == ".Spam"
        #expect(inbox.count == (expectSpam ? 0 : 1), "\(fixture)")
        #expect(spam.count == (expectSpam ? 1 : 0), "\(fixture)")
        // maildrop stores the filter's output as is: compare with the message sent.
        if let delivered = (expectSpam ? spam : inbox).first {
            expectDelivered(delivered, sent: message, spam: expectSpam, fixture)
        }
    }

    /// A filter that cannot even read the message makes maildrop defer (EX_TEMPFAIL): the MTA
    /// keeps the mail and retries.
    @Test func failingFilterDefersDelivery() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let root = directory.path
        directory.makeMaildir("Maildir")
        writeFile(root + "/message", TestEnvironment.fixture("mail/deliver-ham.eml"))
        writeMaildropRecipe(root: root, filter: "\(filterCommand(root: root)) --max-size notanumber")
        let status = shell(
            "env -u SMSFILTER_MODEL HOME=\(quoted(root)) maildrop \(quoted(root + "/mailfilter")) < \(quoted(root + "/message")) 2>/dev/null"
        )
        #expect(status == 75)
        #expect(directory.delivered("Maildir").isEmpty)
    }
}

@Suite(.enabled(if: canDeliver, "needs the binary and a model"))
struct HookGammuTests {
    /// The RunOnReceive script, run as gammu-smsd runs it: descriptors closed, SMS in the
    /// environment, message file names as arguments.
    @Test(arguments: [
        (
            "WINNER!! You have won a 1000 GBP cash prize. Call 09061234567 now to claim. T&C apply. Txt STOP to opt out",
            "spam"
        ),
        ("Hi, I'm at the station now, will be home in ten minutes", "ham"),
    ])
    func runOnReceiveScript(sms: String, expected: String) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let root = directory.path
        _ = shell("mkdir -p \(quoted(root + "/inbox")) \(quoted(root + "/spam"))")
        let file = "IN20260303_120000_00_+447700900123_00.txt"
        writeFile(root + "/inbox/" + file, Array(sms.utf8))
        let status = shell(
            "env -u SMSFILTER_MODEL HOME=\(quoted(root)) SMSFILTER=\(quoted(filterCommand(root: root))) SMSFILTER_LOG=\(quoted(root + "/sms.log")) "
                + "SMSFILTER_INBOX=\(quoted(root + "/inbox")) SMSFILTER_SPAM_DIR=\(quoted(root + "/spam")) "
                + "SMS_MESSAGES=1 SMS_1_NUMBER=+447700900123 SMS_1_TEXT=\(quoted(sms)) "
                + "\(quoted(TestEnvironment.packageRoot + "/hooks/smsfilter-gammu.sh")) \(file) <&- >&- 2>&-")
        #expect(status == 0)
        let log = text(readFile(root + "/sms.log") ?? [])
        #expect(log.hasPrefix("+447700900123\t\(expected)\t"), "\(log)")
        #expect(log.filter { $0 == "\n" }.count == 1)
        let moved = expected == "spam"
        #expect(listDirectory(root + "/spam") == (moved ? [file] : []))
        #expect(listDirectory(root + "/inbox") == (moved ? [] : [file]))
    }
}

@Suite(.enabled(if: canDeliver, "needs the binary and a model"))
struct ClassifyCommandOutputTests {
    @Test func oneMessageAndBulkOutputs() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary, "built smsfilter binary not found")
        let model = try #require(TestEnvironment.model, "models/default.smsmodel is missing")
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let m = "--model \(quoted(model))"
        var result = runFilter(
            binary, m, input: TestEnvironment.fixture("mail/deliver-spam.eml"), in: directory)
        #expect(result.status == 0)
        // "Spam, score=S" with S at or above the model's threshold (1.0000 when sure).
        #expect(text(result.stdout).hasPrefix("Spam, score="))
        let score = Double(text(result.stdout).dropFirst("Spam, score=".count).prefix(6))
        #expect(score.map { (0.5...1).contains($0) } == true, "\(text(result.stdout))")
        result = runFilter(
            binary, "classify \(m) --format json", input: TestEnvironment.fixture("mail/deliver-ham.eml"),
            in: directory)
        #expect(result.status == 1)
        #expect(text(result.stdout).hasPrefix("{\"verdict\":\"ham\",\"score\":0."))

        // The ham line is plain chat: "are we still on for dinner?" is also how today's
        // wrong-number scams open, and the bundled model calls it Unsure from a stranger.
        let tsv =
            "ham\tHi, can you pick up milk on the way home?\nspam\tWINNER!! Claim your 1000 GBP cash prize, call 09061234567 now\nno label here\n"
        result = runFilter(binary, "\(m) --input tsv", input: Array(tsv.utf8), in: directory)
        #expect(result.status == 0)
        let lines = text(result.stdout).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.split(separator: "\t").count == 2 })
        #expect(lines.first?.hasPrefix("ham\t") == true)
        #expect(lines.dropFirst().first?.hasPrefix("spam\t") == true)

        // Every verdict of the bulk run is in the store's classification log (one connection).
        let stats = runFilter(
            binary, "stats --db \(quoted(directory.path + "/store.sqlite"))", input: [], in: directory)
        #expect(text(stats.stdout).contains("verdicts last day: 5 "), "\(text(stats.stdout))")

        let mbox =
            TestEnvironment.fixture("mail/mbox-from.eml") + Array("\n".utf8)
            + TestEnvironment.fixture("mail/mbox-from.eml")
        result = runFilter(binary, "\(m) --input mbox", input: mbox, in: directory)
        #expect(result.status == 0)
        #expect(
            text(result.stdout).split(separator: "\n").map { $0.split(separator: "\t").first ?? "" } == [
                "1", "2",
            ])
    }
}
