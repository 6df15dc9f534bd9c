/// The parsed config file: `key = value` lines, `#` comments, no I/O.
///
/// ```
/// # ~/.config/smsfilter/config
/// model = ~/models/sms.smsmodel
/// spam_cutoff = 0.95        # a comment after whitespace
/// header_name = "X-SMS-Spam"
/// ```
///
/// Blank lines and lines starting with `#` are ignored. A `#` after whitespace starts a comment,
/// unless the value is in double quotes. Malformed lines are errors naming the line; unknown keys
/// are warnings (a newer config file still works with an older binary).
public struct ConfigFile: Sendable, Equatable {
    /// One `key = value` line.
    public struct Entry: Sendable, Equatable {
        public let key: String
        public let value: String
        public let line: Int
    }

    /// Where the bytes came from (used in messages).
    public let path: String
    /// Every assignment, in file order (later ones win).
    public let entries: [Entry]
    /// Unknown keys and repeated keys, as `path:line: message`.
    public let warnings: [String]

    public init(path: String, entries: [Entry], warnings: [String] = []) {
        self.path = path
        self.entries = entries
        self.warnings = warnings
    }

    /// The last entry for a key, or nil.
    public func entry(for key: String) -> Entry? {
        entries.last { $0.key == key }
    }

    /// Parses the file's bytes. Throws one error listing every malformed line.
    public static func parse(_ bytes: [UInt8], path: String) throws(ConfigError) -> ConfigFile {
        var entries: [Entry] = []
        var warnings: [String] = []
        var problems: [String] = []
        var number = 0
        // Split bytes, not Characters: "\r\n" is one Character in Swift.
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            let line = String(decoding: raw, as: UTF8.self).trimmingBlanks()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                problems.append("\(path):\(number): expected `key = value`, found `\(line.prefix(60))`")
                continue
            }
            let key = line[..<equals].trimmingBlanks()
            guard !key.isEmpty else {
                problems.append("\(path):\(number): missing key before `=`")
                continue
            }
            guard key.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }) else {
                problems.append("\(path):\(number): `\(key)` is not a key (letters, digits and _ only)")
                continue
            }
            let value: String
            switch unquote(line[line.index(after: equals)...].trimmingBlanks()) {
            case .success(let v): value = v
            case .failure(let message):
                problems.append("\(path):\(number): \(message)")
                continue
            }
            if ConfigKey(name: key) == nil && !passThroughConfigKeys.contains(key) {
                var warning = "\(path):\(number): unknown key `\(key)` ignored"
                if let near = nearestKey(to: key) { warning += " (did you mean `\(near)`?)" }
                warnings.append(warning)
                continue
            }
            // A search of the few entries, not a dictionary: see `EffectiveConfiguration.passThrough`.
            if let earlier = entries.first(where: { $0.key == key }) {
                warnings.append(
                    "\(path):\(number): `\(key)` already set on line \(earlier.line); this line wins")
            }
            entries.append(Entry(key: key, value: value, line: number))
        }
        if !problems.isEmpty { throw ConfigError(problems) }
        return ConfigFile(path: path, entries: entries, warnings: warnings)
    }

    /// The value after `=`: a double-quoted string (with `\"` and `\\`), or bare text up to a
    /// `#` that follows whitespace.
    static func unquote(_ text: String) -> Result<String, QuoteError> {
        guard text.hasPrefix("\"") else {
            var value = Substring(text)
            var previous: Character = " "
            for index in text.indices {
                if text[index] == "#" && (previous == " " || previous == "\t") {
                    value = text[..<index]
                    break
                }
                previous = text[index]
            }
            return .success(value.trimmingBlanks())
        }
        var value = ""
        var escaped = false
        var rest = text.dropFirst()
        while let c = rest.first {
            rest.removeFirst()
            if escaped {
                value.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "\"" {
                let tail = rest.trimmingBlanks()
                guard tail.isEmpty || tail.hasPrefix("#") else {
                    return .failure(QuoteError(description: "text after the closing quote"))
                }
                return .success(value)
            } else {
                value.append(c)
            }
        }
        return .failure(QuoteError(description: "missing closing quote"))
    }

    struct QuoteError: Error, CustomStringConvertible {
        let description: String
    }

    /// A known key within two edits of a misspelt one.
    static func nearestKey(to key: String) -> String? {
        let candidates = ConfigKey.allCases.map(\.name) + passThroughConfigKeys.sorted()
        var best: (name: String, distance: Int)?
        for name in candidates {
            let distance = editDistance(Array(key), Array(name))
            if distance <= 2, distance < (best?.distance ?? Int.max) { best = (name, distance) }
        }
        return best?.name
    }

    /// Levenshtein distance (one row at a time).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var diagonal = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let above = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs and carriage returns (CRLF files work).
    func trimmingBlanks() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return String(s)
    }
}
