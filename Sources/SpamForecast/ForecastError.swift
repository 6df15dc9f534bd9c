/// Why a series could not be read, resampled or forecast; every case names the file and, where
/// there is one, the line, so a user can fix the input.
public enum ForecastError: Error, CustomStringConvertible, Equatable, Sendable {
    case emptyFile(source: String)
    case noDataRows(source: String)
    case badHeader(source: String, reason: String)
    case wrongFieldCount(source: String, line: Int, expected: Int, found: Int)
    case badTimestamp(source: String, line: Int, text: String)
    case nonNumeric(source: String, line: Int, column: String, text: String)
    case unsorted(source: String, line: Int, previousLine: Int)
    case duplicateTimestamp(source: String, line: Int, previousLine: Int)
    case tooShort(needed: Int, available: Int, what: String)
    case noOverlap(reason: String)
    case unknownSeries(name: String, available: [String])
    case invalidParameter(String)

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
        case .unsorted(let source, let line, let previousLine):
            return "\(source): line \(line): timestamp is earlier than the one on line \(previousLine); "
                + "rows must be sorted by time"
        case .duplicateTimestamp(let source, let line, let previousLine):
            return "\(source): line \(line): timestamp repeats the one on line \(previousLine)"
        case .tooShort(let needed, let available, let what):
            return "series too short: \(what) needs at least \(needed) steps, the series has \(available)"
        case .noOverlap(let reason):
            return "cannot align the series: \(reason)"
        case .unknownSeries(let name, let available):
            return "no series named '\(name)' (available: \(available.joined(separator: ", ")))"
        case .invalidParameter(let message):
            return message
        }
    }
}
