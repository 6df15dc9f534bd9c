import SpamMail
import SpamSenders
import Testing

@Suite struct AuthenticationResultsTests {
    @Test func parsesAuthservIDResultsAndProperties() throws {
        let results = try #require(
            AuthenticationResults(
                value: """
                    MX.Example.ORG 1; spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=bob@bank.example; \
                    dkim=pass header.d=bank.example header.s=sel; dmarc=pass (p=reject dis=none) header.from=Bank.Example
                    """))
        #expect(results.authservID == "mx.example.org")
        #expect(results.results.map(\.method) == ["spf", "dkim", "dmarc"])
        #expect(results.results[2].properties["header.from"] == "Bank.Example")
        #expect(results.vouches(forDomain: "bank.example"))
        #expect(!results.vouches(forDomain: "other.example"))
        #expect(!results.vouches(forDomain: ""))
    }

    @Test func onlyPassWithTheSameDomainVouches() throws {
        let fail = try #require(
            AuthenticationResults(
                value:
                    "mx.example.org; dmarc=fail header.from=bank.example; spf=softfail smtp.mailfrom=bank.example"
            ))
        #expect(!fail.vouches(forDomain: "bank.example"))
        let spf = try #require(
            AuthenticationResults(value: "mx.example.org; spf=pass smtp.mailfrom=<bounce@bank.example>"))
        #expect(spf.vouches(forDomain: "bank.example"))
        // A subdomain or parent is not the same domain.
        #expect(!spf.vouches(forDomain: "mail.bank.example"))
        let dkimOnly = try #require(
            AuthenticationResults(value: "mx.example.org; dkim=pass header.d=bank.example"))
        #expect(!dkimOnly.vouches(forDomain: "bank.example"))
        // A pass hidden in a comment or a quoted reason does not count.
        let comment = try #require(
            AuthenticationResults(
                value:
                    "mx.example.org; dmarc=none (dmarc=pass header.from=bank.example) header.from=bank.example"
            ))
        #expect(!comment.vouches(forDomain: "bank.example"))
        let none = try #require(AuthenticationResults(value: "mx.example.org; none"))
        #expect(none.results.isEmpty)
        #expect(AuthenticationResults(value: "") == nil)
        #expect(AuthenticationResults(value: "  ; spf=pass") == nil)
    }

    @Test func spacesAroundEqualsAndQuotedValues() throws {
        let results = try #require(
            AuthenticationResults(value: "mx.example.org;\r\n\tdmarc = pass header.from = \"bank.example\""))
        #expect(results.vouches(forDomain: "bank.example"))
    }
}

@Suite struct MailSenderTests {
    func mail(_ headers: String) -> [UInt8] { bytes(headers + "Subject: hi\n\nWINNER claim now\n") }

    func candidates(_ message: [UInt8], authserv: String? = "mx.example.org") -> [SenderCandidate] {
        let header = HeaderBlock.parse(message, in: 0..<message.count, allowFromLine: true)
        return MailSenders.candidates(in: message, header: header, authservID: authserv, countryCode: 44)
    }

    @Test func addressesFromHeaderValues() {
        #expect(MailSenders.address(inHeaderValue: "\"Smith, Bob\" <Bob@Example.org>") == "Bob@Example.org")
        #expect(MailSenders.address(inHeaderValue: "bob@example.org (Bob <x>)") == "bob@example.org")
        #expect(MailSenders.address(inHeaderValue: "<>") == nil)
        #expect(MailSenders.address(inHeaderValue: "undisclosed") == nil)
    }

    @Test func fromAndReturnPathVerifiedByTheConfiguredHostOnly() {
        let message = mail(
            """
            Return-Path: <bounce@lists.example>
            Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=bounce@lists.example; dmarc=fail header.from=bank.example
            From: Bank <alerts@Bank.Example>

            """.replacing("\n\n", with: "\n"))
        let found = candidates(message)
        #expect(found.map(\.address.value) == ["alerts@bank.example", "bounce@lists.example"])
        #expect(found.map(\.verified) == [false, true])
        #expect(candidates(message, authserv: "other.example").map(\.verified) == [false, false])
        #expect(candidates(message, authserv: nil).map(\.verified) == [false, false])
    }

    @Test func onlyTheFirstHeaderOfTheConfiguredHostCounts() {
        let message = mail(
            """
            Authentication-Results: relay.example.net; dmarc=pass header.from=bank.example
            Authentication-Results: mx.example.org; dmarc=fail header.from=bank.example
            Authentication-Results: mx.example.org; dmarc=pass header.from=bank.example
            From: alerts@bank.example

            """.replacing("\n\n", with: "\n"))
        #expect(candidates(message).map(\.verified) == [false])
    }

