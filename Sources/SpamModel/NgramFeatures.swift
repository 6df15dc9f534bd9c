/// The word and character n-grams of a message's own text, hashed into a fixed number of
/// buckets: what the n-gram model (`NgramModel`) reads beside the network.
///
/// The network reads tokens, and the tokenizer puts shapes in place of numbers (`<shortcode>`,
/// `<phone>`, `<money>`): right for generalizing, but UCI's 2000s spam is recognized by the
/// numbers themselves (premium-rate prefixes such as `0906`, short codes such as `87066`, prices
/// in pence) and by words run together (`txt82228`). Character n-grams of the raw text keep those
/// as pieces. On the recipe's own messages a linear model of these views, mixed with the network,
/// raised nested MCC on every corpus (docs/ACCURACY.md, "The n-gram model").
///
/// Two views, each its own `bucketsPerView` buckets:
/// - words: runs of letters, digits, marks and `_` of two or more characters, lowercased, and
///   each pair of neighbouring words;
/// - characters: the 2- to 5-grams of each white-space separated chunk padded with a space on
///   both sides (so the grams at a word's edges say so).
/// Hashing needs no vocabulary in the file; a collision only shares a weight.
public enum NgramFeatures {
    public static let bucketBits = 16
    public static let bucketsPerView = 1 << bucketBits
    /// Buckets of both views: the words' first, then the characters'.
    public static let featureCount = 2 * bucketsPerView
    /// Unicode scalars kept of a message read whole (`Reading`): a long mail's first 4,096
    /// (about the tokenizer's budget), so a megabyte costs no more than a page.
    public static let maxScalars = 4096
    /// Unicode scalars kept of a text read in windows (`windowReadings`): four times as many.
    public static let maxWindowedScalars = 4 * maxScalars
    /// White-space separated words per window of a long text, and how far windows step.
    public static let windowWords = 32
    public static let windowStep = 16
    static let longestGram = 5

    /// What the n-gram model reads of a message or of one of its windows: the n-gram counts,
    /// and how many Unicode scalars they come from (the model trusts a short reading less,
    /// `NgramModel.evidenceLength`).
    public struct Counts {
        public var counts: [(bucket: Int32, count: Int32)]
        public var length: Int
    }

    /// The buckets a message's n-grams fall in and how often, each once (in order of first
    /// occurrence), read whole (`Reading`).
    public static func counts(of text: String) -> [(bucket: Int32, count: Int32)] {
        reading(of: text).counts
    }

    /// A message read whole: its counts and length.
    public static func reading(of text: String) -> Counts {
        let read = Reading(text, budget: maxScalars)
        return Counts(counts: counts(of: read.scalars), length: read.scalars.count)
    }

    /// A mail read whole, and its opening: its first `windowWords` words, when it has more.
    /// One reading serves both (a long mail's first words end far inside its budget).
    public static func mailReadings(of text: String) -> (whole: Counts, opening: Counts?) {
        let read = Reading(text, budget: maxScalars)
        let whole = Counts(counts: counts(of: read.scalars), length: read.scalars.count)
        guard read.wordCount > windowWords else { return (whole, nil) }
        let end = read.wordBounds[2 * windowWords - 1]
        return (whole, Counts(counts: counts(of: Array(read.scalars[0..<end])), length: end))
    }

    /// The endings of a mail's reading: its last `endingWords` words each (16 and 32), or of its
    /// first `words` words when the networks read no further (nil: to its end). The part of a
    /// mail that its windows further in read (`SpamClassifier.FurtherIn.mail`: the last 16, 32,
    /// 48 and 64 tokens read), so that the n-gram model can read what they read
    /// (`MailReading.endingReadsAsSpam`). Words and tokens differ a little (a link is a token or
    /// three), so for a mail longer than the tokenizer reads the two end near each other rather
    /// than at one word. One reading serves every ending.
    public static func endings(of text: String, words: Int? = nil) -> [Counts] {
        let read = Reading(text, budget: maxScalars)
        let last = min(read.wordCount, words ?? read.wordCount)
        guard last > 0 else { return [] }
        let end = read.wordBounds[2 * (last - 1) + 1]
        return endingWords.map { length in
            let start = read.wordBounds[2 * max(0, last - length)]
            return Counts(counts: counts(of: Array(read.scalars[start..<end])), length: end - start)
        }
    }

