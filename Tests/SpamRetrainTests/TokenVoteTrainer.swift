import SpamRetrain

/// A tiny stand-in model for testing the flow: naive Bayes over lower-cased words, serialised as
/// text. Fast and deterministic, so the flow's tests do not depend on LSTM training time.
struct TokenVoteTrainer: RetrainTrainer {
    /// When set, every model this trainer makes says "spam" to everything (a bad candidate).
    var alwaysSpam = false

    struct Failure: Error {}

    func train(_ examples: [LabeledText], start: [UInt8]?, seed: UInt64) throws -> [UInt8] {
        if alwaysSpam { return Array("ALWAYS-SPAM\n".utf8) }
        var spam: [String: Float] = [:]
        var ham: [String: Float] = [:]
        var spamTotal: Float = 0
        var hamTotal: Float = 0
        for example in examples {
            for word in TokenVoteTrainer.words(example.text) {
                if example.isSpam {
                    spam[word, default: 0] += example.weight
                } else {
                    ham[word, default: 0] += example.weight
                }
            }
            if example.isSpam { spamTotal += example.weight } else { hamTotal += example.weight }
        }
        var lines = ["PRIOR\t\(spamTotal)\t\(hamTotal)"]
        for word in Set(spam.keys).union(ham.keys).sorted() {
            lines.append("\(word)\t\(spam[word] ?? 0)\t\(ham[word] ?? 0)")
        }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    func predict(modelFile: [UInt8], texts: [String]) throws -> [Bool] {
        let text = String(decoding: modelFile, as: UTF8.self)
        if text.hasPrefix("ALWAYS-SPAM") { return texts.map { _ in true } }
        var spam: [String: Float] = [:]
        var ham: [String: Float] = [:]
        var prior: (Float, Float) = (1, 1)
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "\t").map(String.init)
            guard f.count == 3, let s = Float(f[1]), let h = Float(f[2]) else { throw Failure() }
            if f[0] == "PRIOR" {
                prior = (s, h)
            } else {
                spam[f[0]] = s
                ham[f[0]] = h
            }
        }
        let spamWords = spam.values.reduce(0, +)
        let hamWords = ham.values.reduce(0, +)
        let vocabulary = Float(spam.count)
        return texts.map { text in
            var score = logf(max(prior.0, 1)) - logf(max(prior.1, 1))
            for word in TokenVoteTrainer.words(text) where spam[word] != nil {
                score += logf(((spam[word] ?? 0) + 1) / (spamWords + vocabulary))
                score -= logf(((ham[word] ?? 0) + 1) / (hamWords + vocabulary))
            }
            return score > 0
        }
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
