/// Words a sender disguised so that a filter's vocabulary misses them, and the word a reader sees
/// in each. Lures spell their key words with letters of other scripts that look Latin (`Αmazon`
/// with a Greek capital alpha, `аccount` with a Cyrillic a), with digits and signs for letters
/// (`fr33`, `acc0unt`, `cl@im`), one letter at a time (`C L A I M`, `P.a.y.P.a.l`), or in the
/// "fancy text" of small capitals, boxed letters and struck-through letters. A reader
/// reads straight through all three; a vocabulary sees words it has never met, which the
/// network reads as nothing at all.
///
/// Only unknown words are looked at, and a reading counts only when the vocabulary knows the
/// word it gives, so a message without disguised words encodes exactly as before (`acc0unt` is
/// read `account`; a booking reference `x7k2p9` has no known reading and stays unknown).
public enum DisguisedWords {
    /// Letters of other scripts that look like a Latin letter, after NFKC case folding (so the
    /// lower-case forms of capitals that look Latin are here too: Cyrillic `н` from `Н` reads
    /// `h`). Cyrillic, Greek and Armenian letters, Latin letters outside ASCII that look like an
    /// ASCII one, written for this table from their printed forms.
    static let lookalikes: [Unicode.Scalar: Unicode.Scalar] = [
        // Cyrillic
        "\u{0430}": "a", "\u{0432}": "b", "\u{0435}": "e", "\u{0451}": "e", "\u{043A}": "k",
        "\u{043C}": "m", "\u{043D}": "h", "\u{043E}": "o", "\u{043F}": "n", "\u{0440}": "p",
        "\u{0441}": "c", "\u{0442}": "t", "\u{0443}": "y", "\u{0445}": "x", "\u{044C}": "b",
        "\u{0455}": "s", "\u{0456}": "i", "\u{0457}": "i", "\u{0458}": "j", "\u{04BB}": "h",
        "\u{04CF}": "l", "\u{04AF}": "y", "\u{0501}": "d", "\u{051B}": "q", "\u{051D}": "w",
        // Greek
        "\u{03B1}": "a", "\u{03B2}": "b", "\u{03B3}": "y", "\u{03B5}": "e", "\u{03B6}": "z",
        "\u{03B7}": "n", "\u{03B9}": "i", "\u{03BA}": "k", "\u{03BC}": "m", "\u{03BD}": "v",
        "\u{03BF}": "o", "\u{03C1}": "p", "\u{03C4}": "t", "\u{03C5}": "u", "\u{03C7}": "x",
        "\u{03C9}": "w", "\u{03F2}": "c", "\u{03F3}": "j",
        // Armenian
        "\u{0585}": "o", "\u{057D}": "u", "\u{0570}": "h", "\u{0578}": "n", "\u{0581}": "g",
        "\u{0566}": "q",
        // Latin letters outside ASCII
        "\u{0131}": "i", "\u{0237}": "j", "\u{0251}": "a", "\u{0261}": "g", "\u{0269}": "i",
        // Small capitals, as "fancy text" generators write whole words in them (`ᴄʟᴀɪᴍ ꜰʀᴇᴇ`)
        "\u{1D00}": "a", "\u{0299}": "b", "\u{1D04}": "c", "\u{1D05}": "d", "\u{1D07}": "e",
        "\u{A730}": "f", "\u{0262}": "g", "\u{029C}": "h", "\u{026A}": "i", "\u{1D0A}": "j",
        "\u{1D0B}": "k", "\u{029F}": "l", "\u{1D0D}": "m", "\u{0274}": "n", "\u{1D0F}": "o",
        "\u{1D18}": "p", "\u{0280}": "r", "\u{A731}": "s", "\u{1D1B}": "t", "\u{1D1C}": "u",
        "\u{1D20}": "v", "\u{1D21}": "w", "\u{028F}": "y", "\u{1D22}": "z",
    ]

    /// The Latin letter a character is written for: a look-alike of `lookalikes`, or a letter in
    /// a negative squared or circled box (`🅵🆁🅴🅴`, `🅕🅡🅔🅔`), which NFKC keeps as it is (the
    /// plain squared and circled letters it folds itself).
    static func latinLetter(for scalar: Unicode.Scalar) -> Unicode.Scalar? {
        if let latin = lookalikes[scalar] { return latin }
        for base: UInt32 in [0x1F170, 0x1F150] where scalar.value >= base && scalar.value < base + 26 {
            return Unicode.Scalar(0x61 + scalar.value - base)
        }
        return nil
    }

