import Testing
import SpamText

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
