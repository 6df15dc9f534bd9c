import SpamText
import ArgumentParser
import SpamApp
import SpamForecast
import SpamIO
import SpamStore

/// `smsfilter forecast [run]`: fits the LSTM on a volume series and prints the next steps.
struct ForecastRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Fit on the whole series and print the forecast (timestamp, value, interval).",
        discussion: """
            Series: --csv files (`timestamp,value[,value...]`, or separated by semicolons or tabs; ISO 8601, `YYYY-MM-DD HH:MM:SS` (or with slashes), or Unix seconds, milliseconds, microseconds or nanoseconds told apart by magnitude; UTC unless an offset is given) summed into hourly buckets; a partly covered first or last hour is dropped, hours with no rows are filled by linear interpolation, and extra files are aligned to the first file's span.

            --db: hourly counts of the store's classification log (quiet hours count 0; the current hour is left out). The model is fitted on the whole series (about 1-10 s) and saved in the cache directory; later runs on the same source, target and settings reuse it until --refit-hours new hours have arrived, unless the hours it was fitted on have changed. A series too short for --lookback gets a shorter window (whole patches, at least 3 x horizon windows to train on; two days of hourly data at the least). The interval is the 80% band from the validation residuals per horizon step (pooled over the horizon when the series is short).

            Exit status: 0 normally, 2 when --alert-ratio fires, 3 on errors, 64 on a usage error.
            """)

    @Option(parsing: .upToNextOption, help: "CSV files `timestamp,value[,value...]`; the first file's first column is the target.")
    var csv: [String] = []

    @Flag(help: "Read hourly message counts (total, spam, ham, unsure) from the store's classification log; target default: spam. The store: --store-path, a path right after --db (as with the other commands), $SMSFILTER_DB, else the default.")
    var db = false

    /// `--db PATH`, as every other command takes the store: the flag cannot carry a value, so the
    /// path arrives as a lone argument.
    @Argument(help: ArgumentHelp("The store's path after --db.", visibility: .hidden))
    var storeArgument: [String] = []

    @Option(help: ArgumentHelp("The SQLite store for --db and --save (default: $SMSFILTER_DB, else $XDG_DATA_HOME/smsfilter/smsfilter.sqlite).", valueName: "path"))
    var storePath: String?

    @Option(help: "Days of the classification log read by --db.")
    var days: Int = 90

    @Flag(help: "Use every series as input (else the target alone; both read hour-of-day/day-of-week unless --no-calendar).")
    var multivariate = false

    @OptionGroup var model: ForecastModelOptions

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Write an SVG chart of the last week and the forecast to this file.")
    var plot: String?

    @Flag(help: "Store the forecast in the SQLite store.")
    var save = false

    @Option(help: "Exit with status 2 and a message when the last hour's volume exceeds its forecast by this factor.")
    var alertRatio: Double?

    @Option(help: "Reuse the forecaster saved by an earlier run on the same data until this many new hours have arrived (0: refit every run).")
    var refitHours: Int = 24

    @Option(help: ArgumentHelp("Where fitted forecasters are kept between runs (default: $XDG_CACHE_HOME/smsfilter, else ~/.cache/smsfilter).", valueName: "dir"))
    var cacheDir: String?

    mutating func validate() throws {
        if !storeArgument.isEmpty {
            guard db, storeArgument.count == 1, storePath == nil else {
                throw ValidationError("unexpected argument '\(storeArgument[0])' (the store is --db PATH or --store-path PATH)")
            }
            storePath = storeArgument[0]
        }
        if csv.isEmpty && !db { throw ValidationError("give --csv FILE... or --db") }
        if !csv.isEmpty && db { throw ValidationError("give either --csv or --db, not both") }
        if let alertRatio, !(alertRatio > 0) { throw ValidationError("--alert-ratio must be positive") }
        if refitHours < 0 { throw ValidationError("--refit-hours must not be negative") }
        try model.check()
    }

    func run() throws {
        let now = ProcessInfoLite.now()
        let series: RegularSeries
        var target: Int
        let source: [String]
        if db {
            let path = try AppContext.load(flags: [.db: storePath]).storePath
            source = ["db:" + path]
            let store = try FeedbackStore(path: path, readOnly: true)
            let entries = try store.classifications(since: now - Double(days) * 86_400)
            series = try EventCounter.series(
                events: entries.map { ($0.time, $0.verdict) }, labels: ["spam", "ham", "unsure"], end: Int(now))
            target = try model.targetIndex(in: series)
            if model.target == nil { target = try series.index(of: "spam") }
        } else {
            source = csv
            series = try ForecastInput.load(csv: csv, step: 3600)
            target = try model.targetIndex(in: series)
        }
        // A forecaster saved by an earlier run is reused while the data has only grown a little.
        let configuration = model.configuration(multivariate: multivariate)
        let cache = ForecasterCache(directory: cacheDir ?? ForecasterCache.defaultDirectory())
        let cachePath = cache.path(source: source, target: series.names[target], multivariate: multivariate)
        let reuse = cache.reusable(
            at: cachePath, series: series, target: target, configuration: configuration,
            refitSteps: refitHours * 3600 / series.step)
        let saved: SavedForecaster
        if let reused = reuse.saved {
            saved = reused
        } else {
            let fitted = try LSTMForecaster(fitting: series, targets: [target], configuration: configuration)
            saved = SavedForecaster(forecaster: fitted, fittedOn: series, target: target)
            if refitHours > 0 { cache.store(saved, at: cachePath) }
        }
        let forecaster = saved.forecaster
        let fitNote = reuse.saved == nil
            ? "fitted now: " + reuse.reason
            : "reusing the fit on data to " + Timestamp.format(saved.dataEnd)
        let points = try forecaster.forecastPoints(series)[0]
        let targetName = series.names[target]

        // The last hour against the forecast made just before it (same fitted model).
        var alert: (actual: Double, forecast: Double, time: Int)? = nil
        if alertRatio != nil {
            let previous = series.prefix(series.count - 1)
            let last = try forecaster.forecastPoints(previous)[0][0]
            alert = (series.columns[target][series.count - 1], last.value, last.time)
        }

        if json {
            let items = points.map { p in
                "{\"timestamp\": \(ForecastFormatting.json(Timestamp.formatISO(p.time))), \"value\": \(ForecastFormatting.json(p.value, 3)), "
                    + "\"lower\": \(ForecastFormatting.json(p.lower, 3)), \"upper\": \(ForecastFormatting.json(p.upper, 3))}"
            }
            var text = "{\"target\": \(ForecastFormatting.json(targetName)), \"model\": \(ForecastFormatting.json(forecaster.name)), "
            text += "\"step_seconds\": \(series.step), \"interval_level\": \(forecaster.configuration.intervalLevel), "
            text += "\"fit\": {\"reused\": \(reuse.saved != nil), \"data_end\": \(ForecastFormatting.json(Timestamp.formatISO(saved.dataEnd)))"
                + (reuse.saved == nil ? ", \"reason\": \(ForecastFormatting.json(reuse.reason))" : "") + "}, "
            if let alert {
                text += "\"last\": {\"timestamp\": \(ForecastFormatting.json(Timestamp.formatISO(alert.time))), "
                    + "\"actual\": \(ForecastFormatting.json(alert.actual, 3)), \"forecast\": \(ForecastFormatting.json(alert.forecast, 3))}, "
            }
            text += "\"forecast\": [" + items.joined(separator: ", ") + "]}"
            print(text)
        } else {
            let level = Int((forecaster.configuration.intervalLevel * 100).rounded())
            print("\(forecaster.name) forecast of \(targetName) (\(level)% interval; \(fitNote))")
            let rows = points.map { p in
                (Timestamp.format(p.time), [p.value, p.lower, p.upper].map { fixed($0, decimals: 1) })
            }
            // Columns at least 12 wide and always two spaces apart, whatever the series' scale.
            let width = max(12, 2 + (rows.flatMap(\.1).map(\.count).max() ?? 0))
            print(ForecastFormatting.pad("timestamp (UTC)", -21) + ["value", "lower", "upper"].map { ForecastFormatting.pad($0, width) }.joined())
            for (time, values) in rows {
                print(ForecastFormatting.pad(time, -21) + values.map { ForecastFormatting.pad($0, width) }.joined())
            }
        }

        if let plot {
            let shown = min(series.count, 7 * 86_400 / series.step)
            let history = (series.count - shown..<series.count).map { (time: series.timestamp(at: $0), value: series.columns[target][$0]) }
            let chart = ForecastChart(title: "\(targetName): last \(shown) steps and \(points.count)-step forecast", history: history, forecast: points)
            try FileIO.writeAtomically(Array(chart.svg().utf8), to: plot)
        }

        if save {
            let store = try FeedbackStore(path: try AppContext.load(flags: [.db: storePath]).storePath)
            try store.saveForecasts(points.map {
                ForecastRecord(created: now, target: targetName, timestamp: Double($0.time), value: $0.value,
                    lower: $0.lower, upper: $0.upper)
            })
        }

        if let alert, let ratio = alertRatio, alert.actual > ratio * max(alert.forecast, 0) {
            ProcessInfoLite.printError("ALERT: \(targetName) at \(Timestamp.format(alert.time)) UTC was "
                + "\(fixed(alert.actual, decimals: 0)), above \(fixed(ratio, decimals: 2)) x its forecast "
                + "\(fixed(alert.forecast, decimals: 1))")
            throw ExitCode(2)
        }
    }
}