    @Test func twoFromFieldsAreNeverVouchedFor() {
        let message = mail(
            """
            Authentication-Results: mx.example.org; dmarc=pass header.from=bank.example
            From: alerts@bank.example
            From: evil@attacker.example

            """.replacing("\n\n", with: "\n"))
        #expect(candidates(message).map(\.verified) == [false])
    }

    @Test func encodedDisplayNamesAreNotAddresses() {
        let message = mail(
            """
            Authentication-Results: mx.example.org; dmarc=pass header.from=attacker.example
            From: =?utf-8?q?=3Calerts=40bank=2Eexample=3E?= <evil@attacker.example>

            """.replacing("\n\n", with: "\n"))
        #expect(candidates(message).map(\.address.value) == ["evil@attacker.example"])
    }

    @Test func plainTextHasNoMailSender() {
        #expect(candidates(bytes("From: me, call 07700 900123\n")).isEmpty)
    }
}

@Suite struct SenderRuleTests {
    let list: [String: SenderState] = [
        "+447700900123": .allowed, "hmrc": .blocked, "alerts@bank.example": .allowed,
    ]

    func run(_ input: String, probability: Double, sender: String? = nil, passThrough: Bool = true)
        -> FilterOutcome
    {
        var options = passThroughOptions()
        options.passThrough = passThrough
        options.sender = sender
        options.countryCode = 44
        options.trustedAuthservID = "mx.example.org"
        return FilterEngine.run(input: bytes(input), options: options, scorer: FixedScorer(probability).score)
        {
            list[$0]
        }
    }

    func header(_ outcome: FilterOutcome, _ input: String) -> String {
        String(decoding: outcome.passThrough?.bytes(original: bytes(input)) ?? [], as: UTF8.self)
    }

    @Test func trustedSMSSenderIsHamWithTheModelsScore() {
        let outcome = run("WINNER claim now", probability: 0.912, sender: "07700 900123")
        #expect(outcome.status == .classified(.ham, score: 0.912, modelID: "test-model"))
        #expect(outcome.exitCode == 1)
        #expect(
            header(outcome, "WINNER claim now").hasPrefix(
                "X-SMSFilter: Ham, score=0.9120, reason=trusted-sender, model=test-model, version=1.0-test\n\n"
            ))
        #expect(outcome.senderRule == .trusted)
    }

    @Test func blockedSenderIsSpam() {
        let outcome = run("see you at 6", probability: 0.01, sender: "HMRC")
        #expect(outcome.exitCode == 0)
        #expect(
            header(outcome, "see you at 6").hasPrefix(
                "X-SMSFilter: Spam, score=0.0100, reason=blocked-sender, model=test-model, version=1.0-test\nX-Spam-Flag: YES\n"
            ))
        let line = run("see you at 6", probability: 0.01, sender: "hmrc", passThrough: false)
        #expect(line.stdoutLine == "Spam, score=0.0100, reason=blocked-sender")
    }

    @Test func unknownSenderAndNoSenderLeaveTheModelsVerdict() {
        let outcome = run("WINNER 1", probability: 0.99, sender: "+447700900999")
        #expect(outcome.senderRule == nil)
        #expect(header(outcome, "WINNER 1").hasPrefix("X-SMSFilter: Spam, score=0.9900, model="))
        #expect(run("WINNER 1", probability: 0.99).senderRule == nil)
    }

    @Test func mailNeedsTheServersWord() {
        let forged = "From: alerts@bank.example\nSubject: x\n\nWINNER\n"
        let outcome = run(forged, probability: 0.99)
        #expect(outcome.senderRule == .unverified)
        #expect(outcome.exitCode == 0)
        #expect(
            header(outcome, forged).contains(
                "X-SMSFilter: Spam, score=0.9900, reason=unverified-trusted-sender, model="))
        let vouched = "Authentication-Results: mx.example.org; dmarc=pass header.from=bank.example\n" + forged
        #expect(run(vouched, probability: 0.99).senderRule == .trusted)
        let json = {
            var options = FilterOptions()
            options.format = .json
            options.trustedAuthservID = "mx.example.org"
            return FilterEngine.run(input: bytes(vouched), options: options, scorer: FixedScorer(0.99).score)
            {
                self.list[$0]
            }.stdoutLine
        }()
        #expect(
            json
                == "{\"verdict\":\"ham\",\"score\":0.9900,\"reason\":\"trusted-sender\",\"model\":\"test-model\"}"
        )
    }

    @Test func noLookupWithoutASender() {
        var asked = 0
        _ = FilterEngine.run(
            input: bytes("hello"), options: passThroughOptions(), scorer: FixedScorer(0.2).score
        ) { _ in
            asked += 1
            return nil
        }
        #expect(asked == 0)
    }
}
