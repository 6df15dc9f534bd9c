import ArgumentParser
import SpamApp
import SpamIO
import SpamModel
import SpamText

/// `smsfilter bench`: throughput measurements, run in a release build (see README, Performance).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput of the filter's parts (use a release build).",
        subcommands: [Tokenizer.self, Model.self])

    struct Tokenizer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tokenizer messages per second over a corpus, one thread; prints the median of the runs.")

        @Option(help: "A label<TAB>text corpus.")
        var corpus: String

        @Option(help: "Timed passes over the corpus.")
        var runs = 7

        @OptionGroup var logging: LoggingOptions

        func run() throws {
            try logging.start()
            let messages = try CorpusFile.messages(path: corpus)
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

    struct Model: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Model load time and scoring speed (one message at a time, and batched).")

        @Option(help: "Model file (default: the one classify uses: $SMSFILTER_MODEL, config `model`, the store's active model, the bundled one).")
        var model: String?

        @OptionGroup var store: StoreOptions

        @Option(help: "A label<TAB>text corpus to score.")
        var corpus: String

        @Option(help: "Timed repetitions.")
        var runs = 7

        func run() throws {
            let path = try store.context(model: model).modelPath()
            let file = try MappedFile(path: path)
            var loads: [Double] = []
            for _ in 0..<max(runs, 20) {
                let start = ProcessInfoLite.monotonicSeconds()
                _ = try SpamClassifier(file: file)
                loads.append(ProcessInfoLite.monotonicSeconds() - start)
            }
            let classifier = try SpamClassifier(file: file)
            let texts = try CorpusFile.messages(path: corpus).map(\.text)
            var single: [Double] = []
            var batched: [Double] = []
            for _ in 0..<runs {
                var start = ProcessInfoLite.monotonicSeconds()
                for text in texts { _ = classifier.spamProbability(of: text) }
                single.append(Double(texts.count) / (ProcessInfoLite.monotonicSeconds() - start))
                start = ProcessInfoLite.monotonicSeconds()
                _ = classifier.spamProbabilities(of: texts)
                batched.append(Double(texts.count) / (ProcessInfoLite.monotonicSeconds() - start))
            }
            print("model \(classifier.modelID): \(file.bytes.count) bytes, \(classifier.networkCount) networks, V=\(classifier.shape.vocabularySize)")
            print("load from the mapped file (embedding rows decoded on use): median \(fixed(median(loads) * 1000, decimals: 2)) ms")
            print("scoring one at a time: median \(Int(median(single))) messages/s")
            print("scoring batched: median \(Int(median(batched))) messages/s (\(texts.count) messages, tokenizing included)")
        }
    }
}

/// The middle value (upper middle for even counts).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}
