/// Rows of a `timestamp,value[,value...]` CSV as read, before any resampling: strictly increasing
/// timestamps and one array of values per value column.
public struct SeriesTable: Sendable, Equatable {
    /// Where the rows came from (a file name), used in error messages.
    public var source: String
    /// Value column names from the header (the timestamp column's name is not kept).
    public var names: [String]
    /// Seconds since the Unix epoch, strictly increasing.
    public var timestamps: [Int]
    /// `columns[c][r]`: value of column c on row r; NaN where the cell was missing (`missingMarks`).
    public var columns: [[Double]]
    /// The 1-based line number of each row, to point errors found later at the input.
    public var lines: [Int]
    /// Lines left out because their timestamp repeated the row before's (the first row stands).
    public var repeatedLines: [Int]

    public init(
        source: String, names: [String], timestamps: [Int], columns: [[Double]], lines: [Int],
        repeatedLines: [Int] = []
    ) {
        self.source = source
        self.names = names
        self.timestamps = timestamps
        self.columns = columns
        self.lines = lines
        self.repeatedLines = repeatedLines
    }

    public var rowCount: Int { timestamps.count }

    /// Parses CSV bytes: a header line, then one row per line. Blank lines, a UTF-8 byte order
    /// mark, CRLF line ends and a missing final newline are accepted; fields may be wrapped in
    /// double quotes (no delimiters inside them). The delimiter is the header's: a comma, else a
    /// semicolon (then a decimal comma in values is read too, as spreadsheets in many locales
    /// write them), else a tab. Rows must be sorted by time. A row whose timestamp repeats the
    /// row before's is left out and its line kept in `repeatedLines`: exports repeat a row now and
    /// then (NAB's `exchange-2_cpc_results.csv` has one, a local-time export the hour the clocks
    /// go back), and one such row should not refuse a file of thousands. A missing value (an
    /// empty cell, `NA`, `NaN`, `null`: `missingMarks`) is kept as NaN, for the resampler to fill;
    /// any other value that is not a finite number is an error.
    public static func parse(_ bytes: [UInt8], source: String) throws(ForecastError) -> SeriesTable {
        var lines = splitLines(bytes)
        guard let headerIndex = lines.firstIndex(where: { !$0.text.allSatisfy { $0 == " " || $0 == "\t" } })
        else { throw .emptyFile(source: source) }
        let headerText = lines[headerIndex].text
        let delimiter: Character = [",", ";", "\t"].first(where: headerText.contains) ?? ","
        let header = fields(headerText, delimiter)
        guard header.count >= 2 else {
            throw .badHeader(
                source: source,
                reason: "need `timestamp,value[,value...]`, found '\(lines[headerIndex].text)'")
        }
        if Timestamp.parse(header[0]) != nil {
            throw .badHeader(
                source: source, reason: "the first line holds data; add a header such as `timestamp,value`")
        }
        let names = Array(header.dropFirst())
        if let empty = names.firstIndex(where: { $0.isEmpty }) {
            throw .badHeader(source: source, reason: "value column \(empty + 1) has no name")
        }
        lines.removeFirst(headerIndex + 1)

        var timestamps: [Int] = []
        var columns = [[Double]](repeating: [], count: names.count)
        var rowLines: [Int] = []
        var repeatedLines: [Int] = []
        timestamps.reserveCapacity(lines.count)
        for line in lines {
            if line.text.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let row = fields(line.text, delimiter)
            guard row.count == header.count else {
                throw .wrongFieldCount(
                    source: source, line: line.number, expected: header.count, found: row.count)
            }
            guard let time = Timestamp.parse(row[0]) else {
                throw .badTimestamp(source: source, line: line.number, text: row[0])
            }
            if let previous = timestamps.last {
                if time == previous {
                    repeatedLines.append(line.number)
                    continue
                }
                if time < previous {
                    throw .unsorted(
                        source: source, line: line.number, previousLine: rowLines[rowLines.count - 1])
                }
            }
            for c in 0..<names.count {
                let text = row[c + 1]
                let parsed = Double(text) ?? (delimiter == ";" ? Double(text.replacingCommas()) : nil)
                if parsed?.isFinite != true, missingMarks.contains(text.lowercased()) {
                    columns[c].append(.nan)
                    continue
                }
                guard let value = parsed, value.isFinite else {
                    throw .nonNumeric(source: source, line: line.number, column: names[c], text: row[c + 1])
                }
                columns[c].append(value)
            }
            timestamps.append(time)
            rowLines.append(line.number)
        }
        if timestamps.isEmpty { throw .noDataRows(source: source) }
        if let c = columns.firstIndex(where: { $0.allSatisfy(\.isNaN) }) {
            throw .noValues(source: source, column: names[c])
        }
        return SeriesTable(
            source: source, names: names, timestamps: timestamps, columns: columns, lines: rowLines,
            repeatedLines: repeatedLines)
    }

    /// Cells that say a value is missing, as exporters write them: pandas leaves the cell empty
    /// (or writes `NaN`), R writes `NA`, databases `NULL`: an hour the collector missed, to be
    /// filled like a logging gap rather than refuse the file. Lowercased; `inf` and other text
    /// stay errors.
    public static let missingMarks: Set<String> = ["", "na", "n/a", "nan", "null", "none", "-"]

    private static func splitLines(_ bytes: [UInt8]) -> [(number: Int, text: String)] {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var result: [(number: Int, text: String)] = []
        var number = 1
        var i = start
        while i <= bytes.count {
            if i == bytes.count || bytes[i] == 0x0A {
                var end = i
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                if !(i == bytes.count && start == i) {
                    result.append((number, String(decoding: bytes[start..<end], as: UTF8.self)))
                }
                number += 1
                start = i + 1
            }
            i += 1
        }
        return result
    }

    private static func fields(_ line: String, _ delimiter: Character) -> [String] {
        line.split(separator: delimiter, omittingEmptySubsequences: false).map { field in
            var s = Substring(field)
            while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
            while let l = s.last, l == " " || l == "\t" { s.removeLast() }
            if s.count >= 2, s.first == "\"", s.last == "\"" { s = s.dropFirst().dropLast() }
            return String(s)
        }
    }
}

extension String {
    /// `12,5` → `12.5` (a decimal comma); only called when a plain parse failed.
    fileprivate func replacingCommas() -> String { String(map { $0 == "," ? "." : $0 }) }
}
