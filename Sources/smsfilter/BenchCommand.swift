import ArgumentParser
import SpamApp

/// `smsfilter bench`: throughput measurements, run in a release build (see README, Performance).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput of the filter's parts (use a release build).",
        subcommands: [Tokenizer.self, Model.self])

    struct Tokenizer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Tokenizer messages per second over a corpus, one thread; prints the median of the runs.")

        @Option(help: "A label<TAB>text corpus.")
        var corpus: String

        @Option(help: "Timed passes over the corpus.")
        var runs = 7

        @OptionGroup var logging: LoggingOptions

        func run() throws {
            try logging.start()
            print(try Benchmarks.tokenizer(corpus: corpus, runs: runs))
        }
    }

    struct Model: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Model load time and scoring speed (one message at a time, and batched).")

        @OptionGroup var model: ModelOptions

        @Option(help: "A label<TAB>text corpus to score.")
        var corpus: String

        @Option(help: "Timed repetitions.")
        var runs = 7

        func run() throws {
            print(try Benchmarks.model(path: try model.path(), corpus: corpus, runs: runs))
        }
    }
}