    /// A combining mark drawn over or under the letter before it (strike-through U+0336, low
    /// line U+0332, an enclosing circle): the letter still reads as itself.
    static func isOverlayMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Signs and digits written for letters (`fr33`, `cl@im`). `1` reads `i` or `l`; `2`, `8`
    /// and `9` are left alone: in text speak they stand for words (`2day`, `gr8`), not letters.
    static let letterSigns: [UInt8: UInt8] = [
        UInt8(ascii: "0"): UInt8(ascii: "o"), UInt8(ascii: "3"): UInt8(ascii: "e"),
        UInt8(ascii: "4"): UInt8(ascii: "a"), UInt8(ascii: "5"): UInt8(ascii: "s"),
        UInt8(ascii: "7"): UInt8(ascii: "t"), UInt8(ascii: "@"): UInt8(ascii: "a"),
        UInt8(ascii: "$"): UInt8(ascii: "s"),
    ]

    /// The readings of a disguised word, most likely first: with every look-alike letter read
    /// as its Latin letter, or with every sign read as a letter (both readings of `1`). Empty
    /// when the word has nothing to read differently. A word is read only when every character
    /// is an ASCII letter or something that reads as one, and it has two letters at least
    /// (`b4` and `4u` are text speak, not disguises).
    public static func readings(of token: String) -> [String] {
        let utf8 = token.utf8
        guard utf8.count >= 3, utf8.count <= 64, utf8.first != UInt8(ascii: "<") else { return [] }
        if utf8.allSatisfy({ $0 < 0x80 }) { return signReadings(Array(utf8)) }
        var read = String.UnicodeScalarView()
        var changed = false
        for scalar in token.unicodeScalars {
            if scalar.isASCII {
                guard isLetter(UInt8(scalar.value)) else { return [] }
                read.append(scalar)
            } else if let latin = latinLetter(for: scalar) {
                read.append(latin)
                changed = true
            } else if isOverlayMark(scalar), !read.isEmpty {
                changed = true
            } else {
                return []
            }
        }
        return changed ? [String(read)] : []
    }

    private static func signReadings(_ bytes: [UInt8]) -> [String] {
        var letters = 0
        var signs = 0
        var ones = 0
        for b in bytes {
            if isLetter(b) {
                letters += 1
            } else if b == UInt8(ascii: "1") {
                ones += 1
            } else if letterSigns[b] != nil {
                signs += 1
            } else {
                return []
            }
        }
        guard letters >= 2, signs + ones > 0 else { return [] }
        func reading(one: UInt8) -> String {
            String(
                decoding: bytes.map { $0 == UInt8(ascii: "1") ? one : letterSigns[$0] ?? $0 }, as: UTF8.self)
        }
        return ones == 0
            ? [reading(one: 0)] : [reading(one: UInt8(ascii: "i")), reading(one: UInt8(ascii: "l"))]
    }

    private static func isLetter(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }

    /// `tokens` with runs of three or more one-letter tokens (`c l a i m y o u r`, as the
    /// tokenizer splits `C L A I M YOUR` or `c.l.a.i.m`) read as the known words they spell:
    /// from each letter, the longest run of letters of three or more that `isKnown`, else the
    /// letter stays. Other tokens are untouched.
    public static func joiningSpelledOutWords(_ tokens: [String], isKnown: (String) -> Bool) -> [String] {
        // A letter, or one that looks like a letter (`C L А I M` with a Cyrillic А).
        func singleLetter(_ t: String) -> UInt8? {
            let utf8 = t.utf8
            if utf8.count == 1 { return isLetter(utf8.first!) ? utf8.first! : nil }
            guard utf8.count <= 4, t.unicodeScalars.count == 1,
                let latin = latinLetter(for: t.unicodeScalars.first!)
            else { return nil }
            return UInt8(latin.value)
        }
        func isSingleLetter(_ t: String) -> Bool { singleLetter(t) != nil }
        // Nearly every message has no run of three: find out in one cheap pass.
        var run = 0
        var hasRun = false
        for t in tokens {
            run = t.utf8.count <= 4 && isSingleLetter(t) ? run + 1 : 0
            if run == 3 {
                hasRun = true
                break
            }
        }
        guard hasRun else { return tokens }
        var out: [String] = []
        out.reserveCapacity(tokens.count)
        var i = 0
        while i < tokens.count {
            var end = i
            while end < tokens.count && isSingleLetter(tokens[end]) { end += 1 }
            guard end - i >= 3 else {
                out.append(contentsOf: tokens[i..<max(end, i + 1)])
                i = max(end, i + 1)
                continue
            }
            let chars = tokens[i..<end].map { singleLetter($0)! }
            var p = 0
            while p < chars.count {
                var length = min(chars.count - p, 24)
                var found = false
                while length >= 3 {
                    let word = String(decoding: chars[p..<(p + length)], as: UTF8.self)
                    if isKnown(word) {
                        out.append(word)
                        p += length
                        found = true
                        break
                    }
                    length -= 1
                }
                if !found {
                    out.append(tokens[i + p])
                    p += 1
                }
            }
            i = end
        }
        return out
    }
}
