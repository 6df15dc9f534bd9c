import SpamMail
import Testing

@Suite struct HeaderBlockTests {
    @Test func detectsMailAndKeepsTextMessagesAsText() {
        #expect(
            HeaderBlock.parse(
                fixture("plain-lf.eml"), in: 0..<fixture("plain-lf.eml").count, allowFromLine: true
            )
            .looksLikeMail(fixture("plain-lf.eml")))
        for name in ["sms.txt", "sms-colon.txt", "sms-from.txt"] {
            let input = fixture(name)
            #expect(!input.isEmpty)
            let header = HeaderBlock.parse(input, in: 0..<input.count, allowFromLine: true)
            #expect(!header.looksLikeMail(input), "\(name) should be text")
        }
    }

    @Test func toleratesLeadingMboxFromLine() {
        let input = fixture("mbox-from.eml")
        let header = HeaderBlock.parse(input, in: 0..<input.count, allowFromLine: true)
        #expect(header.looksLikeMail(input))
        #expect(header.fromLine == 0..<48)
        #expect(header.fields.count == 6)
        let subject = header.field(named: "Subject", in: input)
        #expect(
            subject.map { String(decoding: HeaderBlock.unfoldedValue(of: $0, in: input), as: UTF8.self) }
                == "Lunch on Friday?")
    }

    @Test func unfoldsContinuationLines() {
        let input = bytes("From: a@example.org\nSubject: first\n  second\n\tthird\nTo: b\n\nbody\n")
        let header = HeaderBlock.parse(input, in: 0..<input.count, allowFromLine: true)
        #expect(header.fields.count == 3)
        let subject = header.field(named: "subject", in: input)!
        #expect(
            String(decoding: HeaderBlock.unfoldedValue(of: subject, in: input), as: UTF8.self)
                == "first  second\tthird")
        #expect(header.endedWithEmptyLine)
        #expect(Array(input[header.bodyStart...]) == bytes("body\n"))
    }

    @Test(arguments: ["plain-lf.eml", "plain-crlf.eml", "plain-cr.eml", "mixed-endings.eml"])
    func findsTheSameFieldsWhateverTheLineEndings(name: String) {
        let input = fixture(name)
        let header = HeaderBlock.parse(input, in: 0..<input.count, allowFromLine: true)
        #expect(header.looksLikeMail(input))
        #expect(header.fields.count == 6)
        #expect(header.endedWithEmptyLine)
        let text = MessageText.extract(from: input)
        #expect(text == "Lunch on Friday?\nHi Bob,\nare we still on for lunch at noon on Friday?\nAlice\n")
    }

    @Test func headersWithoutBodyAndBodyWithoutHeaders() {
        let headersOnly = fixture("headers-only-no-newline.eml")
        let header = HeaderBlock.parse(headersOnly, in: 0..<headersOnly.count, allowFromLine: true)
        #expect(header.looksLikeMail(headersOnly))
        #expect(header.end == headersOnly.count)
        #expect(MessageText.extract(from: headersOnly) == "nothing else")

        let body = bytes("just a body line\nand another\n")
        let bodyHeader = HeaderBlock.parse(body, in: 0..<body.count, allowFromLine: true)
        #expect(bodyHeader.fields.isEmpty)
        #expect(MessageText.extract(from: body) == "just a body line\nand another\n")

        let empty: [UInt8] = []
        #expect(!HeaderBlock.parse(empty, in: 0..<0, allowFromLine: true).looksLikeMail(empty))
        #expect(MessageText.extract(from: empty) == "")
    }

    @Test func aStrayLineEndsTheHeaderBlock() {
        let input = bytes("From: a@example.org\nTo: b@example.org\nthis is not a header\nmore body\n")
        let header = HeaderBlock.parse(input, in: 0..<input.count, allowFromLine: true)
        #expect(header.looksLikeMail(input))
        #expect(header.endedWithStrayLine)
        #expect(MessageText.extract(from: input) == "\nthis is not a header\nmore body\n")
    }

    /// Folded lines that lost their indent end a strict parse; when header fields follow them up
    /// to an empty line, the text is read after that line, as a lenient mail reader shows it
    /// (the strict block, where our header goes, is unchanged).
    @Test func textIsReadPastFoldedLinesThatLostTheirIndent() {
        let input = bytes(
            "From: a@example.org\nX-Report: SFV:NSPM;SFS:(1)(2)\nds;MX:1;LANG:it;\nb=AbCdEf0123456789+/\n"
                + "MIME-Version: 1.0\nSubject: Lunch\nContent-Type: text/plain\n\nSee you at noon\n")
        let header = HeaderBlock.parse(input, in: 0..<input.count, allowFromLine: true)
        #expect(header.endedWithStrayLine)
        // `ds;MX:1;…` is a field by RFC 5322's syntax; the base64 line is not.
        #expect(header.fields.count == 3)
        let continued = header.continuedPastStrayLines(input)
        #expect(continued.endedWithEmptyLine && continued.fields.count == 6)
        #expect(MessageText.extract(from: input) == "Lunch\nSee you at noon\n")
        // Text after a missing separator stays text: no fields follow, or too few, or no known one,
        // or more stray lines than fields.
        for text in [
            "From: a@example.org\nTo: b@example.org\nHello there\nsecond line\n\nthird\n",
            "From: a@example.org\nTo: b@example.org\nHello\nNote: bring food\n\nthird\n",
            "From: a@example.org\nTo: b@example.org\nHello\nNote: bring food\nPS: and drinks\n\nthird\n",
            "From: a@example.org\nTo: b@example.org\nHello\nthere\nand\nSubject: x\nTo: y\n\nthird\n",
        ] {
            let input = bytes(text)
            let header = HeaderBlock.parse(input, in: 0..<input.count, allowFromLine: true)
            #expect(header.continuedPastStrayLines(input).bodyStart == header.bodyStart, "\(text)")
        }
    }

    @Test func hundredThousandLineHeader() {
        var text = "From: a@example.org\nTo: b@example.org\nSubject: long header\n"
        for i in 0..<100_000 { text += "X-Filler-\(i % 10): value \(i)\n" }
        text += "\nthe body\n"
        let input = bytes(text)
        let header = HeaderBlock.parse(input, in: 0..<input.count, allowFromLine: true)
        #expect(header.fields.count == 100_003)
        #expect(MessageText.extract(from: input) == "long header\nthe body\n")
    }
}
