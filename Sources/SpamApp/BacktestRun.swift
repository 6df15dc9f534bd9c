public import SpamForecast
import SpamIO
import SpamText

/// `forecast backtest`: rolling-origin evaluation of the LSTMs and the seasonal-naive baselines
/// over the last days of a series.
public struct BacktestRun {
    public var csv: [String]
    /// What the hours of a CSV with no rows hold (`Resampler.EmptyStep`).
    public var emptyHours = Resampler.EmptyStep.interpolated
    public var settings: ForecastSettings
    public var holdoutDays = 14
    /// Refit the LSTMs every this many days (nil: once, before the first origin).
    public var refitDays: Int?
    /// lstm, lstm-multivariate, snaive24, snaive168.
    public var models = ["lstm", "lstm-multivariate", "snaive24", "snaive168"]
    /// Tuning aid: days cut off the end before backtesting.
    public var dropLastDays = 0
    public var format = ReportFormat.text

    public init(csv: [String], settings: ForecastSettings) {
        self.csv = csv
        self.settings = settings
    }

    /// The model names of a comma-separated list (`lstm, snaive24`).
    public static func modelNames(_ list: String) -> [String] {
        list.split(separator: ",").map { name in
            var name = name
            while name.first == " " { name.removeFirst() }
            while name.last == " " { name.removeLast() }
            return String(name)
        }
    }

    /// Every value that makes no sense, as a usage error.
    public func check() throws(UsageError) {
        if csv.isEmpty { throw UsageError("give at least one --csv FILE") }
        if holdoutDays <= 0 { throw UsageError("--holdout-days must be positive") }
        if let refitDays, refitDays <= 0 { throw UsageError("--refit-days must be positive") }
        try settings.check()
    }

    /// One model's figures.
    struct Row {
        var name: String
        var accuracy: ForecastAccuracy
        var coverage: Double?
        var fitSeconds: Double
    }

    /// The report; with the log at info (`-v`), each origin's error and the LSTMs' training.
    public func run() throws -> String {
        var series = try ForecastInput.load(csv: csv, step: 3600, emptySteps: emptyHours)
        let target = try settings.targetIndex(in: series)
        if dropLastDays > 0 {
            let keep = series.count - dropLastDays * 86_400 / series.step
            guard keep > 0 else { throw UsageError("--drop-last-days removes the whole series") }
            series = series.prefix(keep)
        }
        let backtest = try Backtest(
            series: series, target: target, holdout: holdoutDays * 86_400 / series.step,
            horizon: settings.horizon,
            scaleSeason: max(1, 86_400 / series.step))
        var rows: [Row] = []
        var lastSkip: ForecastError?
        for name in models {
            do {
                rows.append(try evaluate(name, backtest: backtest, series: series, target: target))
            } catch let error as ForecastError {
                // A model the history is too short for (same hour last week with under a week
                // before the holdout) is left out; the others are still compared.
                guard case .tooShort = error else { throw error }
                AppLog.logger.warning("\(name) left out: \(error)")
                lastSkip = error
            }
        }
        // Every model left out: the series is too short for any (a data error, exit 3).
        if rows.isEmpty, let lastSkip { throw lastSkip }
        return format == .json
            ? json(rows, scale: backtest.scale)
            : text(rows, backtest: backtest, series: series, target: target)
    }

    /// Fits (and refits) one model and forecasts every origin with it.
    func evaluate(_ name: String, backtest: Backtest, series: RegularSeries, target: Int) throws -> Row {
        let start = ProcessInfoLite.monotonicSeconds()
        let refitting = RefittingForecaster(name: name, interval: refitDays.map { $0 * 86_400 / series.step })
        {
            try makeForecaster(name, training: $0, target: target)
        }
        let forecaster = try refitting.model(for: backtest.trainingPart)
        let result = try backtest.runWithIntervals({
            try refitting.forecastWithIntervals($0, horizon: settings.horizon)
        })
        // Fitting and forecasting all origins, refits included.
        let fitSeconds = ProcessInfoLite.monotonicSeconds() - start
        logDetails(name, result: result, backtest: backtest, forecaster: forecaster, fitSeconds: fitSeconds)
        return Row(name: name, accuracy: result.accuracy, coverage: result.coverage, fitSeconds: fitSeconds)
    }

