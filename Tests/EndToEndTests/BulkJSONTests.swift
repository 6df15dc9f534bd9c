import SpamTestSupport
import Testing

/// `classify --format json` over an mbox keeps the stream JSON, messages over
/// --max-size included (main wrote `1<TAB>unfiltered<TAB>-` lines into it).
@Suite(
    .enabled(
        if: TestEnvironment.smsfilterBinary != nil && TestEnvironment.model != nil,
        "needs the binary and a model"))
struct BulkJSONTests {
    @Test func oversizeMessagesStayJSON() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let small = "From a@example.org Mon Jan  1 00:00:00 2024\nSubject: hi\n\nlunch?\n"
        let large =
            "From b@example.org Mon Jan  1 00:00:00 2024\nSubject: big\n\n"
            + String(repeating: "words and more words ", count: 20) + "\n"
        writeFile(dir.path + "/box.mbox", Array((small + "\n" + large).utf8))
        let model = quoted(TestEnvironment.model!)
        let result = runFilter(
            TestEnvironment.smsfilterBinary!,
            "classify --no-log --model \(model) --format json --max-size 200 --input mbox \(quoted(dir.path + "/box.mbox"))",
            input: [], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = text(result.stdout).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.hasPrefix("{") && $0.hasSuffix("}") }, "\(lines)")
        #expect(lines.last == "{\"id\":\"2\",\"verdict\":\"unfiltered\",\"score\":null}")
    }
}
