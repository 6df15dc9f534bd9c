import SpamNN

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A deterministic, SMS-like corpus made up here (never text from a real corpus), so benchmark
/// figures and the committed thresholds mean the same thing on every machine.
///
/// Words follow a Zipf-like law over a syllable-built lexicon of ~9,000 forms (close to the
/// 8,375 distinct words of the reference train split), mixed with the shapes the tokenizer
/// treats specially: numbers, prices, phone numbers, URLs, e-mail addresses, emoji.
enum SyntheticCorpus {
    struct Message {
        var isSpam: Bool
        var text: String
    }

    /// `count` messages, about 13 % spam, 4–40 words each.
    static func messages(count: Int, seed: UInt64 = 7) -> [Message] {
        var generator = SeededGenerator(seed: seed)
        let lexicon = Self.lexicon(generator: &generator)
        var result: [Message] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            let isSpam = generator.nextInt(below: 100) < 13
            let length = 4 + generator.nextInt(below: isSpam ? 30 : 37)
            var words: [String] = []
            for position in 0..<length {
                words.append(
                    word(isSpam: isSpam, position: position, lexicon: lexicon, generator: &generator))
            }
            result.append(Message(isSpam: isSpam, text: words.joined(separator: " ")))
        }
        return result
    }

    private static let syllables = [
        "ka", "lo", "mi", "ne", "ru", "ta", "so", "ve", "pi", "da", "ho", "ge", "bu", "fa", "ji", "wo",
        "ze", "ny", "ch", "st", "ar", "en", "il", "on", "ut", "ow", "ee", "th", "sh", "qu", "pr", "bl",
    ]
    private static let functionWords = [
        "i", "you", "the", "to", "a", "and", "is", "in", "me", "my", "it", "for", "u", "ur", "of", "that",
        "have", "call", "now", "will", "are", "so", "not", "but", "can", "on", "at", "do", "be", "get",
        "just", "we", "with", "ok", "no", "if", "what", "how", "when", "ll", "go", "got", "come", "know",
        "love", "free", "txt", "reply", "win", "prize", "claim", "mobile", "stop", "urgent", "today",
    ]
    private static let emoji = ["😀", "👍", "❤️", "🎉", "😂", "☎️"]

    /// Distinct made-up words, most frequent first.
    private static func lexicon(generator: inout SeededGenerator) -> [String] {
        var seen = Set(functionWords)
        var words = functionWords
        while words.count < 9_000 {
            let parts = 1 + generator.nextInt(below: 3)
            var word = ""
            for _ in 0..<parts { word += syllables[generator.nextInt(below: syllables.count)] }
            if seen.insert(word).inserted { words.append(word) }
        }
        return words
    }

    /// Index in 0..<count with P(k) ∝ 1/(k+1) (Zipf, exponent 1), by inverting its CDF approximately.
    private static func zipfIndex(count: Int, generator: inout SeededGenerator) -> Int {
        let u = Double(generator.nextUnitFloat())
        let k = Int(pow(Double(count) + 1, u)) - 1
        return min(max(k, 0), count - 1)
    }

    private static func word(
        isSpam: Bool, position: Int, lexicon: [String], generator: inout SeededGenerator
    ) -> String {
        let roll = generator.nextInt(below: 100)
        let shapeShare = isSpam ? 18 : 5
        if roll < shapeShare {
            switch generator.nextInt(below: 6) {
            case 0: return String(generator.nextInt(below: 10_000))
            case 1: return "£\(1 + generator.nextInt(below: 999)).\(10 + generator.nextInt(below: 90))"
            case 2: return "07" + (0..<9).map { _ in String(generator.nextInt(below: 10)) }.joined()
            case 3:
                return
                    "http://www.\(lexicon[100 + generator.nextInt(below: 500)]).com/\(generator.nextInt(below: 99))"
            case 4:
                return
                    "\(lexicon[200 + generator.nextInt(below: 500)])@\(lexicon[300 + generator.nextInt(below: 300)]).net"
            default: return emoji[generator.nextInt(below: emoji.count)]
            }
        }
        var word = lexicon[zipfIndex(count: lexicon.count, generator: &generator)]
        if position == 0 || (isSpam && roll % 7 == 0) {
            word = word.prefix(1).uppercased() + word.dropFirst()
        }
        if roll % 11 == 0 { word += [",", ".", "!", "?", "...", "!!"][generator.nextInt(below: 6)] }
        return word
    }
}
