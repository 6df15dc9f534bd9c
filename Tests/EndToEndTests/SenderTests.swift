import SpamTestSupport
import Testing

/// Trusted and blocked senders through the built binary: `senders`, `learn`, and classify's
/// single-message (`-p`), gammu and TSV paths, with the forgery rules for mail.
@Suite(
    .enabled(
        if: TestEnvironment.smsfilterBinary != nil && TestEnvironment.model != nil,
        "needs the binary and a model"))
struct SenderTests {
    let spammy = "WINNER!! Call 09061701461 to claim £1000 at www.example.com\n"
    let hammy = "Are we still meeting for lunch tomorrow at noon?\n"

    /// A scratch directory with a config file naming the country and the trusted mail server.
    func scratch() throws -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        writeFile(
            dir.path + "/config",
            Array("default_country_code = 44\ntrusted_authserv_id = mx.example.org\n".utf8))
        return dir
    }

    /// `smsfilter ARGS` with the model, the scratch store and config.
    func run(_ arguments: String, input: String = "", in dir: TemporaryDirectory, environment: String = "")
        -> (status: Int32, out: String, err: String)
    {
        let result = runFilter(
            TestEnvironment.smsfilterBinary!, arguments, input: Array(input.utf8), in: dir,
            prefix:
                "SMSFILTER_CONFIG=\(quoted(dir.path + "/config")) SMSFILTER_MODEL=\(quoted(TestEnvironment.model!)) \(environment)"
        )
        return (result.status, String(decoding: result.stdout, as: UTF8.self), result.stderr)
    }

    func mail(_ headers: String, body: String) -> String {
        headers + "From: Bank <alerts@bank.example>\nSubject: notice\n\n" + body
    }

    @Test func allowedSenderMakesSpammyTextHam() throws {
        let dir = try scratch()
        defer { dir.remove() }
        let before = run("-p --sender '07700 900123'", input: spammy, in: dir)
        #expect(before.status == 0)
        #expect(before.out.hasPrefix("X-SMSFilter: Spam, score="))
        #expect(run("senders allow '+44 (0)7700 900123'", in: dir).out == "allowed +447700900123\n")
        let after = run("-p --sender '07700 900123'", input: spammy, in: dir)
        #expect(after.status == 1)
        let score = before.out.split(separator: ",")[1]
        #expect(
            after.out.hasPrefix("X-SMSFilter: Ham,\(score), reason=trusted-sender, model="), "\(after.out)")
        #expect(!after.out.contains("X-Spam-Flag"))
        #expect(after.out.hasSuffix("\n\n" + spammy))
    }

    @Test func blockedSenderMakesHammyTextSpam() throws {
        let dir = try scratch()
        defer { dir.remove() }
        #expect(run("senders block HMRC", in: dir).status == 0)
        let result = run("-p --sender hmrc", input: hammy, in: dir)
        #expect(result.status == 0)
        #expect(result.out.hasPrefix("X-SMSFilter: Spam, score="))
        #expect(result.out.contains(", reason=blocked-sender, model="))
        #expect(result.out.contains("X-Spam-Flag: YES\n"))
        // gammu-smsd hands the sender over in SMS_1_NUMBER.
        let gammu = run(
            "--input gammu-env", in: dir,
            environment: "SMS_MESSAGES=1 SMS_1_NUMBER=HMRC SMS_1_TEXT=\(quoted(hammy))")
        #expect(gammu.status == 0)
        #expect(gammu.out.hasPrefix("HMRC\tspam\t"))
        #expect(gammu.out.hasSuffix("\treason=blocked-sender\n"))
    }

    @Test func mailFromNeedsTheConfiguredServersPass() throws {
        let dir = try scratch()
        defer { dir.remove() }
        _ = run("senders allow alerts@Bank.Example", in: dir)
        let verdicts: [(String, String)] = [
            // Forged: nothing vouches for the From: address.
            ("", "Spam, score=%, reason=unverified-trusted-sender"),
            // A pass from a host that is not ours.
            (
                "Authentication-Results: relay.example.net; dmarc=pass header.from=bank.example\n",
                "Spam, score=%, reason=unverified-trusted-sender"
            ),
            // Our server's first header says fail; a lower one (carried in by the sender) says pass.
            (
                "Authentication-Results: mx.example.org; dmarc=fail header.from=bank.example\n"
                    + "Authentication-Results: mx.example.org; dmarc=pass header.from=bank.example\n",
                "Spam, score=%, reason=unverified-trusted-sender"
            ),
            // Our server vouches: DMARC, or SPF for the same domain.
            (
                "Authentication-Results: mx.example.org; dmarc=pass header.from=bank.example\n",
                "Ham, score=%, reason=trusted-sender"
            ),
            (
                "Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=bounce@bank.example\n",
                "Ham, score=%, reason=trusted-sender"
            ),
        ]
        for (headers, expected) in verdicts {
            let result = run("-p", input: mail(headers, body: spammy), in: dir)
            let header = result.out.split(separator: "\n").first { $0.hasPrefix("X-SMSFilter:") } ?? ""
            let parts = expected.split(separator: "%")
            #expect(
                header.hasPrefix("X-SMSFilter: " + parts[0]) && header.contains(parts[1]),
                "\(headers): \(header)")
        }
        // A blocked address needs no proof.
        _ = run("senders block alerts@bank.example", in: dir)
        let blocked = run("", input: mail("", body: hammy), in: dir)
        #expect(blocked.status == 0)
        #expect(blocked.out.hasSuffix(", reason=blocked-sender\n"))
    }

    @Test func learningHamTwiceTrustsAndSpamRemovesTrust() throws {
        let dir = try scratch()
        defer { dir.remove() }
        writeFile(dir.path + "/a.txt", Array("Your code is 482913\n".utf8))
        writeFile(dir.path + "/b.txt", Array("Your code is 771020\n".utf8))
        _ = run("learn --ham --sender 07700900123 \(quoted(dir.path + "/a.txt"))", in: dir)
        #expect(run("--sender +447700900123", input: spammy, in: dir).out.hasPrefix("Spam, score="))
        let second = run("learn --ham --sender 07700900123 \(quoted(dir.path + "/b.txt"))", in: dir)
        #expect(second.out.contains("sender +447700900123 is now trusted"))
        #expect(run("senders list", in: dir).out.hasPrefix("+447700900123\tallowed\tlearned\t"))
        #expect(run("--sender +447700900123", input: spammy, in: dir).out.hasPrefix("Ham, score="))
        writeFile(dir.path + "/c.txt", Array(spammy.utf8))
        let spam = run("learn --spam --sender '+44 7700 900123' \(quoted(dir.path + "/c.txt"))", in: dir)
        #expect(spam.out.contains("sender +447700900123 is no longer trusted"))
        #expect(
            run("--sender +447700900123", input: spammy, in: dir).out == run("", input: spammy, in: dir).out)
        #expect(run("senders list --format json", in: dir).out == "[]\n")
        // A mail's From: is the sender learn records.
        for body in ["first", "second"] {
            writeFile(
                dir.path + "/\(body).eml", Array(mail("", body: "The \(body) statement is ready\n").utf8))
            _ = run("learn --ham \(quoted(dir.path + "/\(body).eml"))", in: dir)
        }
        #expect(run("senders list", in: dir).out.hasPrefix("alerts@bank.example\tallowed\tlearned\t"))
    }

    @Test func vcardImportSkipsTheMalformedCard() throws {
        let dir = try scratch()
        defer { dir.remove() }
        let vcf = TestEnvironment.packageRoot + "/Tests/Fixtures/vcard/malformed.vcf"
        let result = run("senders import \(quoted(vcf))", in: dir)
        #expect(result.status == 0)
        #expect(result.out == "imported 3 senders from 2 contacts; 1 malformed card skipped\n")
        #expect(result.err.contains("malformed.vcf: line 9: malformed line"))
        let list = run("senders list", in: dir).out.split(separator: "\n").map {
            $0.split(separator: "\t").prefix(3).joined(separator: " ")
        }
        #expect(
            list == [
                "+447700900111 allowed vcard", "+447700900333 allowed vcard", "eve@example.net allowed vcard",
            ])
        #expect(run("-p --sender '07700 900333'", input: spammy, in: dir).status == 1)
        #expect(run("-p --sender '07700 900222'", input: spammy, in: dir).status == 0)
    }

    /// A blocked sender's message with no text to judge was `Unsure, reason=no-text`: the
    /// sender list decides whatever the text, and a trusted sender's empty message is ham.
    @Test func theSenderListDecidesAMessageWithoutText() throws {
        let dir = try scratch()
        defer { dir.remove() }
        _ = run("senders block hmrc", in: dir)
        _ = run("senders allow 07700900123", in: dir)
        let blocked = run("-p --sender hmrc", input: " ... \n", in: dir)
        #expect(blocked.status == 0)
        #expect(blocked.out.hasPrefix("X-SMSFilter: Spam, reason=blocked-sender, version="))
        #expect(blocked.out.contains("\nX-Spam-Flag: YES\n"))
        #expect(run("--sender '07700 900123'", input: "", in: dir).out == "Ham, reason=trusted-sender\n")
        #expect(run("--sender 07700900999", input: "", in: dir).out == "Unsure, reason=no-text\n")
        let tsv = "label\tsender\ttext\nspam\tHMRC\t...\nham\t07700 900123\t\n"
        let lines = run("--input tsv", input: tsv, in: dir).out.split(separator: "\n")
        #expect(lines == ["spam\t-\treason=blocked-sender", "ham\t-\treason=trusted-sender"])
    }

    @Test func tsvSenderColumn() throws {
        let dir = try scratch()
        defer { dir.remove() }
        _ = run("senders allow 07700900123", in: dir)
        _ = run("senders block hmrc", in: dir)
        let tsv = "label\tsender\ttext\nspam\t07700 900123\t\(spammy)ham\tHMRC\t\(hammy)spam\t\t\(spammy)"
        let lines = run("--input tsv", input: tsv, in: dir).out.split(separator: "\n")
        try #require(lines.count == 3)
        #expect(lines[0].hasPrefix("ham\t") && lines[0].hasSuffix("\treason=trusted-sender"))
        #expect(lines[1].hasPrefix("spam\t") && lines[1].hasSuffix("\treason=blocked-sender"))
        #expect(lines[2].hasPrefix("spam\t") && lines[2].split(separator: "\t").count == 2)
        // Without the header line, the same lines are label<TAB>text as before: the sender is text.
        let plain = run("--input tsv", input: "spam\t07700 900123\t\(spammy)", in: dir).out
        #expect(plain.split(separator: "\t").count == 2)
    }
}
