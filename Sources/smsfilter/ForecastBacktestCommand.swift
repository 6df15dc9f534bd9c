import SpamText
import ArgumentParser
import SpamForecast
import SpamIO

/// `smsfilter forecast backtest`: rolling-origin evaluation over the last days of a series.
struct ForecastBacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Rolling-origin backtest: LSTM (univariate, multivariate) against seasonal-naive baselines.",
        discussion: """
            Holds out the last --holdout-days days; forecasts --horizon steps from every --horizon-th step of that span, so each held-out step is forecast once. The LSTMs are fitted on the data before the first origin (and again every --refit-days days, on the data before that origin), then forecast from each origin with the history before it. "time s" is the wall time of fitting and forecasting all origins. MASE is scaled by the in-sample same-hour-yesterday MAE before the first origin. "cover%" (JSON "coverage", a fraction) is the share of held-out steps inside the LSTM's 80% prediction interval; the naive models have none.
            """)

    @Option(parsing: .upToNextOption, help: "CSV files `timestamp,value[,value...]`; the first file's first column is the target.")
    var csv: [String] = []

    @Option(help: "Days held out at the end.")
    var holdoutDays: Int = 14

    @OptionGroup var model: ForecastModelOptions

    @Option(help: "Refit the LSTMs when the origin has moved this many days since their last fit (default: fit once, before the first origin).")
    var refitDays: Int?

    @Option(help: "Models to run, comma-separated (lstm, lstm-multivariate, snaive24, snaive168).")
    var models: String = "lstm,lstm-multivariate,snaive24,snaive168"

    @Option(help: ArgumentHelp("Tuning aid: cut this many days off the end before backtesting, so choices are made without seeing the real holdout.", visibility: .hidden))
    var dropLastDays: Int = 0

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Report LSTM training (epochs, validation error) and each origin's MAE on standard error.")
    var verbose = false

    mutating func validate() throws {
        if csv.isEmpty { throw ValidationError("give at least one --csv FILE") }
        if holdoutDays <= 0 { throw ValidationError("--holdout-days must be positive") }
        if let refitDays, refitDays <= 0 { throw ValidationError("--refit-days must be positive") }
        try model.check()
    }

    func run() throws {
        var series = try ForecastInput.load(csv: csv, step: 3600)
        let target = try model.targetIndex(in: series)
        if dropLastDays > 0 {
            let keep = series.count - dropLastDays * 86_400 / series.step
            guard keep > 0 else { throw ValidationError("--drop-last-days removes the whole series") }
            series = series.prefix(keep)
        }
        let holdout = holdoutDays * 86_400 / series.step
        let backtest = try Backtest(series: series, target: target, holdout: holdout, horizon: model.horizon,
            scaleSeason: max(1, 86_400 / series.step))
        var rows: [(name: String, accuracy: ForecastAccuracy, coverage: Double?, fitSeconds: Double)] = []
        var lastSkip: ForecastError?
        for name in models.split(separator: ",").map({ String($0).trimmingSpaces }) {
            let start = ProcessInfoLite.monotonicSeconds()
            let refitting = RefittingForecaster(name: name, interval: refitDays.map { $0 * 86_400 / series.step }) {
                try makeForecaster(name, training: $0, target: target)
            }
            let forecaster: any SeriesForecaster
            let result: BacktestResult
            do {
                forecaster = try refitting.model(for: backtest.trainingPart)
                result = try backtest.run(withIntervals: { try refitting.forecastWithIntervals($0, horizon: model.horizon) })
            } catch let error as ForecastError {
                // A model the history is too short for (same hour last week with under a week
                // before the holdout) is left out; the others are still compared.
                guard case .tooShort = error else { throw error }
                ProcessInfoLite.printError("smsfilter: \(name) left out: \(error)")
                lastSkip = error
                continue
            }
            // Fitting and forecasting all origins, refits included.
            let fitSeconds = ProcessInfoLite.monotonicSeconds() - start
            if verbose {
                let actual = backtest.actual
                let perOrigin = stride(from: 0, to: actual.count, by: model.horizon).map { start in
                    let end = min(start + model.horizon, actual.count)
                    let mae = (start..<end).map { abs(result.forecast[$0] - actual[$0]) }.reduce(0, +) / Double(end - start)
                    return fixed(mae / backtest.scale, decimals: 2)
                }
                ProcessInfoLite.printError("\(name): MASE per origin " + perOrigin.joined(separator: " "))
            }
            if verbose, let lstm = forecaster as? LSTMForecaster {
                ProcessInfoLite.printError("\(name): baseline period \(lstm.baselinePeriod.map(String.init) ?? "none"), "
                    + "blend \(fixed(lstm.blendWeight, decimals: 2)) x snaive\(lstm.blendPeriod), "
                    + "epochs \(lstm.epochsRun), validation MAE (model scale) "
                    + fixed(lstm.validationLoss, decimals: 4) + ", time " + fixed(fitSeconds, decimals: 2) + " s")
            }
            rows.append((name, result.accuracy, result.coverage, fitSeconds))
        }
        // Every model left out: the series is too short for any (a data error, exit 3).
        if rows.isEmpty, let lastSkip { throw lastSkip }
        if json {
            let items = rows.map { row in
                "{\"name\": \(ForecastFormatting.json(row.name)), \"mae\": \(ForecastFormatting.json(row.accuracy.mae)), "
                    + "\"rmse\": \(ForecastFormatting.json(row.accuracy.rmse)), \"mase\": \(ForecastFormatting.json(row.accuracy.mase)), "
                    + "\"smape\": \(ForecastFormatting.json(row.accuracy.smape)), "
                    + "\"coverage\": \(row.coverage.map { ForecastFormatting.json($0) } ?? "null"), "
                    + "\"fit_seconds\": \(ForecastFormatting.json(row.fitSeconds, 3))}"
            }
            print("{\"models\": [" + items.joined(separator: ", ") + "]}")
        } else {
            let targetName = series.names[target]
            print("backtest of \(targetName): \(backtest.origins.count) origins x \(model.horizon) steps, "
                + "holdout from \(Timestamp.format(series.timestamp(at: backtest.firstOrigin))), "
                + "MASE scale \(fixed(backtest.scale, decimals: 2))")
            print(ForecastFormatting.pad("model", -20) + ForecastFormatting.pad("MAE", 12) + ForecastFormatting.pad("RMSE", 12)
                + ForecastFormatting.pad("MASE", 8) + ForecastFormatting.pad("sMAPE%", 8) + ForecastFormatting.pad("cover%", 8)
                + ForecastFormatting.pad("time s", 8))
            for row in rows {
                print(ForecastFormatting.pad(row.name, -20)
                    + ForecastFormatting.pad(fixed(row.accuracy.mae, decimals: 2), 12)
                    + ForecastFormatting.pad(fixed(row.accuracy.rmse, decimals: 2), 12)
                    + ForecastFormatting.pad(fixed(row.accuracy.mase, decimals: 3), 8)
                    + ForecastFormatting.pad(fixed(row.accuracy.smape, decimals: 1), 8)
                    + ForecastFormatting.pad(row.coverage.map { fixed($0 * 100, decimals: 1) } ?? "-", 8)
                    + ForecastFormatting.pad(fixed(row.fitSeconds, decimals: 1), 8))
            }
        }
    }

    func makeForecaster(_ name: String, training: RegularSeries, target: Int) throws -> any SeriesForecaster {
        switch name {
        case "snaive24": return SeasonalNaiveForecaster(season: 24 * 3600 / training.step, target: target)
        case "snaive168": return SeasonalNaiveForecaster(season: 168 * 3600 / training.step, target: target)
        case "lstm": return try model.fit(training, target: target, multivariate: false)
        case "lstm-multivariate": return try model.fit(training, target: target, multivariate: true)
        default: throw ValidationError("unknown model '\(name)' (use lstm, lstm-multivariate, snaive24, snaive168)")
        }
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
