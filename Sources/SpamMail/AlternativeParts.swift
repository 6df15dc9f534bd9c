/// Whether the plain-text and HTML sides of a multipart/alternative say different things. A mail reader shows the
/// HTML; a filter that reads only the plain part can be handed a decoy there ("please find the
/// minutes attached") while the HTML carries the lure. Mails whose two parts are made from one
/// source, nearly every legitimate one, use the same words in both, so their plain part is read
/// as before; when most of the HTML's words are missing from the plain part, the HTML is read
/// instead, as the reader sees it. (Not both: in a message of one window the network's last
/// word is the decoy's, whichever part comes first.)
enum AlternativeParts {
    /// Words are taken from the first this many characters of each side.
    static let sampleCharacters = 16 * 1024

    /// True when the HTML's visible text has five or more distinct words and more than half of
    /// them do not occur in the plain text.
    static func disagree(plain: [String], html: [String]) -> Bool {
        let htmlWords = words(html)
        guard htmlWords.count >= 5 else { return false }
        let plainWords = words(plain)
        let missing = htmlWords.reduce(0) { $0 + (plainWords.contains($1) ? 0 : 1) }
        return missing * 2 > htmlWords.count
    }

    /// Distinct lower-cased runs of three or more letters.
    static func words(_ texts: [String]) -> Set<String> {
        var words = Set<String>()
        var budget = sampleCharacters
        for text in texts {
            var word = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                budget -= 1
                if budget < 0 { break }
                if scalar.properties.isAlphabetic {
                    word.append(scalar)
                } else {
                    if word.count >= 3 { words.insert(String(word).lowercased()) }
                    word.removeAll(keepingCapacity: true)
                }
            }
            if word.count >= 3 { words.insert(String(word).lowercased()) }
            if budget < 0 { break }
        }
        return words
    }
}
