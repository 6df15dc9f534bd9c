import SpamStore
import SpamTestSupport
import Testing

@Test func tsvEscapesTabsAndNewlines() {
    #expect(FeedbackTSV.line(label: .spam, text: " a\tb\nc\r\nd\n") == "spam\ta b c  d")
}

@Test func exportWritesOneLinePerFeedback() throws {
    let dir = TemporaryDirectory("tsv")
    defer { dir.remove() }
    let store = try FeedbackStore(path: dir.file("a.sqlite"))
    try store.learn(
        [
            FeedbackItem(text: "first\tline", label: .spam, source: "t"),
            FeedbackItem(text: "second", label: .ham, source: "t"),
        ], at: 1)
    let tsv = try store.exportTSV()
    #expect(tsv == "spam\tfirst line\nham\tsecond\n")
}

@Test func digestIgnoresWhitespaceLayout() {
    #expect(FeedbackDigest.of("a\tb\n c\n") == FeedbackDigest.of("a b c"))
    #expect(FeedbackDigest.of("a b c") == SHA256.hex(of: "a b c"))
    #expect(FeedbackDigest.of("a b") != FeedbackDigest.of("ab"))
}
