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

/// A classifier trained on `syntheticCorpus(count: 160)` with `tinyOptions()`, reading windows
/// of `maxLength` tokens (and at most `maxTokens` tokens of a message).
func tinyClassifier(maxLength: Int, maxTokens: Int = TrainingOptions().tokenizer.maxTokens) throws
    -> SpamClassifier
{
    var options = tinyOptions()
    options.maxLength = maxLength
    options.tokenizer.maxTokens = maxTokens
    let (model, _) = try ClassifierTrainer.train(examples: syntheticCorpus(count: 160), options: options)
    return try SpamClassifier(model: model)
}

func tinyOptions() -> TrainingOptions {
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
    // The networks alone: these tests check how they read (NgramModelTests mixes one in).
    options.ngramWeight = 0
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

/// `--ensemble` with k-fold training repeats the folds (it used to be ignored there): the
/// model holds folds × ensemble networks, the first repeat is the single ensemble's, and each
/// held-out score is the mean of its repeats' scores.
@Test func anEnsembleRepeatsTheFoldsWithTheNextSeeds() throws {
    var options = tinyOptions()
    options.folds = 3
    options.maxEpochs = 3
    options.finalFit = false
    options.ngramWeight = 0
    let corpus = syntheticCorpus(count: 90)
    let single = try ClassifierTrainer.train(examples: corpus, options: options)
    options.ensembleSize = 2
    let (model, report) = try ClassifierTrainer.train(examples: corpus, options: options)
    #expect(model.networks.count == 6)
    #expect(Array(model.networks.prefix(3)) == single.model.networks)
    #expect(model.networks[3] != single.model.networks[0])
    #expect(report.heldOutScores.count == corpus.count)
    // Each held-out score is a mean of two networks' scores, so it differs from the single run's.
    #expect(report.heldOutScores != single.report.heldOutScores)
    #expect(report.heldOutScores.allSatisfy { (0...1).contains($0) })
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

/// A message up to `maxLength` tokens is one window, itself; a longer one is read through its
/// openings (first 16, 32, 48 and `maxLength` tokens).
@Test func aLongMessageIsReadThroughItsOpenings() {
    let short: [Int32] = Array(1...64)
    #expect(SpamClassifier.windows(of: short, maxLength: 64).map(Array.init) == [short])
    let long: [Int32] = Array(1...200)
    #expect(
        SpamClassifier.windows(of: long, maxLength: 64).map(Array.init)
            == [Array(1...16), Array(1...32), Array(1...48), Array(1...64)])
    // A window length that is not a multiple of the stride still ends with the whole first window.
    #expect(SpamClassifier.windows(of: long, maxLength: 40).map(\.count) == [16, 32, 40])
}

/// Windows further in: `maxLength` tokens each, ending every 32 tokens after the first window
/// and at the last token; none for a message of one window.
@Test func windowsFurtherInEndEveryThirtyTwoTokensAndAtTheLast() {
    #expect(SpamClassifier.innerWindows(of: Array(1...64), maxLength: 64).isEmpty)
    #expect(SpamClassifier.innerWindows(of: Array(1...65), maxLength: 64).map(Array.init) == [Array(2...65)])
    let long: [Int32] = Array(1...200)
    let windows = SpamClassifier.innerWindows(of: long, maxLength: 64)
    #expect(windows.map(\.last) == [96, 128, 160, 192, 200])
    #expect(windows.allSatisfy { $0.count == 64 })
    // A message that ends on a stride gets that window once.
    #expect(SpamClassifier.innerWindows(of: Array(1...128), maxLength: 64).map(\.last) == [96, 128])
    #expect(SpamClassifier.innerWindows(of: long, maxLength: 64, stride: 16).map(\.last).count == 9)
}

/// Runs of a repeated token or block are cut to two copies; other sequences are kept as they are.
@Test func runsOfRepeatsAreCutToTwoCopies() {
    #expect(SpamClassifier.withoutRepeats([7, 7, 7, 7, 7, 1, 2]) == [7, 7, 1, 2])
    #expect(SpamClassifier.withoutRepeats([1, 2, 1, 2, 1, 2, 1, 2, 9]) == [1, 2, 1, 2, 9])
    #expect(
        SpamClassifier.withoutRepeats([1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 5]) == [1, 2, 3, 4, 1, 2, 3, 4, 5])
    #expect(SpamClassifier.withoutRepeats([3, 3, 4, 5, 4, 5]) == [3, 3, 4, 5, 4, 5])
    #expect(SpamClassifier.withoutRepeats([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5]).count == 15)
    // A long message with a run is read without it: its openings come from that reading, and
    // no window of the plain reading (the run alone) is scored.
    let padded = Array(repeating: Int32(5), count: 150) + Array(Int32(10)..<Int32(30))
    let cut = SpamClassifier.withoutRepeats(padded)
    #expect(SpamClassifier.openingReading(padded, cut: cut) == [5, 5] + Array(Int32(10)..<Int32(30)))
    #expect(SpamClassifier.furtherIn(padded, maxLength: 64).isEmpty)
    let longer = Array(repeating: Int32(5), count: 150) + Array(Int32(10)..<Int32(110))
    #expect(
        SpamClassifier.furtherIn(longer, maxLength: 64)
            == SpamClassifier.innerWindows(of: SpamClassifier.withoutRepeats(longer), maxLength: 64).map(
                Array.init))
    let plain = Array(Int32(1)...Int32(150))
    #expect(SpamClassifier.openingReading(plain, cut: SpamClassifier.withoutRepeats(plain)) == plain)
    #expect(
        SpamClassifier.furtherIn(plain, maxLength: 64).count
            == SpamClassifier.innerWindows(of: plain, maxLength: 64).count)
}

