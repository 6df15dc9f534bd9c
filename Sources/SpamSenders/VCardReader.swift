/// One contact read from a vCard file: its name and the senders it names.
public struct VCardContact: Sendable, Equatable {
    /// One `TEL` or `EMAIL` value as written (a `tel:` URI already reduced to its number), with
    /// the line it starts on.
    public struct Value: Sendable, Equatable {
        public var text: String
        public var line: Int

        public init(text: String, line: Int) {
            self.text = text
            self.line = line
        }
    }

    /// `FN` (else `N`), unescaped; empty when the card has neither.
    public var name: String
    public var telephones: [Value]
    public var emails: [Value]
    /// The line of `BEGIN:VCARD`.
    public var line: Int
}

/// A card that was skipped, and why.
public struct VCardProblem: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public var description: String { "line \(line): \(message)" }
}

/// Reads contacts exported from a phone: vCard 2.1, 3.0 (RFC 2426) and 4.0 (RFC 6350). Pure.
///
/// Lines are unfolded (a line starting with a space or tab continues the previous one), property
/// names may carry a group (`item1.TEL`), parameters are read and ignored except `VALUE=uri` and
/// quoted-printable encoding (vCard 2.1, soft line breaks included). A card with a line that is
/// not a property, or without `END:VCARD`, is reported with its line number and skipped; the
/// other cards are read as usual.
public enum VCardReader {
    public struct Result: Sendable, Equatable {
        public var contacts: [VCardContact]
        public var problems: [VCardProblem]
    }

    /// A logical (unfolded) line and the physical line it starts on.
    struct LogicalLine {
        var text: String
        var line: Int
    }

    public static func read(_ bytes: [UInt8]) -> Result {
        var contacts: [VCardContact] = []
        var problems: [VCardProblem] = []
        var card: VCardContact? = nil
        var fallbackName = ""
        var cardProblem: VCardProblem? = nil
        let lines = unfold(bytes)
        var index = 0
        func finish() {
            guard let current = card else { return }
            if let cardProblem {
                problems.append(cardProblem)
            } else {
                var done = current
                if done.name.isEmpty { done.name = fallbackName }
                contacts.append(done)
            }
            card = nil
            cardProblem = nil
            fallbackName = ""
        }
        while index < lines.count {
            let logical = lines[index]
            index += 1
            let text = logical.text
            if text.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            guard let property = Property(text) else {
                if card == nil {
                    problems.append(
                        VCardProblem(
                            line: logical.line, message: "not a vCard line outside any card: \(excerpt(text))"
                        ))
                } else if cardProblem == nil {
                    cardProblem = VCardProblem(
                        line: logical.line,
                        message:
                            "malformed line in the card that starts on line \(card!.line), card skipped: \(excerpt(text))"
                    )
                }
                continue
            }
            switch property.name {
            case "BEGIN":
                guard property.value.uppercased() == "VCARD" else { break }
                if let open = card {
                    if cardProblem == nil {
                        cardProblem = VCardProblem(
                            line: open.line,
                            message: "card has no END:VCARD before line \(logical.line), card skipped")
                    }
                    finish()
                }
                card = VCardContact(name: "", telephones: [], emails: [], line: logical.line)
                continue
            case "END":
                guard property.value.uppercased() == "VCARD" else { break }
                if card == nil {
                    problems.append(
                        VCardProblem(line: logical.line, message: "END:VCARD without BEGIN:VCARD"))
                } else {
                    finish()
                }
                continue
            default: break
            }
            guard card != nil else {
                problems.append(
                    VCardProblem(line: logical.line, message: "property outside any card: \(excerpt(text))"))
                continue
            }
            var value = property.value
            if property.isQuotedPrintable {
                // Soft line breaks: a value ending in `=` continues on the next line.
                while value.hasSuffix("="), index < lines.count {
                    value = String(value.dropLast()) + lines[index].text
                    index += 1
                }
                value = decodeQuotedPrintable(value)
            }
            switch property.name {
            case "VERSION":
                let version = value.trimmingCharacters
                if !["2.1", "3.0", "4.0"].contains(version), cardProblem == nil {
                    cardProblem = VCardProblem(
                        line: logical.line, message: "unknown vCard version \(excerpt(version)), card skipped"
                    )
                }
            case "FN":
                card?.name = unescape(value).trimmingCharacters
            case "N":
                // Family;Given;Additional;Prefix;Suffix → "Given Family".
                let parts = splitUnescaped(value, on: ";").map { unescape($0).trimmingCharacters }
                fallbackName = [parts.count > 1 ? parts[1] : "", parts.first ?? ""].filter { !$0.isEmpty }
                    .joined(separator: " ")
            case "TEL":
                var number = value.trimmingCharacters
                if number.lowercased().hasPrefix("tel:") {
                    number = String(number.dropFirst(4))
                    if let semicolon = number.firstIndex(of: ";") { number = String(number[..<semicolon]) }
                }
                if !number.isEmpty { card?.telephones.append(.init(text: number, line: logical.line)) }
            case "EMAIL":
                var address = unescape(value).trimmingCharacters
                if address.lowercased().hasPrefix("mailto:") { address = String(address.dropFirst(7)) }
                if !address.isEmpty { card?.emails.append(.init(text: address, line: logical.line)) }
            default:
                break
            }
        }
        if let open = card {
            if cardProblem == nil {
                cardProblem = VCardProblem(
                    line: open.line, message: "card has no END:VCARD before the end of the file, card skipped"
                )
            }
            finish()
        }
        return Result(contacts: contacts, problems: problems)
    }

