public import SpamNN
public import SpamText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// One labelled training message; `weight` scales its loss (the user's own feedback counts more).
public struct TrainingExample: Sendable, Equatable {
    public var text: String
    public var isSpam: Bool
    public var weight: Float
    /// A mail's text (subject and body), each window read followed by `ShapeToken.mail`; else an SMS.
    public var isMail: Bool
    /// A mail that trains the reading of mail only (`ClassifierModel.mailNgram`), never the
    /// networks or the n-gram model that reads SMS: mail of today's kinds can teach the mail
    /// reading without moving a single SMS score.
    public var trainsMailReadingOnly: Bool

    public init(
        text: String, isSpam: Bool, weight: Float = 1, isMail: Bool = false,
        trainsMailReadingOnly: Bool = false
    ) {
        self.text = text
        self.isSpam = isSpam
        self.weight = weight
        self.isMail = isMail || trainsMailReadingOnly
        self.trainsMailReadingOnly = trainsMailReadingOnly
    }
}

/// Hyperparameters of a training run. The defaults are the ones chosen by cross-validation on the
/// UCI training corpus (see docs/ACCURACY.md).
public struct TrainingOptions: Sendable {
    public var maxEpochs = 30
    public var batchSize = 32
    public var embeddingDim = 32
    public var hiddenSize = 32
    /// Tokens scored per message (T).
    public var maxLength = 64
    public var seed: UInt64 = 1
    /// Share of the examples held out (stratified) for early stopping and the threshold.
    public var validationFraction = 0.1
    public var learningRate: Float = 2e-3
    /// Tokens seen fewer times stay unknown.
    public var minCount = 2
    public var maxVocabulary = 30_000
    /// Epochs without a better validation loss before stopping.
    public var patience = 3
    /// Probability of replacing a training token by `<unk>`, so the unknown-word vector learns.
    public var wordDropout: Float = 0.2
    /// Dropout on the LSTM output during training.
    public var dropout: Float = 0
    public var clipNorm: Float? = 5
    /// The decision threshold maximizes held-out MCC while keeping held-out ham false positives
    /// at or below this rate. UCI's ham has a few spam-like texts that no threshold short of
    /// losing much spam keeps out. On nested held-out scores of the UCI training corpus, 0.3 %
    /// (the same thresholds from 0.25 % to 0.4 %) kept ham false positives near 0.2 % with spam
    /// recall near 94 %; 0.5 % gained a point of recall for 0.1 % more false positives
    /// (docs/ACCURACY.md).
    public var maxFalsePositiveRate = 0.003
    /// Networks trained with different seeds and averaged; in k-fold training, how many times
    /// the folds are trained, each time with the next seed (folds × this many networks).
    public var ensembleSize = 1
    /// With 2 or more, k-fold training: one network per fold, each validated on its own held-out
    /// fold; the threshold is chosen on all out-of-fold scores (every example scored by a network
    /// that never saw it), and the model averages the fold networks.
    public var folds = 5
    /// In k-fold training, ship one network trained on every example for the median of the
    /// folds' best epoch counts, instead of the average of the fold networks: scoring costs one
    /// network instead of k, but without early stopping of its own it is less accurate (see
    /// README, "Accuracy"), so the averaged fold networks are the default.
    public var finalFit = false
    /// In k-fold training with 2 or more, the threshold is chosen by nested cross-validation
    /// (`trainWithNestedThreshold`): every example is scored by a full k-fold ensemble trained
    /// without it, so the threshold fits the averaged model that ships. Costs this many extra
    /// ensembles. 0: the threshold comes from the out-of-fold scores of single fold networks,
    /// which are less sure than their average, so it sits too high.
    public var thresholdFolds = 5
    public var tokenizer = TokenizerOptions(markShouting: true, urlTraits: true, lureDomains: true)
    /// Unknown words fall back to their longest known prefix.
    public var prefixFallback = true
    /// Unknown words are read through their disguise (`ClassifierModel.seesThroughDisguises`).
    /// Needs `prefixFallback` (the file format ties them): off without it.
    public var seesThroughDisguises = true
    var readsDisguises: Bool { seesThroughDisguises && prefixFallback }
    /// Loss weight of spam examples relative to ham (spam is 14 % of the UCI corpus).
    public var spamWeight: Float = 2
    /// With more than 0, an n-gram model (`NgramModel`) is trained beside the networks and its
    /// decision value, times this, moves each message's logit; 0 trains none. On nested scores
    /// of the bundled recipe's training parts, 5 gave MCC .924 overall, 10.4 .923, 20 .919,
    /// none .898 (seed 1, before short readings were shrunk; docs/ACCURACY.md, run Z24).
    public var ngramWeight: Float = 5
    /// With more than 0 (and an n-gram model), mail is read by an n-gram model of its own,
    /// trained on the mails alone, its decision value times this moving the networks' logit,
    /// when the corpus has at least `minimumMailsToReadApart` mails of each label; 0 reads mail
    /// with the n-gram model of every message. Its cut is chosen on its own nested scores, with
    /// at most `mailMaxFalsePositiveRate` of legitimate mail flagged (`MailReading`). 40 had
    /// the better nested mail MCC than 20 on the bundled recipe's mails (.934 against .919,
    /// docs/ACCURACY.md, run Z36).
    public var mailNgramWeight: Float = 40
    /// The highest held-out false-positive rate the mail reading's cut may allow on mail.
    public var mailMaxFalsePositiveRate = 0.01
    /// Mails of each label the corpus needs before mail is read apart: with fewer, the reading
    /// would learn a handful of mails by heart (a retrain from a young store).
    public var minimumMailsToReadApart = 200
    /// Whether `train` chooses the threshold itself; off for a nested round's ensemble, whose
    /// threshold the nested scores choose (its n-gram models' out-of-fold scores would go unused).
    var choosesThreshold = true

