import SpamIO
public import SpamModel
import SpamText

/// The retrain flow's trainer for the real classifier: SpamModel's `ClassifierTrainer` (with its
/// own held-out split for early stopping and the threshold; the gate's validation set is never
/// shown to it), and `SpamClassifier` for the decisions (spam when the score is at least the
/// model's threshold).
///
/// Always trains from scratch: SpamModel's trainer builds the vocabulary from the data, so a new
/// campaign's words get their own ids; fine-tuning would keep the active model's vocabulary and
/// see the campaign as unknown words.
public struct ClassifierRetrainTrainer: RetrainTrainer {
    public var options: TrainingOptions
    /// One line per epoch, for the command's output.
    public var progress: (String) -> Void
    /// Which held-out texts the threshold is chosen on, and the cap of each group (nil: all of
    /// them, at `options.maxFalsePositiveRate`). With several base corpora, those named by
    /// `--threshold-corpus` and the feedback, as `train` does.
    public var thresholdGroups: ThresholdGroups?

    public init(options: TrainingOptions, progress: @escaping (String) -> Void = { _ in }) {
        self.options = options
        self.progress = progress
    }

    public func train(_ examples: [LabeledText], start: [UInt8]?, seed: UInt64) throws -> [UInt8] {
        var runOptions = options
        runOptions.seed = seed
        let training = examples
        let say = progress
        var (model, report) = try ClassifierTrainer.train(
            examples: training, options: runOptions, clock: ProcessInfoLite.monotonicSeconds
        ) { epoch in
            say(
                "  epoch \(epoch.epoch): loss \(fixed(epoch.trainingLoss)), validation loss \(fixed(epoch.validationLoss)), AUC \(fixed(epoch.validationAUC)) (\(fixed(epoch.seconds, decimals: 1)) s)"
            )
        }
        if let thresholdGroups {
            ClassifierTrainer.rechooseThreshold(&model, &report, on: thresholdGroups)
        }
        return ModelFile.bytes(of: model)
    }

    public func predict(modelFile: [UInt8], texts: [String]) throws -> [Bool] {
        try predict(modelFile: modelFile, texts: texts, asMail: texts.map { _ in false })
    }

    public func predict(modelFile: [UInt8], texts: [String], asMail: [Bool]) throws -> [Bool] {
        let classifier = try SpamClassifier(fileBytes: modelFile)
        return classifier.spamProbabilities(of: texts, asMail: asMail).map { $0 >= classifier.threshold }
    }
}
