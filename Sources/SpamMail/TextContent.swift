/// Whether an extracted text gives the model anything to judge. A model scores any token
/// sequence, also none: binary garbage (`bytes(range(256)) * 64`) scored Spam 0.99 and a lone
/// mbox envelope line Spam 0.96. Such input gets `Unsure, reason=no-text` instead.
///
/// The rule: no letter, digit or symbol at all (empty, white space, punctuation only), or
/// mostly non-text: at least 8 C1 control characters or U+FFFD replacements (what bytes that
/// are not text become after decoding), and at least one in ten of the characters that are not
/// white space. One real word (`ok`, `Yes`), an emoji (`👍`), a 6-digit code, or a Windows-1252
/// message with a few curly quotes (read as Latin-1, they are C1 characters) is still judged.
public enum TextContent {
    /// The `reason=` value for a text without content.
    public static let noTextReason = "no-text"

    /// Fewest non-text characters that make a text binary, and their least share (1 in N).
    static let minimumNonText = 8
    static let nonTextShare = 10

    /// True when `text` (as extracted: control characters already spaces) has something to judge.
    public static func hasTextToJudge(_ text: String) -> Bool {
        var hasContent = false
        for scalar in text.unicodeScalars where isContent(scalar) {
            hasContent = true
            break
        }
        return hasContent && !isMostlyNonText(text)
    }

    /// True when `text` has a letter or a digit: a word or a number, something that can name a
    /// link, a sender or a deed (`ScoredVerdict`). Emoji and other symbols alone do not count.
    public static func hasWords(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isLetterOrDigit)
    }

    /// Most words, and most characters in one of them, of a short remark (`isShortRemark`).
    static let shortRemarkWords = 3
    static let shortRemarkWordLength = 12

    /// True when `text` is a short remark with nothing to act on: at most three words (runs
    /// between white space, none over 12 Unicode scalars, so that a sentence of a script written
    /// without spaces is not one word), and no digit of any script, currency symbol, `@`, `/`
    /// or `.` between two letters or digits: no number, amount, address or link. "hello", "Hi it's
    /// me", "Are you free?". Scam openers look like this too, but one of a few words carries
    /// nothing to lure with; the lure comes in the next message, which has it (`ScoredVerdict`).
    public static func isShortRemark(_ text: String) -> Bool {
        var words = 0
        var wordLength = 0
        // Read as a stream with one scalar of look-ahead: the answer is known within a few
        // words, however long the text.
        var scalars = text.unicodeScalars.makeIterator()
        var previous: Unicode.Scalar = " "
        var current = scalars.next()
        while let scalar = current {
            let next = scalars.next()
            defer {
                previous = scalar
                current = next
            }
            if scalar.properties.isWhitespace {
                wordLength = 0
                continue
            }
            if wordLength == 0 { words += 1 }
            wordLength += 1
            if words > shortRemarkWords || wordLength > shortRemarkWordLength { return false }
            if scalar == "@" || scalar == "/" || isNumberOrMoney(scalar) { return false }
            if scalar == ".", isLetterOrDigit(previous), let next, isLetterOrDigit(next) { return false }
        }
        return words > 0
    }

    /// A decimal digit of any script, or a currency symbol.
    static func isNumberOrMoney(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .decimalNumber, .currencySymbol: true
        default: false
        }
    }

    /// A letter, a digit, or a symbol (currency, math, emoji and other symbols).
    static func isContent(_ scalar: Unicode.Scalar) -> Bool {
        if isLetterOrDigit(scalar) { return true }
        if scalar.isASCII {
            return [0x24, 0x2B, 0x3C, 0x3D, 0x3E, 0x5E, 0x60, 0x7C, 0x7E].contains(scalar.value)
        }
        switch scalar.properties.generalCategory {
        case .otherNumber, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return scalar.value != 0xFFFD
        default:
            return false
        }
    }

    /// A letter or a digit of any script (`hasWords`, and the first half of `isContent`).
    static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 0x30 && v <= 0x39) || (v | 0x20 >= 0x61 && v | 0x20 <= 0x7A)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber:
            return true
        default:
            return false
        }
    }

    /// C1 controls (U+0080–U+009F) and U+FFFD, counted on the UTF-8 bytes.
    static func isMostlyNonText(_ text: String) -> Bool {
        var nonText = 0
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            if previous == 0xC2 && byte >= 0x80 && byte <= 0x9F { nonText += 1 }
            if beforePrevious == 0xEF && previous == 0xBF && byte == 0xBD { nonText += 1 }
            beforePrevious = previous
            previous = byte
        }
        guard nonText >= minimumNonText else { return false }
        let visible = text.unicodeScalars.reduce(0) { $0 + ($1.properties.isWhitespace ? 0 : 1) }
        return nonText * nonTextShare >= visible
    }
}