    public init() {}
}

/// What one epoch did, for progress display.
public struct EpochReport: Sendable {
    /// 0: the model that ships; 1...n: the ensemble of nested round n (see `thresholdFolds`).
    public var round = 0
    public var network: Int
    public var epoch: Int
    public var trainingLoss: Double
    public var validationLoss: Double
    public var validationAUC: Double
    public var seconds: Double
    public var isBest: Bool
}

/// The outcome of a training run.
public struct TrainingReport: Sendable {
    public var epochs: [EpochReport] = []
    /// Validation metrics of the final model (the ensemble) at its chosen threshold.
    public var validation = EvaluationMetrics()
    public var trainingCount = 0
    public var validationCount = 0
    /// Held-out scores and labels the threshold was chosen on (out-of-fold in k-fold training).
    public var heldOutScores: [Double] = []
    public var heldOutLabels: [Bool] = []
    /// The texts those scores belong to (to break the figures down by corpus).
    public var heldOutTexts: [String] = []
    /// Whether each held-out score is the mail reading's (`MailReading`), whose cut was chosen
    /// apart; empty when none is.
    public var heldOutIsMailReading: [Bool] = []
    public var vocabularySize = 0
}

/// Why training could not run.
public enum TrainingError: Error, CustomStringConvertible, Sendable {
    case tooFewExamples(spam: Int, ham: Int)
    case invalidOption(String)

    public var description: String {
        switch self {
        case .tooFewExamples(let spam, let ham):
            "need at least 2 spam and 2 ham examples to train (have \(spam) spam, \(ham) ham)"
        case .invalidOption(let why): why
        }
    }
}

