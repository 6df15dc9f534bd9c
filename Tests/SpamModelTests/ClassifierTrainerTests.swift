import SpamModel
import Testing

/// A synthetic corpus: spam mentions prizes and numbers, ham is chat. Written for these tests.
func syntheticCorpus(count: Int) -> [TrainingExample] {
    let spamWords = [
        "win", "prize", "claim", "cash", "free", "urgent", "call 09061701461", "txt 86688", "£500",
    ]
    let hamWords = ["see", "you", "later", "dinner", "tonight", "love", "home", "meeting", "ok", "thanks"]
    var examples: [TrainingExample] = []
    var state: UInt64 = 12345
    func next(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(n))
    }
    for i in 0..<count {
        let isSpam = i % 4 == 0
        let words = isSpam ? spamWords : hamWords
        let length = 3 + next(6)
        let text = (0..<length).map { _ in words[next(words.count)] }.joined(separator: " ")
        examples.append(TrainingExample(text: text, isSpam: isSpam))
    }
    return examples
}

private func tinyOptions() -> TrainingOptions {
    var options = TrainingOptions()
    options.embeddingDim = 8
    options.hiddenSize = 8
    options.maxLength = 12
    options.maxEpochs = 8
    options.batchSize = 8
    options.learningRate = 0.01
    options.validationFraction = 0.25
    options.folds = 0
    options.thresholdFolds = 0
    options.minCount = 1
    return options
}

@Test func trainingSeparatesASyntheticCorpus() throws {
    let (model, report) = try ClassifierTrainer.train(
        examples: syntheticCorpus(count: 160), options: tinyOptions())
    #expect(report.validation.auc > 0.95)
    let classifier = try SpamClassifier(model: model)
    #expect(
        classifier.spamProbability(of: "claim your free prize call 09061701461")
            > classifier.spamProbability(of: "see you at dinner tonight love"))
}

@Test func sameSeedGivesIdenticalModelBytes() throws {
    var options = tinyOptions()
    options.maxEpochs = 2
    let corpus = syntheticCorpus(count: 80)
    let a = try ClassifierTrainer.train(examples: corpus, options: options).model
    let b = try ClassifierTrainer.train(examples: corpus, options: options).model
    #expect(ModelFile.bytes(of: a) == ModelFile.bytes(of: b))
    options.seed = 2
    let c = try ClassifierTrainer.train(examples: corpus, options: options).model
    #expect(ModelFile.bytes(of: a) != ModelFile.bytes(of: c))
}

@Test func tooFewExamplesIsAClearError() {
    #expect(throws: TrainingError.self) {
        try ClassifierTrainer.train(
            examples: [TrainingExample(text: "a", isSpam: true)], options: tinyOptions())
    }
}

@Test func kFoldTrainingAveragesOneNetworkPerFoldAndScoresEveryExample() throws {
    var options = tinyOptions()
    options.folds = 3
    options.maxEpochs = 3
    options.finalFit = false
    let corpus = syntheticCorpus(count: 90)
    let (model, report) = try ClassifierTrainer.train(examples: corpus, options: options)
    #expect(model.networks.count == 3)
    // Out-of-fold: every example was held out once.
    #expect(report.heldOutScores.count == corpus.count)
    #expect(report.heldOutLabels.count { $0 } == corpus.count { $0.isSpam })
}

@Test func finalFitShipsOneNetworkTrainedOnEverything() throws {
    var options = tinyOptions()
    options.folds = 3
    options.maxEpochs = 4
    options.finalFit = true
    let corpus = syntheticCorpus(count: 90)
    let (model, report) = try ClassifierTrainer.train(examples: corpus, options: options)
    #expect(model.networks.count == 1)
    #expect(report.trainingCount == corpus.count)
    #expect(report.heldOutScores.count == corpus.count)
    let classifier = try SpamClassifier(model: model)
    #expect(
        classifier.spamProbability(of: "claim your free prize call 09061701461")
            > classifier.spamProbability(of: "see you at dinner tonight love"))
}

@Test func nestedThresholdScoresEveryExampleWithAnEnsembleAndShipsTheSameNetworks() throws {
    var options = tinyOptions()
    options.folds = 3
    options.maxEpochs = 3
    let corpus = syntheticCorpus(count: 90)
    let plain = try ClassifierTrainer.train(examples: corpus, options: options).model
    options.thresholdFolds = 3
    let (model, report) = try ClassifierTrainer.train(examples: corpus, options: options)
    // Nesting only moves the threshold: the shipped fold networks are the ones trained without it.
    #expect(model.networks == plain.networks)
    #expect(report.heldOutScores.count == corpus.count)
    #expect(report.heldOutLabels.count { $0 } == corpus.count { $0.isSpam })
    #expect(report.epochs.contains { $0.round == 3 } && report.epochs.contains { $0.round == 0 })
    #expect(
        model.threshold
            == EvaluationMetrics.chooseThreshold(
                scores: report.heldOutScores, labels: report.heldOutLabels,
                maxFalsePositiveRate: options.maxFalsePositiveRate))
    #expect(model.metadata["threshold_rule"]?.hasPrefix("nested 3-part") == true)
    let again = try ClassifierTrainer.train(examples: corpus, options: options).model
    #expect(ModelFile.bytes(of: again) == ModelFile.bytes(of: model))
}

@Test func oneThresholdFoldIsAClearError() {
    var options = tinyOptions()
    options.folds = 3
    options.thresholdFolds = 1
    #expect(throws: TrainingError.self) {
        try ClassifierTrainer.train(examples: syntheticCorpus(count: 40), options: options)
    }
}
