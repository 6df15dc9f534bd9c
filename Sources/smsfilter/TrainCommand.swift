import ArgumentParser
import SpamApp
import Glibc
import SpamIO
import SpamModel
import SpamStore
import SpamText

/// `smsfilter train`: builds a model from a labelled corpus.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model from a label<TAB>text corpus.",
        discussion: """
            Builds the vocabulary from the corpus and trains one network per fold (k-fold), each
            with early stopping on its held-out fold; the model averages them. The decision
            threshold is chosen by nested cross-validation: every message is scored by a full
            k-fold ensemble trained without it (--threshold-folds 0: on out-of-fold scores).
            With SOURCE_DATE_EPOCH set, the same corpus, options and seed give identical model bytes.
            """)

    @Option(help: ArgumentHelp(
        "Training corpus, one 'ham|spam<TAB>text' per line; repeat for several. Each is recorded in the model under its file name, or NAME with NAME=FILE.",
        valueName: "[name=]file"))
    var corpus: [String]

    @Option(help: ArgumentHelp(
        "Loss weight of one corpus's messages, by file name (default 1); repeatable.",
        valueName: "name=weight"))
    var corpusWeight: [String] = []

    @Option(help: "Where to write the model file.")
    var out: String

    @Option(help: ArgumentHelp(
        "Choose the threshold on the held-out scores of this corpus only (by name); repeatable (default: all corpora).",
        valueName: "name"))
    var thresholdCorpus: [String] = []

    @Option(help: "Maximum epochs (training stops earlier when validation loss stops improving).")
    var epochs = TrainingOptions().maxEpochs

    @Option(help: "Messages per batch.")
    var batchSize = TrainingOptions().batchSize

    @Option(help: "Embedding size E.")
    var embeddingDim = TrainingOptions().embeddingDim

    @Option(help: "LSTM hidden size H.")
    var hidden = TrainingOptions().hiddenSize

    @Option(help: "Tokens scored per message T.")
    var maxLen = TrainingOptions().maxLength

    @Option(help: "Random seed.")
    var seed: UInt64 = TrainingOptions().seed

    @Option(help: "Share of the corpus held out for validation.")
    var validationFraction = TrainingOptions().validationFraction

    @Option(help: "Adam learning rate.")
    var learningRate = TrainingOptions().learningRate

    @Option(help: "Epochs without validation improvement before stopping.")
    var patience = TrainingOptions().patience

    @Option(help: "Tokens seen fewer times in training stay unknown.")
    var minCount = TrainingOptions().minCount

    @Option(help: "Probability of replacing a training token by <unk>.")
    var wordDropout = TrainingOptions().wordDropout

    @Option(help: "Dropout on the LSTM output while training.")
    var dropout = TrainingOptions().dropout

    @Option(help: "Networks (seeds) averaged in the model.")
    var ensemble = TrainingOptions().ensembleSize

    @Option(help: "k-fold training: one network per fold, threshold on out-of-fold scores (0: single split).")
    var folds = TrainingOptions().folds

    @Flag(inversion: .prefixedNo, help: "After k-fold training, ship one network trained on all data (else the fold networks' average).")
    var finalFit = TrainingOptions().finalFit

    @Option(help: "k-fold training: choose the threshold by nested cross-validation over this many parts (0: on single fold networks' out-of-fold scores).")
    var thresholdFolds = TrainingOptions().thresholdFolds

    @Option(help: "Highest validation ham false-positive rate the threshold may allow.")
    var maxFalsePositiveRate = TrainingOptions().maxFalsePositiveRate

    @Option(help: "Weights stored as float16 (small) or float32.")
    var weights: WeightEncodingOption = .float16

    @Option(help: "Write the held-out scores the threshold was chosen on ('label<TAB>score<TAB>corpus<TAB>text' lines).")
    var heldOutScores: String?

    @Flag(inversion: .prefixedNo, help: "Start shouting messages (2+ all-capital words) with a <caps> token.")
    var markShouting = TrainingOptions().tokenizer.markShouting

    @Flag(inversion: .prefixedNo, help: "After <url>, the host's top-level domain (.com, .info) and <url-dash> for a hyphenated host.")
    var urlTraits = TrainingOptions().tokenizer.urlTraits

    @Flag(inversion: .prefixedNo, help: "Unknown words take the id of their longest known prefix.")
    var prefixFallback = TrainingOptions().prefixFallback

    @Option(help: "Loss weight of spam examples relative to ham.")
    var spamWeight = TrainingOptions().spamWeight

    @Flag(help: "Also emit URL hosts and e-mail domains after their shape tokens.")
    var keepRawShapes = false

    enum WeightEncodingOption: String, ExpressibleByArgument {
        case float16, float32
    }

    func run() throws {
        var options = TrainingOptions()
        options.maxEpochs = epochs
        options.batchSize = batchSize
        options.embeddingDim = embeddingDim
        options.hiddenSize = hidden
        options.maxLength = maxLen
        options.seed = seed
        options.validationFraction = validationFraction
        options.learningRate = learningRate
        options.patience = patience
        options.minCount = minCount
        options.wordDropout = wordDropout
        options.dropout = dropout
        options.ensembleSize = ensemble
        options.folds = folds
        options.finalFit = finalFit
        options.thresholdFolds = thresholdFolds
        options.maxFalsePositiveRate = maxFalsePositiveRate
        options.tokenizer.keepRawShapes = keepRawShapes
        options.tokenizer.markShouting = markShouting
        options.tokenizer.urlTraits = urlTraits
        options.prefixFallback = prefixFallback
        options.spamWeight = spamWeight

        let (examples, corpora, corpusOfText) = try readCorpora()
        for name in thresholdCorpus where !corpora.contains(where: { $0.name == name }) {
            throw ValidationError("--threshold-corpus names '\(name)', which is not one of the corpora (\(corpora.map(\.name).joined(separator: ", ")))")
        }
        let started = ProcessInfoLite.monotonicSeconds()
        let isTTY = isatty(2) != 0
        let (trained, trainingReport) = try ClassifierTrainer.train(
            examples: examples, options: options, clock: ProcessInfoLite.monotonicSeconds
        ) { epoch in
            let elapsed = ProcessInfoLite.monotonicSeconds() - started
            let line = (epoch.round > 0 ? "nested round \(epoch.round) " : "")
                + "network \(epoch.network + 1) epoch \(epoch.epoch): loss \(fixed(epoch.trainingLoss)) "
                + "val_loss \(fixed(epoch.validationLoss)) val_auc \(fixed(epoch.validationAUC)) "
                + "\(fixed(epoch.seconds, decimals: 2))s (elapsed \(fixed(elapsed, decimals: 1))s)"
                + (epoch.isBest ? " *" : "")
            ProcessInfoLite.printError(isTTY ? "\r\u{1B}[K" + line : line)
        }
        var model = trained
        var report = trainingReport
        if !thresholdCorpus.isEmpty {
            // The threshold is the same rule, applied to the named corpora's held-out scores only:
            // a collection whose labels are loose (promotions as spam, carrier notices as ham)
            // must not set the false-positive guard for the others.
            let chosen = Set(thresholdCorpus.compactMap { name in corpora.firstIndex { $0.name == name } })
            let picked = report.heldOutTexts.indices.filter { corpusOfText[report.heldOutTexts[$0]].map(chosen.contains) ?? false }
            let scores = picked.map { report.heldOutScores[$0] }
            let labels = picked.map { report.heldOutLabels[$0] }
            let threshold = EvaluationMetrics.chooseThreshold(
                scores: scores, labels: labels, maxFalsePositiveRate: maxFalsePositiveRate)
            model.threshold = threshold
            report.validation = EvaluationMetrics(scores: report.heldOutScores, labels: report.heldOutLabels, threshold: threshold)
            model.metadata["threshold_corpora"] = thresholdCorpus.joined(separator: ",")
            model.metadata["validation"] = ClassifierTrainer.describe(report.validation)
        }
        model.metadata["created"] = CivilTime.creationStamp()
        model.metadata.trainingCorpora = corpora
        let bytes = ModelFile.bytes(of: model, encoding: weights == .float16 ? .float16 : .float32)
        try FileIO.writeAtomically(bytes, to: out)
        let v = report.validation
        if let heldOutScores {
            var lines = ""
            for (k, (score, isSpam)) in zip(report.heldOutScores, report.heldOutLabels).enumerated() {
                let text = k < report.heldOutTexts.count ? report.heldOutTexts[k] : ""
                let name = corpusOfText[text].map { corpora[$0].name } ?? ""
                lines += (isSpam ? "spam\t" : "ham\t") + String(score) + "\t" + name + "\t"
                    + String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }) + "\n"
            }
            try FileIO.writeAtomically(Array(lines.utf8), to: heldOutScores)
        }
        print("held-out trade-off (threshold: MCC, ham FPR, recall):")
        for t in [0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98] {
            let m = EvaluationMetrics(scores: report.heldOutScores, labels: report.heldOutLabels, threshold: t)
            print("  \(fixed(t, decimals: 2)): \(fixed(m.mcc)) \(fixed(m.falsePositiveRate)) \(fixed(m.recall))  fp \(m.falsePositives)")
        }
        if corpora.count > 1 {
            // The same held-out scores, corpus by corpus, at the chosen threshold.
            print("held-out by corpus at threshold \(fixed(v.threshold)) (MCC, ham FPR, recall):")
            for (k, corpus) in corpora.enumerated() {
                let picked = report.heldOutTexts.indices.filter { corpusOfText[report.heldOutTexts[$0]] == k }
                let m = EvaluationMetrics(
                    scores: picked.map { report.heldOutScores[$0] }, labels: picked.map { report.heldOutLabels[$0] },
                    threshold: v.threshold)
                print("  \(corpus.name): \(fixed(m.mcc)) \(fixed(m.falsePositiveRate)) \(fixed(m.recall))  "
                    + "fp \(m.falsePositives)/\(m.falsePositives + m.trueNegatives) fn \(m.falseNegatives)/\(m.falseNegatives + m.truePositives)")
            }
        }
        print("""
            corpora: \(corpora.map { "\($0.name) (\($0.messages))" }.joined(separator: ", "))
            trained on \(report.trainingCount) messages, validated on \(report.validationCount); vocabulary \(report.vocabularySize) tokens
            validation at threshold \(fixed(v.threshold)): MCC \(fixed(v.mcc)), ham FPR \(fixed(v.falsePositiveRate)), \
            recall \(fixed(v.recall)), precision \(fixed(v.precision)), AUC \(fixed(v.auc)) \
            (tp \(v.truePositives) fp \(v.falsePositives) tn \(v.trueNegatives) fn \(v.falseNegatives))
            model \(ModelFile.identifier(of: bytes)) → \(out) (\(bytes.count) bytes) in \(fixed(ProcessInfoLite.monotonicSeconds() - started, decimals: 1)) s
            """)
    }

    /// `NAME=FILE` (a name holds no `/`), or a file named by its last path part.
    static func nameAndPath(_ spec: String) -> (name: String, path: String) {
        if let eq = spec.firstIndex(of: "="), eq != spec.startIndex, !spec[..<eq].contains("/") {
            return (String(spec[..<eq]), String(spec[spec.index(after: eq)...]))
        }
        return (FilePath.fileName(of: spec), spec)
    }

    /// Every `--corpus` file's messages, weighted by `--corpus-weight`, and what the model
    /// records of each.
    /// Also maps each text to the index of the (first) corpus holding it.
    private func readCorpora() throws -> ([TrainingExample], [TrainingCorpus], [String: Int]) {
        guard !corpus.isEmpty else { throw ValidationError("give at least one --corpus FILE") }
        var weights: [String: Float] = [:]
        for spec in corpusWeight {
            guard let eq = spec.lastIndex(of: "="), let weight = Float(spec[spec.index(after: eq)...]),
                weight > 0, weight.isFinite
            else { throw ValidationError("--corpus-weight takes NAME=WEIGHT with a positive weight, not '\(spec)'") }
            weights[String(spec[..<eq])] = weight
        }
        let named = corpus.map(Self.nameAndPath)
        let names = named.map(\.name)
        if let repeated = names.first(where: { name in names.count { $0 == name } > 1 }) {
            throw ValidationError("two corpora are named '\(repeated)'; name them apart with --corpus NAME=FILE")
        }
        for name in weights.keys where !names.contains(name) {
            throw ValidationError("--corpus-weight names '\(name)', which is not a --corpus file name (\(names.joined(separator: ", ")))")
        }
        var examples: [TrainingExample] = []
        var corpora: [TrainingCorpus] = []
        var corpusOfText: [String: Int] = [:]
        for (name, path) in named {
            let (bytes, messages) = try CorpusFile.read(path: path)
            let weight = weights[name] ?? 1
            examples += messages.map { TrainingExample(text: $0.text, isSpam: $0.isSpam, weight: weight) }
            for message in messages where corpusOfText[message.text] == nil { corpusOfText[message.text] = corpora.count }
            corpora.append(TrainingCorpus(name: name, messages: messages, sha256: SHA256.hex(of: bytes), weight: weight))
        }
        return (examples, corpora, corpusOfText)
    }
}
