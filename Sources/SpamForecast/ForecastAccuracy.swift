/// Point-forecast errors over a set of held-out steps, as in ../shared/timeseries/README.md.
public struct ForecastAccuracy: Sendable, Equatable {
    /// Mean absolute error.
    public var mae: Double
    /// Root mean squared error.
    public var rmse: Double
    /// Symmetric MAPE in percent: mean of 200·|F−A|/(|A|+|F|), with 0/0 counted as 0.
    public var smape: Double
    /// MAE divided by the in-sample seasonal-naive MAE (`scale`).
    public var mase: Double
    /// Number of steps evaluated.
    public var count: Int

    /// Errors of `forecast` against `actual` (same length); `scale` is the MASE denominator.
    public init(actual: [Double], forecast: [Double], scale: Double) {
        let n = min(actual.count, forecast.count)
        var absolute = 0.0
        var squared = 0.0
        var symmetric = 0.0
        for i in 0..<n {
            let error = forecast[i] - actual[i]
            absolute += abs(error)
            squared += error * error
            let denominator = abs(actual[i]) + abs(forecast[i])
            if denominator > 0 { symmetric += 200 * abs(error) / denominator }
        }
        let count = Double(max(n, 1))
        mae = absolute / count
        rmse = (squared / count).squareRoot()
        smape = symmetric / count
        mase = scale > 0 ? mae / scale : .infinity
        self.count = n
    }

    /// The MASE denominator: mean |y[t] − y[t − season]| over every t in `season..<n`.
    public static func seasonalNaiveScale(_ history: [Double], season: Int) -> Double {
        guard season > 0, history.count > season else { return .nan }
        var total = 0.0
        for t in season..<history.count { total += abs(history[t] - history[t - season]) }
        return total / Double(history.count - season)
    }
}
