public import SpamMail
public import SpamModel
import SpamStore

/// The classifier, loaded on first use: nothing expensive happens before the message is read,
/// and a missing or corrupt model surfaces as a scoring error, which the filter engine turns
/// into "pass the message through unchanged".
public final class LazyModel {
    /// The model named by `--model`, `$SMSFILTER_MODEL` or config `model` (nil: the store's
    /// active model, else the bundled one; see `ModelResolution`).
    public let explicitPath: String?
    private var classifier: SpamClassifier?

    /// The feedback store whose active model is used (nil: `$SMSFILTER_DB` or default).
    public let storePath: String?

    /// Read the whole file into memory instead of mapping it (bulk runs: see `MappedFile`).
    public let inMemory: Bool

    public init(path: String?, storePath: String? = nil, inMemory: Bool = false) {
        explicitPath = path
        self.storePath = storePath
        self.inMemory = inMemory
    }

    private init(copyOf model: LazyModel, classifier: SpamClassifier) {
        explicitPath = model.explicitPath
        storePath = model.storePath
        inMemory = model.inMemory
        self.classifier = classifier
    }

    /// The same model for a second thread (`SpamClassifier.scoringCopy`): it scores exactly as
    /// this one does, with scratch of its own. Loads this one first.
    public func secondThreadCopy() throws -> LazyModel {
        LazyModel(copyOf: self, classifier: try load().scoringCopy())
    }

    /// A model that could not be found or opened.
    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// The model file to load, or an error saying how to name one.
    public func resolvedPath() throws -> String {
        try ModelResolution.path(configured: explicitPath, storePath: storePath)
    }

    public func load() throws -> SpamClassifier {
        if let classifier { return classifier }
        let path = try resolvedPath()
        // SpamClassifier.load's errors already read "cannot load model PATH: reason".
        if inMemory {
            let loaded = try SpamClassifier.load(path: path, inMemory: true)
            classifier = loaded
            return loaded
        }
        // One delivery: a model file version verified by an earlier delivery is not read whole
        // again (most of what loading it cost); see VerifiedModelRecord.
        let record = VerifiedModelRecord.forDelivery(storePath: StoreLocation.resolve(explicit: storePath))
        let (loaded, newlyVerified) = try SpamClassifier.load(
            path: path, verified: record.read(modelPath: path))
        if let newlyVerified { try? record.write(newlyVerified, modelPath: path) }
        classifier = loaded
        return loaded
    }

    /// Scores of many messages at once (batched, on two threads when the batch is large);
    /// the same values as `score` one at a time.
    public func scores(_ texts: [String]) throws -> [ModelScore] {
        let model = try load()
        let threshold = Double(model.threshold)
        return try model.spamProbabilities(of: texts, threads: texts.count >= 64 ? 2 : 1).map {
            ModelScore(probability: try Self.checked($0), modelID: model.modelID, threshold: threshold)
        }
    }

    /// The scorer handed to `FilterEngine` for a text message (an SMS).
    public func score(_ text: String) throws -> ModelScore {
        try score(text, furtherIn: .text, asMail: false)
    }

    /// The scorer for a mail's text: windows further in count only from a higher score
    /// (`SpamClassifier.FurtherIn.mail`).
    public func scoreMail(_ text: String) throws -> ModelScore {
        try score(text, furtherIn: .mail, asMail: true)
    }

    private func score(_ text: String, furtherIn: SpamClassifier.FurtherIn, asMail: Bool) throws -> ModelScore
    {
        let model = try load()
        return ModelScore(
            probability: try Self.checked(
                model.spamProbability(of: text, furtherIn: furtherIn, asMail: asMail)),
            modelID: model.modelID, threshold: Double(model.threshold))
    }

    /// A score that is a probability, else an error: every path refuses NaN rather than print
    /// it as `unsure 0.0000` (a model file overwritten while mapped gave exactly that).
    public static func checked(_ probability: Double) throws -> Double {
        guard probability.isFinite, (0...1).contains(probability) else {
            throw LoadError(
                description:
                    "the model returned an invalid score (\(probability)); was its file changed while in use?"
            )
        }
        return probability
    }
}