/// Trains a classifier: vocabulary from the training part, networks by Adam on length-bucketed
/// batches with early stopping on validation loss, then the threshold on validation.
/// Single-threaded and seeded: the same examples and options give the same model.
public enum ClassifierTrainer {
    public static func train(
        examples: [TrainingExample], validation fixedValidation: [TrainingExample]? = nil,
        options: TrainingOptions, clock: () -> Double = { 0 },
        progress: (EpochReport) -> Void = { _ in }
    ) throws(TrainingError) -> (model: ClassifierModel, report: TrainingReport) {
        try validate(options)
        if fixedValidation == nil && options.folds >= 2 && options.thresholdFolds >= 2 {
            return try trainWithNestedThreshold(
                examples: examples, options: options, clock: clock, progress: progress)
        }
        // Mails that train the mail reading only are read by nested training alone.
        let examples = examples.filter { !$0.trainsMailReadingOnly }
        let spamCount = examples.count { $0.isSpam }
        guard spamCount >= 2, examples.count - spamCount >= 2 else {
            throw .tooFewExamples(spam: spamCount, ham: examples.count - spamCount)
        }
        var generator = SeededGenerator(seed: options.seed)
        let tokenizer: Tokenizer
        do {
            tokenizer = try Tokenizer(options: options.tokenizer)
        } catch {
            throw .invalidOption(error.description)
        }
        // Partitions: k folds, or one training part and one validation part.
        var parts: [[TrainingExample]]
        if let fixedValidation {
            parts = [fixedValidation, examples]
        } else if options.folds >= 2 {
            parts = stratifiedFolds(examples, count: options.folds, generator: &generator)
        } else {
            let split = stratifiedSplit(examples, fraction: options.validationFraction, generator: &generator)
            parts = [split.validation, split.training]
        }
        let isCrossValidation = fixedValidation == nil && options.folds >= 2
        let partTokens = parts.map { $0.map { tokenizer.tokens($0.text) } }

        // The vocabulary comes from training data only (in k-fold, from all folds).
        var counts = TokenCounts()
        for (k, tokens) in partTokens.enumerated() where isCrossValidation || k > 0 {
            for message in tokens { counts.add(Array(message.prefix(options.maxLength))) }
        }
        var vocabulary = Vocabulary(
            counts: counts, minCount: options.minCount, maxSize: options.maxVocabulary)
        // Shape tokens get ids even when the training data lacks some, so they are never unknown.
        let marks = examples.contains(where: \.isMail) ? [ShapeToken.mail] : []
        let missingShapes = (ShapeToken.all + marks).filter { !vocabulary.contains($0) }
        if !missingShapes.isEmpty {
            vocabulary = Vocabulary(tokens: Array(vocabulary.tokens.dropFirst(2)) + missingShapes)
        }
        // A mail's window is read followed by the mail mark, as `SpamClassifier` reads it.
        let mailMark = vocabulary.id(of: ShapeToken.mail)
        let partIDs = partTokens.indices.map { k in
            partTokens[k].indices.map { i in
                SpamClassifier.ids(
                    tokens: partTokens[k][i], vocabulary: vocabulary, maxLength: options.maxLength,
                    prefixFallback: options.prefixFallback, seesThroughDisguises: options.readsDisguises)
                    + (parts[k][i].isMail ? [mailMark] : [])
            }
        }

        let shape = ClassifierShape(
            vocabularySize: vocabulary.count, embeddingDim: options.embeddingDim,
            hiddenSize: options.hiddenSize)
        var report = TrainingReport()
        report.vocabularySize = vocabulary.count

        // Each run: which part validates it, and its seed. In k-fold training an ensemble of n
        // repeats the folds n times, repeat r seeded as seed + r would seed it alone (for the
        // bundled recipe three repeats gained nothing: docs/ACCURACY.md, Z49).
        let runs: [(validationPart: Int, seed: UInt64)] =
            isCrossValidation
            ? (0..<options.ensembleSize).flatMap { r in
                parts.indices.map { ($0, options.seed &+ UInt64(r) &+ UInt64($0) &* 0x9E37_79B9_7F4A_7C15) }
            }
            : (0..<options.ensembleSize).map { (0, options.seed &+ UInt64($0) &* 0x9E37_79B9_7F4A_7C15) }
        var networks: [[Float]] = []
        var validationScores = parts.map { [Double](repeating: 0, count: $0.count) }
        var bestEpochs: [Int] = []
        for (member, run) in runs.enumerated() {
            var ids: [[Int32]] = []
            var labels: [Float] = []
            var weights: [Float] = []
            for k in parts.indices where k != run.validationPart {
                ids += partIDs[k]
                labels += parts[k].map { $0.isSpam ? 1 : 0 }
                weights += parts[k].map { $0.weight * ($0.isSpam ? options.spamWeight : 1) }
            }
            let validationLabels = parts[run.validationPart].map(\.isSpam)
            let (parameters, scores, bestEpoch) = trainNetwork(
                shape: shape, seed: run.seed, member: member, ids: ids, labels: labels,
                weights: weights, validationIDs: partIDs[run.validationPart],
                validationLabels: validationLabels, options: options, clock: clock, report: &report,
                progress: progress)
            networks.append(parameters)
            bestEpochs.append(bestEpoch)
            let share = 1.0 / Double(options.ensembleSize)
            for i in scores.indices { validationScores[run.validationPart][i] += scores[i] * share }
            report.trainingCount = ids.count
        }

        let training = isCrossValidation ? examples : parts[1]
        let validation = isCrossValidation ? examples : parts[0]
        var ngram: NgramModel? = nil
        if options.ngramWeight > 0 {
            let model = trainNgram(training, options: options)
            if options.choosesThreshold {
                mixNgram(
                    into: &validationScores, parts: parts, model: model, crossValidated: isCrossValidation,
                    options: options)
            }
            ngram = model
        }

        // Threshold on held-out scores: the validation part, or every example out of fold.
        let heldOut = isCrossValidation ? Array(parts.indices) : [0]
        let scores = heldOut.flatMap { validationScores[$0] }
        let scoreLabels = heldOut.flatMap { parts[$0].map(\.isSpam) }
        report.validationCount = scores.count
        report.heldOutScores = scores
        report.heldOutLabels = scoreLabels
        report.heldOutTexts = heldOut.flatMap { parts[$0].map(\.text) }
        let threshold =
            scores.isEmpty
            ? 0.5
            : EvaluationMetrics.chooseThreshold(
                scores: scores, labels: scoreLabels, maxFalsePositiveRate: options.maxFalsePositiveRate)
        report.validation = EvaluationMetrics(scores: scores, labels: scoreLabels, threshold: threshold)
        if isCrossValidation && options.finalFit {
            let epochs = bestEpochs.sorted()[bestEpochs.count / 2]
            let (parameters, _, _) = trainNetwork(
                shape: shape, seed: options.seed &+ 0x5EED, member: runs.count,
                ids: partIDs.flatMap { $0 }, labels: parts.flatMap { $0.map { $0.isSpam ? 1 : 0 } },
                weights: parts.flatMap { $0.map { $0.weight * ($0.isSpam ? options.spamWeight : 1) } },
                validationIDs: [], validationLabels: [], options: options, clock: clock,
                report: &report, progress: progress, fixedEpochs: epochs)
            networks = [parameters]
            report.trainingCount = examples.count
        }

        var metadata = ModelMetadata()
        metadata["training_examples"] = String(training.count)
        metadata["validation_examples"] = String(validation.count)
        metadata["corpus_digest"] = corpusDigest(examples)
        metadata["hyperparameters"] = describe(options)
        metadata["validation"] = describe(report.validation)
        metadata["epochs"] = report.epochs.map { "\($0.network):\($0.epoch)" }.joined(separator: ",")
        let model = ClassifierModel(
            tokenizerOptions: options.tokenizer, vocabulary: vocabulary, shape: shape,
            maxLength: options.maxLength, networks: networks, threshold: threshold, metadata: metadata,
            prefixFallback: options.prefixFallback, seesThroughDisguises: options.readsDisguises, ngram: ngram
        )
        return (model, report)
    }