    /// How many words each ending of a mail has (`endings`): the shorter is mostly a short lure
    /// behind filler, the longer a lure of a few sentences.
    public static let endingWords = [16, windowWords]

    /// Each window of a text (`windowWords` words every `windowStep`, the last ending at its
    /// last word), or the whole text when it has no more words than one window. What the
    /// n-gram model reads of a text, as the network reads its windows: over a whole long text,
    /// a lure among chat is diluted by it (of 60 held-out lures before 24 chat messages, read
    /// whole the mix caught 10, the networks alone 49, in windows of 32 words 50, of 48 words
    /// 44: scripts/padding-recall.py).
    public static func windowReadings(of text: String) -> [Counts] {
        let read = Reading(text, budget: maxWindowedScalars)
        let wordCount = read.wordCount
        guard wordCount > windowWords else {
            return [Counts(counts: counts(of: read.scalars), length: read.scalars.count)]
        }
        var firstWords = Array(stride(from: 0, to: wordCount - windowWords, by: windowStep))
        firstWords.append(wordCount - windowWords)
        return firstWords.map { w in
            let start = read.wordBounds[2 * w]
            let end = read.wordBounds[2 * (w + windowWords - 1) + 1]
            return Counts(counts: counts(of: Array(read.scalars[start..<end])), length: end - start)
        }
    }

    /// A text as the n-gram model reads it: lowercased, its words (white-space separated) one
    /// space apart, and padding left out, so that padding neither spends the budget nor dilutes
    /// the n-grams of what it hides:
    /// - a run of white space only separates words;
    /// - a run of four or more of one character that is not a word character (dots, dashes,
    ///   emoji) separates words and is dropped; a run of one letter or mark is kept to three
    ///   ("sooooo" → "sooo"; digits are kept whole: amounts are runs of zeros);
    /// - a third copy in a row of a word, or of a block of up to four words, is dropped (as
    ///   the tokenizer drops repeated tokens behind padding, `Tokenizer.tokensWithoutRepeats`).
    /// At most `budget` scalars are kept; padding is scanned past, however long (the text
    /// of a message is capped already: `MessageText` extracts at most 64 KiB).
    struct Reading {
        var scalars: [UInt32] = []
        /// Where each word is in `scalars`: word `i` is `scalars[wordBounds[2 i]..<wordBounds[2 i + 1]]`.
        /// Flat integers, not ranges: an array of `Range<Int>` costs a process its first use of
        /// the type, a search of every protocol conformance in the binary (about 1.5 % of an
        /// SMS's delivery).
        var wordBounds: [Int] = []
        var wordCount: Int { wordBounds.count / 2 }
        private var hashes: [UInt64] = []
        private var word: [UInt32] = []
        private var previous: UInt32 = 0x20
        private var run = 0
        private let budget: Int

        init(_ text: String, budget: Int) {
            self.budget = budget
            // ASCII (most SMS, most mail) a byte at a time, lowercased by hand.
            if text.utf8.allSatisfy({ $0 < 0x80 }) {
                for byte in text.utf8 {
                    guard scalars.count < budget else { break }
                    let v = UInt32(byte)
                    read(v >= 0x41 && v <= 0x5A ? v | 0x20 : v)
                }
                endWord()
                return
            }
            for scalar in text.unicodeScalars {
                guard scalars.count < budget else { break }
                let v = scalar.value
                if v < 0x80 {
                    read(v >= 0x41 && v <= 0x5A ? v | 0x20 : v)
                } else if scalar.properties.changesWhenLowercased {
                    for lower in scalar.properties.lowercaseMapping.unicodeScalars { read(lower.value) }
                } else {
                    read(v)
                }
            }
            endWord()
        }

