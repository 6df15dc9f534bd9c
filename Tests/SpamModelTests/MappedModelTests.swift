import SpamIO
import SpamModel
import SpamNN
import SpamText
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Writes `bytes` to a fresh temporary file and returns its path.
private func temporaryFile(_ bytes: [UInt8], name: String) throws -> String {
    let path = "/tmp/smsfilter-mapped-\(getpid())-\(name)"
    try FileIO.writeAtomically(bytes, to: path)
    return path
}

/// Texts that use known, unknown and repeated tokens, and an empty one.
private let texts = [
    "WIN cash now 09061701461", "hello hello", "", "cash cash cash win win £100", "unseen words",
]

@Test(arguments: [ModelFile.WeightEncoding.float16, .float32])
func mappedModelScoresExactlyLikeTheDecodedOne(encoding: ModelFile.WeightEncoding) throws {
    let bytes = ModelFile.bytes(of: smallModel(ensemble: 3), encoding: encoding)
    let path = try temporaryFile(bytes, name: "scores-\(encoding.rawValue)")
    defer { unlink(path) }
    let decoded = try SpamClassifier(fileBytes: bytes)
    let mapped = try SpamClassifier(file: try MappedFile(path: path))
    #expect(mapped.modelID == decoded.modelID)
    #expect(mapped.threshold == decoded.threshold)
    #expect(mapped.networkCount == 3)
    for text in texts {
        // Bit for bit: embedding rows decoded on demand go through the same arithmetic.
        #expect(mapped.spamProbability(of: text) == decoded.spamProbability(of: text))
    }
    #expect(mapped.spamProbabilities(of: texts) == decoded.spamProbabilities(of: texts))
}

@Test func mappedLoadRejectsANonFiniteEmbeddingWeight() throws {
    var model = smallModel()
    // A NaN in the embedding block: the mapped loader checks it without decoding the block.
    model.networks[0][5] = .nan
    let bytes = ModelFile.bytes(of: model, encoding: .float16)
    let path = try temporaryFile(bytes, name: "nan")
    defer { unlink(path) }
    #expect(throws: ModelFileError.self) { try SpamClassifier(file: try MappedFile(path: path)) }
    #expect(throws: ModelFileError.self) { try SpamClassifier(fileBytes: bytes) }
}

@Test func mappedLoadRejectsCorruptAndTruncatedFiles() throws {
    let bytes = ModelFile.bytes(of: smallModel())
    var corrupt = bytes
    corrupt[corrupt.count / 2] ^= 0x40
    let corruptPath = try temporaryFile(corrupt, name: "corrupt")
    let truncatedPath = try temporaryFile(Array(bytes.prefix(bytes.count - 100)), name: "truncated")
    let emptyPath = try temporaryFile([], name: "empty")
    defer { for p in [corruptPath, truncatedPath, emptyPath] { unlink(p) } }
    #expect(throws: ModelFileError.checksumMismatch) {
        try SpamClassifier(file: try MappedFile(path: corruptPath))
    }
    #expect(throws: ModelFileError.self) { try SpamClassifier(file: try MappedFile(path: truncatedPath)) }
    #expect(throws: ModelFileError.truncated) { try SpamClassifier(file: try MappedFile(path: emptyPath)) }
}

@Test func mappedFileHoldsTheFileBytes() throws {
    let bytes: [UInt8] = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    let path = try temporaryFile(bytes, name: "bytes")
    defer { unlink(path) }
    let file = try MappedFile(path: path)
    #expect(Array(file.bytes) == bytes)
    #expect(throws: SystemError.self) { try MappedFile(path: path + ".missing") }
}

@Test func twoThreadScoringGivesTheSameScores() throws {
    let classifier = try SpamClassifier(model: smallModel(ensemble: 2))
    let texts = (0..<150).map { i in
        ["WIN cash now \(i)", "hello there", "", "£\(i) prize call 0906170\(i)"][i % 4]
    }
    #expect(
        classifier.spamProbabilities(of: texts, threads: 2)
            == classifier.spamProbabilities(of: texts, threads: 1))
}

@Test func mappedModelTwoThreadScoringMatchesOneThread() throws {
    let bytes = ModelFile.bytes(of: smallModel(ensemble: 3))
    let path = "/tmp/smsfilter-mapped-\(getpid())-threads"
    try FileIO.writeAtomically(bytes, to: path)
    defer { unlink(path) }
    let classifier = try SpamClassifier(file: try MappedFile(path: path))
    let texts = (0..<200).map { i in
        ["WIN cash now \(i)", "hello there", "", "£\(i) prize call 0906170\(i)", "unseen \(i)"][i % 5]
    }
    #expect(
        classifier.spamProbabilities(of: texts, threads: 2)
            == texts.map { classifier.spamProbability(of: $0) })
}