    /// Physical lines (LF, CRLF or CR) joined where a line starts with a space or tab (RFC 6350
    /// §3.2: the break and that one blank are removed).
    static func unfold(_ bytes: [UInt8]) -> [LogicalLine] {
        var result: [LogicalLine] = []
        var physical = 0
        var start = 0
        var current: [UInt8] = []
        var currentLine = 0
        var haveCurrent = false
        func flush() {
            if haveCurrent {
                result.append(LogicalLine(text: String(decoding: current, as: UTF8.self), line: currentLine))
            }
            current.removeAll(keepingCapacity: true)
            haveCurrent = false
        }
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
            physical += 1
            let line = bytes[start..<end]
            if let first = line.first, first == 0x20 || first == 0x09, haveCurrent {
                current += line.dropFirst()
            } else {
                flush()
                current += line
                currentLine = physical
                haveCurrent = true
            }
            if end < bytes.count && bytes[end] == 0x0D && end + 1 < bytes.count && bytes[end + 1] == 0x0A {
                start = end + 2
            } else {
                start = end + 1
            }
        }
        flush()
        return result
    }

    /// `[group.]NAME[;param...]:value`, split at the first colon outside double quotes.
    struct Property {
        var name: String
        var parameters: [String]
        var value: String

        init?(_ line: String) {
            var inQuotes = false
            var colon: String.Index? = nil
            for index in line.indices {
                let c = line[index]
                if c == "\"" { inQuotes.toggle() }
                if c == ":" && !inQuotes {
                    colon = index
                    break
                }
            }
            guard let colon else { return nil }
            let head = splitOutsideQuotes(line[..<colon], on: ";")
            guard var name = head.first, !name.isEmpty else { return nil }
            if let dot = name.lastIndex(of: ".") {
                let group = name[..<dot]
                guard !group.isEmpty, group.allSatisfy(Self.isNameCharacter) else { return nil }
                name = String(name[name.index(after: dot)...])
            }
            guard !name.isEmpty, name.allSatisfy(Self.isNameCharacter) else { return nil }
            self.name = name.uppercased()
            parameters = head.dropFirst().map { $0.uppercased() }
            value = String(line[line.index(after: colon)...])
        }

        static func isNameCharacter(_ c: Character) -> Bool {
            c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_")
        }

        var isQuotedPrintable: Bool {
            parameters.contains { $0 == "QUOTED-PRINTABLE" || $0 == "ENCODING=QUOTED-PRINTABLE" }
        }
    }

    static func splitOutsideQuotes(_ text: Substring, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var inQuotes = false
        for c in text {
            if c == "\"" { inQuotes.toggle() }
            if c == separator && !inQuotes {
                parts.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(current)
        return parts
    }

    /// Splits at `separator`s that are not escaped with a backslash.
    static func splitUnescaped(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for c in text {
            if escaped {
                current.append("\\")
                current.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == separator {
                parts.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(current)
        return parts
    }

    /// `\n`, `\,`, `\;`, `\\` → their characters.
    static func unescape(_ text: String) -> String {
        var out = ""
        var escaped = false
        for c in text {
            if escaped {
                out.append(c == "n" || c == "N" ? "\n" : c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// `=XX` escapes decoded as UTF-8 bytes; a stray `=` is kept.
    static func decodeQuotedPrintable(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: b - 0x30
            case 0x41...0x46: b - 0x41 + 10
            case 0x61...0x66: b - 0x61 + 10
            default: nil
            }
        }
        while i < bytes.count {
            if bytes[i] == 0x3D, i + 2 < bytes.count, let high = hex(bytes[i + 1]),
                let low = hex(bytes[i + 2])
            {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func excerpt(_ text: String) -> String {
        let cut = text.prefix(40)
        return "`" + String(cut.map { $0.isASCII && $0.asciiValue! < 0x20 ? " " : $0 })
            + (cut.count < text.count ? "…`" : "`")
    }
}

extension StringProtocol {
    /// Without leading and trailing white space (shared with SpamMail's sender parsing).
    package var trimmingCharacters: String {
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
