import SpamTestSupport
import Testing

/// `evaluate` counts what the filter would call Spam: a line whose score reaches the threshold
/// but that a verdict rule holds at Unsure (a short remark, `reason=few-words`) is not flagged,
/// and the report says how many were held back. Before, `evaluate` compared scores with the
/// threshold alone and reported one more era-check spam caught than the filter calls Spam.
@Test func evaluateCountsTheFiltersVerdicts() throws {
    guard let binary = TestEnvironment.smsfilterBinary, let model = TestEnvironment.model else {
        Issue.record("built smsfilter binary or bundled model not found")
        return
    }
    let scratch = TemporaryDirectory("evaluate-verdicts")
    defer { scratch.remove() }
    scratch.write(
        "corpus.tsv",
        """
        spam\thello
        spam\tWINNER!! You have won a 1000 prize. Call 09061701461 now to claim, 150p/min.
        ham\thi
        ham\tLunch at 1? I'll be at the usual place.

        """)
    // A low threshold, so that both greetings score over it (the bundled model: 0.65 and 0.63).
    let arguments = [
        binary, "evaluate", "--model", model, "--threshold", "0.3", "--corpus", scratch.file("corpus.tsv"),
    ]
    let json = ChildProcess.run(arguments + ["--format", "json"], in: scratch, tag: "json")
    #expect(json.status == 0, "\(json.err)")
    for field in ["\"tp\": 1", "\"fn\": 1", "\"fp\": 0", "\"tn\": 2", "\"held_back\": 2"] {
        #expect(json.out.contains(field), "\(field): \(json.out)")
    }
    let text = ChildProcess.run(arguments, in: scratch, tag: "text")
    #expect(text.out.contains("held back 2 over the threshold at Unsure"), "\(text.out)")
}
