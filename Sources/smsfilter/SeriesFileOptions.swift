public import ArgumentParser
public import SpamForecast

extension Resampler.EmptyStep: ExpressibleByArgument {}

/// `--csv FILE…` and what an hour with no rows holds, for `forecast` and `forecast backtest`.
struct SeriesFileOptions: ParsableArguments {
    @Option(
        parsing: .upToNextOption,
        help: "CSV files `timestamp,value[,value...]`; the first file's first column is the target.")
    var csv: [String] = []

    @Option(
        help:
            "What an hour of a CSV with no rows holds: interpolated (between the hours around it: a logging gap in sampled counts) or zero (a file of events, one row per message)."
    )
    var emptyHours: Resampler.EmptyStep = .interpolated
}
