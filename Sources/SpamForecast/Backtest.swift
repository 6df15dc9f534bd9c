/// Rolling-origin evaluation: the last `holdout` steps are forecast `horizon` steps at a time
/// from origins n − holdout, n − holdout + horizon, …, so each held-out step is forecast once,
/// and each forecast sees only the steps before its origin.
public struct Backtest: Sendable {
    public let series: RegularSeries
    /// Column forecast and scored.
    public let target: Int
    public let holdout: Int
    public let horizon: Int
    /// Season of the MASE denominator (24 on hourly data: same hour yesterday).
    public let scaleSeason: Int

    public init(series: RegularSeries, target: Int = 0, holdout: Int, horizon: Int, scaleSeason: Int = 24)
        throws(ForecastError)
    {
        guard holdout > 0, horizon > 0 else {
            throw .invalidParameter("holdout and horizon must be positive")
        }
        guard target >= 0, target < series.columns.count else {
            throw .invalidParameter("target column \(target) does not exist")
        }
        guard series.count > holdout + scaleSeason else {
            // How many whole days would fit: a series of 14 days was refused with step counts
            // alone, and the user had to work out the holdout it allows.
            let fitting = (series.count - scaleSeason - 1) * series.step / 86_400
            let hint = fitting >= 1 ? " (\(fitting) day\(fitting == 1 ? "" : "s") would fit)" : ""
            throw .tooShort(
                needed: holdout + scaleSeason + 1, available: series.count,
                what: "a backtest holding out \(holdout) steps\(hint)")
        }
        self.series = series
        self.target = target
        self.holdout = holdout
        self.horizon = horizon
        self.scaleSeason = scaleSeason
    }

    /// The first origin: models are fitted on `series.prefix(firstOrigin)`.
    public var firstOrigin: Int { series.count - holdout }

    /// Forecast origins (step indices); the last forecast is cut at the end of the series.
    public var origins: [Int] { Array(stride(from: firstOrigin, to: series.count, by: horizon)) }

    /// The data a model may be fitted on.
    public var trainingPart: RegularSeries { series.prefix(firstOrigin) }

    /// The MASE denominator, from the training part of the target.
    public var scale: Double {
        ForecastAccuracy.seasonalNaiveScale(
            Array(series.columns[target][0..<firstOrigin]), season: scaleSeason)
    }

    /// The held-out target values, in order.
    public var actual: [Double] { Array(series.columns[target][firstOrigin...]) }

    /// Runs `forecast` at every origin with the history before it and scores the joined forecasts.
    /// `forecast` returns at least `horizon` values for the target.
    public func run(_ forecast: (RegularSeries) throws -> [Double]) rethrows -> BacktestResult {
        var joined: [Double] = []
        for origin in origins {
            let values = try forecast(series.prefix(origin))
            let length = min(horizon, series.count - origin)
            for h in 0..<length { joined.append(h < values.count ? values[h] : .nan) }
        }
        return BacktestResult(
            forecast: joined, accuracy: ForecastAccuracy(actual: actual, forecast: joined, scale: scale))
    }

    /// As `run`, with intervals: also reports the share of held-out steps inside their interval
    /// (nil when a bound is missing, as for models without intervals).
    public func runWithIntervals(_ forecast: (RegularSeries) throws -> [ForecastPoint]) rethrows
        -> BacktestResult
    {
        var points: [ForecastPoint] = []
        var result = try run { history in
            let next = try forecast(history)
            points.append(contentsOf: next.prefix(min(horizon, series.count - history.count)))
            return next.map(\.value)
        }
        let actual = self.actual
        if points.count == actual.count, points.allSatisfy({ !$0.lower.isNaN && !$0.upper.isNaN }) {
            let inside = zip(points, actual).filter { $0.lower <= $1 && $1 <= $0.upper }.count
            result.coverage = Double(inside) / Double(max(1, actual.count))
        }
        return result
    }
}

/// The joined held-out forecast and its errors.
public struct BacktestResult: Sendable {
    public var forecast: [Double]
    public var accuracy: ForecastAccuracy
    /// Share of held-out steps inside the prediction interval (nil: no intervals).
    public var coverage: Double? = nil
}
