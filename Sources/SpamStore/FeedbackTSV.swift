/// The `label<TAB>text` format of the corpus files and of `db export` / `db import`.
public enum FeedbackTSV {
    /// One line (no newline) for a labelled text; tabs, CR and LF in the text become spaces and
    /// leading or trailing spaces are dropped.
    public static func line(label: FeedbackLabel, text: String) -> String {
        var field = escape(text)[...]
        while field.first == " " { field.removeFirst() }
        while field.last == " " { field.removeLast() }
        return label.rawValue + "\t" + field
    }

    /// The text with tabs and line breaks replaced by spaces, so it fits one TSV field.
    public static func escape(_ text: String) -> String {
        var bytes = Array(text.utf8)
        for i in bytes.indices where bytes[i] == 0x09 || bytes[i] == 0x0a || bytes[i] == 0x0d {
            bytes[i] = 0x20
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A labelled line read from a TSV file.
    public struct Row: Sendable, Equatable {
        public var label: FeedbackLabel
        public var text: String
        /// 1-based line number, for error messages.
        public var line: Int

        public init(label: FeedbackLabel, text: String, line: Int) {
            self.label = label
            self.text = text
            self.line = line
        }
    }

    /// Parses `label<TAB>text` lines. Blank lines and lines starting with `#` are skipped; the
    /// label is case-insensitive (`spam`, `ham`). A bad line is an error naming its number.
    public static func parse(_ bytes: [UInt8], source: String = "input") throws(StoreError) -> [Row] {
        var rows: [Row] = []
        var lineNumber = 0
        for rawLine in bytes.split(separator: 0x0a, omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = rawLine[...]
            if line.last == 0x0d { line = line.dropLast() }
            if line.isEmpty || line.first == UInt8(ascii: "#") { continue }
            guard let tab = line.firstIndex(of: 0x09) else {
                throw .invalidInput("\(source):\(lineNumber): expected `label<TAB>text`, found no tab")
            }
            let labelText = String(decoding: line[line.startIndex..<tab], as: UTF8.self).lowercased()
            guard let label = FeedbackLabel(rawValue: labelText) else {
                throw .invalidInput("\(source):\(lineNumber): label must be spam or ham, not \"\(labelText.prefix(20))\"")
            }
            let text = String(decoding: line[line.index(after: tab)...], as: UTF8.self)
            rows.append(Row(label: label, text: text, line: lineNumber))
        }
        return rows
    }
}

extension FeedbackStore {
    /// All feedback as TSV text (one `label<TAB>text` line each, oldest first).
    public func exportTSV() throws(StoreError) -> String {
        var out = ""
        for record in try allFeedback() {
            out += FeedbackTSV.line(label: record.label, text: record.text)
            out += "\n"
        }
        return out
    }
}
