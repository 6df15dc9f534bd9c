import SpamTestSupport
import SpamText
import Testing

private func sampleVocabulary() -> Vocabulary {
    var counts = TokenCounts()
    counts.add(["b", "a", "a", "c"])
    counts.add(["b", "d", "a"])
    return Vocabulary(counts: counts, minCount: 2, maxSize: 100)
}

@Test func orderIsCountDescendingThenToken() {
    #expect(sampleVocabulary().tokens == ["<pad>", "<unk>", "a", "b"])
}

@Test func maxSizeIncludesReservedIDs() {
    var counts = TokenCounts()
    counts.add(["x", "y", "y", "z", "z", "z"])
    #expect(Vocabulary(counts: counts, maxSize: 4).tokens == ["<pad>", "<unk>", "z", "y"])
}

@Test func encodeAndDecode() {
    let v = sampleVocabulary()
    #expect(v.encode(["a", "zzz", "b"]) == [2, Vocabulary.unknownID, 3])
    #expect(v.decode([2, 3, 99]) == ["a", "b", "<unk>"])
}

@Test func fileRoundTrips() throws {
    let v = sampleVocabulary()
    #expect(try Vocabulary(fileBytes: v.fileBytes()) == v)
}

@Test func corruptTruncatedAndForeignFilesAreRejected() {
    let bytes = sampleVocabulary().fileBytes()
    var flipped = bytes
    flipped[20] ^= 0x40
    #expect(throws: VocabularyFileError.checksumMismatch) { try Vocabulary(fileBytes: flipped) }
    for cut in [0, 5, 12, bytes.count - 1] {
        #expect(throws: VocabularyFileError.self) { try Vocabulary(fileBytes: Array(bytes.prefix(cut))) }
    }
    #expect(throws: VocabularyFileError.notAVocabulary) {
        try Vocabulary(fileBytes: Array("PK\u{3}\u{4} this is a zip file, really".utf8))
    }
    var newer = bytes
    newer[8] = 9
    #expect(throws: VocabularyFileError.unsupportedVersion(9)) { try Vocabulary(fileBytes: newer) }
}

@Test func hostileTokenCountIsRejected() {
    var writer = ByteWriter()
    writer.write(bytes: Vocabulary.fileMagic)
    writer.write(Vocabulary.fileVersion)
    writer.write(UInt32.max)
    writer.write(CRC32.checksum(writer.bytes))
    #expect(throws: VocabularyFileError.self) { try Vocabulary(fileBytes: writer.bytes) }
}

@Test func crc32MatchesKnownValue() {
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
}

@Test func unknownWordsFallBackToTheirLongestKnownPrefix() {
    let v = Vocabulary(tokens: ["claim", "clai", "win"])
    #expect(v.idFallingBackToPrefix(of: "claiming") == v.id(of: "claim"))
    #expect(v.idFallingBackToPrefix(of: "claim") == v.id(of: "claim"))
    // Short words and shape-like tokens do not fall back.
    #expect(v.idFallingBackToPrefix(of: "wins") == Vocabulary.unknownID)
    #expect(v.idFallingBackToPrefix(of: "<claimx>") == Vocabulary.unknownID)
    #expect(v.idFallingBackToPrefix(of: "zzzzzz") == Vocabulary.unknownID)
}

