/// One labelled text for training or validation, with its weight in the loss.
public struct LabeledText: Sendable, Equatable {
    public var text: String
    public var isSpam: Bool
    /// Loss weight: 1 for the base corpus, more for the user's own feedback.
    public var weight: Float

    public init(text: String, isSpam: Bool, weight: Float = 1) {
        self.text = text
        self.isSpam = isSpam
        self.weight = weight
    }
}

/// What the retrain flow needs from a model family: train a candidate into model-file bytes,
/// and tell spam from ham with a model file. The flow does not care what the model is; the
/// executable plugs in the SpamModel classifier, tests plug in something tiny.
public protocol RetrainTrainer {
    /// Trains a model on `examples` (shuffled with `seed`); `start` is the active model's file
    /// when fine-tuning is wanted, else nil. Returns the new model file's bytes.
    func train(_ examples: [LabeledText], start: [UInt8]?, seed: UInt64) throws -> [UInt8]

    /// The spam decision (at the model's own threshold) for each text.
    func predict(modelFile: [UInt8], texts: [String]) throws -> [Bool]
}