    func logDetails(
        _ name: String, result: BacktestResult, backtest: Backtest, forecaster: any SeriesForecaster,
        fitSeconds: Double
    ) {
        let log = AppLog.logger
        guard log.logLevel <= .info else { return }
        let actual = backtest.actual
        let perOrigin = stride(from: 0, to: actual.count, by: settings.horizon).map { start in
            let end = min(start + settings.horizon, actual.count)
            let mae =
                (start..<end).map { abs(result.forecast[$0] - actual[$0]) }.reduce(0, +) / Double(end - start)
            return fixed(mae / backtest.scale, decimals: 2)
        }
        log.info("\(name): MASE per origin \(perOrigin.joined(separator: " "))")
        if let lstm = forecaster as? LSTMForecaster {
            let baseline = lstm.baselinePeriod.map(String.init) ?? "none"
            let blend = "blend \(fixed(lstm.blendWeight, decimals: 2)) x snaive\(lstm.blendPeriod)"
            let training =
                "epochs \(lstm.epochsRun), validation MAE (model scale) \(fixed(lstm.validationLoss, decimals: 4))"
            let line: String =
                "\(name): baseline period \(baseline), \(blend), \(training), time \(fixed(fitSeconds, decimals: 2)) s"
            log.info("\(line)")
        }
    }

    func makeForecaster(_ name: String, training: RegularSeries, target: Int) throws -> any SeriesForecaster {
        switch name {
        case "snaive24": return SeasonalNaiveForecaster(season: 24 * 3600 / training.step, target: target)
        case "snaive168": return SeasonalNaiveForecaster(season: 168 * 3600 / training.step, target: target)
        case "lstm": return try settings.fit(training, target: target, multivariate: false)
        case "lstm-multivariate": return try settings.fit(training, target: target, multivariate: true)
        default:
            throw UsageError("unknown model '\(name)' (use lstm, lstm-multivariate, snaive24, snaive168)")
        }
    }

    func json(_ rows: [Row], scale: Double) -> String {
        // Errors in the series' units: six places for counts, more for a series of small values.
        let places = decimals(forMagnitude: scale, significant: 6, atLeast: 6)
        return JSONValue.object([
            (
                "models",
                .array(
                    rows.map { row in
                        .object([
                            ("name", .string(row.name)), ("mae", .number(row.accuracy.mae, decimals: places)),
                            ("rmse", .number(row.accuracy.rmse, decimals: places)),
                            ("mase", .number(row.accuracy.mase, decimals: 6)),
                            ("smape", .number(row.accuracy.smape, decimals: 6)),
                            ("coverage", .number(row.coverage, decimals: 6)),
                            ("fit_seconds", .number(row.fitSeconds, decimals: 3)),
                        ])
                    })
            )
        ]).text
    }

    func text(_ rows: [Row], backtest: Backtest, series: RegularSeries, target: Int) -> String {
        let pad = TextColumns.pad
        // MAE, RMSE and the scale in the series' units: two places for counts, enough significant
        // digits for a series of small values.
        let places = decimals(forMagnitude: backtest.scale, significant: 3, atLeast: 2)
        var lines = [
            "backtest of \(series.names[target]): \(backtest.origins.count) origins x \(settings.horizon) steps, "
                + "holdout from \(Timestamp.format(series.timestamp(at: backtest.firstOrigin))), "
                + "MASE scale \(fixed(backtest.scale, decimals: places))",
            pad("model", -20) + pad("MAE", 12) + pad("RMSE", 12) + pad("MASE", 8) + pad("sMAPE%", 8)
                + pad("cover%", 8)
                + pad("time s", 8),
        ]
        for row in rows {
            lines.append(
                pad(row.name, -20)
                    + pad(fixed(row.accuracy.mae, decimals: places), 12)
                    + pad(fixed(row.accuracy.rmse, decimals: places), 12)
                    + pad(fixed(row.accuracy.mase, decimals: 3), 8)
                    + pad(fixed(row.accuracy.smape, decimals: 1), 8)
                    + pad(row.coverage.map { fixed($0 * 100, decimals: 1) } ?? "-", 8)
                    + pad(fixed(row.fitSeconds, decimals: 1), 8))
        }
        return lines.joined(separator: "\n")
    }
}
