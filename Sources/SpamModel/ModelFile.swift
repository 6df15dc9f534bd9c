public import SpamNN
public import SpamText

/// The model file format, version 1. One file holds everything needed to classify; integers are
/// little-endian.
///
///     magic        8 bytes  "SMSMODEL"
///     version      UInt32   1
///     maxTokens    UInt32   tokenizer cap per message
///     flags        UInt32   bit 0 keep raw shapes, bit 1 keep "!", bit 2 mark shouting,
///                           bit 3 unknown words fall back to their longest known prefix,
///                           bit 4 URL traits (top-level domain, hyphenated host) after <url>,
///                           bit 5 unknown words seen through their disguise (needs bit 3),
///                           bit 6 bare domains under cheap top-level domains are links,
///                           bit 7 an n-gram model follows the weights,
///                           bit 8 the vocabulary's index follows its tokens,
///                           bit 9 a mail n-gram model follows the n-gram model (needs bit 7);
///                           other bits must be 0
///     maxLength    UInt32   T, tokens scored per message
///     V, E, H      3 × UInt32
///     threshold    Float64
///     networks     UInt32   ensemble size (≥ 1)
///     encoding     UInt32   1 = IEEE float16 weights, 2 = float32
///     metadata     UInt32 count, then count × (key, value) length-prefixed UTF-8 strings
///     vocabulary   UInt32 count, then count × length-prefixed UTF-8 tokens (id order)
///     padding      zero bytes to a multiple of 4
///     index        (bit 8 only) the table that finds a token's id, read in place by a
///                  delivery (`VocabularyTable`): UInt32 slot count S, count + 1 × UInt32
///                  where each token starts in the vocabulary, S × Int32 slots
///     weights      networks × (UInt32 parameter count, values in LSTMClassifierNetwork order)
///     n-gram model (bit 7 only) UInt32 F = NgramFeatures.featureCount, Float32 bias,
///                  Float32 mix weight, F pairs (weight, inverse document frequency) in the
///                  weights' encoding (`NgramModel`)
///     mail n-gram model (bit 9 only) the same layout: the n-gram model that reads mail
///                  (`ClassifierModel.mailNgram`)
///     checksum     UInt64   `Checksum64` of every byte before it
///
/// Loading checks magic, version, sizes against the bytes present, the checksum and that the
/// weights are finite, so a corrupt, truncated or foreign file yields a `ModelFileError`.
public enum ModelFile {
    public static let magic: [UInt8] = Array("SMSMODEL".utf8)
    public static let version: UInt32 = 1

    public enum WeightEncoding: UInt32, Sendable {
        case float16 = 1
        case float32 = 2
    }

    /// The bytes of `model`. The same model always gives the same bytes.
    public static func bytes(of model: ClassifierModel, encoding: WeightEncoding = .float16) -> [UInt8] {
        var w = ByteWriter()
        w.write(bytes: magic)
        w.write(version)
        w.write(UInt32(model.tokenizerOptions.maxTokens))
        var flags: UInt32 = 0
        if model.tokenizerOptions.keepRawShapes { flags |= 1 }
        if model.tokenizerOptions.keepExclamation { flags |= 2 }
        if model.tokenizerOptions.markShouting { flags |= 4 }
        if model.prefixFallback { flags |= 8 }
        if model.tokenizerOptions.urlTraits { flags |= 16 }
        if model.seesThroughDisguises { flags |= 32 }
        if model.tokenizerOptions.lureDomains { flags |= 64 }
        if model.ngram != nil { flags |= 128 }
        flags |= 256
        if model.ngram != nil, model.mailNgram != nil { flags |= 512 }
        w.write(flags)
        w.write(UInt32(model.maxLength))
        w.write(UInt32(model.shape.vocabularySize))
        w.write(UInt32(model.shape.embeddingDim))
        w.write(UInt32(model.shape.hiddenSize))
        w.write(model.threshold)
        w.write(UInt32(model.networks.count))
        w.write(encoding.rawValue)
        w.write(UInt32(model.metadata.entries.count))
        for (key, value) in model.metadata.entries {
            w.write(string: key)
            w.write(string: value)
        }
        model.vocabulary.writeTokenBlock(into: &w)
        w.align(to: 4)
        model.vocabulary.writeIndex(into: &w)
        for parameters in model.networks {
            w.write(UInt32(parameters.count))
            switch encoding {
            case .float16:
                for p in parameters { w.write(Float16(p).bitPattern) }
            case .float32:
                for p in parameters { w.write(p.bitPattern) }
            }
        }
        if let ngram = model.ngram {
            writeNgram(ngram, encoding: encoding, into: &w)
            if let mail = model.mailNgram { writeNgram(mail, encoding: encoding, into: &w) }
        }
        w.write(Checksum64.checksum(w.bytes))
        return w.bytes
    }

