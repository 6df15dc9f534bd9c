import SpamText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A linear model of a message's word and character n-grams (`NgramFeatures`), read beside the
/// network: its decision value moves the network's score (`mixed`).
///
/// A message is its n-gram counts, each `1 + ln(count)` times the n-gram's inverse document
/// frequency, each view scaled to unit length (TF-IDF); the decision value is their dot product
/// with `weights`, plus `bias`. Trained by `NgramTrainer` (a linear SVM).
public struct NgramModel: Sendable {
    /// One weight per bucket (`NgramFeatures.featureCount`).
    public var weights: NgramTable
    /// The inverse document frequency of each bucket in the training messages.
    public var inverseFrequencies: NgramTable
    public var bias: Float
    /// How far the decision value moves the network's logit (`mixed`).
    public var mixWeight: Float

    public init(weights: NgramTable, inverseFrequencies: NgramTable, bias: Float, mixWeight: Float) {
        self.weights = weights
        self.inverseFrequencies = inverseFrequencies
        self.bias = bias
        self.mixWeight = mixWeight
    }

    /// The decision value of a message as a delivery reads it: a mail whole and at its opening
    /// (`mailDecisionValue`), a text in windows.
    public func decisionValue(of text: String, asMail: Bool) -> Double {
        asMail ? mailDecisionValue(of: text) : windowedDecisionValue(of: text)
    }

    /// The decision value of a mail: read whole (as it is trained: mail is long, and its
    /// legitimate footers read spam-like alone, so a mail is not read in windows as a text is),
    /// or at its opening, its first `NgramFeatures.windowWords` words, when that reads as spam
    /// on its own (a value of at least `openingMargin`) and more so than the whole. Read whole
    /// only, chat after a lure outweighed it: of 40 mails of a lure followed by twelve chat
    /// messages 10 were caught, against 37 by the networks alone.
    public func mailDecisionValue(of text: String) -> Double {
        let (whole, opening) = NgramFeatures.mailReadings(of: text)
        let value = decisionValue(whole)
        guard let opening else { return value }
        let first = decisionValue(opening)
        return first >= Self.openingMargin ? max(value, first) : value
    }

    /// The least decision value at which a mail's opening counts (`mailDecisionValue`). Chosen
    /// on the training part of the SpamAssassin corpus and `scripts/mail-padding.py` (built from
    /// training text): with no margin every opening counted and 2 more of 2,612 easy ham and 2
    /// more of 171 hard ham were flagged; from 0.25 no easy ham and one hard ham more, and the
    /// lure before twelve chat messages caught 33 of 40 times (0.5: 28; 1.0: 10, as read whole).
    static let openingMargin = 0.25

    /// The decision value of a message's text read whole: above 0 reads as spam.
    public func decisionValue(of text: String) -> Double {
        decisionValue(NgramFeatures.reading(of: text))
    }

    /// The decision value of a text read in windows (`NgramFeatures.windowReadings`): its most
    /// spam-like window's, or the whole text's when it is one window.
    public func windowedDecisionValue(of text: String) -> Double {
        NgramFeatures.windowReadings(of: text).map(decisionValue).max() ?? 0
    }

    /// Scalars of reading at which the margin counts half: a reading of `n` scalars counts
    /// `n / (n + evidenceLength)` of its margin. A linear model of unit-length features gives
    /// "hi" as large a margin as a page, from three n-grams: trained with "Hi Mum" lures, the
    /// mix called a bare "hi" Spam at 0.98, where the networks alone said 0.42. Chosen on the
    /// recipe's nested scores (docs/ACCURACY.md, run Z24): 10 scalars, of 0–40 scalars and
    /// 1–5 words, gave the best mean MCC over three seeds (.927 against .925 without).
    public static let evidenceLength = 10.0

    func decisionValue(_ reading: NgramFeatures.Counts) -> Double {
        let n = Double(reading.length)
        return n == 0 ? 0 : decisionValue(counts: reading.counts) * n / (n + Self.evidenceLength)
    }

    /// The dot product of `weights` with the TF-IDF features of `counts` (`features`), in one
    /// pass without building them: each view's sum of weight × value and of value², the first
    /// divided by the root of the second (the view's length). Branch-free per n-gram: the view
    /// is a factor of 0 or 1, and a small count's `1 + ln(count)` comes from a table.
    func decisionValue(counts: [(bucket: Int32, count: Int32)]) -> Double {
        var dot: (word: Float, character: Float) = (0, 0)
        var squares: (word: Float, character: Float) = (0, 0)
        for (b, c) in counts {
            let bucket = Int(b)
            let tf =
                c < Self.smallCountFrequencies.count ? Self.smallCountFrequencies[Int(c)] : 1 + logf(Float(c))
            let v = tf * inverseFrequencies[bucket]
            let wv = weights[bucket] * v
            let character = Float(bucket >> NgramFeatures.bucketBits)
            dot.word += wv - wv * character
            dot.character += wv * character
            squares.word += v * v - v * v * character
            squares.character += v * v * character
        }
        var sum = bias
        if squares.word > 0 { sum += dot.word / squares.word.squareRoot() }
        if squares.character > 0 { sum += dot.character / squares.character.squareRoot() }
        return Double(sum)
    }

