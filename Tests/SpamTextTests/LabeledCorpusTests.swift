import SpamText
import Testing

@Test func parsesLabelsAndSkipsEmptyLines() throws {
    let corpus = "ham\thello there\r\n\nSPAM\tWin a prize\tnow\n"
    let messages = try LabeledCorpus.parse(Array(corpus.utf8))
    #expect(
        messages == [
            LabeledMessage(isSpam: false, text: "hello there"),
            LabeledMessage(isSpam: true, text: "Win a prize\tnow"),
        ])
}

@Test func malformedLinesNameTheirLineNumber() {
    #expect(throws: CorpusError.malformedLine(2, "no TAB between label and text")) {
        try LabeledCorpus.parse(Array("ham\tok\nno tab here\n".utf8))
    }
    #expect(throws: CorpusError.self) { try LabeledCorpus.parse(Array("eggs\tok\n".utf8)) }
}

@Test func formatRoundTrips() throws {
    let messages = [LabeledMessage(isSpam: true, text: "a\tb"), LabeledMessage(isSpam: false, text: "c")]
    let parsed = try LabeledCorpus.parse(Array(LabeledCorpus.format(messages).utf8))
    #expect(parsed.map(\.isSpam) == [true, false])
    #expect(parsed[0].text == "a b")
}

@Test func labelsOfOtherCollectionsAndAByteOrderMarkAreRead() throws {
    let corpus =
        "\u{FEFF}ham\tsee you\nSmishing\tyour parcel fee\n\"spam\"\twin now\nlegit \tok then\nPhishing\tverify\n"
    let messages = try LabeledCorpus.parse(Array(corpus.utf8))
    #expect(messages.map(\.isSpam) == [false, true, true, false, true])
    #expect(messages.map(\.text) == ["see you", "your parcel fee", "win now", "ok then", "verify"])
    // Anything else still stops with the line number.
    #expect(throws: CorpusError.malformedLine(2, "label must be 'ham' or 'spam', found '1'")) {
        try LabeledCorpus.parse(Array("ham\tok\n1\tnumbers are not labels\n".utf8))
    }
}

@Test func linesThatAreNotUTF8AreReadAsLatin1() throws {
    // "spam<TAB>Win £1000 café" with £ and é as single Latin-1 bytes, then a UTF-8 line.
    var bytes = Array("spam\tWin ".utf8) + [0xA3] + Array("1000 caf".utf8) + [0xE9, 0x0A]
    bytes += Array("ham\tcafé £5\n".utf8)
    let messages = try LabeledCorpus.parse(bytes)
    #expect(messages.map(\.text) == ["Win £1000 café", "café £5"])
}

/// The one reader's rules, which train, evaluate, retrain, learn, `db import` and classify share:
/// BOM, `#` comments, blank lines, CRLF, Latin-1 fallback, other collections' labels.
@Test func oneReaderForEveryLabelledFile() throws {
    let bytes: [UInt8] =
        [0xEF, 0xBB, 0xBF] + Array("# a comment\nspam\tone\r\n\nHAM\ttwo\tthree\n legit \tcaf".utf8) + [0xE9]
    let lines = try LabeledCorpus.lines(bytes)
    #expect(lines.map(\.number) == [2, 4, 5])
    #expect(lines.map(\.isSpam) == [true, false, false])
    #expect(lines.map(\.text) == ["one", "two\tthree", "café"])
}

@Test func senderColumnAfterItsHeader() throws {
    let lines = try LabeledCorpus.lines(
        Array("Label\tSender\tText\nham\t+4915112345678\thi there\nspam\t\tWIN\n".utf8))
    #expect(lines.map(\.sender) == ["+4915112345678", ""])
    #expect(lines.map(\.text) == ["hi there", "WIN"])
    #expect(throws: CorpusError.malformedLine(2, "no TAB between sender and text")) {
        try LabeledCorpus.lines(Array("label\tsender\ttext\nham\tonly two\n".utf8))
    }
}

@Test func scoringIgnoresLabelsAndTakesBareLines() throws {
    var seen: [LabeledLine] = []
    try LabeledCorpus.read(Array("whatever\tfirst\nbare text line\n#skipped\n".utf8), labels: .ignored) {
        seen.append($0)
    }
    #expect(
        seen == [
            LabeledLine(number: 1, isSpam: nil, text: "first"),
            LabeledLine(number: 2, isSpam: nil, text: "bare text line"),
        ])
}
