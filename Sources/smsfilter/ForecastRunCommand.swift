import ArgumentParser
import SpamApp
import SpamIO

/// `smsfilter forecast [run]`: fits the LSTM on a volume series and prints the next steps.
struct ForecastRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Fit on the whole series and print the forecast (timestamp, value, interval).",
        discussion: """
            Series: --csv files (`timestamp,value[,value...]`, or separated by semicolons or tabs; ISO 8601, `YYYY-MM-DD HH:MM:SS` (or with slashes), or Unix seconds, milliseconds, microseconds or nanoseconds told apart by magnitude; UTC unless an offset is given) summed into hourly buckets; a partly covered first or last hour is dropped, hours with no rows are filled by linear interpolation (a warning says how many when they are 1% of the hours or more), or count 0 with --empty-hours zero (a file of events, one row per message), and extra files are aligned to the first file's span. Interpolated, a file whose rows are further apart than an hour (a daily series) is refused: its hours would all be made up.

            --db (the default without --csv): hourly counts of the store's classification log (quiet hours count 0; the current hour is left out). The model is fitted on the whole series (about 1-10 s) and saved in the cache directory; later runs on the same source, target and settings reuse it until --refit-hours new hours have arrived, unless the hours it was fitted on have changed. A series too short for --lookback gets a shorter window (whole patches, at least 3 x horizon windows to train on; two days of hourly data at the least). The interval is the 80% band from the validation residuals per horizon step (pooled over the horizon when the series is short).

            Exit status: 0 normally, 2 when --alert-ratio fires, 3 on errors, 64 on a usage error.
            """)

    @OptionGroup var series: SeriesFileOptions

    @Flag(
        help:
            "Read hourly message counts (total, spam, ham, unsure) from the store's classification log (the default without --csv); target default: spam. The store: --store-path, a path right after --db (as with the other commands), $SMSFILTER_DB, else the default."
    )
    var db = false

    /// `--db PATH`, as every other command takes the store: the flag cannot carry a value, so the
    /// path arrives as a lone argument.
    @Argument(help: ArgumentHelp("The store's path after --db.", visibility: .hidden))
    var storeArgument: [String] = []

    @Option(
        help: ArgumentHelp(
            "The SQLite store for --db and --save (default: $SMSFILTER_DB, else $XDG_DATA_HOME/smsfilter/smsfilter.sqlite).",
            valueName: "path"))
    var storePath: String?

    @Option(help: "Days of the classification log read by --db.")
    var days: Int = 90

    @Flag(
        help:
            "Use every series as input (else the target alone; both read hour-of-day/day-of-week unless --no-calendar)."
    )
    var multivariate = false

    @OptionGroup var model: ForecastModelOptions

    @OptionGroup var output: FormatOptions

    @OptionGroup var logging: LoggingOptions

    @Option(help: "Write an SVG chart of the last week and the forecast to this file.")
    var plot: String?

    @Flag(help: "Store the forecast in the SQLite store.")
    var save = false

    @Option(
        help:
            "Exit with status 2 and a message when the last hour's volume exceeds its forecast by this factor (from the store: while its log is too short to forecast from, exit 0 with a note)."
    )
    var alertRatio: Double?

    @Option(
        help:
            "Reuse the forecaster saved by an earlier run on the same data until this many new hours have arrived (0: refit every run)."
    )
    var refitHours: Int = 24

    @Option(
        help: ArgumentHelp(
            "Where fitted forecasters are kept between runs (default: $XDG_CACHE_HOME/smsfilter, else ~/.cache/smsfilter).",
            valueName: "dir"))
    var cacheDir: String?

    mutating func validate() throws {
        if !storeArgument.isEmpty {
            guard db, storeArgument.count == 1, storePath == nil else {
                throw ValidationError(
                    "unexpected argument '\(storeArgument[0])' (the store is --db PATH or --store-path PATH)")
            }
            storePath = storeArgument[0]
        }
        // The store is where every other command reads and writes, so it is the series a bare
        // `smsfilter forecast` (a cron line, a first try) means.
        if series.csv.isEmpty { db = true }
        if !series.csv.isEmpty && db { throw ValidationError("give either --csv or --db, not both") }
        if let alertRatio, !(alertRatio > 0) { throw ValidationError("--alert-ratio must be positive") }
        if refitHours < 0 { throw ValidationError("--refit-hours must not be negative") }
        try model.check()
    }

    func run() throws {
        let context = try logging.start(flags: [.db: storePath])
        var forecast = ForecastRun(
            source: db ? .store(path: context.storePath, days: days) : .csv(series.csv),
            settings: model.settings,
            cacheDirectory: cacheDir ?? ForecasterCache.defaultDirectory())
        forecast.emptyHours = series.emptyHours
        forecast.multivariate = multivariate
        forecast.format = output.chosen
        forecast.plotPath = plot
        forecast.saveStorePath = save ? context.storePath : nil
        forecast.alertRatio = alertRatio
        forecast.refitHours = refitHours
        let outcome = try forecast.run(now: ProcessInfoLite.now())
        print(outcome.report)
        if let alert = outcome.alert {
            AppLog.logger.error("\(alert)")
            throw ExitCode(2)
        }
    }
}
