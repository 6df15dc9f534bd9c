public import SpamModel

/// One labelled text for training or validation, with its weight in the loss (1 for the base
/// corpus, more for the user's own feedback): the trainer's own example type.
public typealias LabeledText = TrainingExample

/// What the retrain flow needs from a model family: train a candidate into model-file bytes,
/// and tell spam from ham with a model file. The flow does not care what the model is; the
/// executable plugs in the SpamModel classifier, tests plug in something tiny.
public protocol RetrainTrainer {
    /// Trains a model on `examples` (shuffled with `seed`); `start` is the active model's file
    /// when fine-tuning is wanted, else nil. Returns the new model file's bytes.
    func train(_ examples: [LabeledText], start: [UInt8]?, seed: UInt64) throws -> [UInt8]

    /// The spam decision (at the model's own threshold) for each text.
    func predict(modelFile: [UInt8], texts: [String]) throws -> [Bool]

    /// The same, told which texts are mails' (a model trained on mail reads them after its mark).
    func predict(modelFile: [UInt8], texts: [String], asMail: [Bool]) throws -> [Bool]
}

extension RetrainTrainer {
    /// A model family that reads mail and SMS alike.
    public func predict(modelFile: [UInt8], texts: [String], asMail: [Bool]) throws -> [Bool] {
        try predict(modelFile: modelFile, texts: texts)
    }
}
