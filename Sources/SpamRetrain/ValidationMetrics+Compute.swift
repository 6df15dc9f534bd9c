public import SpamStore

extension ValidationMetrics {
    /// Scores decisions against labels (true = spam). MCC is 0 when a row or column of the
    /// confusion matrix is empty (e.g. everything predicted ham), as is conventional.
    public static func compute(predicted: [Bool], actual: [Bool]) -> ValidationMetrics {
        var tp = 0.0
        var tn = 0.0
        var fp = 0.0
        var fn = 0.0
        for (p, a) in zip(predicted, actual) {
            switch (p, a) {
            case (true, true): tp += 1
            case (false, false): tn += 1
            case (true, false): fp += 1
            case (false, true): fn += 1
            }
        }
        let denominator = ((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)).squareRoot()
        let mcc = denominator > 0 ? (tp * tn - fp * fn) / denominator : 0
        let count = tp + tn + fp + fn
        return ValidationMetrics(
            mcc: mcc,
            hamFalsePositiveRate: tn + fp > 0 ? fp / (tn + fp) : 0,
            spamRecall: tp + fn > 0 ? tp / (tp + fn) : 0,
            accuracy: count > 0 ? (tp + tn) / count : 0,
            count: Int(count))
    }
}
