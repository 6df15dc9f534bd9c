/// A fitted model that forecasts the target series from the history before an origin.
public protocol SeriesForecaster {
    /// The name used in reports (`snaive24`, `lstm`, …).
    var name: String { get }
    /// Point forecasts of the target for the `horizon` steps after the end of `history`.
    func forecast(_ history: RegularSeries, horizon: Int) throws -> [Double]
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