/// A delivery trusts a checksum verified before only for the very same file version: the first
/// load checks in full and returns the version, the next one with that record skips the checks
/// and scores alike, and a file written since (in place, same size) is checked in full again,
/// so its corruption is found.
@Test func aVerifiedModelFileIsTrustedOnlyUntilItIsWritten() throws {
    let bytes = ModelFile.bytes(of: smallModel(ensemble: 2))
    let path = try temporaryFile(bytes, name: "verified")
    defer { unlink(path) }
    let first = try SpamClassifier.load(path: path, verified: nil)
    let record = try #require(first.newlyVerified)
    let second = try SpamClassifier.load(path: path, verified: record)
    #expect(second.newlyVerified == nil)
    for text in texts {
        #expect(second.classifier.spamProbability(of: text) == first.classifier.spamProbability(of: text))
    }
    // One weight byte of the embedding changed in place: same size, new ctime and mtime.
    var corrupt = bytes
    corrupt[bytes.count / 2] ^= 0x01
    usleep(10_000)  // file times with a coarse clock still move
    let fd = open(path, O_WRONLY)
    #expect(fd >= 0)
    _ = corrupt.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    close(fd)
    #expect(throws: (any Error).self) { try SpamClassifier.load(path: path, verified: record) }
    // The same corruption under a record claiming this version is not read whole: the trust is
    // exactly what the record grants (which is why only a delivery's own record grants it).
    let now = try #require(try MappedFile(path: path).identity)
    let forged = VerifiedModelFile(identity: now, checksum: record.checksum)
    #expect(throws: Never.self) { try SpamClassifier.load(path: path, verified: forged) }
}

/// A model file's bytes with a new checksum after `change`.
private func rechecksummed(_ bytes: [UInt8], _ change: (inout [UInt8]) -> Void) -> [UInt8] {
    var body = Array(bytes.dropLast(8))
    change(&body)
    return body + withUnsafeBytes(of: Checksum64.checksum(body).littleEndian, Array.init)
}

/// Where the vocabulary's index is in a model file's bytes.
private func indexRange(in bytes: [UInt8], of model: ClassifierModel) -> Range<Int> {
    var writer = ByteWriter()
    model.vocabulary.writeIndex(into: &writer)
    let index = writer.bytes
    let start = (0...(bytes.count - index.count)).first {
        bytes[$0..<($0 + index.count)].elementsEqual(index)
    }!
    return start..<(start + index.count)
}

/// The file keeps the vocabulary's table (flag bit 8), which a mapped load reads in place; a
/// file without it (written before) scores the same, its table built on load.
@Test func aModelFileWithoutItsVocabularyIndexScoresTheSame() throws {
    let model = smallModel(ensemble: 2)
    let bytes = ModelFile.bytes(of: model)
    #expect(bytes[17] & 1 == 1)  // flag bit 8 (flags at byte 16)
    let index = indexRange(in: bytes, of: model)
    let older = rechecksummed(bytes) { body in
        body.removeSubrange(index)
        body[17] &= ~1
    }
    let path = try temporaryFile(bytes, name: "indexed")
    let olderPath = try temporaryFile(older, name: "unindexed")
    defer { for p in [path, olderPath] { unlink(p) } }
    let classifiers = [
        try SpamClassifier(fileBytes: bytes), try SpamClassifier(fileBytes: older),
        try SpamClassifier(file: try MappedFile(path: path)),
        try SpamClassifier(file: try MappedFile(path: path), verifiedBefore: true),
        try SpamClassifier(file: try MappedFile(path: olderPath)),
    ]
    let expected = classifiers[0].spamProbabilities(of: texts)
    for classifier in classifiers {
        #expect(classifier.spamProbabilities(of: texts) == expected)
    }
}

/// An index that is not the one its tokens give (checksum recomputed, as a hostile file would
/// have it) is refused by every load that checks the checksum; a load that trusts a file
/// verified before reads it without crashing, its lookups bounds-checked.
@Test func aVocabularyIndexThatDoesNotMatchItsTokensIsRefused() throws {
    let model = smallModel()
    let bytes = ModelFile.bytes(of: model)
    let index = indexRange(in: bytes, of: model)
    for at in [index.lowerBound + 4, index.lowerBound + 9, index.upperBound - 3] {
        let tampered = rechecksummed(bytes) { $0[at] ^= 0x5A }
        let path = try temporaryFile(tampered, name: "tampered-\(at)")
        defer { unlink(path) }
        #expect(throws: ModelFileError.self) { try SpamClassifier(fileBytes: tampered) }
        #expect(throws: ModelFileError.self) { try SpamClassifier(file: try MappedFile(path: path)) }
        let trusted = try SpamClassifier(file: try MappedFile(path: path), verifiedBefore: true)
        #expect(trusted.spamProbabilities(of: texts).allSatisfy { $0.isFinite && (0...1).contains($0) })
    }
}
