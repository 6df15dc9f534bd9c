/// One labelled message of a training or test corpus.
public struct LabeledMessage: Sendable, Equatable {
    public var isSpam: Bool
    public var text: String

    public init(isSpam: Bool, text: String) {
        self.isSpam = isSpam
        self.text = text
    }
}

/// The `label<TAB>text` corpus format of the UCI SMS Spam Collection: one message per line,
/// label `ham` or `spam` (any case). Empty lines are skipped; a trailing CR and a leading byte
/// order mark are dropped; a line that is not valid UTF-8 is read as Latin-1. Labels of other
/// collections are read too: `smishing` and `phishing` as spam, `legit` and `legitimate` as ham
/// (spaces or quotes around a label are ignored).
public enum LabeledCorpus {
    public static func parse(_ bytes: [UInt8]) throws(CorpusError) -> [LabeledMessage] {
        var messages: [LabeledMessage] = []
        var lineNumber = 0
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let n = bytes.count
        while start < n {
            lineNumber += 1
            var end = start
            while end < n && bytes[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            defer { start = end + 1 }
            if lineEnd == start { continue }
            guard let tab = bytes[start..<lineEnd].firstIndex(of: 0x09) else {
                throw .malformedLine(lineNumber, "no TAB between label and text")
            }
            let label = String(decoding: bytes[start..<tab], as: UTF8.self).lowercased()
                .trimmingCharacters(" \"'")
            // A line that is not UTF-8 is Latin-1, as `classify` reads such text.
            let text = Latin1.decodeUnlessUTF8(bytes[(tab + 1)..<lineEnd])
            switch label {
            case "spam", "smishing", "phishing": messages.append(LabeledMessage(isSpam: true, text: text))
            case "ham", "legit", "legitimate": messages.append(LabeledMessage(isSpam: false, text: text))
            default:
                let shown = label.count > 20 ? String(label.prefix(20)) + "…" : label
                throw .malformedLine(lineNumber, "label must be 'ham' or 'spam', found '\(shown)'")
            }
        }
        return messages
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