    private static func writeNgram(_ ngram: NgramModel, encoding: WeightEncoding, into w: inout ByteWriter) {
        w.write(UInt32(NgramFeatures.featureCount))
        w.write(ngram.bias)
        w.write(ngram.mixWeight)
        // Each bucket's weight and inverse frequency side by side: scoring looks both up, and
        // they share a cache line.
        for i in 0..<NgramFeatures.featureCount {
            for value in [ngram.weights[i], ngram.inverseFrequencies[i]] {
                switch encoding {
                case .float16: w.write(Float16(value).bitPattern)
                case .float32: w.write(value.bitPattern)
                }
            }
        }
    }

    /// Reads a model from the bytes of a model file.
    public static func model(from bytes: [UInt8]) throws(ModelFileError) -> ClassifierModel {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(ModelFileError) in try model(from: raw) }
        }
        return try result.get()
    }

    /// The short identifier of a model file: the low 32 bits of its checksum in hex.
    public static func identifier(of bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { identifier(ofFile: $0) }
    }

    /// The checksum stored in a model file's last 8 bytes (0 for a file shorter than that).
    static func storedChecksum(of bytes: UnsafeRawBufferPointer) -> UInt64 {
        guard bytes.count >= 8 else { return 0 }
        return bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self).littleEndian
    }

    static func identifier(ofFile bytes: UnsafeRawBufferPointer) -> String {
        guard bytes.count >= 8 else { return "none" }
        let checksum = bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self).littleEndian
        let hex = String(UInt32(truncatingIfNeeded: checksum), radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    static func model(from raw: UnsafeRawBufferPointer) throws(ModelFileError) -> ClassifierModel {
        let contents = try self.contents(of: raw)
        var networks: [[Float]] = []
        for offset in contents.weightOffsets {
            let parameters = decodeWeights(
                UnsafeRawBufferPointer(rebasing: raw[offset...]), count: contents.parameterCount,
                width: contents.encoding.width)
            guard parameters.allSatisfy(\.isFinite) else {
                throw .malformed("non-finite weight in the network at byte \(offset)")
            }
            networks.append(parameters)
        }
        var model = contents.model(networks: networks)
        model.ngram = try contents.ngramModel(in: raw, owner: nil)
        model.mailNgram = try contents.mailNgramModel(in: raw, owner: nil)
        return model
    }

    /// Checks a model file's framing (magic, version, checksum) and reads everything but the
    /// weights, whose places it records. `verifyChecksum: false` is for a file whose checksum
    /// was verified before and which has not been written since (`VerifiedModelFile`); its
    /// sizes are still checked against the bytes present.
    ///
    /// With `mapping` (what keeps `raw` mapped), a vocabulary index in the file is read in place;
    /// else the vocabulary's table is built. An index is checked against its tokens whenever the
    /// checksum is.
    static func contents(
        of raw: UnsafeRawBufferPointer, verifyChecksum: Bool = true, mapping: AnyObject? = nil
    )
        throws(ModelFileError) -> Contents
    {
        guard raw.count >= magic.count + 12 else {
            throw raw.count >= magic.count && !raw.prefix(magic.count).elementsEqual(magic)
                ? .notAModel : .truncated
        }
        guard raw.prefix(magic.count).elementsEqual(magic) else { throw .notAModel }
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 8)]))
        let fileVersion: UInt32
        do throws(ByteReaderError) {
            _ = try reader.readBytes(magic.count)
            fileVersion = try reader.read(UInt32.self)
        } catch {
            throw .truncated
        }
        guard fileVersion == version else { throw .unsupportedVersion(fileVersion) }
        let stored = raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self).littleEndian
        guard
            !verifyChecksum
                || Checksum64.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 8)])) == stored
        else {
            // A file cut short (a copy interrupted, a full disk) fails the checksum too; say
            // which it is: its header promises more bytes than are there.
            var probe = ByteReader(raw)
            do throws(ByteReaderError) {
                _ = try probe.readBytes(magic.count + 4)
                _ = try readBody(&probe, mapping: nil, checkingIndex: false)
            } catch {
                if case .truncated = error { throw .truncated }
            }
            throw .checksumMismatch
        }
        do throws(ByteReaderError) {
            return try readBody(&reader, mapping: mapping, checkingIndex: verifyChecksum)
        } catch {
            throw .malformed(error.description)
        }
    }

    /// A model file read up to its weights: everything a classifier needs except the decoded
    /// weights, and where each network's weights start (byte offsets into the file).
    struct Contents {
        var tokenizerOptions: TokenizerOptions
        var prefixFallback: Bool
        var seesThroughDisguises: Bool
        var maxLength: Int
        var shape: ClassifierShape
        var threshold: Double
        var metadata: ModelMetadata
        var vocabulary: Vocabulary
        var encoding: WeightEncoding
        var weightOffsets: [Int]
        /// Where the n-gram model's section starts (its feature count), if the file has one.
        var ngramOffset: Int?
        /// Where the mail n-gram model's section starts, if the file has one.
        var mailNgramOffset: Int?

        /// Parameters per network.
        var parameterCount: Int { LSTMClassifierNetwork.parameterCount(shape) }

        func model(networks: [[Float]]) -> ClassifierModel {
            ClassifierModel(
                tokenizerOptions: tokenizerOptions, vocabulary: vocabulary, shape: shape,
                maxLength: maxLength,
                networks: networks, threshold: threshold, metadata: metadata, prefixFallback: prefixFallback,
                seesThroughDisguises: seesThroughDisguises)
        }

        /// The n-gram model of the file, if it has one: read in place (`owner` keeps the mapping),
        /// or decoded when `owner` is nil. `checkWeights: false` leaves out the pass over every
        /// weight (a file verified before, as for the embedding rows: a non-finite weight makes a
        /// non-finite score, which every caller refuses).
        func ngramModel(in raw: UnsafeRawBufferPointer, owner: AnyObject?, checkWeights: Bool = true)
            throws(ModelFileError) -> NgramModel?
        {
            guard let start = ngramOffset else { return nil }
            return try ngramModel(at: start, in: raw, owner: owner, checkWeights: checkWeights)
        }

        /// The same for the mail n-gram model (`ClassifierModel.mailNgram`).
        func mailNgramModel(in raw: UnsafeRawBufferPointer, owner: AnyObject?, checkWeights: Bool = true)
            throws(ModelFileError) -> NgramModel?
        {
            guard let start = mailNgramOffset else { return nil }
            return try ngramModel(at: start, in: raw, owner: owner, checkWeights: checkWeights)
        }

        private func ngramModel(
            at start: Int, in raw: UnsafeRawBufferPointer, owner: AnyObject?, checkWeights: Bool
        ) throws(ModelFileError) -> NgramModel {
            let f = NgramFeatures.featureCount
            let bias = Float(
                bitPattern: UInt32(
                    littleEndian: raw.loadUnaligned(fromByteOffset: start + 4, as: UInt32.self)))
            let mix = Float(
                bitPattern: UInt32(
                    littleEndian: raw.loadUnaligned(fromByteOffset: start + 8, as: UInt32.self)))
            let width = encoding.width
            let pairs = UnsafeRawBufferPointer(rebasing: raw[(start + 12)..<(start + 12 + 2 * f * width)])
            guard bias.isFinite, mix.isFinite,
                !checkWeights || ModelFile.encodedWeightsAreFinite(pairs, count: 2 * f, width: width)
            else { throw .malformed("non-finite weight in the n-gram model at byte \(start)") }
            if let owner {
                return NgramModel(
                    weights: NgramTable(encoded: pairs, width: width, lane: 0, owner: owner),
                    inverseFrequencies: NgramTable(encoded: pairs, width: width, lane: 1, owner: owner),
                    bias: bias, mixWeight: mix)
            }
            let values = ModelFile.decodeWeights(pairs, count: 2 * f, width: width)
            return NgramModel(
                weights: NgramTable(stride(from: 0, to: 2 * f, by: 2).map { values[$0] }),
                inverseFrequencies: NgramTable(stride(from: 1, to: 2 * f, by: 2).map { values[$0] }),
                bias: bias, mixWeight: mix)
        }
    }

    /// Little-endian float16 or float32 weights to `[Float]`, in one tight loop.
    static func decodeWeights(_ raw: UnsafeRawBufferPointer, count: Int, width: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { out, initialized in
            decodeWeights(raw, count: count, width: width, into: out.baseAddress!)
            initialized = count
        }
    }

    @inline(__always)
    static func decodeWeights(
        _ raw: UnsafeRawBufferPointer, count: Int, width: Int, into out: UnsafeMutablePointer<Float>
    ) {
        if width == 2 {
            var i = 0
            #if _endian(little)
                // 8 at a time, branch-free (embedding rows are decoded on the scoring path): the
                // half's exponent and mantissa shifted into a float's place, times 2^112 to rebias
                // the exponent (exact, and right for zeros and subnormals too), sign OR-ed back;
                // infinities and NaNs patched in afterwards. Same values as floatFromHalfBits.
                while i + 8 <= count {
                    let bits = SIMD8<UInt32>(
                        truncatingIfNeeded: raw.loadUnaligned(fromByteOffset: 2 * i, as: SIMD8<UInt16>.self))
                    let shifted = (bits & 0x7FFF) &<< 13
                    let scaled = unsafeBitCast(shifted, to: SIMD8<Float>.self) * SIMD8(repeating: 0x1p112)
                    let sign = (bits & 0x8000) &<< 16
                    // All ones where the exponent is all ones (0x7C00 + 0x400 carries into bit 15);
                    // integer masks rather than SIMDMask, which the default target does not vectorize.
                    let special = 0 &- (((bits & 0x7C00) &+ 0x0400) &>> 15)
                    let finite = unsafeBitCast(scaled, to: SIMD8<UInt32>.self) | sign
                    let infinite = sign | 0x7F80_0000 | ((bits & 0x3FF) &<< 13)
                    let result = (finite & ~special) | (infinite & special)
                    UnsafeMutableRawPointer(out + i).storeBytes(
                        of: unsafeBitCast(result, to: SIMD8<Float>.self), as: SIMD8<Float>.self)
                    i += 8
                }
            #endif
            while i < count {
                out[i] = floatFromHalfBits(
                    UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
                i += 1
            }
        } else {
            for i in 0..<count {
                out[i] = Float(
                    bitPattern: UInt32(
                        littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
            }
        }
    }

    /// True when all `count` encoded weights are finite, checked on the encoded bits without
    /// decoding them: adding one to an all-ones exponent carries into the bit above it, so OR-ing
    /// that bit over every weight flags infinities and NaNs in one branch-free (vectorizable) loop.
    static func encodedWeightsAreFinite(_ raw: UnsafeRawBufferPointer, count: Int, width: Int) -> Bool {
        if width == 2 {
            // 16 weights per step (the bundled model's embedding is ~560,000 of them).
            var lanes = SIMD16<UInt16>()
            let exponent = SIMD16<UInt16>(repeating: 0x7C00)
            let one = SIMD16<UInt16>(repeating: 0x0400)
            var i = 0
            while i + 16 <= count {
                let bits = raw.loadUnaligned(fromByteOffset: 2 * i, as: SIMD16<UInt16>.self)
                lanes |= (bits & exponent) &+ one
                i += 16
            }
            var carry = lanes.max()
            while i < count {
                carry |=
                    (raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self).littleEndian & 0x7C00)
                    &+ 0x0400
                i += 1
            }
            return carry & 0x8000 == 0
        }
        var carry: UInt32 = 0
        for i in 0..<count {
            carry |=
                (raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self).littleEndian & 0x7F80_0000)
                &+ 0x0080_0000
        }
        return carry & 0x8000_0000 == 0
    }

    /// Reads the file after its version. `mapping` and `checkingIndex`: see `contents(of:)`.
    private static func readBody(_ r: inout ByteReader, mapping: AnyObject?, checkingIndex: Bool)
        throws(ByteReaderError) -> Contents
    {
        let maxTokens = Int(try r.read(UInt32.self))
        let flags = try r.read(UInt32.self)
        let maxLength = Int(try r.read(UInt32.self))
        let v = Int(try r.read(UInt32.self))
        let e = Int(try r.read(UInt32.self))
        let h = Int(try r.read(UInt32.self))
        let threshold = try r.readDouble()
        let networkCount = Int(try r.read(UInt32.self))
        let encodingRaw = try r.read(UInt32.self)
        // A bit this reader does not know would change how messages are read: refuse the file
        // rather than score it another way than it was trained.
        guard flags & ~1023 == 0, flags & 32 == 0 || flags & 8 != 0, flags & 512 == 0 || flags & 128 != 0
        else {
            throw .implausible("flags \(flags)", at: r.offset)
        }
        guard (1...1_000_000).contains(maxTokens), (1...100_000).contains(maxLength) else {
            throw .implausible("token limits \(maxTokens)/\(maxLength)", at: r.offset)
        }
        guard (2...10_000_000).contains(v), (1...4096).contains(e), (1...4096).contains(h) else {
            throw .implausible("network shape V=\(v) E=\(e) H=\(h)", at: r.offset)
        }
        guard threshold.isFinite, (0...1).contains(threshold) else {
            throw .implausible("threshold \(threshold)", at: r.offset)
        }
        guard (1...64).contains(networkCount), let encoding = WeightEncoding(rawValue: encodingRaw) else {
            throw .implausible("ensemble of \(networkCount), weight encoding \(encodingRaw)", at: r.offset)
        }
        let metadataCount = Int(try r.read(UInt32.self))
        guard metadataCount <= 1000 else { throw .implausible("metadata count", at: r.offset) }
        var metadata = ModelMetadata()
        for _ in 0..<metadataCount {
            let key = try r.readString(limit: 1024)
            let value = try r.readString(limit: 64 * 1024)
            metadata.entries.append((key, value))
        }
        let (blockRange, tokenCount) = try Vocabulary.checkTokenBlock(&r)
        guard tokenCount == v else {
            throw .implausible("vocabulary of \(tokenCount) tokens for V=\(v)", at: r.offset)
        }
        try r.skip(to: 4)
        let block = UnsafeRawBufferPointer(rebasing: r.bytes[blockRange])
        // The stored index is read in place when the file is mapped, after a check against the
        // table its tokens give whenever the checksum is checked; a decoded model, or a file
        // without an index, builds the table (nil here).
        var vocabulary: Vocabulary? = nil
        if flags & 256 != 0 {
            let indexStart = r.offset
            let index = UnsafeRawBufferPointer(rebasing: r.bytes[try Vocabulary.checkIndex(&r, tokens: v)])
            let inPlace = Vocabulary(mappedBlock: block, count: v, index: index, owner: mapping)
            if checkingIndex {
                let built = Vocabulary(checkedBlock: block, count: v)
                guard inPlace.hasIndex(of: built) else {
                    throw .implausible("vocabulary index (not the one its tokens give)", at: indexStart)
                }
                vocabulary = mapping == nil ? built : inPlace
            } else if mapping != nil {
                vocabulary = inPlace
            }
        }
        let shape = ClassifierShape(vocabularySize: v, embeddingDim: e, hiddenSize: h)
        let expected = LSTMClassifierNetwork.parameterCount(shape)
        var weightOffsets: [Int] = []
        for _ in 0..<networkCount {
            let count = Int(try r.read(UInt32.self))
            guard count == expected else {
                throw .implausible("\(count) parameters where the shape needs \(expected)", at: r.offset)
            }
            weightOffsets.append(r.offset)
            _ = try r.readBytes(count * encoding.width)
        }
        func ngramSection() throws(ByteReaderError) -> Int {
            let start = r.offset
            let count = Int(try r.read(UInt32.self))
            guard count == NgramFeatures.featureCount else {
                throw .implausible(
                    "an n-gram model of \(count) features (this smsfilter reads \(NgramFeatures.featureCount))",
                    at: r.offset)
            }
            _ = try r.readBytes(8 + 2 * count * encoding.width)
            return start
        }
        let ngramOffset = flags & 128 != 0 ? try ngramSection() : nil
        let mailNgramOffset = flags & 512 != 0 ? try ngramSection() : nil
        guard r.remaining == 0 else { throw .implausible("\(r.remaining) trailing bytes", at: r.offset) }
        return Contents(
            tokenizerOptions: TokenizerOptions(
                maxTokens: maxTokens, keepRawShapes: flags & 1 != 0, keepExclamation: flags & 2 != 0,
                markShouting: flags & 4 != 0, urlTraits: flags & 16 != 0, lureDomains: flags & 64 != 0),
            prefixFallback: flags & 8 != 0, seesThroughDisguises: flags & 32 != 0, maxLength: maxLength,
            shape: shape, threshold: threshold,
            metadata: metadata, vocabulary: vocabulary ?? Vocabulary(checkedBlock: block, count: v),
            encoding: encoding, weightOffsets: weightOffsets,
            ngramOffset: ngramOffset, mailNgramOffset: mailNgramOffset)
    }
}

extension ModelFile.WeightEncoding {
    /// Bytes per weight.
    var width: Int { self == .float16 ? 2 : 4 }
}

/// Why a model file could not be loaded.
public enum ModelFileError: Error, CustomStringConvertible, Sendable, Equatable {
    case truncated
    case notAModel
    case unsupportedVersion(UInt32)
    case checksumMismatch
    case malformed(String)

    public var description: String {
        switch self {
        case .truncated: "model file is truncated"
        case .notAModel: "not a smsfilter model file (bad magic)"
        case .unsupportedVersion(let v):
            "model file version \(v) is not supported (this smsfilter reads version \(ModelFile.version))"
        case .checksumMismatch: "model file is corrupt (checksum mismatch)"
        case .malformed(let why): "model file is malformed: \(why)"
        }
    }
}
