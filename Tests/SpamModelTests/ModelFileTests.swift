import SpamModel
import SpamNN
import SpamText
import Testing

/// A small random model (no training) for file-format tests.
func smallModel(ensemble: Int = 1) -> ClassifierModel {
    let vocabulary = Vocabulary(tokens: ["win", "cash", "hello", "<phone>", "<money>"])
    let shape = ClassifierShape(vocabularySize: vocabulary.count, embeddingDim: 4, hiddenSize: 3)
    let networks = (0..<ensemble).map { LSTMClassifierNetwork(shape: shape, seed: UInt64(7 + $0)).parameters }
    var metadata = ModelMetadata()
    metadata["hyperparameters"] = "E=4 H=3"
    return ClassifierModel(
        tokenizerOptions: TokenizerOptions(maxTokens: 50), vocabulary: vocabulary, shape: shape,
        maxLength: 16, networks: networks, threshold: 0.42, metadata: metadata)
}

@Test func float32RoundTripIsExact() throws {
    let model = smallModel(ensemble: 2)
    let loaded = try ModelFile.model(from: ModelFile.bytes(of: model, encoding: .float32))
    #expect(loaded.networks == model.networks)
    #expect(loaded.vocabulary == model.vocabulary)
    #expect(loaded.shape == model.shape)
    #expect(loaded.threshold == 0.42)
    #expect(loaded.maxLength == 16)
    #expect(loaded.tokenizerOptions == model.tokenizerOptions)
    #expect(loaded.metadata == model.metadata)
}

@Test func float16RoundTripIsClose() throws {
    let model = smallModel()
    let loaded = try ModelFile.model(from: ModelFile.bytes(of: model))
    for (a, b) in zip(loaded.networks[0], model.networks[0]) {
        #expect(abs(a - b) <= abs(b) * 1e-3 + 1e-4)
    }
}

@Test func sameModelGivesSameBytes() {
    #expect(ModelFile.bytes(of: smallModel()) == ModelFile.bytes(of: smallModel()))
}

@Test func corruptFileIsRejected() {
    var bytes = ModelFile.bytes(of: smallModel())
    bytes[bytes.count / 2] ^= 0x01
    #expect(throws: ModelFileError.checksumMismatch) { try ModelFile.model(from: bytes) }
}

@Test func truncatedFilesAreRejected() {
    let bytes = ModelFile.bytes(of: smallModel())
    for cut in [0, 4, 11, 19, 40, bytes.count / 2, bytes.count - 1] {
        #expect(throws: ModelFileError.self) { try ModelFile.model(from: Array(bytes.prefix(cut))) }
    }
}

@Test func foreignFileIsRejected() {
    #expect(throws: ModelFileError.notAModel) {
        try ModelFile.model(from: Array("#!/bin/sh\necho this is not a model at all\n".utf8))
    }
    #expect(throws: ModelFileError.self) {
        try ModelFile.model(from: Vocabulary(tokens: ["a"]).fileBytes())
    }
}

@Test func newerVersionIsNamed() {
    var bytes = ModelFile.bytes(of: smallModel())
    bytes[8] = 2
    #expect(throws: ModelFileError.unsupportedVersion(2)) { try ModelFile.model(from: bytes) }
}

/// A header that claims huge sizes, with a valid checksum: must fail cleanly, not allocate or
/// read out of bounds.
@Test func hostileSizesAreRejected() {
    var bytes = ModelFile.bytes(of: smallModel())
    bytes.removeLast(8)
    // V, E, H start at byte 24.
    for (offset, value) in [(24, UInt32.max), (28, 1 << 30), (32, 1 << 30), (20, UInt32.max)] {
        var hostile = bytes
        withUnsafeBytes(of: value.littleEndian) { hostile.replaceSubrange(offset..<(offset + 4), with: $0) }
        hostile += withUnsafeBytes(of: Checksum64.checksum(hostile).littleEndian, Array.init)
        #expect(throws: ModelFileError.self) { try ModelFile.model(from: hostile) }
    }
}

@Test func classifierScoresAreProbabilitiesAndBatchMatchesSingle() throws {
    let classifier = try SpamClassifier(model: smallModel(ensemble: 2))
    let texts = ["WIN cash now 09061701461", "hello", "", "cash cash cash win win £100"]
    let batch = classifier.spamProbabilities(of: texts)
    for (text, p) in zip(texts, batch) {
        let single = classifier.spamProbability(of: text)
        #expect(single > 0 && single < 1)
        #expect(abs(single - p) < 1e-5)
    }
}

@Test func identifierIsTheChecksumInHex() {
    let bytes = ModelFile.bytes(of: smallModel())
    let id = ModelFile.identifier(of: bytes)
    #expect(id.count == 8)
    #expect(id == ModelFile.identifier(of: bytes))
}

/// The disguise flag (bit 5) and the lure-domain flag (bit 6) round-trip; a flag bit this reader
/// does not know, or bit 5 without the prefix rule it builds on, is refused instead of scoring
/// the file another way.
@Test func disguiseFlagRoundTripsAndUnknownFlagsAreRefused() throws {
    var model = smallModel()
    model.prefixFallback = true
    model.seesThroughDisguises = true
    #expect(try ModelFile.model(from: ModelFile.bytes(of: model)).seesThroughDisguises)
    #expect(try !ModelFile.model(from: ModelFile.bytes(of: smallModel())).seesThroughDisguises)
    var lure = smallModel()
    lure.tokenizerOptions.lureDomains = true
    #expect(try ModelFile.model(from: ModelFile.bytes(of: lure)).tokenizerOptions.lureDomains)
    #expect(try !ModelFile.model(from: ModelFile.bytes(of: smallModel())).tokenizerOptions.lureDomains)
    var bytes = ModelFile.bytes(of: model)
    bytes.removeLast(8)
    // flags at byte 16.
    for flags: UInt32 in [128, 1 << 31, 32] {
        var other = bytes
        withUnsafeBytes(of: flags.littleEndian) { other.replaceSubrange(16..<20, with: $0) }
        other += withUnsafeBytes(of: Checksum64.checksum(other).littleEndian, Array.init)
        #expect(throws: ModelFileError.self) { try ModelFile.model(from: other) }
    }
}

/// A model that sees through disguises scores `fr33 c4sh` as `free cash` would be scored by a
/// vocabulary that knows both; one without the flag reads them as unknown words.
@Test func aModelSeeingThroughDisguisesScoresTheDisguisedWord() throws {
    var model = smallModel()
    model.prefixFallback = true
    let plain = try SpamClassifier(model: model)
    model.seesThroughDisguises = true
    let seeing = try SpamClassifier(model: model)
    #expect(seeing.ids(of: "w1n c4sh h3llo") == seeing.ids(of: "win cash hello"))
    #expect(
        plain.ids(of: "w1n c4sh h3llo") == [Vocabulary.unknownID, Vocabulary.unknownID, Vocabulary.unknownID])
    #expect(seeing.ids(of: "W I N") == plain.ids(of: "win"))
}
