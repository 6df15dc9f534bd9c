public import SpamForecast
import SpamIO

/// Reads the forecast command's CSV files (the only file I/O of forecast mode) and turns them
/// into one aligned regular series.
public enum ForecastInput {
    /// Reads, resamples and aligns `paths` on the first file's span (see `aligned(toFirst:)`). A file with one value column
    /// names its series after the file (`Twitter_volume_AAPL.csv` → `Twitter_volume_AAPL`);
    /// columns of a wider file keep their header names. Steps with no rows are interpolated,
    /// or zero for a file of events (`emptySteps`). Interpolated, a file sampled less often than
    /// `step` is refused (`Resampler.checkSampling`), and the steps filled are logged, as a
    /// warning from `noticeableFill` of the file's steps up.
    public static func load(
        csv paths: [String], step: Int, emptySteps: Resampler.EmptyStep = .interpolated
    ) throws -> RegularSeries {
        var parts: [RegularSeries] = []
        for path in paths {
            let bytes = try FileIO.read(path: path)
            let table = try SeriesTable.parse(bytes, source: path)
            if let note = repeatNote(table, path: path) { AppLog.logger.warning("\(note)") }
            if emptySteps == .interpolated { try Resampler.checkSampling(table, step: step) }
            var series = try Resampler.resample(table, step: step, emptySteps: emptySteps)
            if let note = fillNote(series, path: path, step: step) {
                if Double(series.filledSteps.count) >= noticeableFill * Double(series.count) {
                    AppLog.logger.warning("\(note)")
                } else {
                    AppLog.logger.info("\(note)")
                }
            }
            if series.names.count == 1 { series.names = [stem(path)] }
            parts.append(series)
        }
        return try RegularSeries.aligned(toFirst: parts)
    }

    /// The share of a file's steps made up by interpolation from which the run warns: a logging
    /// gap of a day in three months is worth a line with `-v`, not a mail from cron every hour.
    static let noticeableFill = 0.01

    /// `FILE: N of M hours had no value (no rows, or empty cells) and were filled by linear
    /// interpolation (…)`, or nil.
    static func fillNote(_ series: RegularSeries, path: String, step: Int) -> String? {
        let filled = series.filledSteps.count
        guard filled > 0 else { return nil }
        let unit = step == 3600 ? "hours" : "steps of \(step) s"
        return "\(path): \(filled) of \(series.count) \(unit) had no value (no rows, or empty cells) "
            + "and were filled by linear interpolation (if the file lists events, one row each, give --empty-hours zero)"
    }

    /// `FILE: N rows repeat the timestamp of the row before and were left out (line L, …)`, or
    /// nil: always a warning, since the rows' values are lost to the forecast.
    static func repeatNote(_ table: SeriesTable, path: String) -> String? {
        let lines = table.repeatedLines
        guard !lines.isEmpty else { return nil }
        let rows = lines.count == 1 ? "1 row repeats" : "\(lines.count) rows repeat"
        let shown = lines.prefix(3).map { "line \($0)" }.joined(separator: ", ")
        return "\(path): \(rows) the timestamp of the row before and "
            + "\(lines.count == 1 ? "was" : "were") left out (\(shown)\(lines.count > 3 ? ", …" : ""))"
    }

    /// `dir/Twitter_volume_AAPL.csv` → `Twitter_volume_AAPL`.
    static func stem(_ path: String) -> String {
        var name = Substring(path)
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = name[..<dot] }
        return String(name)
    }
}