    /// An n-gram model of `examples`, each weighing what it weighs for the networks.
    static func trainNgram(_ examples: [TrainingExample], options: TrainingOptions) -> NgramModel {
        NgramTrainer.train(
            texts: examples.map(\.text), isSpam: examples.map(\.isSpam),
            weights: examples.map { $0.weight * ($0.isSpam ? options.spamWeight : 1) },
            mixWeight: options.ngramWeight, seed: options.seed)
    }

    /// Held-out network scores moved by held-out n-gram decision values: in k-fold training each
    /// fold's from an n-gram model of the other folds, else the validation part's from `model`.
    static func mixNgram(
        into scores: inout [[Double]], parts: [[TrainingExample]], model: NgramModel, crossValidated: Bool,
        options: TrainingOptions
    ) {
        for k in crossValidated ? Array(parts.indices) : [0] {
            let fold =
                crossValidated
                ? trainNgram(parts.indices.filter { $0 != k }.flatMap { parts[$0] }, options: options) : model
            for (i, example) in parts[k].enumerated() {
                let z = fold.decisionValue(of: example.text, asMail: example.isMail)
                scores[k][i] = fold.mixed(networkProbability: scores[k][i], decisionValue: z)
            }
        }
    }

    private static func validate(_ o: TrainingOptions) throws(TrainingError) {
        func need(_ ok: Bool, _ why: String) throws(TrainingError) {
            if !ok { throw .invalidOption(why) }
        }
        try need(o.maxEpochs >= 1, "epochs must be at least 1")
        try need(o.batchSize >= 1, "batch size must be at least 1")
        try need((1...1024).contains(o.embeddingDim), "embedding dimension must be 1...1024")
        try need((1...1024).contains(o.hiddenSize), "hidden size must be 1...1024")
        try need((1...4096).contains(o.maxLength), "max length must be 1...4096")
        try need(
            o.validationFraction > 0 && o.validationFraction < 0.9, "validation fraction must be in (0, 0.9)")
        try need((1...16).contains(o.ensembleSize), "ensemble size must be 1...16")
        try need(o.folds == 0 || (2...16).contains(o.folds), "folds must be 0 (single split) or 2...16")
        try need(o.learningRate > 0, "learning rate must be positive")
        try need(
            o.thresholdFolds == 0 || (2...16).contains(o.thresholdFolds),
            "threshold folds must be 0 or 2...16")
        try need(
            o.ngramWeight.isFinite && (0...1000).contains(o.ngramWeight), "n-gram weight must be 0...1000")
        try need(
            o.mailNgramWeight.isFinite && (0...1000).contains(o.mailNgramWeight),
            "mail n-gram weight must be 0...1000")
    }

