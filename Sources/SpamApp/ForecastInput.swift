public import SpamForecast
import SpamIO

/// Reads the forecast command's CSV files (the only file I/O of forecast mode) and turns them
/// into one aligned regular series.
public enum ForecastInput {
    /// Reads, resamples and aligns `paths` on the first file's span (see `aligned(toFirst:)`). A file with one value column
    /// names its series after the file (`Twitter_volume_AAPL.csv` → `Twitter_volume_AAPL`);
    /// columns of a wider file keep their header names.
    public static func load(csv paths: [String], step: Int) throws -> RegularSeries {
        var parts: [RegularSeries] = []
        for path in paths {
            let bytes = try FileIO.read(path: path)
            let table = try SeriesTable.parse(bytes, source: path)
            var series = try Resampler.resample(table, step: step)
            if series.names.count == 1 { series.names = [stem(path)] }
            parts.append(series)
        }
        return try RegularSeries.aligned(toFirst: parts)
    }

    /// `dir/Twitter_volume_AAPL.csv` → `Twitter_volume_AAPL`.
    static func stem(_ path: String) -> String {
        var name = Substring(path)
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = name[..<dot] }
        return String(name)
    }
}
