import SpamNN

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Trains an `NgramModel`: inverse document frequencies from the training messages, then a
/// linear SVM with the squared hinge loss, by dual coordinate descent (Hsieh et al., "A dual
/// coordinate descent method for large-scale linear SVM", ICML 2008). The bias is a feature
/// of value 1, regularized with the rest. Spam and ham weigh alike in total (each class's
/// messages weigh `count / (2 · class count)`), times each example's own weight. Seeded: the
/// same examples give the same model.
public enum NgramTrainer {
    /// The cost of a margin violation against the weights' size (`C`).
    public static let cost: Float = 1
    /// Coordinate descent stops when the projected gradient's spread is this small, or after
    /// `maxSweeps` passes.
    static let tolerance: Float = 1e-3
    static let maxSweeps = 300

    public static func train(
        texts: [String], isSpam: [Bool], weights: [Float], mixWeight: Float, seed: UInt64
    ) -> NgramModel {
        // An example of weight 0 counts for nothing (its dual variable could not move).
        let kept = texts.indices.filter { weights[$0] > 0 }
        let counts = kept.map { NgramFeatures.counts(of: texts[$0]) }
        let idf = inverseFrequencies(counts)
        let table = NgramTable(idf)
        let features = counts.map { NgramModel.features($0, idf: table) }
        let (w, bias) = fitSVM(
            features: features, isSpam: kept.map { isSpam[$0] }, weights: kept.map { weights[$0] }, seed: seed
        )
        return NgramModel(weights: NgramTable(w), inverseFrequencies: table, bias: bias, mixWeight: mixWeight)
    }

    /// `ln((1 + n) / (1 + df)) + 1` per bucket, `df` the messages it occurs in: an n-gram in
    /// every message weighs 1, one in a single message about `ln(n / 2) + 1`.
    static func inverseFrequencies(_ counts: [[(bucket: Int32, count: Int32)]]) -> [Float] {
        var df = [Int32](repeating: 0, count: NgramFeatures.featureCount)
        for message in counts {
            for (b, _) in message { df[Int(b)] += 1 }
        }
        let n = Float(counts.count)
        return df.map { logf((1 + n) / (1 + Float($0))) + 1 }
    }

    /// The weights and bias of a squared-hinge linear SVM on sparse features.
    static func fitSVM(
        features: [[(bucket: Int32, value: Float)]], isSpam: [Bool], weights: [Float], seed: UInt64
    ) -> (weights: [Float], bias: Float) {
        let n = features.count
        var w = [Float](repeating: 0, count: NgramFeatures.featureCount)
        var bias: Float = 0
        guard n > 0 else { return (w, bias) }
        let spamCount = isSpam.count { $0 }
        let classWeight: (Bool) -> Float = { spam in
            let k = spam ? spamCount : n - spamCount
            return k == 0 ? 1 : Float(n) / Float(2 * k)
        }
        // Per example: D = 1 / (2C_i) (the squared hinge's dual), Q = |x|² + 1 (bias) + D.
        let diagonal = (0..<n).map { i in 1 / (2 * cost * classWeight(isSpam[i]) * weights[i]) }
        let q = (0..<n).map { i in features[i].reduce(Float(1)) { $0 + $1.value * $1.value } + diagonal[i] }
        var alpha = [Float](repeating: 0, count: n)
        var order = Array(0..<n)
        var generator = SeededGenerator(seed: seed ^ 0x4E47_5241_4D53_564D)
        for _ in 0..<maxSweeps {
            order.shuffle(using: &generator)
            var highest = -Float.infinity
            var lowest = Float.infinity
            for i in order {
                let y: Float = isSpam[i] ? 1 : -1
                var dot = bias
                for (b, v) in features[i] { dot += w[Int(b)] * v }
                let g = y * dot - 1 + diagonal[i] * alpha[i]
                let projected = alpha[i] == 0 ? min(g, 0) : g
                highest = max(highest, projected)
                lowest = min(lowest, projected)
                guard projected != 0 else { continue }
                let old = alpha[i]
                alpha[i] = max(old - g / q[i], 0)
                let step = (alpha[i] - old) * y
                for (b, v) in features[i] { w[Int(b)] += step * v }
                bias += step
            }
            if highest - lowest < tolerance { break }
        }
        return (w, bias)
    }
}
