/// A fitted model that forecasts the target series from the history before an origin.
public protocol SeriesForecaster {
    /// The name used in reports (`snaive24`, `lstm`, …).
    var name: String { get }
    /// Point forecasts of the target for the `horizon` steps after the end of `history`.
    func forecast(_ history: RegularSeries, horizon: Int) throws -> [Double]
    /// The same forecasts with their prediction intervals; a model without intervals gives NaN
    /// bounds (the default).
    func forecastWithIntervals(_ history: RegularSeries, horizon: Int) throws -> [ForecastPoint]
}

extension SeriesForecaster {
    public func forecastWithIntervals(_ history: RegularSeries, horizon: Int) throws -> [ForecastPoint] {
        try forecast(history, horizon: horizon).enumerated().map { h, value in
            ForecastPoint(
                time: history.timestamp(at: history.count + h), value: value, lower: .nan, upper: .nan)
        }
    }
}

/// Same value one season earlier (see `SeasonalNaive`), as a `SeriesForecaster`.
public struct SeasonalNaiveForecaster: SeriesForecaster, Sendable {
    public let season: Int
    public let target: Int
    public var name: String { "snaive\(season)" }

    public init(season: Int, target: Int = 0) {
        self.season = season
        self.target = target
    }

    public func forecast(_ history: RegularSeries, horizon: Int) throws -> [Double] {
        try SeasonalNaive.forecast(history.columns[target], season: season, horizon: horizon)
    }
}
