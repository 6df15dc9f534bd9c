import SpamModel
import SpamNN
import SpamText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Small valid model files (V=12, E=4, H=3, one or two networks, both weight encodings): the seeds
/// the fuzzer mutates. Written by `FUZZ_MODEL_SEEDS=dir FuzzModel` (scripts/fuzz.sh does it).
enum ModelSeeds {
    static func files() -> [(name: String, bytes: [UInt8])] {
        let words = ["free", "prize", "call", "now", "win", "lunch", "see", "you", "<num>", "!"]
        let vocabulary = Vocabulary(tokens: words)
        let shape = ClassifierShape(vocabularySize: vocabulary.count, embeddingDim: 4, hiddenSize: 3)
        let networks = [1, 2].map { LSTMClassifierNetwork(shape: shape, seed: UInt64($0)).parameters }
        func model(_ count: Int, _ options: TokenizerOptions, fallback: Bool, disguises: Bool = false)
            -> ClassifierModel
        {
            ClassifierModel(
                tokenizerOptions: options, vocabulary: vocabulary, shape: shape, maxLength: 8,
                networks: Array(networks.prefix(count)), threshold: 0.5,
                metadata: ModelMetadata([("trained", "fuzz seed"), ("corpus", "none")]),
                prefixFallback: fallback, seesThroughDisguises: disguises)
        }
        return [
            (
                "one-f16.smsmodel",
                ModelFile.bytes(of: model(1, TokenizerOptions(maxTokens: 16), fallback: false))
            ),
            (
                "two-f32.smsmodel",
                ModelFile.bytes(
                    of: model(
                        2, TokenizerOptions(maxTokens: 32, keepRawShapes: true, markShouting: true),
                        fallback: true),
                    encoding: .float32)
            ),
            (
                "disguises-f16.smsmodel",
                ModelFile.bytes(
                    of: model(
                        2, TokenizerOptions(maxTokens: 64, markShouting: true, urlTraits: true),
                        fallback: true,
                        disguises: true))
            ),
        ]
    }
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzModelInitialize(
    _ argc: UnsafeMutablePointer<Int32>?,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> Int32 {
    guard let dir = getenv("FUZZ_MODEL_SEEDS").map({ String(cString: $0) }) else { return 0 }
    for file in ModelSeeds.files() {
        guard let handle = fopen(dir + "/" + file.name, "wb") else {
            fail("cannot write \(dir)/\(file.name)")
        }
        _ = file.bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        fclose(handle)
        // Every seed must load, or the fuzzer would only explore error paths.
        guard (try? SpamClassifier(fileBytes: file.bytes)) != nil else {
            fail("seed \(file.name) does not load")
        }
    }
    exit(0)
}
