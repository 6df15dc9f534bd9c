import SpamModel
import SpamRetrain
import SpamStore
import SpamTestSupport
import Testing

/// Feedback working with the real LSTM classifier (tiny, few epochs, so it runs in a debug
/// build): a synthetic campaign the first model misses is learned from six marked examples and
/// caught after retrain, while the validation ham stays ham.
@Test func lstmLearnsACampaignFromFeedback() throws {
    let scratch = TemporaryDirectory("lstm")
    defer { scratch.remove() }
    let store = try FeedbackStore(path: scratch.file("db.sqlite"))
    let corpus = SyntheticMessages.corpus(hams: 90, spams: 40)
    var options = TrainingOptions()
    options.embeddingDim = 8
    options.hiddenSize = 8
    options.maxLength = 12
    options.maxEpochs = 12
    options.patience = 12
    options.batchSize = 16
    options.learningRate = 1e-2
    options.validationFraction = 0.15
    // Pinned, so trainer default changes do not move this test: one network, every word counts.
    options.folds = 0
    options.ensembleSize = 1
    options.minCount = 1
    options.wordDropout = 0.1
    options.maxFalsePositiveRate = 0.005
    options.finalFit = false
    options.thresholdFolds = 0
    let trainer = ClassifierRetrainTrainer(options: options)
    var settings = RetrainFlow.Settings(modelsDirectory: scratch.file("models"))
    settings.force = true
    let flow = RetrainFlow(settings: settings)

    guard
        case .activated(let first, _) = try flow.run(
            store: store, corpus: corpus, trainer: trainer, now: 1000)
    else {
        Issue.record("the first model should be activated")
        return
    }
    let unseen = (100..<130).map(SyntheticMessages.campaign)
    let before = try trainer.predict(modelFile: try readBytes(first.path), texts: unseen)
    #expect(
        before.filter { $0 }.count <= 6,
        "the base model should miss most of the campaign (caught \(before.filter { $0 }.count))")

    for i in 0..<6 {
        try store.learn(
            FeedbackItem(text: SyntheticMessages.campaign(i), label: .spam, source: "test"), at: 2000)
    }
    let outcome = try flow.run(store: store, corpus: corpus, trainer: trainer, now: 3000)
    guard case .activated(let second, _) = outcome else {
        Issue.record("the retrained model should pass the gate: \(outcome)")
        return
    }
    let model = try readBytes(second.path)
    let after = try trainer.predict(modelFile: model, texts: unseen)
    #expect(
        after.filter { $0 }.count >= 24,
        "the campaign should be caught after retrain (caught \(after.filter { $0 }.count))")
    let validationHam = RetrainDataset(corpus: corpus, feedback: try store.allFeedback()).validation.filter {
        !$0.isSpam
    }
    #expect(try trainer.predict(modelFile: model, texts: validationHam.map(\.text)).allSatisfy { !$0 })
    #expect(second.metrics?.hamFalsePositiveRate == 0)
}

/// The classifier's trainer hands the mail flag to the model: a mail example makes a model that
/// marks mail, and its predictions read mails after the mark.
@Test func theClassifierTrainerTrainsMailAsMail() throws {
    var options = TrainingOptions()
    options.embeddingDim = 4
    options.hiddenSize = 4
    options.maxEpochs = 2
    options.folds = 0
    options.thresholdFolds = 0
    options.minCount = 1
    let examples = (0..<40).map { i in
        LabeledText(text: i % 2 == 0 ? "win cash now" : "see you soon", isSpam: i % 2 == 0, isMail: i % 4 < 2)
    }
    let trainer = ClassifierRetrainTrainer(options: options)
    let bytes = try trainer.train(examples, start: nil, seed: 1)
    let classifier = try SpamClassifier(fileBytes: bytes)
    #expect(classifier.marksMail)
    #expect(
        classifier.spamProbability(of: "win cash now", asMail: true)
            != classifier.spamProbability(of: "win cash now"))
    let texts = ["win cash now", "see you soon", "win cash now"]
    let mails = [true, false, false]
    #expect(
        try trainer.predict(modelFile: bytes, texts: texts, asMail: mails)
            == classifier.spamProbabilities(of: texts, asMail: mails).map { $0 >= classifier.threshold })
    let textOnly = examples.map { LabeledText(text: $0.text, isSpam: $0.isSpam) }
    let plain = try ClassifierRetrainTrainer(options: options).train(textOnly, start: nil, seed: 1)
    #expect(try !SpamClassifier(fileBytes: plain).marksMail)
}
