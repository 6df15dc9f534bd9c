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
        let parts = stratifiedFolds(
            examples.filter { !$0.trainsMailReadingOnly }, count: options.thresholdFolds,
            generator: &generator)
        // Mails that train the mail reading only are dealt apart, so the other messages' parts
        // (and every SMS score) are what they would be without them.
        var mailGenerator = SeededGenerator(seed: options.seed ^ 0x4D41_494C_5245_4144)
        let mailOnlyParts = stratifiedFolds(
            examples.filter(\.trainsMailReadingOnly), count: options.thresholdFolds, generator: &mailGenerator
        )
        let readsMailApart = MailReading.applies(to: examples, options: options)
        var scores: [Double] = []
        var labels: [Bool] = []
        var texts: [String] = []
        var epochs: [EpochReport] = []
        var mailHeldOut = MailReading.HeldOut()
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
            if readsMailApart {
                // A mail the reading reads is scored by it later (`MailReading.train`), from its
                // networks' score alone, kept here; a short mail is read as an SMS is.
                let sms = part.filter { !$0.isMail || !MailReading.reads($0.text) }
                scores += classifier.spamProbabilities(of: sms.map(\.text), asMail: sms.map(\.isMail))
                labels += sms.map(\.isSpam)
                texts += sms.map(\.text)
                let mails = (part + mailOnlyParts[round]).filter { $0.isMail && MailReading.reads($0.text) }
                var networksAlone = model
                networksAlone.ngram = nil
                let networkScores: [Double]
                do {
                    networkScores = try SpamClassifier(model: networksAlone).spamProbabilities(
                        of: mails.map(\.text), asMail: mails.map { _ in true })
                } catch {
                    throw .invalidOption("nested model: \(error)")
                }
                mailHeldOut.add(mails, networkScores: networkScores, part: round, ngram: model.ngram)
            } else {
                scores += classifier.spamProbabilities(of: part.map(\.text), asMail: part.map(\.isMail))
                labels += part.map(\.isSpam)
                texts += part.map(\.text)
            }
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
        report.heldOutIsMailReading = texts.map { _ in false }
        if readsMailApart {
            // Mail is read apart: its cut is chosen on its own held-out scores and placed at the
            // threshold, and its held-out scores join the others' (the threshold was chosen
            // without them).
            let mail = MailReading.train(heldOut: mailHeldOut, options: options, threshold: threshold)
            model.mailNgram = mail.model
            scores += mail.heldOutScores
            labels += mailHeldOut.examples.map(\.isSpam)
            texts += mailHeldOut.examples.map(\.text)
            report.heldOutIsMailReading += mailHeldOut.examples.map { _ in true }
            model.metadata["mail_reading"] = mail.description
        }
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