    /// Trains one network; returns its best parameters (by validation loss), their validation
    /// scores and the epoch they come from. With `fixedEpochs`, trains exactly that many epochs
    /// without validation and returns the last parameters.
    private static func trainNetwork(
        shape: ClassifierShape, seed: UInt64, member: Int, ids: [[Int32]], labels: [Float],
        weights: [Float], validationIDs: [[Int32]], validationLabels: [Bool],
        options: TrainingOptions, clock: () -> Double, report: inout TrainingReport,
        progress: (EpochReport) -> Void, fixedEpochs: Int? = nil
    ) -> ([Float], [Double], Int) {
        var generator = SeededGenerator(seed: seed)
        let network = LSTMClassifierNetwork(shape: shape, seed: seed)
        var optimizer = AdamOptimizer(
            parameterCount: network.parameters.count, learningRate: options.learningRate,
            clipNorm: options.clipNorm)
        var best = network.parameters
        var bestLoss = Double.infinity
        var bestScores = [Double](repeating: 0.5, count: validationIDs.count)
        var sinceBest = 0
        var bestEpoch = 0
        for epoch in 1...(fixedEpochs ?? options.maxEpochs) {
            let start = clock()
            var lossSum = 0.0
            var batches = 0
            for batch in lengthBuckets(ids, batchSize: options.batchSize, generator: &generator) {
                var batchIDs = batch.map { ids[$0] }
                if options.wordDropout > 0 {
                    for s in batchIDs.indices {
                        for t in batchIDs[s].indices
                        where Float.random(in: 0..<1, using: &generator) < options.wordDropout {
                            batchIDs[s][t] = Vocabulary.unknownID
                        }
                    }
                }
                let loss = network.trainStep(
                    batch: batchIDs, labels: batch.map { labels[$0] }, weights: batch.map { weights[$0] },
                    optimizer: &optimizer, dropout: options.dropout, generator: &generator)
                lossSum += Double(loss)
                batches += 1
            }
            let scores =
                validationIDs.isEmpty ? [] : network.probabilities(batch: validationIDs).map(Double.init)
            let validationLoss =
                validationIDs.isEmpty
                ? lossSum / Double(max(batches, 1)) : crossEntropy(scores, validationLabels)
            let improved = validationLoss < bestLoss - 1e-5
            if improved {
                bestLoss = validationLoss
                best = network.parameters
                bestScores = scores
                bestEpoch = epoch
                sinceBest = 0
            } else {
                sinceBest += 1
            }
            let epochReport = EpochReport(
                network: member, epoch: epoch, trainingLoss: lossSum / Double(max(batches, 1)),
                validationLoss: validationLoss,
                validationAUC: EvaluationMetrics.areaUnderROC(scores: scores, labels: validationLabels),
                seconds: clock() - start, isBest: improved)
            report.epochs.append(epochReport)
            progress(epochReport)
            if fixedEpochs == nil && sinceBest >= options.patience { break }
        }
        if fixedEpochs != nil { return (network.parameters, [], fixedEpochs ?? 0) }
        return (best, bestScores, max(bestEpoch, 1))
    }

