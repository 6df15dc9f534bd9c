import SpamMail
import SpamTestSupport
import Testing

@Suite struct FilterEngineTests {
    @Test func verdictsAndExitCodes() {
        var options = FilterOptions()
        options.version = "v"
        let input = fixture("plain-lf.eml")
        let cases: [(Double, Verdict, Int32, String)] = [
            (0.9934, .spam, 0, "Spam, score=0.9934"), (0.3, .unsure, 2, "Unsure, score=0.3000"),
            (0.25, .ham, 1, "Ham, score=0.2500"), (0.0, .ham, 1, "Ham, score=0.0000"),
            (0.5, .spam, 0, "Spam, score=0.5000"),
        ]
        for (probability, verdict, code, line) in cases {
            let outcome = FilterEngine.run(
                input: input, options: options, scorer: FixedScorer(probability).score)
            #expect(outcome.status == .classified(verdict, score: probability, modelID: "test-model"))
            #expect(outcome.exitCode == code)
            #expect(outcome.stdoutLine == line)
            #expect(outcome.passThrough == nil)
        }
        options.exitZero = true
        for probability in [0.1, 0.3, 0.9] {
            #expect(
                FilterEngine.run(input: input, options: options, scorer: FixedScorer(probability).score)
                    .exitCode == 0)
        }
    }

    /// In pass-through mode the outcome names the lines it added, the same lines the message
    /// carries (a milter adds them itself): for a verdict, an unjudged message, an error and an
    /// oversize message alike.
    @Test func headerLinesAreTheLinesAdded() {
        var options = FilterOptions()
        options.passThrough = true
        options.version = "v"
        let input = fixture("plain-lf.eml")
        func added(_ outcome: FilterOutcome) -> [String] {
            let output = String(decoding: outcome.passThrough?.bytes(original: input) ?? [], as: UTF8.self)
            return output.split(separator: "\n").map(String.init).filter {
                $0.hasPrefix("X-SMSFilter:") || $0.hasPrefix("X-Spam-Flag:")
            }
        }
        let spam = FilterEngine.run(input: input, options: options, scorer: FixedScorer(0.99).score)
        #expect(spam.headerLines.count == 2 && spam.headerLines == added(spam), "\(spam.headerLines)")
        struct Broken: Error {}
        let failed = FilterEngine.run(input: input, options: options) { _ in throw Broken() }
        #expect(failed.headerLines.count == 1 && failed.headerLines == added(failed))
        let empty = FilterEngine.run(
            input: bytes("Subject: \n\n"), options: options, scorer: FixedScorer(0.99).score)
        #expect(
            empty.headerLines.first?.hasPrefix("X-SMSFilter: Unsure, reason=") == true, "\(empty.headerLines)"
        )
        options.maxSize = 10
        let large = FilterEngine.run(input: input, options: options, scorer: FixedScorer(0.99).score)
        #expect(large.headerLines.count == 1 && large.headerLines == added(large))
        options.passThrough = false
        options.maxSize = 1 << 20
        #expect(
            FilterEngine.run(input: input, options: options, scorer: FixedScorer(0.99).score).headerLines
                .isEmpty)
    }

    @Test func cutoffOptionsOverrideTheModelThreshold() {
        var options = FilterOptions()
        options.spamCutoff = 0.9
        options.hamCutoff = 0.1
        let scorer = FixedScorer(0.6)
        #expect(FilterEngine.run(input: bytes("hi"), options: options, scorer: scorer.score).exitCode == 2)
        options.hamCutoff = 0.95
        let bad = FilterEngine.run(input: bytes("hi"), options: options, scorer: scorer.score)
        #expect(bad.exitCode == 3)
        #expect(Cutoffs(threshold: 0.8).ham == 0.4)
        #expect(Cutoffs(threshold: 0.8, spam: 0.3).ham == 0.3)
    }

    @Test func jsonFormat() {
        var options = FilterOptions()
        options.format = .json
        let outcome = FilterEngine.run(
            input: bytes("hello, call me at 6"), options: options, scorer: FixedScorer(0.75).score)
        #expect(outcome.stdoutLine == "{\"verdict\":\"spam\",\"score\":0.7500,\"model\":\"test-model\"}")
    }

    @Test func scorerSeesSubjectAndBody() {
        let scorer = FixedScorer(0.1)
        _ = FilterEngine.run(
            input: fixture("multipart-alternative-agreeing.eml"), options: FilterOptions(),
            scorer: scorer.score)
        #expect(scorer.texts == ["Room change\nPlain part: the meeting moved to room 4 — see you there.\n"])
    }

    /// A mail's text goes to the mail scorer when one is given (the executable reads mail
    /// through its openings only), a text message's to the scorer; without a mail scorer both
    /// go to the scorer.
    @Test func mailTextGoesToTheMailScorer() {
        let text = FixedScorer(0.1)
        let mail = FixedScorer(0.9)
        let asMail = FilterEngine.run(
            input: fixture("plain-lf.eml"), options: FilterOptions(), scorer: text.score,
            mailScorer: mail.score)
        #expect(asMail.status == .classified(.spam, score: 0.9, modelID: "test-model"))
        let asText = FilterEngine.run(
            input: bytes("see you at six"), options: FilterOptions(), scorer: text.score,
            mailScorer: mail.score)
        #expect(asText.status == .classified(.ham, score: 0.1, modelID: "test-model"))
        #expect(mail.texts.count == 1 && text.texts == ["see you at six"])
        let onlyScorer = FilterEngine.run(
            input: fixture("plain-lf.eml"), options: FilterOptions(), scorer: text.score)
        #expect(onlyScorer.status == .classified(.ham, score: 0.1, modelID: "test-model"))
    }

    /// Model missing or corrupt: the message comes back, with an error header, and the exit code
    /// says so (3; 75 with --tempfail; 0 with -e since the message was written).
    @Test func scorerFailureKeepsTheMessage() {
        let input = fixture("forged.eml")
        var options = passThroughOptions()
        let failing: (String) throws -> ModelScore = { _ in throw ModelMissing() }
        var outcome = FilterEngine.run(input: input, options: options, scorer: failing)
        #expect(outcome.exitCode == 3)
        #expect(outcome.diagnostic?.contains("cannot open model") == true)
        let output = outcome.passThrough!.bytes(original: input)
        let text = String(decoding: output, as: UTF8.self)
        #expect(
            text.contains(
                "X-SMSFilter: Error, reason=cannot open model /nonexistent/model.smsmodel: No such file or directory, version=1.0-test\n\nClaim"
            ))
        #expect(!text.contains("X-Spam-Flag"))

        options.tempFail = true
        #expect(FilterEngine.run(input: input, options: options, scorer: failing).exitCode == 75)
        options.tempFail = false
        options.exitZero = true
        #expect(FilterEngine.run(input: input, options: options, scorer: failing).exitCode == 0)

        options.errorHeader = false
        outcome = FilterEngine.run(input: input, options: options, scorer: failing)
        #expect(outcome.passThrough!.bytes(original: input) == input)

        // Not in pass-through mode: nothing on stdout, error on stderr, exit 3 even with -e.
        var plain = FilterOptions()
        plain.exitZero = true
        outcome = FilterEngine.run(input: input, options: plain, scorer: failing)
        #expect(outcome.exitCode == 3 && outcome.stdoutLine == nil && outcome.passThrough == nil)
        #expect(FilterEngine.readFailureExitCode(plain) == 3)
    }

    @Test func invalidScoresAreErrors() {
        for probability in [Double.nan, -0.1, 1.5, Double.infinity] {
            let outcome = FilterEngine.run(
                input: bytes("x"), options: passThroughOptions(), scorer: FixedScorer(probability).score)
            #expect(outcome.exitCode == 3)
            #expect(outcome.passThrough?.bytes(original: bytes("x")).suffix(3) == bytes("\n\nx"))
        }
    }

    @Test func oversizedMessagesPassThroughUnfiltered() {
        var options = passThroughOptions()
        options.maxSize = 100
        let input = fixture("plain-lf.eml")
        let scorer = FixedScorer(0.99)
        let outcome = FilterEngine.run(input: input, options: options, scorer: scorer.score)
        #expect(scorer.texts.isEmpty)
        #expect(outcome.exitCode == 1)
        let output = outcome.passThrough!.bytes(original: input)
        #expect(
            String(decoding: output, as: UTF8.self).contains(
                "X-SMSFilter: Unfiltered, reason=too-large, size=\(input.count), max-size=100, version=1.0-test\n\nHi Bob"
            ))
        #expect(removingLines(startingWith: ["X-SMSFilter:"], from: output) == input)
    }

    /// A 50 MiB message: with the default cap it passes through as pieces of the original (no copy);
    /// with the cap lifted it is classified from a bounded prefix of its text.
    @Test func fiftyMebibyteMessage() {
        var input = bytes(
            "From: a@example.org\nTo: b@example.org\nSubject: huge\nContent-Type: text/plain\n\n")
        let line = bytes("0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 x\n")
        input.reserveCapacity(50 << 20)
        while input.count < 50 << 20 { input += line }
        let outcome = FilterEngine.run(
            input: input, options: passThroughOptions(), scorer: FixedScorer(0.9).score)
        #expect(outcome.status == .skipped(size: input.count))
        let pieces = outcome.passThrough!.pieces
        #expect(pieces.count == 3)
        let headerEnd = 77  // the empty line after the four header lines
        #expect(pieces.first == .original(0..<headerEnd))
        #expect(pieces.last == .original(headerEnd..<input.count))

        var unlimited = passThroughOptions()
        unlimited.maxSize = Int.max
        let scorer = FixedScorer(0.9)
        let classified = FilterEngine.run(input: input, options: unlimited, scorer: scorer.score)
        #expect(classified.status == .classified(.spam, score: 0.9, modelID: "test-model"))
        #expect(scorer.texts.first?.utf8.count == 64 * 1024)
    }

    @Test func hostileInputsFromTheEvidenceFolder() {
        let directory = TestEnvironment.fixturesDirectory + "/evidence"
        let names = listDirectory(directory).filter { !$0.hasSuffix(".md") }
        #expect(names.count >= 10)
        for name in names {
            guard let input = readFile(directory + "/" + name) else {
                Issue.record("cannot read \(name)")
                continue
            }
            for probability in [0.01, 0.99] {
                let scorer = FixedScorer(probability)
                let outcome = FilterEngine.run(
                    input: input, options: passThroughOptions(), scorer: scorer.score)
                // Scored once, unless there is no text to judge (binary garbage, empty input).
                let unjudged = outcome.status == .unjudged(.unsure, reason: TextContent.noTextReason)
                #expect(scorer.texts.count == (unjudged ? 0 : 1), "\(name)")
                let output = outcome.passThrough?.bytes(original: input) ?? []
                let stripped = removingLines(startingWith: ["X-SMSFilter:", "X-Spam-Flag:"], from: output)
                // Either the original with headers inserted, or (no header block) headers + empty line + original.
                // A header that ends without an LF gets one before ours.
                let isIntact =
                    stripped == input || Array(stripped.dropFirst()) == input
                    || Array(stripped.dropFirst(2)) == input || stripped == input + [0x0A]
                #expect(isIntact, "\(name) changed")
            }
        }
    }

    @Test func headerOnlyMessagesWithoutFinalNewlineGetOne() {
        let input = fixture("headers-only-no-newline.eml")
        let output = String(decoding: filtered(input, probability: 0.2), as: UTF8.self)
        #expect(
            output == "From: a@example.org\nTo: b@example.org\nSubject: nothing else\n"
                + "X-SMSFilter: Ham, score=0.2000, model=test-model, version=1.0-test\n")
    }
}
