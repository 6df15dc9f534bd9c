import ArgumentParser
import SpamForecast

/// Options shared by `forecast` and `forecast backtest`: target, window sizes and the LSTM's
/// training settings.
struct ForecastModelOptions: ParsableArguments {
    @Option(help: "Name of the target series (default: the first file's first column).")
    var target: String?

    @Option(help: "Steps forecast at once.")
    var horizon: Int = 24

    @Option(help: "Steps of history the LSTM reads.")
    var lookback: Int = 168

    @Option(help: "Random seed for LSTM initialisation and batch order.")
    var seed: UInt64 = 1

    func check() throws {
        if horizon <= 0 { throw ValidationError("--horizon must be positive") }
        if lookback <= 0 { throw ValidationError("--lookback must be positive") }
    }

    func targetIndex(in series: RegularSeries) throws -> Int {
        guard let target else { return 0 }
        return try series.index(of: target)
    }

    func fit(_ training: RegularSeries, target: Int, multivariate: Bool) throws -> any SeriesForecaster {
        throw ValidationError("the LSTM forecaster is not available yet (waiting for SpamNN)")
    }
}