/// A run of repeats in front of a message decided its score: a window that is mostly the run
/// reads as the run (150 emoji before a friend's message made it Spam). It is read as a reader
/// reads it, skipping the run, alone and batched.
@Test func aRunOfRepeatsIsReadAsAReaderSkipsIt() throws {
    let (model, _) = try ClassifierTrainer.train(
        examples: syntheticCorpus(count: 160), options: tinyOptions())
    let classifier = try SpamClassifier(model: model)
    let padded =
        Array(repeating: "prize", count: 40).joined(separator: " ") + " see you at dinner tonight love"
    let ids = classifier.idsReadFurtherIn(of: padded)
    let cut = SpamClassifier.withoutRepeats(ids)
    #expect(cut.count < 12 && ids.count > 12)
    // The run alone reads as spam; the message, read without it, as what follows.
    let runAlone = classifier.spamProbability(ids: Array(ids.prefix(12)))
    #expect(runAlone >= classifier.threshold)
    let score = classifier.spamProbability(of: padded)
    #expect(score == classifier.spamProbability(ids: cut))
    #expect(score < runAlone - 0.2, "\(score) \(runAlone)")
    #expect(abs(classifier.spamProbabilities(of: [padded, "ok"])[0] - score) <= 1e-6)
}

/// Filler in front of a lure that starts after the first window: the openings read filler only,
/// a window further in ends on the lure. It decides the score only when it reads as spam with
/// confidence (at least `innerWindowCutoff` and the threshold); a mail's text is read without it.
@Test func aLureBehindFillerIsReadByAWindowFurtherIn() throws {
    let classifier = try tinyClassifier(maxLength: 24)
    let chat = Array(repeating: "see you at dinner tonight love", count: 6).joined(separator: " ")
    let words = "win prize claim cash free urgent call 09061701461 txt 86688 £500"
    let lure = words + " " + words + " win free"
    let padded = chat + " " + lure
    // 36 tokens of chat, then the lure (24 tokens, the last window): past the first window.
    #expect(classifier.ids(of: chat).count == 24)
    #expect(classifier.ids(of: lure + " x").count == 24)
    let openings = classifier.spamProbability(of: padded, furtherIn: nil)
    let last = classifier.spamProbability(of: lure)
    let score = classifier.spamProbability(of: padded)
    // The openings are chat; the lure alone is confidently spam to this model.
    #expect(openings < classifier.threshold, "\(openings)")
    #expect(last >= max(SpamClassifier.innerWindowCutoff, classifier.threshold), "\(last)")
    #expect(score >= SpamClassifier.innerWindowCutoff && score > openings, "\(score) \(openings)")
    // Batched as alone, to float rounding.
    #expect(abs(classifier.spamProbabilities(of: [padded, chat])[0] - score) <= 1e-6)
    // Reading only the windows the first network passes gives what every network on every
    // window (the last 16 tokens too), read at each of its openings, gives, at any cutoff.
    let twice = padded + " " + padded
    let twiceOpenings = classifier.spamProbability(of: twice, furtherIn: nil)
    let reading = classifier.idsReadFurtherIn(of: twice)
    let inner =
        SpamClassifier.furtherIn(reading, maxLength: 24)
        + SpamClassifier.closingWindows(reading, maxLength: 24)
    let full =
        classifier.spamProbabilities(
            ids: inner.flatMap { w in SpamClassifier.openingEnds(of: w.count).map { Array(w.prefix($0)) } }
        ).max() ?? 0
    for cutoff in [0.5, SpamClassifier.innerWindowCutoff, SpamClassifier.mailInnerWindowCutoff] {
        let expected =
            full >= max(cutoff, classifier.threshold) && full > twiceOpenings ? full : twiceOpenings
        let furtherIn = SpamClassifier.FurtherIn(cutoff: cutoff, stride: SpamClassifier.innerWindowStride)
        #expect(
            abs(classifier.spamProbability(of: twice, furtherIn: furtherIn) - expected) <= 1e-9, "\(cutoff)")
    }  // Chat alone, however long, is what its openings say unless a window is confidently spam.
    let longChat = chat + " " + chat
    #expect(
        classifier.spamProbability(of: longChat)
            == classifier.spamProbability(of: longChat, furtherIn: nil))
}