        private mutating func read(_ v: UInt32) {
            if NgramFeatures.isSpace(v) {
                endWord()
                previous = v
                run = 0
                return
            }
            run = v == previous ? run + 1 : 1
            previous = v
            if NgramFeatures.isWordScalar(v) {
                if run <= 3 || NgramFeatures.isDigit(v) { word.append(v) }
            } else if run < 4 {
                word.append(v)
            } else if run == 4 {
                // Padding: the three copies read so far go, and it ends the word before it.
                word.removeLast(3)
                endWord()
            }
        }

        private mutating func endWord() {
            defer { word.removeAll(keepingCapacity: true) }
            guard !word.isEmpty, scalars.count < budget else { return }
            if !scalars.isEmpty { scalars.append(0x20) }
            let start = scalars.count
            scalars += word.prefix(max(budget - start, 0))
            wordBounds.append(start)
            wordBounds.append(scalars.count)
            hashes.append(word.reduce(NgramFeatures.offsetBasis, NgramFeatures.step))
            // A third copy of a block of 1 to 4 words just completed: drop it.
            let n = hashes.count
            for p in 1...4 where n >= 3 * p {
                if hashes[(n - p)..<n].elementsEqual(hashes[(n - 2 * p)..<(n - p)])
                    && hashes[(n - 2 * p)..<(n - p)].elementsEqual(hashes[(n - 3 * p)..<(n - 2 * p)])
                {
                    scalars.removeSubrange((wordBounds[2 * (n - p)] - 1)...)
                    wordBounds.removeLast(2 * p)
                    hashes.removeLast(p)
                    break
                }
            }
        }
    }

    static func counts(of scalars: [UInt32]) -> [(bucket: Int32, count: Int32)] {
        var tally = Tally(expected: scalars.count * 5)
        addWords(of: scalars, to: &tally)
        addCharacterGrams(of: scalars, to: &tally)
        return tally.entries
    }

    /// Buckets counted as they are made, each once in order of first occurrence, in an
    /// open-addressing table (linear probing, kept at most half full, doubled when it would be
    /// more): a 4 KB mail makes some 16,000 n-grams, and sorting them took a quarter of the
    /// n-gram model's time. The table starts at most 2,048 slots, since most of a long text's
    /// n-grams repeat and a large fresh allocation costs a page fault per page. The buckets are
    /// hashes already, so their low bits pick the slot.
    ///
    /// Its memory is its own (noncopyable, freed when it goes): a Swift array's bounds and
    /// uniqueness checks on every one of a message's hundreds of n-grams were a fifth of the
    /// counting's time.
    struct Tally: ~Copyable {
        /// Each slot: the bucket + 1 in the high half (0 when empty), its index in `entries` in
        /// the low half.
        private var slots: UnsafeMutablePointer<UInt64>
        private var mask: Int
        /// The distinct buckets and their counts, in order of first occurrence; as many as the
        /// table's half, at most.
        private var buckets: UnsafeMutablePointer<(bucket: Int32, count: Int32)>
        private var used = 0

        init(expected: Int) {
            var capacity = 16
            while capacity < min(2 * expected, 2048) { capacity <<= 1 }
            slots = .allocate(capacity: capacity)
            slots.initialize(repeating: 0, count: capacity)
            mask = capacity - 1
            buckets = .allocate(capacity: capacity / 2)
        }

        deinit {
            slots.deallocate()
            buckets.deallocate()
        }

        var entries: [(bucket: Int32, count: Int32)] {
            Array(UnsafeBufferPointer(start: buckets, count: used))
        }

        @inline(__always)
        mutating func add(_ b: UInt32) {
            let key = UInt64(b) + 1
            var slot = Int(b) & mask
            while true {
                let s = slots[slot]
                if s == 0 { break }
                if s >> 32 == key {
                    buckets[Int(s & 0xFFFF_FFFF)].count += 1
                    return
                }
                slot = (slot + 1) & mask
            }
            if 2 * (used + 1) > mask + 1 {
                grow()
                slot = Int(b) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
            }
            slots[slot] = key << 32 | UInt64(used)
            buckets[used] = (Int32(b), 1)
            used += 1
        }