    /// Batches of similar length, so little time goes to padding; batch order is shuffled.
    static func lengthBuckets(_ ids: [[Int32]], batchSize: Int, generator: inout SeededGenerator) -> [[Int]] {
        let keys = ids.indices.map { _ in UInt32.random(in: 0...UInt32.max, using: &generator) }
        let order = ids.indices.sorted { a, b in
            ids[a].count != ids[b].count ? ids[a].count < ids[b].count : keys[a] < keys[b]
        }
        var batches: [[Int]] = []
        var k = 0
        while k < order.count {
            batches.append(Array(order[k..<min(k + batchSize, order.count)]))
            k += batchSize
        }
        batches.shuffle(using: &generator)
        return batches
    }

    /// Deals each class round-robin into `count` folds after a seeded shuffle.
    static func stratifiedFolds(
        _ examples: [TrainingExample], count: Int, generator: inout SeededGenerator
    ) -> [[TrainingExample]] {
        var folds = [[TrainingExample]](repeating: [], count: count)
        var next = 0
        for isSpam in [false, true] {
            var group = examples.filter { $0.isSpam == isSpam }
            group.shuffle(using: &generator)
            for example in group {
                folds[next % count].append(example)
                next += 1
            }
        }
        return folds
    }

    /// Splits each class by `fraction`, so both parts keep the spam share.
    static func stratifiedSplit(
        _ examples: [TrainingExample], fraction: Double, generator: inout SeededGenerator
    ) -> (training: [TrainingExample], validation: [TrainingExample]) {
        var training: [TrainingExample] = []
        var validation: [TrainingExample] = []
        for isSpam in [false, true] {
            var group = examples.filter { $0.isSpam == isSpam }
            group.shuffle(using: &generator)
            let held = max(1, Int((Double(group.count) * fraction).rounded()))
            validation += group.prefix(held)
            training += group.dropFirst(held)
        }
        return (training, validation)
    }

    static func crossEntropy(_ scores: [Double], _ labels: [Bool]) -> Double {
        var sum = 0.0
        for (p, y) in zip(scores, labels) {
            let q = min(max(p, 1e-7), 1 - 1e-7)
            sum -= y ? log(q) : log(1 - q)
        }
        return sum / Double(max(scores.count, 1))
    }

