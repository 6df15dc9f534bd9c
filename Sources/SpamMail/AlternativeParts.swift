/// Whether the plain-text and HTML sides of a multipart/alternative say different things. A mail reader shows the
/// HTML; a filter that reads only the plain part can be handed a decoy there ("please find the
/// minutes attached") while the HTML carries the lure. Mails whose two parts are made from one
/// source, nearly every legitimate one, use the same words in both, so their plain part is read
/// as before; when most of the HTML's words are missing from the plain part, the HTML is read
/// instead, as the reader sees it. (Not both: in a message of one window the network's last
/// word is the decoy's, whichever part comes first.)
enum AlternativeParts {
    /// Words are taken from the first this many bytes (UTF-8) of each side.
    static let sampleBytes = 16 * 1024

    /// True when the HTML's visible text has five or more distinct words and more than half of
    /// them do not occur in the plain text.
    static func disagree(plain: [String], html: [String]) -> Bool {
        let htmlWords = words(html)
        guard htmlWords.count >= 5 else { return false }
        let plainWords = words(plain)
        let missing = htmlWords.reduce(0) { $0 + (plainWords.contains($1) ? 0 : 1) }
        return missing * 2 > htmlWords.count
    }

    /// Distinct lower-cased runs of three or more letters, each kept as a 64-bit hash of its
    /// UTF-8 bytes (FNV-1a): a set of strings or byte arrays cost more than scoring the message
    /// on a 35 KB newsletter, and a collision only makes two words count as one.
    static func words(_ texts: [String]) -> Set<UInt64> {
        let offset: UInt64 = 0xCBF2_9CE4_8422_2325
        var words = Set<UInt64>()
        var budget = sampleBytes
        var hash = offset
        var letters = 0
        func endWord() {
            if letters >= 3 { words.insert(hash) }
            hash = offset
            letters = 0
        }
        func add(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        for text in texts where budget > 0 {
            // Lower-cased once per side; a cut inside a character only adds a U+FFFD.
            let sample = String(decoding: text.utf8.prefix(budget), as: UTF8.self).lowercased()
            budget -= min(budget, text.utf8.count)
            for scalar in sample.unicodeScalars {
                // ASCII without the property lookup, which costs a table search per character.
                if scalar.isASCII {
                    guard scalar.value >= 0x61 && scalar.value <= 0x7A else {
                        endWord()
                        continue
                    }
                    add(UInt8(scalar.value))
                } else {
                    guard scalar.properties.isAlphabetic else {
                        endWord()
                        continue
                    }
                    UTF8.encode(scalar, into: add)
                }
                letters += 1
            }
            endWord()
        }
        return words
    }
}
