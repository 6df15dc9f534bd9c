import SpamMail
import SpamModel
import SpamNN
import SpamText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Everything the benchmarks work on, built once before the first benchmark runs.
/// Shapes are the reference architecture's: E 32, H 64, T 32, batch 32.
final class Fixtures {
    static let embeddingDim = 32
    static let hiddenSize = 64
    static let maxLength = 32
    static let batchSize = 32

    /// 1,000 synthetic messages (see `SyntheticCorpus`).
    let texts: [String]
    let labels: [Float]
    let tokenizer: Tokenizer
    /// Tokens of each message, cut to `maxLength`.
    let tokens: [[String]]
    /// The first 1,000 tokens of the corpus, in order: the vocabulary-lookup workload.
    let lookupTokens: [String]
    let vocabulary: Vocabulary
    /// Token ids of each message.
    let ids: [[Int32]]
    let shape: ClassifierShape
    let network: LSTMClassifierNetwork
    /// A complete model file (float16 weights) with this vocabulary and an untrained network.
    let modelBytes: [UInt8]
    /// A ~4 KB and a ~1 MB MIME mail (see `SyntheticMail`).
    let smallMail: [UInt8]
    let largeMail: [UInt8]
    /// Messages of the shared corpus when it is present (`$SMSFILTER_SHARED` or `../../shared`).
    let sharedTexts: [String]?

    init() {
        let messages = SyntheticCorpus.messages(count: 1_000)
        texts = messages.map(\.text)
        labels = messages.map { $0.isSpam ? 1 : 0 }
        let tokenizer: Tokenizer
        do {
            tokenizer = try Tokenizer()
        } catch {
            fatalError("benchmarks need ICU: \(error)")
        }
        self.tokenizer = tokenizer
        tokens = texts.map { Array(tokenizer.tokens($0).prefix(Self.maxLength)) }
        var counts = TokenCounts()
        for message in tokens { counts.add(message) }
        vocabulary = Vocabulary(counts: counts)
        lookupTokens = Array(tokens.joined().prefix(1_000))
        ids = tokens.map { [vocabulary] in vocabulary.encode($0) }
        shape = ClassifierShape(
            vocabularySize: vocabulary.count, embeddingDim: Self.embeddingDim, hiddenSize: Self.hiddenSize)
        network = LSTMClassifierNetwork(shape: shape, seed: 1)
        let model = ClassifierModel(
            tokenizerOptions: TokenizerOptions(), vocabulary: vocabulary, shape: shape,
            maxLength: Self.maxLength, networks: [network.parameters], threshold: 0.5,
            metadata: ModelMetadata([("created", "benchmark fixture")]))
        modelBytes = ModelFile.bytes(of: model, encoding: .float16)
        smallMail = SyntheticMail.small(texts: texts)
        largeMail = SyntheticMail.large(texts: texts)
        // The benchmark names promise these sizes.
        precondition((3_500...5_000).contains(smallMail.count), "small mail is \(smallMail.count) bytes")
        precondition(
            (1_000_000...1_100_000).contains(largeMail.count), "large mail is \(largeMail.count) bytes")
        for mail in [smallMail, largeMail] {
            let text = MessageText.extract(from: mail)
            precondition(
                text.utf8.count > 1_000 && text.hasPrefix("Your weekly update"),
                "mail text not found: \(text.prefix(80))")
        }
        sharedTexts = Self.sharedCorpus()
    }

    /// The texts of `shared/corpus/train.tsv`, or nil when it is not there.
    private static func sharedCorpus() -> [String]? {
        let root = getenv("SMSFILTER_SHARED").map { String(cString: $0) }
        let candidates = root.map { [$0] } ?? ["../../shared", "../shared"]
        for directory in candidates {
            if let bytes = readFile(directory + "/corpus/train.tsv"),
                let messages = try? LabeledCorpus.parse(bytes)
            {
                return messages.map(\.text)
            }
        }
        return nil
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return ferror(file) == 0 ? bytes : nil
    }
}

/// Built on first use (Swift's global initialization is once and thread-safe); the benchmarks run
/// one at a time, which is why sharing these non-Sendable objects is safe.
nonisolated(unsafe) let fixtures = Fixtures()
