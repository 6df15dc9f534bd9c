public import SpamNN
public import SpamText

/// A loaded model ready to score messages: tokenizer, vocabulary and network(s).
/// Not thread-safe (it reuses one ICU iterator and the networks' scratch); one per thread.
public final class SpamClassifier {
    public let model: ClassifierModel
    /// The decision threshold chosen on validation when the model was trained.
    public var threshold: Double { model.threshold }
    /// A short identifier of the model file (its checksum).
    public let modelID: String
    private let tokenizer: Tokenizer
    private let networks: [LSTMClassifierNetwork]

    public init(model: ClassifierModel, modelID: String = "memory") throws(ModelFileError) {
        self.model = model
        self.modelID = modelID
        do {
            tokenizer = try Tokenizer(options: model.tokenizerOptions)
        } catch {
            throw .malformed(error.description)
        }
        var networks: [LSTMClassifierNetwork] = []
        for parameters in model.networks {
            guard let network = try? LSTMClassifierNetwork(shape: model.shape, parameters: parameters) else {
                throw .malformed("weights do not fit the network shape")
            }
            networks.append(network)
        }
        self.networks = networks
    }

    /// Loads a model from the bytes of a model file.
    public convenience init(fileBytes: [UInt8]) throws(ModelFileError) {
        try self.init(model: try ModelFile.model(from: fileBytes), modelID: ModelFile.identifier(of: fileBytes))
    }

    /// The token ids a message is scored on: tokenized, encoded, cut to `maxLength`.
    public func ids(of text: String) -> [Int32] {
        Self.ids(
            tokens: tokenizer.tokens(text), vocabulary: model.vocabulary, maxLength: model.maxLength,
            prefixFallback: model.prefixFallback)
    }

    static func ids(tokens: [String], vocabulary: Vocabulary, maxLength: Int, prefixFallback: Bool) -> [Int32] {
        let kept = tokens.prefix(maxLength)
        var ids: [Int32] = []
        ids.reserveCapacity(kept.count)
        for token in kept {
            ids.append(prefixFallback ? vocabulary.idFallingBackToPrefix(of: token) : vocabulary.id(of: token))
        }
        return ids
    }

    /// The spam probability of one message (the mean over the ensemble's networks).
    public func spamProbability(of text: String) -> Double {
        spamProbability(ids: ids(of: text))
    }

    public func spamProbability(ids: [Int32]) -> Double {
        var sum = 0.0
        for network in networks { sum += Double(network.probability(ids: ids)) }
        return sum / Double(networks.count)
    }

    /// Spam probabilities of many messages, batched for speed; same values as one at a time.
    public func spamProbabilities(of texts: [String], threads: Int = 1) -> [Double] {
        spamProbabilities(ids: texts.map(ids(of:)), threads: threads)
    }

    public func spamProbabilities(ids: [[Int32]], threads: Int = 1) -> [Double] {
        var sums = [Double](repeating: 0, count: ids.count)
        for network in networks {
            for (i, p) in network.probabilities(batch: ids, threads: threads).enumerated() { sums[i] += Double(p) }
        }
        return sums.map { $0 / Double(networks.count) }
    }
}
