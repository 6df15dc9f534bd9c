import SpamMail
import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

@Suite struct BulkReaderTests {
    @Test func mboxSplitsAtFromLines() {
        let mbox = bytes(
            "From a@example.org Mon Mar  2 10:15:00 2026\nFrom: a@example.org\nSubject: one\n\nfirst body\n"
                + ">From quoted line stays\nFrom inside a paragraph is not a separator\n\n"
                + "From b@example.org Mon Mar  2 10:16:00 2026\nFrom: b@example.org\nSubject: two\n\nsecond\n"
        )
        let messages = MboxReader.messages(in: mbox)
        #expect(messages.count == 2)
        let texts = messages.map { MessageText.extract(from: Array(mbox[$0])) }
        #expect(
            texts == [
                "one\nfirst body\n>From quoted line stays\nFrom inside a paragraph is not a separator\n",
                "two\nsecond\n",
            ])
        #expect(MboxReader.messages(in: []).isEmpty)
        #expect(MboxReader.messages(in: bytes("no from line")) == [0..<12])
    }

    /// A mapped mbox is split exactly as the same bytes in an array, line endings of every kind.
    @Test func mappedMboxSplitsLikeAnArray() {
        let lf =
            "From a@x Mon Mar  2 10:15:00 2026\nSubject: one\n\nbody\n\nFrom b@x Mon Mar  2 10:16:00 2026\n\ntwo\n"
        let samples = [
            lf, lf.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n"),
            lf.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r"),
            "preamble\n\n" + lf, "", "\n\n\n", "From ", "no separator at all",
        ]
        for sample in samples {
            let array = bytes(sample)
            let mapped = array.withUnsafeBytes { MboxReader.messages(in: $0) }
            #expect(mapped == MboxReader.messages(in: array), "\(sample.debugDescription)")
        }
        #expect(bytes(lf).withUnsafeBytes { MboxReader.messages(in: $0) }.count == 2)
    }

    @Test func gammuEnvironment() {
        let single = GammuMessage(environment: [
            "SMS_MESSAGES": "1", "SMS_1_NUMBER": "+15550100", "SMS_1_TEXT": "Hello there",
        ])
        #expect(single == GammuMessage(sender: "+15550100", text: "Hello there", parts: 1))
        let multipart = GammuMessage(environment: [
            "SMS_MESSAGES": "2", "SMS_1_NUMBER": "+15550100", "SMS_1_TEXT": "first half, ",
            "SMS_2_TEXT": "second half",
        ])
        #expect(multipart?.text == "first half, second half")
        let decoded = GammuMessage(environment: [
            "SMS_MESSAGES": "2", "SMS_1_TEXT": "raw1", "SMS_2_TEXT": "raw2", "DECODED_PARTS": "1",
            "DECODED_1_TEXT": "the whole decoded text",
        ])
        #expect(decoded?.text == "the whole decoded text")
        #expect(GammuMessage(environment: [:]) == nil)
        #expect(GammuMessage(environment: ["SMS_MESSAGES": "junk"]) == nil)
        // An absurd count is capped, not iterated.
        #expect(GammuMessage(environment: ["SMS_MESSAGES": "999999999999", "SMS_1_TEXT": "x"])?.text == "x")
    }

    @Test func maildirListing() throws {
        let directory = TemporaryDirectory("maildir")
        defer { directory.remove() }
        let root = directory.path
        for folder in ["new", "cur", "tmp"] { mkdir(root + "/" + folder, 0o700) }
        writeFile(root + "/new/2.host", bytes("x"))
        writeFile(root + "/cur/1.host:2,S", bytes("y"))
        writeFile(root + "/tmp/3.host", bytes("z"))
        writeFile(root + "/new/.hidden", bytes("h"))
        mkdir(root + "/new/subdir", 0o700)
        #expect(try MaildirReader.messagePaths(in: root) == ["cur/1.host:2,S", "new/2.host"])
        #expect(throws: MaildirError.self) { try MaildirReader.messagePaths(in: root + "/tmp") }
    }
}
