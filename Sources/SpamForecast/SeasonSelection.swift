/// Data-driven choices made on the validation tail of the training data (never on a holdout):
/// which seasonal-naive period a series follows best, and how much of it to mix into the
/// network's forecast (stacking).
public enum SeasonSelection {
    /// The period p in `periods` whose seasonal-naive forecast `values[t − p]` has the lowest
    /// mean absolute error over `range`; ties go to the earlier period. Steps with t − p < 0 are
    /// skipped; a period with no usable step never wins.
    public static func bestPeriod(_ periods: [Int], values: [Float], range: Range<Int>) -> Int? {
        var best: (period: Int, error: Double)? = nil
        for p in periods where p > 0 {
            var total = 0.0
            var count = 0
            for t in range where t - p >= 0 && t < values.count {
                total += Double(abs(values[t] - values[t - p]))
                count += 1
            }
            guard count > 0 else { continue }
            let error = total / Double(count)
            if best == nil || error < best!.error { best = (p, error) }
        }
        return best?.period
    }

    /// The weight w on `grid` minimising Σ |actual − ((1 − w)·model + w·naive)| after `unscale`
    /// (so the choice is made on the scale the forecast is judged on); ties go to the smaller w.
    public static func bestBlendWeight(
        model: [Float], naive: [Float], actual: [Float], grid: [Double], unscale: (Double) -> Double
    ) -> Double {
        precondition(
            model.count == naive.count && model.count == actual.count, "bestBlendWeight: lengths differ")
        var best = (weight: 0.0, error: Double.infinity)
        for w in grid {
            var total = 0.0
            for i in 0..<model.count {
                let z = (1 - w) * Double(model[i]) + w * Double(naive[i])
                total += abs(unscale(Double(actual[i])) - unscale(z))
            }
            if total < best.error { best = (w, total) }
        }
        return best.weight
    }
}