    /// FNV-1a 64 over labels and texts: tells whether two models saw the same data.
    static func corpusDigest(_ examples: [TrainingExample]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for example in examples {
            for byte in (example.isSpam ? "spam\t" : "ham\t").utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
            }
            for byte in example.text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
            hash = (hash ^ 0x0A) &* 0x100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    static func describe(_ o: TrainingOptions) -> String {
        "E=\(o.embeddingDim) H=\(o.hiddenSize) T=\(o.maxLength) batch=\(o.batchSize) lr=\(o.learningRate) "
            + "seed=\(o.seed) min_count=\(o.minCount) word_dropout=\(o.wordDropout) dropout=\(o.dropout) "
            + "ensemble=\(o.ensembleSize) folds=\(o.folds) final_fit=\(o.finalFit) "
            + "threshold_folds=\(o.thresholdFolds) max_fpr=\(o.maxFalsePositiveRate) max_tokens=\(o.tokenizer.maxTokens) "
            + "shouting=\(o.tokenizer.markShouting) prefix_fallback=\(o.prefixFallback) spam_weight=\(o.spamWeight)"
            // Only when on, so that a model trained without it has the bytes it had before.
            + (o.readsDisguises ? " disguises=true" : "")
            + (o.ngramWeight > 0 ? " ngram_weight=\(o.ngramWeight)" : "")
    }

    public static func describe(_ m: EvaluationMetrics) -> String {
        "mcc=\(fixed(m.mcc)) fpr=\(fixed(m.falsePositiveRate)) recall=\(fixed(m.recall)) "
            + "precision=\(fixed(m.precision)) auc=\(fixed(m.auc)) threshold=\(fixed(m.threshold)) "
            + "tp=\(m.truePositives) fp=\(m.falsePositives) tn=\(m.trueNegatives) fn=\(m.falseNegatives)"
    }
}

extension ClassifierTrainer {
    /// Chooses the threshold again by the same rule, on the held-out scores of the texts
    /// `groups` keeps only, each group held to its own false-positive cap
    /// (`EvaluationMetrics.chooseThreshold`): a collection whose labels are loose (promotions as
    /// spam, carrier notices as ham) must not set the false-positive guard for the others. Used
    /// by `train --threshold-corpus` / `--corpus-max-false-positive-rate` and by retrain with
    /// several base corpora.
    public static func rechooseThreshold(
        _ model: inout ClassifierModel, _ report: inout TrainingReport, on groups: ThresholdGroups
    ) {
        var picked: [Int] = []
        var groupOfPicked: [Int] = []
        let readApart = report.heldOutIsMailReading
        for (k, text) in report.heldOutTexts.enumerated() {
            // The mail reading's scores had their own cut, which moves with the threshold.
            if k < readApart.count && readApart[k] { continue }
            guard let g = groups.group(text) else { continue }
            picked.append(k)
            groupOfPicked.append(g)
        }
        let threshold = EvaluationMetrics.chooseThreshold(
            scores: picked.map { report.heldOutScores[$0] }, labels: picked.map { report.heldOutLabels[$0] },
            groups: groupOfPicked, maxFalsePositiveRates: groups.caps)
        let shift = logit(threshold) - logit(model.threshold)
        for k in readApart.indices where readApart[k] {
            report.heldOutScores[k] = sigmoid(logit(report.heldOutScores[k]) + shift)
        }
        model.movingThreshold(to: threshold)
        report.validation = EvaluationMetrics(
            scores: report.heldOutScores, labels: report.heldOutLabels, threshold: threshold)
        model.metadata["validation"] = describe(report.validation)
    }
}

/// Which held-out texts choose the threshold, in groups with a false-positive cap each:
/// `group(text)` indexes `caps`, nil for a text left out.
public struct ThresholdGroups: Sendable {
    public var caps: [Double]
    public var group: @Sendable (String) -> Int?

    public init(caps: [Double], group: @escaping @Sendable (String) -> Int?) {
        self.caps = caps
        self.group = group
    }
}
