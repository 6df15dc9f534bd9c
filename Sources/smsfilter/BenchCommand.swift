import ArgumentParser
import SpamIO
import SpamText

/// `smsfilter bench`: throughput measurements, run in a release build (see README, Performance).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput of the filter's parts (use a release build).",
        subcommands: [Tokenizer.self])

    struct Tokenizer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tokenizer messages per second over a corpus, one thread; prints the median of the runs.")

        @Option(help: "A label<TAB>text corpus.")
        var corpus: String

        @Option(help: "Timed passes over the corpus.")
        var runs = 7

        func run() throws {
            let messages = try LabeledCorpus.parse(try FileIO.read(path: corpus))
            let inputs = messages.map { Array($0.text.utf8) }
            let tokenizer = try SpamText.Tokenizer()
            var rates: [Double] = []
            var tokenCount = 0
            for _ in 0..<runs {
                let start = ProcessInfoLite.monotonicSeconds()
                tokenCount = 0
                for bytes in inputs { tokenCount += tokenizer.tokens(utf8: bytes).count }
                rates.append(Double(inputs.count) / (ProcessInfoLite.monotonicSeconds() - start))
            }
            rates.sort()
            let median = rates[rates.count / 2]
            print("tokenizer: \(inputs.count) messages, \(tokenCount) tokens per pass, \(runs) passes")
            print("median \(Int(median)) messages/s (min \(Int(rates.first!)), max \(Int(rates.last!)))")
        }
    }
}