/// The byte-prefix fast path for ASCII words gives what the character-prefix rule gives.
@Test func prefixFallbackAgreesWithTheCharacterRuleForAnyWord() {
    let v = Vocabulary(tokens: ["claim", "café", "naïv", "http", "<url>", "abcd", "x!y?", "1234"])
    func byCharacters(_ token: String) -> Int32 {
        if v.contains(token) { return v.id(of: token) }
        let characters = Array(token)
        guard characters.count >= 5, characters.count <= 40, !token.hasPrefix("<") else {
            return Vocabulary.unknownID
        }
        for length in stride(from: characters.count - 1, through: 4, by: -1) {
            let prefix = String(characters[0..<length])
            if v.contains(prefix) { return v.id(of: prefix) }
        }
        return Vocabulary.unknownID
    }
    let words = [
        "claiming", "claim", "cafés", "naïvety", "https", "<url>x", "abcdefghij", "x!y?z", "12345",
        "abc", "", "abcd" + String(repeating: "e", count: 37), "abcd" + String(repeating: "e", count: 36),
        "claim\u{301}ed", "cl\u{e9}iming", "<abcde",
    ]
    for word in words { #expect(v.idFallingBackToPrefix(of: word) == byCharacters(word), "\(word)") }
}

@Test func halfPrecisionBitsConvertExactly() {
    for value: Float in [0, -0, 1, -2.5, 65504, 6.1035156e-05, 5.9604645e-08, -3.0517578e-05, 0.333251953125]
    {
        #expect(floatFromHalfBits(Float16(value).bitPattern) == Float(Float16(value)))
    }
    #expect(floatFromHalfBits(Float16.infinity.bitPattern) == .infinity)
    #expect(floatFromHalfBits(Float16.nan.bitPattern).isNaN)
}

@Test func checksum64ChangesWithAnySingleByte() {
    let bytes = (0..<100).map { UInt8($0) }
    let base = Checksum64.checksum(bytes)
    for i in [0, 31, 32, 63, 96, 99] {
        var changed = bytes
        changed[i] ^= 1
        #expect(Checksum64.checksum(changed) != base)
    }
}

/// Lookups go by UTF-8 bytes: non-ASCII tokens, duplicates (the first id wins) and prefix fallback
/// behave as the dictionary they replaced, and a file round trip keeps every id.
@Test func byteKeyedLookupsKeepIds() throws {
    let tokens = ["สวัสดี", "ครับ", "win", "win", "claim", "日本語", "<phone>"]
    let v = Vocabulary(tokens: tokens)
    #expect(v.count == 9)
    #expect(v.id(of: "สวัสดี") == 2)
    #expect(v.id(of: "win") == 4)
    #expect(v.id(of: "日本語") == 7)
    #expect(v.id(of: "nothing") == Vocabulary.unknownID)
    #expect(v.idFallingBackToPrefix(of: "claiming") == 6)
    #expect(v.idFallingBackToPrefix(of: "สวัสดีครับ") == 2)
    #expect(v.tokens == ["<pad>", "<unk>"] + tokens)
    let read = try Vocabulary(fileBytes: v.fileBytes())
    #expect(read == v)
    for token in tokens { #expect(read.id(of: token) == v.id(of: token)) }
    // Many tokens: the table grows and every token still finds its own id.
    let many = (0..<5000).map { "t\($0)" }
    let big = Vocabulary(tokens: many)
    #expect(many.enumerated().allSatisfy { big.id(of: $1) == Int32($0 + 2) })
}

/// Every token length around the 8- and 16-byte steps of the table's hash and of the file
/// reader's word copies, ASCII and not, at the start, middle and end of the block: each token
/// read back from a file finds its own id, and a token one byte longer or shorter does not.
@Test func tokensOfEveryLengthFindTheirIdsAfterAFileRoundTrip() throws {
    var tokens: [String] = []
    for length in 1...40 {
        tokens.append(String(repeating: "a", count: length))
        tokens.append(String((0..<length).map { Character(UnicodeScalar(UInt8(98 + $0 % 20))) }))
        if length % 3 == 0 { tokens.append(String(repeating: "ก", count: length / 3)) }  // 3 bytes each
    }
    let read = try Vocabulary(fileBytes: Vocabulary(tokens: tokens).fileBytes())
    for (i, token) in tokens.enumerated() {
        #expect(read.id(of: token) == Int32(i + 2), "\(token.utf8.count) bytes: \(token)")
    }
    #expect(read.id(of: String(repeating: "a", count: 41)) == Vocabulary.unknownID)
    #expect(read.id(of: "") == Vocabulary.unknownID)
}

/// The token block and index of `vocabulary` as a model file lays them out, and where the
/// index starts.
private func blockAndIndex(of vocabulary: Vocabulary) -> (bytes: [UInt8], indexStart: Int) {
    var writer = ByteWriter()
    vocabulary.writeTokenBlock(into: &writer)
    writer.align(to: 4)
    let indexStart = writer.bytes.count
    vocabulary.writeIndex(into: &writer)
    return (writer.bytes, indexStart)
}

/// Reads a block and index as a model file's reader does: checked, then in place.
private func readInPlace(_ bytes: [UInt8], _ body: (Vocabulary) throws -> Void) throws {
    try bytes.withUnsafeBytes { raw in
        var reader = ByteReader(raw)
        let (range, count) = try Vocabulary.checkTokenBlock(&reader)
        try reader.skip(to: 4)
        let index = try Vocabulary.checkIndex(&reader, tokens: count)
        let vocabulary = Vocabulary(
            mappedBlock: UnsafeRawBufferPointer(rebasing: raw[range]), count: count,
            index: UnsafeRawBufferPointer(rebasing: raw[index]), owner: nil)
        try body(vocabulary)
    }
}

@Test func aVocabularyReadInPlaceFindsWhatItsOwnTableFinds() throws {
    let tokens = (0..<3000).map { "w\($0)" } + ["สวัสดี", "claim", "日本語", "<phone>", "win", "win"]
    let owned = Vocabulary(tokens: tokens)
    try readInPlace(blockAndIndex(of: owned).bytes) { inPlace in
        #expect(inPlace == owned)
        #expect(inPlace.hasIndex(of: owned))
        #expect(inPlace.tokens == owned.tokens)
        for token in tokens + ["nothing", "", "w30000", "claiming", "สวัสดีครับ"] {
            #expect(inPlace.id(of: token) == owned.id(of: token), "\(token)")
            #expect(inPlace.idFallingBackToPrefix(of: token) == owned.idFallingBackToPrefix(of: token))
        }
    }
}

/// An index overwritten with anything (a damaged or hostile file whose checksum was not
/// checked again) gives wrong ids at worst: every id in range, every lookup ends, and the
/// damage is seen by `hasIndex`.
@Test func aDamagedIndexNeverReadsOutOfBoundsOrLoops() throws {
    let owned = Vocabulary(tokens: (0..<200).map { "t\($0)" })
    let (bytes, indexStart) = blockAndIndex(of: owned)
    var generator = SplitMix64(state: 11)
    for round in 0..<40 {
        var damaged = bytes
        // Keep the slot count (checked when read); damage offsets and slots, some rounds all of them.
        let first = indexStart + 4
        let changes = round % 4 == 0 ? damaged.count - first : 1 + round
        for _ in 0..<changes {
            let at = Int.random(in: first..<damaged.count, using: &generator)
            damaged[at] = round % 8 == 0 ? 0xFF : UInt8.random(in: 0...255, using: &generator)
        }
        try readInPlace(damaged) { v in
            for token in ["t0", "t1", "t150", "t199", "nothing", "<unk>"] {
                let id = v.id(of: token)
                #expect(id >= 0 && Int(id) < v.count)
            }
            #expect(v.tokens.count == v.count)
            if damaged != bytes { #expect(!v.hasIndex(of: owned)) }
        }
    }
}

@Test func anIndexTooSmallForItsTokensIsRefused() {
    let (bytes, indexStart) = blockAndIndex(of: Vocabulary(tokens: (0..<100).map { "t\($0)" }))
    var small = bytes
    small.replaceSubrange(indexStart..<(indexStart + 4), with: [64, 0, 0, 0])  // 64 slots for 102 tokens
    #expect(throws: ByteReaderError.self) { try readInPlace(small) { _ in } }
    var odd = bytes
    odd.replaceSubrange(indexStart..<(indexStart + 4), with: [0x01, 0x01, 0, 0])  // not a power of two
    #expect(throws: ByteReaderError.self) { try readInPlace(odd) { _ in } }
}
