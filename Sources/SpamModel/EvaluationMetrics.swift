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

    /// The same, except that a message is spam only when `flagged` says so (the filter's verdict,
    /// which rules beside the score can hold back); the AUC is still the scores'.
    public init(scores: [Double], labels: [Bool], threshold: Double, flagged: [Bool]) {
        self.init(scores: scores, labels: labels, threshold: threshold, withAUC: true, flagged: flagged)
    }

    private init(
        scores: [Double], labels: [Bool], threshold: Double, withAUC: Bool, flagged: [Bool]? = nil
    ) {
        self.threshold = threshold
        for (i, (score, isSpam)) in zip(scores, labels).enumerated() {
            switch (flagged?[i] ?? (score >= threshold), isSpam) {
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
        let p = precision
        let r = recall
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }

    /// Matthews correlation coefficient; 0 when any margin of the confusion matrix is empty.
    public var mcc: Double {
        let tp = Double(truePositives)
        let fp = Double(falsePositives)
        let tn = Double(trueNegatives)
        let fn = Double(falseNegatives)
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

    /// The decision threshold for held-out scores: among thresholds that keep ham false positives
    /// at or below `maxFalsePositiveRate`, those whose MCC is within `tolerance` of the best form
    /// a plateau (the MCC curve is flat over a wide range), and the median of that plateau is
    /// chosen. The argmax alone jumps with a single held-out message; the plateau's middle does not.
    public static func chooseThreshold(
        scores: [Double], labels: [Bool], maxFalsePositiveRate: Double, tolerance: Double = 0.005
    ) -> Double {
        chooseThreshold(
            scores: scores, labels: labels, groups: [Int](repeating: 0, count: scores.count),
            maxFalsePositiveRates: [maxFalsePositiveRate], tolerance: tolerance)
    }

    /// The same rule with a false-positive cap per group of messages (one group per corpus): a
    /// threshold is allowed only when every group's ham false-positive rate is at most that
    /// group's cap, and MCC is taken over all groups together. One pooled cap lets the corpus
    /// with the hardest ham (written automated notices) spend the whole allowance and push the
    /// threshold up for everyone; per-group caps say what a false positive may cost in each kind
    /// of traffic. `groups[i]` indexes `maxFalsePositiveRates`.
    public static func chooseThreshold(
        scores: [Double], labels: [Bool], groups: [Int], maxFalsePositiveRates: [Double],
        tolerance: Double = 0.005
    ) -> Double {
        let positives = labels.count { $0 }
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return 0.5 }
        var groupNegatives = [Int](repeating: 0, count: maxFalsePositiveRates.count)
        for (group, isSpam) in zip(groups, labels) where !isSpam { groupNegatives[group] += 1 }
        // Sweep thresholds from high to low over the sorted scores, counting as we go.
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var candidates: [(threshold: Double, mcc: Double, fpr: Double, withinCaps: Bool)] = []
        var tp = 0
        var fp = 0
        var groupFalsePositives = [Int](repeating: 0, count: maxFalsePositiveRates.count)
        var k = 0
        while k < order.count {
            let score = scores[order[k]]
            while k < order.count && scores[order[k]] == score {
                if labels[order[k]] {
                    tp += 1
                } else {
                    fp += 1
                    groupFalsePositives[groups[order[k]]] += 1
                }
                k += 1
            }
            // Midway to the next lower score, so the threshold does not sit on one message.
            let next = k < order.count ? scores[order[k]] : 0
            var m = EvaluationMetrics()
            m.truePositives = tp
            m.falsePositives = fp
            m.falseNegatives = positives - tp
            m.trueNegatives = negatives - fp
            let withinCaps = maxFalsePositiveRates.indices.allSatisfy { g in
                groupNegatives[g] == 0
                    || Double(groupFalsePositives[g]) / Double(groupNegatives[g]) <= maxFalsePositiveRates[g]
            }
            candidates.append(((score + next) / 2, m.mcc, m.falsePositiveRate, withinCaps))
        }
        let allowed = candidates.filter(\.withinCaps)
        guard let best = allowed.map(\.mcc).max() else {
            // Nothing meets the caps: the threshold with the fewest false positives.
            return candidates.min { $0.fpr < $1.fpr }?.threshold ?? 0.5
        }
        let plateau = allowed.filter { $0.mcc >= best - tolerance }.map(\.threshold).sorted()
        return plateau[plateau.count / 2]
    }
}
