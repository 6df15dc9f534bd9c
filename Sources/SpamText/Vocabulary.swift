/// Token ↔ id mapping. Ids 0 and 1 are reserved for padding and unknown tokens; the rest follow
/// count descending, then token (byte order), so the same corpus always gives the same ids.
///
/// Stored as the tokens' UTF-8 bytes end to end with an open-addressing table of ids keyed by
/// those bytes (`VocabularyTable`), not as `String`s in a dictionary: a delivery needs a few
/// dozen of the vocabulary's tokens to score one message, and making and hashing a `String` per
/// token (with Unicode normalization for every non-ASCII one, such as the Thai words of the
/// bundled model) cost more than scoring. A model file keeps the table, and a delivery reads it
/// in place. Tokens are NFKC-normalized by the tokenizer, so equal tokens have equal bytes.
public struct Vocabulary: Sendable, Equatable {
    public static let paddingID: Int32 = 0
    public static let unknownID: Int32 = 1
    public static let paddingToken = "<pad>"
    public static let unknownToken = "<unk>"

    let table: VocabularyTable

    /// A vocabulary of `tokens` (reserved tokens are added in front when missing).
    public init(tokens: [String]) {
        var all = [Self.paddingToken, Self.unknownToken]
        for token in tokens where token != Self.paddingToken && token != Self.unknownToken {
            all.append(token)
        }
        var block = ByteWriter()
        block.write(UInt32(all.count))
        for token in all { block.write(string: token) }
        table = block.bytes.withUnsafeBytes { VocabularyTable(ownedBlock: $0, count: all.count) }
    }

    init(table: VocabularyTable) {
        self.table = table
    }

    /// Keeps tokens seen at least `minCount` times, the `maxSize` most frequent (reserved ids
    /// included in the size).
    public init(counts: TokenCounts, minCount: Int = 1, maxSize: Int = 50_000) {
        let kept = counts.counts.filter { $0.value >= minCount }
            .sorted {
                $0.value != $1.value
                    ? $0.value > $1.value : Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8)
            }
            .prefix(max(0, maxSize - 2))
            .map(\.key)
        self.init(tokens: Array(kept))
    }

    public var count: Int { table.count }

    /// Tokens by id, the reserved ones first.
    public var tokens: [String] { (0..<count).map(token(at:)) }

    func token(at id: Int) -> String {
        String(decoding: table.bytes(of: id) ?? UnsafeRawBufferPointer(start: nil, count: 0), as: UTF8.self)
    }

    /// The id of the token with these UTF-8 bytes, or nil.
    private func lookup(_ token: UnsafeBufferPointer<UInt8>) -> Int32? {
        table.id(of: UnsafeRawBufferPointer(token))
    }

    private func lookup(_ token: String) -> Int32? {
        var token = token
        return token.withUTF8 { lookup($0) }
    }

    public func id(of token: String) -> Int32 { lookup(token) ?? Self.unknownID }

    /// The id of `token`, or for an unknown word of 5+ characters the id of its longest known
    /// prefix of 4+ characters (`claiming` → `claim`), a cheap stand-in for stemming that lets
    /// inflected and unseen forms borrow what their stem learned.
    public func idFallingBackToPrefix(of token: String) -> Int32 {
        if let id = lookup(token) { return id }
        // Printable ASCII (most unknown words): one character per byte, so byte prefixes are the
        // character prefixes below without splitting the word into Characters.
        let utf8 = Array(token.utf8)
        if utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) {
            guard utf8.count >= 5, utf8.count <= 40, utf8[0] != 0x3C else { return Self.unknownID }
            return utf8.withUnsafeBufferPointer { word in
                var length = word.count - 1
                while length >= 4 {
                    if let id = lookup(UnsafeBufferPointer(rebasing: word[0..<length])) { return id }
                    length -= 1
                }
                return Self.unknownID
            }
        }
        let characters = Array(token)
        guard characters.count >= 5, characters.count <= 40, !token.hasPrefix("<") else {
            return Self.unknownID
        }
        var length = characters.count - 1
        while length >= 4 {
            if let id = lookup(String(characters[0..<length])) { return id }
            length -= 1
        }
        return Self.unknownID
    }

    /// The id of `token`; for an unknown word that reads as a known one once its disguise is
    /// seen through (`DisguisedWords.readings`: `аccount` with a Cyrillic a, `fr33`), that
    /// word's id; else the prefix rule (`idFallingBackToPrefix`) on the word, then on its
    /// readings (`acc0unts` → `account`).
    public func idSeeingThroughDisguise(of token: String) -> Int32 {
        if let id = lookup(token) { return id }
        let readings = DisguisedWords.readings(of: token)
        for reading in readings {
            if let id = lookup(reading) { return id }
        }
        let id = idFallingBackToPrefix(of: token)
        if id != Self.unknownID { return id }
        for reading in readings {
            let id = idFallingBackToPrefix(of: reading)
            if id != Self.unknownID { return id }
        }
        return Self.unknownID
    }

    public func contains(_ token: String) -> Bool { lookup(token) != nil }

    public func encode(_ tokens: [String]) -> [Int32] { tokens.map(id(of:)) }

    public func decode(_ ids: [Int32]) -> [String] {
        ids.map { $0 >= 0 && Int($0) < count ? token(at: Int($0)) : Self.unknownToken }
    }

    /// The same tokens in the same order (the same token block).
    public static func == (a: Vocabulary, b: Vocabulary) -> Bool {
        a.table.block.elementsEqual(b.table.block)
    }
}

/// Token counts over a corpus, for building a vocabulary.
public struct TokenCounts: Sendable {
    public private(set) var counts: [String: Int] = [:]
    public private(set) var documents = 0

    public init() {}

    /// Counts each token of one message.
    public mutating func add(_ tokens: [String]) {
        documents += 1
        for token in tokens { counts[token, default: 0] += 1 }
    }
}
