import SpamIO
public import SpamModel
import SpamText

/// `bench tokenizer` and `bench model`: speed on a corpus, reported as the median of the runs.
public enum Benchmarks {
    /// Tokenizer messages per second over the corpus, one thread.
    public static func tokenizer(corpus: String, runs: Int) throws -> String {
        let inputs = try CorpusFile.messages(path: corpus).map { Array($0.text.utf8) }
        let tokenizer = try Tokenizer()
        var rates: [Double] = []
        var tokenCount = 0
        for _ in 0..<max(runs, 1) {
            let start = ProcessInfoLite.monotonicSeconds()
            tokenCount = 0
            for bytes in inputs { tokenCount += tokenizer.tokens(utf8: bytes).count }
            rates.append(Double(inputs.count) / (ProcessInfoLite.monotonicSeconds() - start))
        }
        rates.sort()
        return """
            tokenizer: \(inputs.count) messages, \(tokenCount) tokens per pass, \(runs) passes
            median \(Int(median(rates))) messages/s (min \(Int(rates.first!)), max \(Int(rates.last!)))
            """
    }

    /// Load time from the mapped file, and scoring speed one message at a time and batched.
    public static func model(path: String, corpus: String, runs: Int) throws -> String {
        let file = try MappedFile(path: path)
        var loads: [Double] = []
        var trustedLoads: [Double] = []
        for _ in 0..<max(runs, 20) {
            var start = ProcessInfoLite.monotonicSeconds()
            _ = try SpamClassifier(file: file)
            loads.append(ProcessInfoLite.monotonicSeconds() - start)
            start = ProcessInfoLite.monotonicSeconds()
            _ = try SpamClassifier(file: file, verifiedBefore: true)
            trustedLoads.append(ProcessInfoLite.monotonicSeconds() - start)
        }
        let classifier = try SpamClassifier(file: file)
        let texts = try CorpusFile.messages(path: corpus).map(\.text)
        var single: [Double] = []
        var batched: [Double] = []
        var ngramAlone: [Double] = []
        for _ in 0..<runs {
            if let ngram = classifier.ngram {
                let start = ProcessInfoLite.monotonicSeconds()
                for text in texts { _ = ngram.windowedDecisionValue(of: text) }
                ngramAlone.append(Double(texts.count) / (ProcessInfoLite.monotonicSeconds() - start))
            }
            var start = ProcessInfoLite.monotonicSeconds()
            for text in texts { _ = classifier.spamProbability(of: text) }
            single.append(Double(texts.count) / (ProcessInfoLite.monotonicSeconds() - start))
            start = ProcessInfoLite.monotonicSeconds()
            _ = classifier.spamProbabilities(of: texts)
            batched.append(Double(texts.count) / (ProcessInfoLite.monotonicSeconds() - start))
        }
        return """
            model \(classifier.modelID): \(file.bytes.count) bytes, \(classifier.networkCount) networks, V=\(classifier.shape.vocabularySize)
            load from the mapped file (embedding rows decoded on use): median \(fixed(median(loads) * 1000, decimals: 2)) ms
            load of a file version verified before (a delivery's, see VerifiedModelRecord): median \(fixed(median(trustedLoads) * 1000, decimals: 3)) ms
            scoring one at a time: median \(Int(median(single))) messages/s
            scoring batched: median \(Int(median(batched))) messages/s (\(texts.count) messages, tokenizing included)
            """
                + (ngramAlone.isEmpty
                    ? "" : "\nof which the n-gram model alone: median \(Int(median(ngramAlone))) messages/s")
    }

    /// The middle value (upper middle for even counts).
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