    /// `1 + ln(count)` for counts below 32 (index 0 unused).
    static let smallCountFrequencies: [Float] = (0..<32).map { $0 == 0 ? 0 : 1 + logf(Float($0)) }

    /// The spam probability of a message from the network's probability `p` and this model's
    /// decision value `z`: `σ(logit(p) + mixWeight · z)`. The two models' logits add, each
    /// weighted: a product of their odds. `p` is kept within 1e-7 of 0 and 1 (a network sure
    /// to float precision would otherwise never be moved).
    public func mixed(networkProbability p: Double, decisionValue z: Double) -> Double {
        sigmoid(logit(p) + Double(mixWeight) * z)
    }

    /// TF-IDF features of n-gram counts: `1 + ln(count)` times the bucket's inverse document
    /// frequency, each view scaled to unit length.
    static func features(_ counts: [(bucket: Int32, count: Int32)], idf: NgramTable) -> [(
        bucket: Int32, value: Float
    )] {
        var out = counts.map { (bucket: $0.bucket, value: (1 + logf(Float($0.count))) * idf[Int($0.bucket)]) }
        var squares: (Float, Float) = (0, 0)
        for (b, v) in out {
            if Int(b) < NgramFeatures.bucketsPerView { squares.0 += v * v } else { squares.1 += v * v }
        }
        let scale = (
            squares.0 > 0 ? 1 / squares.0.squareRoot() : 1, squares.1 > 0 ? 1 / squares.1.squareRoot() : 1
        )
        for i in out.indices {
            out[i].value *= Int(out[i].bucket) < NgramFeatures.bucketsPerView ? scale.0 : scale.1
        }
        return out
    }
}

/// A table of `NgramFeatures.featureCount` floats: decoded in memory, or read one entry at a
/// time from a mapped model file (a delivery looks up a few hundred of its 131,072 entries).
/// A pointer and a width, whichever it is: a lookup is one load and, for float16, one
/// conversion (the scoring path makes two per n-gram).
public struct NgramTable: @unchecked Sendable {
    /// Keeps the bytes alive: the mapping, or the floats' own allocation.
    private let owner: AnyObject
    private let bytes: UnsafeRawBufferPointer
    /// 2 (little-endian float16) or 4 (little-endian float32).
    private let width: Int
    /// Values per entry in `bytes` (a model file keeps a weight and an inverse frequency side by
    /// side) and which of them this table reads.
    private let lanes: Int
    private let lane: Int
    /// Entries (stored: a division per lookup showed in a delivery's profile).
    public let count: Int

    public init(_ values: [Float]) {
        let floats = FloatStorage(values)
        owner = floats
        bytes = UnsafeRawBufferPointer(floats.buffer)
        width = 4
        lanes = 1
        lane = 0
        count = values.count
    }

    /// Entry `i` is value `2 · i + lane` of `bytes` (in `width`-byte values).
    init(encoded bytes: UnsafeRawBufferPointer, width: Int, lane: Int, owner: AnyObject) {
        self.owner = owner
        self.bytes = bytes
        self.width = width
        self.lanes = 2
        self.lane = lane
        count = bytes.count / (2 * width)
    }

    @inline(__always)
    public subscript(i: Int) -> Float {
        precondition(i >= 0 && i < count, "n-gram bucket out of range")
        let offset = (lanes * i + lane) * width
        if width == 2 {
            // Branch-free, for a finite half (the tables' are checked when loaded, or were
            // verified before): exponent and mantissa shifted into a float's place, times 2^112
            // to rebias the exponent (exact for zeros and subnormals too), sign OR-ed back.
            // floatFromHalfBits's branches cost a misprediction on many of a delivery's few
            // hundred lookups (weights of unseen buckets are zero, most others subnormal or not).
            let half = UInt32(
                UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
            let magnitude = Float(bitPattern: (half & 0x7FFF) << 13) * 0x1p112
            return Float(bitPattern: magnitude.bitPattern | ((half & 0x8000) << 16))
        }
        return Float(
            bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }

    /// Floats in an allocation of their own, in little-endian order as a mapped table's.
    private final class FloatStorage {
        let buffer: UnsafeMutableBufferPointer<Float>
        init(_ values: [Float]) {
            buffer = .allocate(capacity: values.count)
            for (i, v) in values.enumerated() { buffer[i] = Float(bitPattern: v.bitPattern.littleEndian) }
        }
        deinit { buffer.deallocate() }
    }
}
