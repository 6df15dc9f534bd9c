import SpamTestSupport
import Testing

/// Every command that reads `label<TAB>text` reads it with one reader (`LabeledCorpus`). Before,
/// `train --corpus` stopped at a `#` comment line and `retrain --base-corpus` at a byte order
/// mark (and read a Latin-1 byte as U+FFFD).
@Suite(.enabled(if: TestEnvironment.smsfilterBinary != nil, "needs the built binary"))
struct LabeledInputTests {
    /// A BOM, a comment, a blank line, CRLF, a Latin-1 line and another collection's label.
    static let corpus: [UInt8] =
        [0xEF, 0xBB, 0xBF] + Array("# exported from the phone\n".utf8)
        + (0..<24).flatMap { i -> [UInt8] in
            Array(
                (i % 3 == 0
                    ? "spam\tWIN a cash prize now, txt CLAIM \(i) to 80082\r\n"
                    : "ham\tsee you at lunch \(i)\n").utf8)
        }
        + Array("\nlegit\tthe caf".utf8) + [0xE9] + Array(" at noon\n".utf8)

    @Test func trainAndRetrainReadTheSameCorpusTheSameWay() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let scratch = TemporaryDirectory("labeled")
        defer { scratch.remove() }
        writeFile(scratch.file("corpus.tsv"), Self.corpus)
        let tiny = ["--epochs", "1", "--folds", "0"]
        let train = ChildProcess.run(
            [
                binary, "train", "--corpus", scratch.file("corpus.tsv"), "--out", scratch.file("m.smsmodel"),
                "--hidden", "4", "--embedding-dim", "4", "--ensemble", "1", "--threshold-folds", "0",
            ] + tiny,
            in: scratch, tag: "train")
        #expect(train.status == 0, "\(train.err)")
        #expect(train.out.contains("corpora: corpus.tsv (25)"), "\(train.out)")
        let retrain = ChildProcess.run(
            [
                binary, "retrain", "--db", scratch.file("s.sqlite"), "--force", "--baseline", "none",
                "--base-corpus", scratch.file("corpus.tsv"), "--hidden-size", "4", "--embedding-dim", "4",
            ] + tiny,
            in: scratch, tag: "retrain")
        #expect(retrain.status == 0, "\(retrain.err)")
        // All 25 messages, split between training and validation.
        let counts = retrain.out.split(separator: "\n").first { $0.hasPrefix("training on ") }
            .map { line in line.split(separator: " ").compactMap { Int($0) } }
        #expect(counts.map { $0[0] + $0[1] } == 25, "\(retrain.out)")
    }

    /// The same file through `learn --input tsv` and `db import`: 25 rows each.
    @Test func learnAndImportReadTheSameCorpus() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let scratch = TemporaryDirectory("labeled-learn")
        defer { scratch.remove() }
        writeFile(scratch.file("corpus.tsv"), Self.corpus)
        let learn = ChildProcess.run(
            [
                binary, "learn", "--db", scratch.file("a.sqlite"), "--input", "tsv",
                scratch.file("corpus.tsv"),
            ],
            in: scratch, tag: "learn")
        #expect(learn.status == 0, "\(learn.err)")
        #expect(learn.out.hasPrefix("learned 25 messages"), "\(learn.out)")
        let imported = ChildProcess.run(
            [binary, "db", "import", "--db", scratch.file("b.sqlite"), scratch.file("corpus.tsv")],
            in: scratch,
            tag: "import")
        #expect(imported.status == 0, "\(imported.err)")
        #expect(imported.out.hasPrefix("imported 25 rows"), "\(imported.out)")
        let export = ChildProcess.run(
            [binary, "db", "export", "--db", scratch.file("b.sqlite")], in: scratch, tag: "export")
        #expect(export.out.contains("ham\tthe café at noon\n"))
    }

    /// A bad line is a data error naming the file and line: exit 3, not the usage status 64.
    @Test func aBadLineIsARuntimeError() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary)
        let scratch = TemporaryDirectory("labeled-bad")
        defer { scratch.remove() }
        scratch.write("bad.tsv", "ham\tfine\neggs\tnot a label\n")
        for argv in [
            ["train", "--corpus", scratch.file("bad.tsv"), "--out", scratch.file("m")],
            ["learn", "--db", scratch.file("s.sqlite"), "--input", "tsv", scratch.file("bad.tsv")],
        ] {
            let run = ChildProcess.run([binary] + argv, in: scratch, tag: argv[0])
            #expect(run.status == 3, "\(argv[0]): \(run.err)")
            #expect(
                run.err.contains("bad.tsv: line 2: label must be 'ham' or 'spam'"), "\(argv[0]): \(run.err)")
        }
    }
}
