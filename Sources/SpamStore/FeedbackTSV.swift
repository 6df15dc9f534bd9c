/// The `label<TAB>text` lines `db export` writes (read back by `LabeledCorpus` in SpamText).
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
        /// Loss weight when the row trains a model (a base corpus's `--corpus-weight`).
        public var weight: Float
        /// A mail's text (a base corpus named by `retrain --mail-corpus`).
        public var isMail: Bool
        /// A mail that trains the reading of mail only (`retrain --mail-only-corpus`), never the
        /// networks or the reading of SMS; a mail whatever `isMail` says.
        public var trainsMailReadingOnly: Bool

        public init(
            label: FeedbackLabel, text: String, line: Int, weight: Float = 1, isMail: Bool = false,
            trainsMailReadingOnly: Bool = false
        ) {
            self.label = label
            self.text = text
            self.line = line
            self.weight = weight
            self.isMail = isMail || trainsMailReadingOnly
            self.trainsMailReadingOnly = trainsMailReadingOnly
        }
    }
}

extension StoreBackend {
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
