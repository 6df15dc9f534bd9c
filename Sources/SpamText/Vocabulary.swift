/// Token ↔ id mapping. Ids 0 and 1 are reserved for padding and unknown tokens; the rest follow
/// count descending, then token (byte order), so the same corpus always gives the same ids.
///
/// Stored as the tokens' UTF-8 bytes end to end with an open-addressing table of ids keyed by
/// those bytes, not as `String`s in a dictionary: a delivery loads the whole vocabulary to score
/// one message, and making and hashing a `String` per token (with Unicode normalization for
/// every non-ASCII one, such as the Thai words of the bundled model) cost more than scoring.
/// Tokens are NFKC-normalized by the tokenizer, so equal tokens have equal bytes.
public struct Vocabulary: Sendable, Equatable {
    public static let paddingID: Int32 = 0
    public static let unknownID: Int32 = 1
    public static let paddingToken = "<pad>"
    public static let unknownToken = "<unk>"

    /// Every token's UTF-8 bytes, in id order.
    private let bytes: [UInt8]
    /// Token `i` is `bytes[starts[i]..<starts[i + 1]]`.
    private let starts: [Int32]
    /// Open addressing, linear probing: an id, or -1 for an empty slot. Power-of-two size.
    private let slots: [Int32]

    /// A vocabulary of `tokens` (reserved tokens are added in front when missing).
    public init(tokens: [String]) {
        var all = [Self.paddingToken, Self.unknownToken]
        for token in tokens where token != Self.paddingToken && token != Self.unknownToken {
            all.append(token)
        }
        var bytes: [UInt8] = []
        var starts: [Int32] = [0]
        starts.reserveCapacity(all.count + 1)
        for token in all {
            bytes.append(contentsOf: token.utf8)
            starts.append(Int32(bytes.count))
        }
        self.init(bytes: bytes, starts: starts)
    }

    /// A vocabulary from tokens already laid end to end (`starts` has count + 1 entries).
    init(bytes: [UInt8], starts: [Int32]) {
        let count = starts.count - 1
        // At least two slots per token (load ≤ 1/2). Built on every model load, so in two passes
        // for speed: every token's hash first (no branch that depends on the table), then the
        // insertions, whose probes are what a fuller table makes unpredictable.
        var size = 16
        while size < 2 * count { size *= 2 }
        let mask = size - 1
        var slots = [Int32](repeating: -1, count: size)
        bytes.withUnsafeBufferPointer { all in
            let home = [Int](unsafeUninitializedCapacity: count) { out, initialized in
                for id in 0..<count {
                    let start = Int(starts[id])
                    out[id] = Int(Self.hash(all, start, Int(starts[id + 1]) - start) & UInt64(mask))
                }
                initialized = count
            }
            slots.withUnsafeMutableBufferPointer { table in
                for id in 0..<count {
                    var slot = home[id]
                    // The first of equal tokens keeps its id, as a dictionary filled in id order would.
                    while table[slot] >= 0 {
                        let other = Int(table[slot])
                        if all[Int(starts[other])..<Int(starts[other + 1])]
                            .elementsEqual(all[Int(starts[id])..<Int(starts[id + 1])])
                        {
                            break
                        }
                        slot = (slot + 1) & mask
                    }
                    if table[slot] < 0 { table[slot] = Int32(id) }
                }
            }
        }
        self.bytes = bytes
        self.starts = starts
        self.slots = slots
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

    public var count: Int { starts.count - 1 }

    /// Tokens by id, the reserved ones first.
    public var tokens: [String] { (0..<count).map(token(at:)) }

    func token(at id: Int) -> String {
        String(decoding: bytes[Int(starts[id])..<Int(starts[id + 1])], as: UTF8.self)
    }

    /// A multiply–xorshift hash over 8 bytes at a time of the `count` bytes at `start` in
    /// `buffer` (the table is built on every model load, so a delivery pays for hashing all its
    /// tokens; a byte-at-a-time hash's chain of multiplies was most of that). The last 1–8
    /// bytes count as one little-endian word; when the buffer goes on 8 bytes past them they are
    /// read in one load and masked, else byte by byte: the same value either way. Only this
    /// process's table uses it: nothing stored depends on it.
    @inline(__always)
    private static func hash(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = UInt64(count) &* k
        let raw = UnsafeRawBufferPointer(buffer)
        var p = start
        let end = start + count
        while p + 8 < end {
            h = (h ^ raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)) &* k
            h ^= h >> 32
            p += 8
        }
        guard p < end else { return h ^ (h >> 29) }
        var word: UInt64
        if p + 8 <= buffer.count {
            word = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self).littleEndian
            word &= ~UInt64(0) >> UInt64(8 * (8 - (end - p)))
        } else {
            word = 0
            var shift: UInt64 = 0
            while p < end {
                word |= UInt64(buffer[p]) << shift
                shift += 8
                p += 1
            }
        }
        h = (h ^ word) &* k
        h ^= h >> 32
        return h ^ (h >> 29)
    }

    /// The id of the token with these UTF-8 bytes, or nil.
    private func lookup(_ token: UnsafeBufferPointer<UInt8>) -> Int32? {
        let mask = slots.count - 1
        var slot = Int(Self.hash(token, 0, token.count) & UInt64(mask))
        return bytes.withUnsafeBufferPointer { all in
            while true {
                let id = slots[slot]
                if id < 0 { return nil }
                if all[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])].elementsEqual(token) { return id }
                slot = (slot + 1) & mask
            }
        }
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

    public static func == (a: Vocabulary, b: Vocabulary) -> Bool {
        a.bytes == b.bytes && a.starts == b.starts
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