        /// Twice the slots, every bucket placed again.
        private mutating func grow() {
            let capacity = 2 * (mask + 1)
            slots.deallocate()
            slots = .allocate(capacity: capacity)
            slots.initialize(repeating: 0, count: capacity)
            mask = capacity - 1
            let moved = UnsafeMutablePointer<(bucket: Int32, count: Int32)>.allocate(capacity: capacity / 2)
            moved.moveInitialize(from: buckets, count: used)
            buckets.deallocate()
            buckets = moved
            for k in 0..<used {
                let bucket = buckets[k].bucket
                var s = Int(bucket) & mask
                while slots[s] != 0 { s = (s + 1) & mask }
                slots[s] = (UInt64(bucket) + 1) << 32 | UInt64(k)
            }
        }
    }

    @inline(__always)
    static func isWordScalar(_ v: UInt32) -> Bool {
        if v < 0x80 {
            return (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A)
                || v == 0x5F
        }
        guard let scalar = Unicode.Scalar(v) else { return false }
        let p = scalar.properties
        if p.isAlphabetic || p.numericType != nil { return true }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    @inline(__always)
    static func isDigit(_ v: UInt32) -> Bool { v >= 0x30 && v <= 0x39 }

    @inline(__always)
    static func isSpace(_ v: UInt32) -> Bool {
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        return Unicode.Scalar(v)?.properties.isWhitespace ?? false
    }

    // FNV-1a over 32-bit units, then a final mix so the low and high bits both spread.
    static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    @inline(__always)
    static func step(_ h: UInt64, _ v: UInt32) -> UInt64 { (h ^ UInt64(v)) &* 0x0000_0100_0000_01B3 }
    @inline(__always)
    static func bucket(_ h: UInt64, view: UInt32) -> UInt32 {
        var x = h
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        return UInt32(truncatingIfNeeded: x >> UInt64(64 - bucketBits)) + view * UInt32(bucketsPerView)
    }

    /// Words (two or more word characters) and neighbouring pairs of them.
    static func addWords(of scalars: [UInt32], to tally: inout Tally) {
        scalars.withUnsafeBufferPointer { s in
            var previous: UInt64? = nil
            var i = 0
            while i < s.count {
                guard isWordScalar(s[i]) else {
                    i += 1
                    continue
                }
                var h = step(offsetBasis, 0x57)  // a distinct start for the word view
                var length = 0
                while i < s.count, isWordScalar(s[i]) {
                    h = step(h, s[i])
                    length += 1
                    i += 1
                }
                guard length >= 2 else { continue }
                tally.add(bucket(h, view: 0))
                if let previous {
                    tally.add(bucket(step(step(previous, 0x20), UInt32(truncatingIfNeeded: h)), view: 0))
                }
                previous = h
            }
        }
    }

    /// The 2- to 5-grams of each white-space separated chunk, padded with a space each side.
    static func addCharacterGrams(of scalars: [UInt32], to tally: inout Tally) {
        // The chunk is read in place: position p of the padded chunk is a space at 0 and at
        // `padded - 1`, else scalar `first + p - 1`.
        scalars.withUnsafeBufferPointer { s in
            var i = 0
            while i < s.count {
                guard !isSpace(s[i]) else {
                    i += 1
                    continue
                }
                let first = i
                while i < s.count, !isSpace(s[i]) { i += 1 }
                let padded = i - first + 2
                for start in 0..<(padded - 1) {
                    var h = offsetBasis
                    let end = min(start + longestGram, padded)
                    for p in start..<end {
                        h = step(h, p == 0 || p == padded - 1 ? 0x20 : s[first + p - 1])
                        if p > start { tally.add(bucket(h, view: 1)) }
                    }
                }
            }
        }
    }
}
