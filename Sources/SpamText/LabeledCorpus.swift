/// One labelled message of a training or test corpus.
public struct LabeledMessage: Sendable, Equatable {
    public var isSpam: Bool
    public var text: String

    public init(isSpam: Bool, text: String) {
        self.isSpam = isSpam
        self.text = text
    }
}

/// One line of a `label<TAB>text` file, as `LabeledCorpus.read` hands it over.
public struct LabeledLine: Sendable, Equatable {
    /// 1-based, counting every line of the file (for error messages and log sources).
    public var number: Int
    /// Spam or ham; nil when the line has no label (or, with `.ignored`, one not known).
    public var isSpam: Bool?
    /// The sender column of a file that starts with the `label<TAB>sender<TAB>text` header.
    public var sender: String?
    public var text: String

    public init(number: Int, isSpam: Bool?, sender: String? = nil, text: String) {
        self.number = number
        self.isSpam = isSpam
        self.sender = sender
        self.text = text
    }
}

/// The `label<TAB>text` format of every labelled file smsfilter reads: the corpora of `train`,
/// `evaluate` and `retrain --base-corpus`, `learn --input tsv`, `db import` and `classify --input
/// tsv`. One message per line; empty lines and lines starting with `#` are skipped; a trailing CR
/// and a leading byte order mark are dropped; a line that is not valid UTF-8 is read as Latin-1.
/// Labels `ham` or `spam` (any case), and those of other collections: `smishing` and `phishing`
/// as spam, `legit` and `legitimate` as ham (spaces or quotes around a label are ignored). A file
/// whose first line is `label<TAB>sender<TAB>text` (the header, not a message) has a sender column.
public enum LabeledCorpus {
    /// Whether a line must carry a known label.
    public enum LabelRule: Sendable {
        /// Training and feedback: a line without a tab or with an unknown label is an error.
        case required
        /// Scoring (`classify`): the label is not read; a line without a tab is all text.
        case ignored
    }

    /// Every labelled message, for training and evaluation.
    public static func parse(_ bytes: [UInt8]) throws -> [LabeledMessage] {
        var messages: [LabeledMessage] = []
        try read(bytes, labels: .required) { line in
            messages.append(LabeledMessage(isSpam: line.isSpam ?? false, text: line.text))
        }
        return messages
    }

    /// Every line with its number and sender, for feedback (`learn`, `db import`, retrain).
    public static func lines(_ bytes: [UInt8]) throws -> [LabeledLine] {
        var lines: [LabeledLine] = []
        try read(bytes, labels: .required) { line in lines.append(line) }
        return lines
    }

    /// Calls `body` for each message line in order, without collecting them: `classify` scores a
    /// file of millions of lines in chunks.
    public static func read(
        _ bytes: [UInt8], labels: LabelRule, _ body: (LabeledLine) throws -> Void
    ) throws {
        let n = bytes.count
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lineNumber = 0
        var senderColumn = false
        while start < n {
            lineNumber += 1
            var end = start
            while end < n && bytes[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            defer { start = end + 1 }
            if lineEnd == start || bytes[start] == UInt8(ascii: "#") { continue }
            if lineNumber == 1 && isSenderHeader(bytes[start..<lineEnd]) {
                senderColumn = true
                continue
            }
            guard let tab = bytes[start..<lineEnd].firstIndex(of: 0x09) else {
                if labels == .required {
                    throw CorpusError.malformedLine(lineNumber, "no TAB between label and text")
                }
                try body(
                    LabeledLine(
                        number: lineNumber, isSpam: nil, text: Latin1.decodeUnlessUTF8(bytes[start..<lineEnd])
                    ))
                continue
            }
            var isSpam: Bool? = nil
            if labels == .required {
                let label = String(decoding: bytes[start..<tab], as: UTF8.self).lowercased()
                    .trimmingCharacters(" \"'")
                switch label {
                case "spam", "smishing", "phishing": isSpam = true
                case "ham", "legit", "legitimate": isSpam = false
                default:
                    let shown = label.count > 20 ? String(label.prefix(20)) + "…" : label
                    throw CorpusError.malformedLine(
                        lineNumber, "label must be 'ham' or 'spam', found '\(shown)'")
                }
            }
            var textStart = tab + 1
            var sender: String? = nil
            if senderColumn {
                if let second = bytes[textStart..<lineEnd].firstIndex(of: 0x09) {
                    sender = Latin1.decodeUnlessUTF8(bytes[textStart..<second])
                    textStart = second + 1
                } else if labels == .required {
                    throw CorpusError.malformedLine(lineNumber, "no TAB between sender and text")
                }
            }
            let text = Latin1.decodeUnlessUTF8(bytes[textStart..<lineEnd])
            try body(LabeledLine(number: lineNumber, isSpam: isSpam, sender: sender, text: text))
        }
    }

    /// The sender-column header: `label<TAB>sender<TAB>text`, any case.
    public static func isSenderHeader(_ line: ArraySlice<UInt8>) -> Bool {
        String(decoding: line, as: UTF8.self).lowercased() == "label\tsender\ttext"
    }

    /// The corpus as `label<TAB>text` lines (tabs and line breaks in texts become spaces).
    public static func format(_ messages: [LabeledMessage]) -> String {
        var out = ""
        for message in messages {
            out += message.isSpam ? "spam\t" : "ham\t"
            for ch in message.text.unicodeScalars {
                out.unicodeScalars.append(ch == "\t" || ch == "\n" || ch == "\r" ? " " : ch)
            }
            out += "\n"
        }
        return out
    }
}

/// A corpus line that is not `label<TAB>text`.
public enum CorpusError: Error, CustomStringConvertible, Sendable, Equatable {
    case malformedLine(Int, String)

    public var description: String {
        switch self {
        case .malformedLine(let line, let why): "line \(line): \(why)"
        }
    }
}

extension String {
    /// Without leading and trailing characters from `set`.
    fileprivate func trimmingCharacters(_ set: String) -> String {
        var s = Substring(self)
        while let first = s.first, set.contains(first) { s.removeFirst() }
        while let last = s.last, set.contains(last) { s.removeLast() }
        return String(s)
    }
}
