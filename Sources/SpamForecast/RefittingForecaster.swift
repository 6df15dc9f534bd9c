/// Wraps a model fit so a backtest can refit it as its origin moves: the model is fitted on the
/// history it is first asked about, and again whenever the history has grown by at least
/// `interval` steps since the last fit (nil: never again). Refits see only the history before the
/// origin, as the protocol requires.
public final class RefittingForecaster: SeriesForecaster {
    public let name: String
    public let interval: Int?
    private let fit: (RegularSeries) throws -> any SeriesForecaster
    private var current: (model: any SeriesForecaster, historyCount: Int)?
    /// Number of fits so far.
    public private(set) var fitCount = 0

    public init(name: String, interval: Int?, fit: @escaping (RegularSeries) throws -> any SeriesForecaster) {
        self.name = name
        self.interval = interval
        self.fit = fit
    }

    /// The model for `history`, fitting it first when it is due.
    public func model(for history: RegularSeries) throws -> any SeriesForecaster {
        if let current, interval.map({ history.count - current.historyCount < $0 }) ?? true {
            return current.model
        }
        let model = try fit(history)
        fitCount += 1
        current = (model, history.count)
        return model
    }

    public func forecast(_ history: RegularSeries, horizon: Int) throws -> [Double] {
        try model(for: history).forecast(history, horizon: horizon)
    }

    public func forecastWithIntervals(_ history: RegularSeries, horizon: Int) throws -> [ForecastPoint] {
        try model(for: history).forecastWithIntervals(history, horizon: horizon)
    }
}
