import SpamTestSupport
import Testing

/// `train` with several corpora records each in the model, and refuses ambiguous or unknown names.
@Suite(.enabled(if: TestEnvironment.smsfilterBinary != nil, "needs the binary"))
struct TrainCorporaTests {
    func corpus(_ spam: [String], _ ham: [String]) -> [UInt8] {
        Array((spam.map { "spam\t" + $0 } + ham.map { "ham\t" + $0 }).joined(separator: "\n").utf8) + [0x0A]
    }

    @Test func eachCorpusIsRecordedAndNamesMustBeClear() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let spam = (0..<8).map { "WIN a prize \($0) now, call 0906170146\($0) to claim" }
        let ham = (0..<8).map { "see you at the cafe at \($0) pm, bring the book" }
        writeFile(dir.path + "/a.tsv", corpus(spam, ham))
        writeFile(dir.path + "/b.tsv", corpus(Array(spam.prefix(3)), Array(ham.prefix(5))))
        let binary = TestEnvironment.smsfilterBinary!
        let d = dir.path
        let train = "train --folds 0 --threshold-folds 0 --epochs 1 --min-count 1 --seed 3"
        let ok = runFilter(
            binary,
            "\(train) --corpus first=\(d)/a.tsv --corpus second=\(d)/b.tsv --corpus-weight second=2 "
                + "--threshold-corpus first --out \(d)/m.smsmodel", input: [], in: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(text(ok.stdout).contains("held-out by corpus"))
        let shown = text(
            runFilter(binary, "models show --model \(d)/m.smsmodel --format json", input: [], in: dir).stdout)
        #expect(
            shown.contains(
                "{\"name\": \"first\", \"messages\": 16, \"ham\": 8, \"spam\": 8, \"weight\": 1.0"),
            "\(shown)")
        #expect(
            shown.contains(
                "{\"name\": \"second\", \"messages\": 8, \"ham\": 5, \"spam\": 3, \"weight\": 2.0"),
            "\(shown)")
        #expect(shown.contains("\"threshold_corpora\": \"first\""))

        // A corpus with a false-positive cap of its own: recorded in the model beside the corpora.
        let capped = runFilter(
            binary,
            "\(train) --corpus first=\(d)/a.tsv --corpus second=\(d)/b.tsv "
                + "--corpus-max-false-positive-rate second=0.2 --out \(d)/c.smsmodel", input: [], in: dir)
        #expect(capped.status == 0, "\(capped.stderr)")
        let cappedShown = text(
            runFilter(binary, "models show --model \(d)/c.smsmodel --format json", input: [], in: dir).stdout)
        #expect(cappedShown.contains("\"threshold_fpr_caps\": \"second=0.2\""), "\(cappedShown)")
        #expect(cappedShown.contains("\"threshold_corpora\": \"first,second\""), "\(cappedShown)")

        // Two files with the same name, a weight or threshold corpus that names no corpus: usage errors.
        for bad in [
            "--corpus \(d)/a.tsv --corpus \(d)/./a.tsv", "--corpus \(d)/a.tsv --corpus-weight nope=2",
            "--corpus \(d)/a.tsv --threshold-corpus nope", "--corpus \(d)/a.tsv --corpus-weight a.tsv=-1",
            "--corpus \(d)/a.tsv --corpus-max-false-positive-rate nope=0.1",
            "--corpus \(d)/a.tsv --corpus-max-false-positive-rate a.tsv=1.5",
        ] {
            let run = runFilter(binary, "\(train) \(bad) --out \(d)/x.smsmodel", input: [], in: dir)
            #expect(run.status == 64, "\(bad): \(run.status) \(run.stderr)")
            #expect(readFile(dir.path + "/x.smsmodel") == nil)
        }
    }
}
