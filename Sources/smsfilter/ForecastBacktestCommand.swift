import ArgumentParser
import SpamApp

/// `smsfilter forecast backtest`: rolling-origin evaluation over the last days of a series.
struct ForecastBacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract:
            "Rolling-origin backtest: LSTM (univariate, multivariate) against seasonal-naive baselines.",
        discussion: """
            Holds out the last --holdout-days days; forecasts --horizon steps from every --horizon-th step of that span, so each held-out step is forecast once. The LSTMs are fitted on the data before the first origin (and again every --refit-days days, on the data before that origin), then forecast from each origin with the history before it. "time s" is the wall time of fitting and forecasting all origins. MASE is scaled by the in-sample same-hour-yesterday MAE before the first origin. "cover%" (JSON "coverage", a fraction) is the share of held-out steps inside the LSTM's 80% prediction interval; the naive models have none.
            """)

    @OptionGroup var series: SeriesFileOptions

    @Option(help: "Days held out at the end.")
    var holdoutDays: Int = 14

    @OptionGroup var model: ForecastModelOptions

    @Option(
        help:
            "Refit the LSTMs when the origin has moved this many days since their last fit (default: fit once, before the first origin)."
    )
    var refitDays: Int?

    @Option(help: "Models to run, comma-separated (lstm, lstm-multivariate, snaive24, snaive168).")
    var models: String = "lstm,lstm-multivariate,snaive24,snaive168"

    @Option(
        help: ArgumentHelp(
            "Tuning aid: cut this many days off the end before backtesting, so choices are made without seeing the real holdout.",
            visibility: .hidden))
    var dropLastDays: Int = 0

    @OptionGroup var output: FormatOptions

    /// `-v` logs the LSTMs' training (epochs, validation error) and each origin's MASE.
    @OptionGroup var logging: LoggingOptions

    /// The options as `SpamApp` takes them.
    var backtest: BacktestRun {
        var backtest = BacktestRun(csv: series.csv, settings: model.settings)
        backtest.emptyHours = series.emptyHours
        backtest.holdoutDays = holdoutDays
        backtest.refitDays = refitDays
        backtest.models = BacktestRun.modelNames(models)
        backtest.dropLastDays = dropLastDays
        backtest.format = output.chosen
        return backtest
    }

    func validate() throws {
        do { try backtest.check() } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        try logging.start()
        print(try backtest.run())
    }
}
