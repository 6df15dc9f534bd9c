/// Token ↔ id mapping. Ids 0 and 1 are reserved for padding and unknown tokens; the rest follow
/// count descending, then token (byte order), so the same corpus always gives the same ids.
public struct Vocabulary: Sendable, Equatable {
    public static let paddingID: Int32 = 0
    public static let unknownID: Int32 = 1
    public static let paddingToken = "<pad>"
    public static let unknownToken = "<unk>"

    /// Tokens by id, the reserved ones first.
    public let tokens: [String]
    private let ids: [TokenKey: Int32]

    /// A vocabulary of `tokens` (reserved tokens are added in front when missing).
    public init(tokens: [String]) {
        var all = [Self.paddingToken, Self.unknownToken]
        for token in tokens where token != Self.paddingToken && token != Self.unknownToken {
            all.append(token)
        }
        self.tokens = all
        var ids: [TokenKey: Int32] = [:]
        ids.reserveCapacity(all.count)
        for (i, token) in all.enumerated() where ids[TokenKey(token)] == nil { ids[TokenKey(token)] = Int32(i) }
        self.ids = ids
    }

    /// Keeps tokens seen at least `minCount` times, the `maxSize` most frequent (reserved ids
    /// included in the size).
    public init(counts: TokenCounts, minCount: Int = 1, maxSize: Int = 50_000) {
        let kept = counts.counts.filter { $0.value >= minCount }
            .sorted { $0.value != $1.value ? $0.value > $1.value : Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8) }
            .prefix(max(0, maxSize - 2))
            .map(\.key)
        self.init(tokens: Array(kept))
    }

    public var count: Int { tokens.count }

    public func id(of token: String) -> Int32 { ids[TokenKey(token)] ?? Self.unknownID }

    /// The id of `token`, or for an unknown word of 5+ characters the id of its longest known
    /// prefix of 4+ characters (`claiming` → `claim`), a cheap stand-in for stemming that lets
    /// inflected and unseen forms borrow what their stem learned.
    public func idFallingBackToPrefix(of token: String) -> Int32 {
        if let id = ids[TokenKey(token)] { return id }
        // Printable ASCII (most unknown words): one character per byte, so byte prefixes are the
        // character prefixes below without splitting the word into Characters.
        let utf8 = Array(token.utf8)
        if utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) {
            guard utf8.count >= 5, utf8.count <= 40, utf8[0] != 0x3C else { return Self.unknownID }
            var length = utf8.count - 1
            while length >= 4 {
                if let id = ids[TokenKey(String(decoding: utf8[0..<length], as: UTF8.self))] { return id }
                length -= 1
            }
            return Self.unknownID
        }
        let characters = Array(token)
        guard characters.count >= 5, characters.count <= 40, !token.hasPrefix("<") else { return Self.unknownID }
        var length = characters.count - 1
        while length >= 4 {
            if let id = ids[TokenKey(String(characters[0..<length]))] { return id }
            length -= 1
        }
        return Self.unknownID
    }

    public func contains(_ token: String) -> Bool { ids[TokenKey(token)] != nil }

    public func encode(_ tokens: [String]) -> [Int32] { tokens.map(id(of:)) }

    public func decode(_ ids: [Int32]) -> [String] {
        ids.map { $0 >= 0 && Int($0) < tokens.count ? tokens[Int($0)] : Self.unknownToken }
    }

    public static func == (a: Vocabulary, b: Vocabulary) -> Bool { a.tokens == b.tokens }
}

/// A token as a dictionary key by its UTF-8 bytes. `String`'s own hashing and equality follow
/// Unicode canonical equivalence, which normalizes every non-ASCII key: with the Thai words of
/// the bundled vocabulary that doubled the time to load a model, on every delivery. Tokens are
/// NFKC-normalized by the tokenizer, so equal tokens have equal bytes and the ids are the same.
struct TokenKey: Hashable {
    var text: String

    init(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        self.text = text
    }

    func hash(into hasher: inout Hasher) {
        var copy = text
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func == (a: TokenKey, b: TokenKey) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
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