/// A lure with innocent words after it in a text of one window: the network reads to the last
/// word, so the words decided, and a text of one window had no openings. Its openings now count
/// as windows further in (at least `innerWindowCutoff` and the threshold), batched or alone.
@Test func aLureFollowedByChatInOneWindowIsReadAtItsOpenings() throws {
    let classifier = try tinyClassifier(maxLength: 40)
    let lure = "win prize claim cash free urgent call 09061701461 txt 86688 £500 win prize claim cash free"
    let chat = "see you at dinner tonight love see you at dinner tonight love ok thanks see you home"
    let text = lure + " " + chat
    #expect(classifier.ids(of: lure).count == 16)
    #expect(classifier.ids(of: text).count <= 40)
    let whole = classifier.spamProbability(ids: classifier.ids(of: text))
    let opening = classifier.spamProbability(ids: classifier.ids(of: lure))
    let score = classifier.spamProbability(of: text)
    #expect(whole < SpamClassifier.innerWindowCutoff, "\(whole)")
    #expect(opening >= max(SpamClassifier.innerWindowCutoff, classifier.threshold), "\(opening)")
    #expect(abs(score - opening) <= 1e-6, "\(score) \(opening)")
    #expect(abs(classifier.spamProbabilities(of: [text, chat])[0] - score) <= 1e-6)
    // Chat alone: no opening is confidently spam, so the whole decides.
    #expect(classifier.spamProbability(of: chat) == classifier.spamProbability(ids: classifier.ids(of: chat)))
}

/// A lure after more words than the tokenizer keeps (`maxTokens`) was never read. The last
/// kilobyte of a long text is read on its own as windows further in (`tailReading`).
@Test func aLurePastTheTokenizersCapIsReadAtTheEnd() throws {
    let classifier = try tinyClassifier(maxLength: 24, maxTokens: 64)
    let chat = Array(repeating: "see you at dinner tonight love ok thanks", count: 30).joined(separator: " ")
    let words = "win prize claim cash free urgent call 09061701461 txt 86688 £500"
    let lure = words + " " + words + " win free"
    let padded = chat + " " + lure
    // Everything the usual reading keeps is chat.
    #expect(classifier.idsReadFurtherIn(of: padded) == classifier.idsReadFurtherIn(of: chat))
    let lureAlone = classifier.spamProbability(of: lure)
    #expect(lureAlone >= max(SpamClassifier.innerWindowCutoff, classifier.threshold), "\(lureAlone)")
    let score = classifier.spamProbability(of: padded)
    #expect(score >= SpamClassifier.innerWindowCutoff, "\(score)")
    #expect(abs(classifier.spamProbabilities(of: [padded, chat])[0] - score) <= 1e-6)
    #expect(classifier.spamProbability(of: chat) < classifier.threshold)
}

/// The score of a long message is the highest of its openings' scores, batched or alone: a lure
/// with innocent text after it no longer reads as that text.
@Test func aLongMessageScoresAsItsMostSpamLikeOpening() throws {
    let classifier = try tinyClassifier(maxLength: 48)
    let lure = "claim your free prize call 09061701461"
    let chat = Array(repeating: "see you at dinner tonight love", count: 10).joined(separator: " ")
    let padded = lure + " " + chat
    let first = classifier.ids(of: padded)
    #expect(first.count == 48)
    let openings = [16, 32, 48].map { classifier.spamProbability(ids: Array(first.prefix($0))) }
    let score = classifier.spamProbability(of: padded)
    #expect(score == openings.max())
    // The chat after the lure pulls the whole first window down; its opening does not.
    #expect(openings[0] > openings[2] + 0.2, "\(openings)")
    // Batched (each opening a sequence of its own) as alone (one pass), to float rounding.
    let batched = classifier.spamProbabilities(of: [padded, lure])
    #expect(abs(batched[0] - score) <= 1e-6)
    #expect(abs(batched[1] - classifier.spamProbability(of: lure)) <= 1e-6)
    // A message of one window is scored as before.
    let short = "see you at dinner tonight love"
    #expect(
        classifier.spamProbability(of: short) == classifier.spamProbability(ids: classifier.ids(of: short)))
}
