import SpamNN

/// The decision threshold of a k-fold ensemble, chosen on scores of the same kind of model.
///
/// Out-of-fold scores come from single fold networks, which are less sure than the average of k of
/// them that ships: spam the ensemble scores 0.9 often scores 0.6 from one network. A threshold
/// chosen on them sits too high for the ensemble (on UCI it cost about 2 points of spam recall).
/// Nested cross-validation scores every example with a full k-fold ensemble that never saw it:
/// the examples are dealt into `thresholdFolds` stratified parts, and for each part an ensemble
/// is trained, with the same recipe, on the other parts. The threshold is chosen on those scores;
/// the shipped ensemble is then trained on every example, exactly as without nesting.
extension ClassifierTrainer {
    static func trainWithNestedThreshold(
        examples: [TrainingExample], options: TrainingOptions, clock: () -> Double,
        progress: (EpochReport) -> Void
    ) throws(TrainingError) -> (model: ClassifierModel, report: TrainingReport) {
        var inner = options
        inner.thresholdFolds = 0
        inner.choosesThreshold = false
        // Its own stream, so the shipped ensemble's folds and seeds do not depend on nesting.
        var generator = SeededGenerator(seed: options.seed ^ 0x4E45_5354_4544_5448)
        let parts = stratifiedFolds(examples, count: options.thresholdFolds, generator: &generator)
        var scores: [Double] = []
        var labels: [Bool] = []
        var texts: [String] = []
        var epochs: [EpochReport] = []
        for (round, part) in parts.enumerated() {
            var roundOptions = inner
            roundOptions.seed = options.seed &+ UInt64(round + 1) &* 0xD1B5_4A32_D192_ED03
            let rest = parts.indices.filter { $0 != round }.flatMap { parts[$0] }
            let (model, report) = try train(examples: rest, options: roundOptions, clock: clock) { epoch in
                var epoch = epoch
                epoch.round = round + 1
                progress(epoch)
            }
            let classifier: SpamClassifier
            do {
                classifier = try SpamClassifier(model: model)
            } catch {
                throw .invalidOption("nested model: \(error)")
            }
            scores += classifier.spamProbabilities(of: part.map(\.text), asMail: part.map(\.isMail))
            labels += part.map(\.isSpam)
            texts += part.map(\.text)
            epochs += report.epochs.map {
                var e = $0
                e.round = round + 1
                return e
            }
        }

        var (model, report) = try train(examples: examples, options: inner, clock: clock, progress: progress)
        let threshold = EvaluationMetrics.chooseThreshold(
            scores: scores, labels: labels, maxFalsePositiveRate: options.maxFalsePositiveRate)
        model.threshold = threshold
        report.epochs = epochs + report.epochs
        report.heldOutScores = scores
        report.heldOutLabels = labels
        report.heldOutTexts = texts
        report.validationCount = scores.count
        report.validation = EvaluationMetrics(scores: scores, labels: labels, threshold: threshold)
        model.metadata["hyperparameters"] = describe(options)
        model.metadata["validation"] = describe(report.validation)
        model.metadata["threshold_rule"] =
            "nested \(options.thresholdFolds)-part cross-validation of the \(options.folds)-fold ensemble"
        return (model, report)
    }
}
