import Testing
import SpamStore
import SpamTestSupport

@Test func tsvEscapesTabsAndNewlines() {
    #expect(FeedbackTSV.line(label: .spam, text: " a\tb\nc\r\nd\n") == "spam\ta b c  d")
}

@Test func tsvParsesAndReportsBadLines() throws {
    let rows = try FeedbackTSV.parse(Array("# comment\nspam\tone\r\n\nHAM\ttwo\tthree\n".utf8))
    #expect(rows.map(\.label) == [.spam, .ham])
    #expect(rows.map(\.text) == ["one", "two\tthree"])
    #expect(rows.map(\.line) == [2, 4])
    #expect(throws: StoreError.invalidInput("f.tsv:2: label must be spam or ham, not \"eggs\"")) {
        _ = try FeedbackTSV.parse(Array("ham\tok\neggs\tbad\n".utf8), source: "f.tsv")
    }
    #expect(throws: StoreError.self) { _ = try FeedbackTSV.parse(Array("no tab here".utf8)) }
}

@Test func exportThenImportRoundTrips() throws {
    let dir = TemporaryDirectory("tsv")
    defer { dir.remove() }
    let store = try FeedbackStore(path: dir.file("a.sqlite"))
    try store.learn([
        FeedbackItem(text: "first\tline", label: .spam, source: "t"),
        FeedbackItem(text: "second", label: .ham, source: "t"),
    ], at: 1)
    let tsv = try store.exportTSV()
    #expect(tsv == "spam\tfirst line\nham\tsecond\n")
    let other = try FeedbackStore(path: dir.file("b.sqlite"))
    let rows = try FeedbackTSV.parse(Array(tsv.utf8), source: "import")
    let items = rows.map { FeedbackItem(text: $0.text, label: $0.label, source: "import") }
    #expect(try other.learn(items, at: 2) == [.added, .added])
    #expect(try other.feedbackCounts() == [.spam: 1, .ham: 1])
}

@Test func digestIgnoresWhitespaceLayout() {
    #expect(FeedbackDigest.of("a\tb\n c\n") == FeedbackDigest.of("a b c"))
    #expect(FeedbackDigest.of("a b c") == SHA256.hex(of: "a b c"))
    #expect(FeedbackDigest.of("a b") != FeedbackDigest.of("ab"))
}
