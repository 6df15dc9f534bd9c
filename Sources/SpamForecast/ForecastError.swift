/// Why a series could not be read, resampled or forecast; every case names the file and, where
/// there is one, the line, so a user can fix the input.
public enum ForecastError: Error, CustomStringConvertible, Equatable, Sendable {
    case emptyFile(source: String)
    case noDataRows(source: String)
    case badHeader(source: String, reason: String)
    case wrongFieldCount(source: String, line: Int, expected: Int, found: Int)
    case badTimestamp(source: String, line: Int, text: String)
    case nonNumeric(source: String, line: Int, column: String, text: String)
    /// Every cell of a value column is missing (`SeriesTable.missingMarks`).
    case noValues(source: String, column: String)
    case unsorted(source: String, line: Int, previousLine: Int)
    case tooShort(needed: Int, available: Int, what: String)
    case noOverlap(reason: String)
    case unknownSeries(name: String, available: [String])
    case invalidParameter(String)
    /// Rows further apart than the step the series is summed into (a daily file forecast hourly).
    case sampledTooRarely(source: String, medianGap: Int, step: Int)

    public var description: String {
        switch self {
        case .emptyFile(let source):
            return "\(source): the file is empty (expected a header like `timestamp,value` and data rows)"
        case .noDataRows(let source):
            return "\(source): the file has a header but no data rows"
        case .badHeader(let source, let reason):
            return "\(source): line 1: bad header: \(reason)"
        case .wrongFieldCount(let source, let line, let expected, let found):
            return "\(source): line \(line): expected \(expected) fields, found \(found)"
        case .badTimestamp(let source, let line, let text):
            return "\(source): line \(line): cannot read timestamp '\(text)' "
                + "(use ISO 8601, `YYYY-MM-DD HH:MM:SS` or Unix time in seconds or milliseconds)"
        case .nonNumeric(let source, let line, let column, let text):
            return "\(source): line \(line): value '\(text)' in column '\(column)' is not a finite number"
        case .noValues(let source, let column):
            return "\(source): column '\(column)' has no values (every cell is empty or NA)"
        case .unsorted(let source, let line, let previousLine):
            return "\(source): line \(line): timestamp is earlier than the one on line \(previousLine); "
                + "rows must be sorted by time"
        case .tooShort(let needed, let available, let what):
            return "series too short: \(what) needs at least \(needed) step\(needed == 1 ? "" : "s"), "
                + "the series has \(available)"
        case .noOverlap(let reason):
            return "cannot align the series: \(reason)"
        case .unknownSeries(let name, let available):
            return "no series named '\(name)' (available: \(available.joined(separator: ", ")))"
        case .invalidParameter(let message):
            return message
        case .sampledTooRarely(let source, let gap, let step):
            let each = step == 3600 ? "hour" : "step of \(Self.duration(step))"
            let steps = step == 3600 ? "hours" : "steps"
            return "\(source): its rows are \(Self.duration(gap)) apart (the median gap); forecast sums "
                + "a series per \(each), so the \(steps) between rows would be made up by interpolation. "
                + "Give data with a row at least every \(each) (5-minute, 30-minute or hourly counts)"
        }
    }

    /// `86400` → `1 day`, `7200` → `2 hours`, `300` → `5 minutes`, `90` → `90 seconds`.
    static func duration(_ seconds: Int) -> String {
        for (unit, name) in [(86_400, "day"), (3600, "hour"), (60, "minute")]
        where seconds >= unit && seconds % unit == 0 {
            let n = seconds / unit
            return n == 1 ? "1 \(name)" : "\(n) \(name)s"
        }
        return seconds == 1 ? "1 second" : "\(seconds) seconds"
    }
}
