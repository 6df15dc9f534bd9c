import SpamTestSupport
import Testing

/// `retrain` with several base corpora, as `train` takes them (`[NAME=]FILE`, `--corpus-weight`,
/// `--threshold-corpus`, `--min-count`, `--spam-weight`), so a retrain can follow the bundled
/// model's recipe. Before, `--base-corpus` took one file and the default recipe.
@Suite(.enabled(if: TestEnvironment.smsfilterBinary != nil, "needs the built binary"))
struct RetrainCorporaTests {
    static let tiny = ["--hidden-size", "4", "--embedding-dim", "4", "--epochs", "1", "--folds", "0"]

    func corpus(_ tag: String, count: Int) -> String {
        (0..<count).map { i in
            i % 3 == 0
                ? "spam\tWIN a \(tag) cash prize now, txt CLAIM \(i) to 80082"
                : "ham\tsee you at \(tag) lunch \(i)"
        }.joined(separator: "\n") + "\n"
    }

    func retrain(_ arguments: [String], in scratch: TemporaryDirectory, tag: String) -> (
        status: Int32, out: String, err: String
    ) {
        let binary = TestEnvironment.smsfilterBinary!
        let result = ChildProcess.run(
            [binary, "retrain", "--db", scratch.file("s.sqlite"), "--force", "--baseline", "none"]
                + arguments,
            in: scratch, tag: tag)
        return (result.status, result.out, result.err)
    }

    @Test func severalWeightedBaseCorporaTrainACandidate() throws {
        let scratch = TemporaryDirectory("retrain-corpora")
        defer { scratch.remove() }
        scratch.write("a.tsv", corpus("a", count: 30))
        scratch.write("b.tsv", corpus("b", count: 30))
        let run = retrain(
            [
                "--base-corpus", "first=" + scratch.file("a.tsv"), "--base-corpus", scratch.file("b.tsv"),
                "--corpus-weight", "b.tsv=2", "--threshold-corpus", "first", "--min-count", "1",
                "--spam-weight", "1", "--corpus-max-false-positive-rate", "b.tsv=0.05",
            ] + Self.tiny, in: scratch, tag: "ok")
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("activated model #1"), "\(run.out)")
    }

    @Test(arguments: [
        (["--corpus-weight", "c.tsv=2"], "--corpus-weight names 'c.tsv'"),
        (["--threshold-corpus", "zz"], "--threshold-corpus names 'zz'"),
        (["--corpus-weight", "a.tsv=-1"], "positive weight"),
        (["--corpus-max-false-positive-rate", "zz=0.1"], "--corpus-max-false-positive-rate names 'zz'"),
        (["--mail-only-corpus", "zz"], "--mail-only-corpus names 'zz'"),
        (["--mail-only-corpus", "a.tsv", "--mail-ngram-weight", "0"], "needs --mail-ngram-weight above 0"),
    ])
    func badCorpusOptionsAreUsageErrors(extra: [String], message: String) throws {
        let scratch = TemporaryDirectory("retrain-corpora-bad")
        defer { scratch.remove() }
        scratch.write("a.tsv", corpus("a", count: 12))
        let run = retrain(
            ["--base-corpus", scratch.file("a.tsv")] + extra + Self.tiny, in: scratch, tag: "bad")
        #expect(run.status == 64, "\(run.err)")
        #expect(run.err.contains(message), "\(run.err)")
    }

    @Test func twoCorporaWithOneNameAreRefused() throws {
        let scratch = TemporaryDirectory("retrain-corpora-names")
        defer { scratch.remove() }
        scratch.write("a.tsv", corpus("a", count: 12))
        let run = retrain(
            ["--base-corpus", "x=" + scratch.file("a.tsv"), "--base-corpus", "x=" + scratch.file("a.tsv")]
                + Self.tiny, in: scratch, tag: "names")
        #expect(run.status == 64, "\(run.err)")
        #expect(run.err.contains("two corpora are named 'x'"), "\(run.err)")
    }
}
