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

    @Option(
        parsing: .upToNextOption,
        help: "CSV files `timestamp,value[,value...]`; the first file's first column is the target.")
    var csv: [String] = []

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

    mutating func validate() throws {
        if csv.isEmpty { throw ValidationError("give at least one --csv FILE") }
        if holdoutDays <= 0 { throw ValidationError("--holdout-days must be positive") }
        if let refitDays, refitDays <= 0 { throw ValidationError("--refit-days must be positive") }
        try model.check()
    }

    func run() throws {
        try logging.start()
        var backtest = BacktestRun(csv: csv, settings: model.settings)
        backtest.holdoutDays = holdoutDays
        backtest.refitDays = refitDays
        backtest.models = models.split(separator: ",").map { String($0).trimmingSpaces }
        backtest.dropLastDays = dropLastDays
        backtest.format = output.chosen
        print(try backtest.run())
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
