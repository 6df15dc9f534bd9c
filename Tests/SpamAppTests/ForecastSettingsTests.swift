import SpamApp
import Testing

/// The forecast options' own checks are usage errors, found before any data is read.
struct ForecastSettingsTests {
    @Test func nonsenseIsAUsageError() {
        var settings = ForecastSettings()
        #expect(throws: Never.self) { try settings.check() }
        settings.blend = "1.5"
        #expect(throws: UsageError("--blend must be between 0 and 1, or auto")) { try settings.check() }
        settings.blend = "auto"
        settings.horizon = 0
        #expect(throws: UsageError("--horizon must be positive")) { try settings.check() }
        settings.horizon = 24
        settings.loss = "absolute"
        #expect(throws: UsageError("--loss must be squared or huber")) { try settings.check() }
    }

    /// `forecast backtest`'s own checks, before the model settings', and its `--models` list.
    @Test func backtestChecksAndModelList() {
        var backtest = BacktestRun(csv: [], settings: ForecastSettings())
        #expect(throws: UsageError("give at least one --csv FILE")) { try backtest.check() }
        backtest.csv = ["a.csv"]
        #expect(throws: Never.self) { try backtest.check() }
        backtest.refitDays = 0
        #expect(throws: UsageError("--refit-days must be positive")) { try backtest.check() }
        backtest.refitDays = nil
        backtest.settings.horizon = 0
        #expect(throws: UsageError("--horizon must be positive")) { try backtest.check() }
        #expect(BacktestRun.modelNames(" lstm, snaive24 ,snaive168") == ["lstm", "snaive24", "snaive168"])
    }

    @Test func givenValuesReachTheConfiguration() {
        var settings = ForecastSettings()
        settings.horizon = 6
        settings.lookback = 48
        settings.hidden = 8
        settings.baseline = "0"
        let configuration = settings.configuration(multivariate: false)
        #expect(configuration.horizon == 6)
        #expect(configuration.lookback == 48)
        #expect(configuration.hiddenSize == 8)
        #expect("\(configuration.baseline)" == "none")
        // Each window's level by default, and over as many steps as asked.
        #expect("\(ForecastSettings().configuration(multivariate: false).baseline)" == "level(steps: 72)")
        settings.baseline = "level24"
        #expect("\(settings.configuration(multivariate: false).baseline)" == "level(steps: 24)")
        settings.baseline = "level0"
        #expect(throws: UsageError.self) { try settings.check() }
    }
}
