/// Binary-classification figures with spam as the positive class.
public struct EvaluationMetrics: Sendable, Equatable {
    public var truePositives = 0
    public var falsePositives = 0
    public var trueNegatives = 0
    public var falseNegatives = 0
    /// Area under the ROC curve, from the scores (independent of the threshold).
    public var auc = 0.0
    public var threshold = 0.5

    public init() {}

    /// Scores `scores` (spam probabilities) against `labels` (true = spam) at `threshold`:
    /// a message is spam when its score is at least the threshold.
    public init(scores: [Double], labels: [Bool], threshold: Double) {
        self.init(scores: scores, labels: labels, threshold: threshold, withAUC: true)
    }

    private init(scores: [Double], labels: [Bool], threshold: Double, withAUC: Bool) {
        self.threshold = threshold
        for (score, isSpam) in zip(scores, labels) {
            switch (score >= threshold, isSpam) {
            case (true, true): truePositives += 1
            case (true, false): falsePositives += 1
            case (false, false): trueNegatives += 1
            case (false, true): falseNegatives += 1
            }
        }
        if withAUC { auc = Self.areaUnderROC(scores: scores, labels: labels) }
    }

    public var count: Int { truePositives + falsePositives + trueNegatives + falseNegatives }
    public var accuracy: Double { ratio(truePositives + trueNegatives, count) }
    public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
    public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
    /// Ham marked spam / all ham: the costly error.
    public var falsePositiveRate: Double { ratio(falsePositives, falsePositives + trueNegatives) }
    public var f1: Double {
        let p = precision, r = recall
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }

    /// Matthews correlation coefficient; 0 when any margin of the confusion matrix is empty.
    public var mcc: Double {
        let tp = Double(truePositives), fp = Double(falsePositives)
        let tn = Double(trueNegatives), fn = Double(falseNegatives)
        let denominator = ((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)).squareRoot()
        return denominator == 0 ? 0 : (tp * tn - fp * fn) / denominator
    }

    private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }

    /// ROC AUC as the Mann-Whitney statistic, ties counted half.
    public static func areaUnderROC(scores: [Double], labels: [Bool]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSumPositive = 0.0
        var positives = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let averageRank = Double(i + j) / 2 + 1
            for k in i...j where labels[order[k]] {
                rankSumPositive += averageRank
                positives += 1
            }
            i = j + 1
        }
        let negatives = Double(scores.count) - positives
        guard positives > 0, negatives > 0 else { return 0 }
        return (rankSumPositive - positives * (positives + 1) / 2) / (positives * negatives)
    }

    /// The threshold with the best MCC among those that keep ham false positives at or below
    /// `maxFalsePositiveRate` (ties: the higher threshold, which is the safer one for ham).
    public static func chooseThreshold(
        scores: [Double], labels: [Bool], maxFalsePositiveRate: Double
    ) -> Double {
        let candidates = Array(Set(scores)).sorted()
        var best = 0.5
        var bestMCC = -2.0
        var fallback = 0.5
        var fallbackFPR = 2.0
        for (k, score) in candidates.enumerated() {
            // Midway to the next lower score, so the threshold generalizes rather than sitting
            // exactly on one validation message.
            let lower = k > 0 ? candidates[k - 1] : 0
            let threshold = (score + lower) / 2
            let metrics = EvaluationMetrics(
                scores: scores, labels: labels, threshold: threshold, withAUC: false)
            if metrics.falsePositiveRate < fallbackFPR {
                fallbackFPR = metrics.falsePositiveRate
                fallback = threshold
            }
            guard metrics.falsePositiveRate <= maxFalsePositiveRate else { continue }
            if metrics.mcc >= bestMCC {
                bestMCC = metrics.mcc
                best = threshold
            }
        }
        return bestMCC > -2 ? best : fallback
    }
}
