import SpamApp
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `learn --input tsv` and `db import` read the one `label<TAB>text` reader's lines: labels of
/// other collections, the sender column after its header, comments and a byte order mark.
struct LearnInputTests {
    @Test func tsvRowsKeepLabelAndSender() throws {
        let path = CorpusFileTests.corpusFile(
            "\u{FEFF}label\tsender\ttext\n# from the phone\nham\t07700 900123\tsee you\nSmishing\t\tyour parcel is held\n"
        )
        defer { unlink(path) }
        let messages = try LearnInput.messages(paths: [path], format: .tsv, countryCode: 44)
        #expect(messages.map(\.text) == ["see you", "your parcel is held"])
        #expect(messages.map(\.label) == [.ham, .spam])
        #expect(messages.map { $0.sender?.value } == ["+447700900123", nil])
    }

    @Test func aBadRowIsALearnInputError() throws {
        let path = CorpusFileTests.corpusFile("ham\tok\nno tab on this line\n")
        defer { unlink(path) }
        #expect(throws: LearnInputError.self) { try LearnInput.messages(paths: [path], format: .tsv) }
    }
}

/// `learn` needs a label unless TSV brings its own, and a `--sender` must be a sender.
@Test func learnChecksItsLabelAndSender() {
    #expect(throws: UsageError("say which: --spam or --ham")) {
        try LearnRun(label: nil, input: .text, sender: nil, files: []).check()
    }
    #expect(throws: Never.self) { try LearnRun(label: nil, input: .tsv, sender: nil, files: []).check() }
    #expect(throws: UsageError("--sender: `()` is not a sender")) {
        try LearnRun(label: .spam, input: .text, sender: "()", files: []).check()
    }
    #expect(throws: Never.self) {
        try LearnRun(label: .ham, input: .text, sender: "+447700900123", files: []).check()
    }
}

/// `learn` reads a mail as classify does, and says it was one: retrain then trains it after the
/// mail mark. A text message (even one with a colon in its first line) is not a mail.
@Test func learnTellsMailFromText() throws {
    let mail = CorpusFileTests.corpusFile(
        "From: Ann <ann@example.org>\nTo: bo@example.org\nSubject: Minutes\n\nThe minutes are attached.\n")
    let sms = CorpusFileTests.corpusFile("Note: your code is 123456\n")
    defer {
        unlink(mail)
        unlink(sms)
    }
    let messages = try LearnInput.messages(paths: [mail, sms], format: .text)
    #expect(messages.map(\.isMail) == [true, false])
    #expect(messages[0].text.contains("minutes are attached"))
}
