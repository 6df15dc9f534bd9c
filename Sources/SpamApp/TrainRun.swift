import SpamIO
public import SpamModel
import SpamStore
import SpamText

/// `train`: reads the corpora, trains, applies `--threshold-corpus`, writes the model (and the
/// held-out scores) and reports the figures.
public struct TrainRun {
    /// `NAME=FILE` or `FILE` (named by its file name), one per corpus.
    public var corpora: [String]
    public var out: String
    public var options: TrainingOptions
    /// `NAME=WEIGHT`: the loss weight of one corpus's messages.
    public var corpusWeights: [String] = []
    /// Choose the threshold on these corpora's held-out scores only (empty: all).
    public var thresholdCorpora: [String] = []
    /// `NAME=RATE`: the highest held-out ham false-positive rate the threshold may allow on one
    /// corpus alone; the threshold corpora without one share `options.maxFalsePositiveRate`.
    public var corpusFalsePositiveCaps: [String] = []
    /// Corpora of mails' texts (as `learn` stores them), each window read followed by `ShapeToken.mail`.
    public var mailCorpora: [String] = []
    /// Corpora of mails' texts that train the reading of mail only
    /// (`TrainingExample.trainsMailReadingOnly`).
    public var mailOnlyCorpora: [String] = []
    public var float16 = true
    public var heldOutScoresPath: String?

    public init(corpora: [String], out: String, options: TrainingOptions) {
        self.corpora = corpora
        self.out = out
        self.options = options
    }

    /// The corpora as read: training examples, what the model records of each, and the index of
    /// the (first) corpus holding each text.
    struct Corpora {
        var examples: [TrainingExample] = []
        var records: [TrainingCorpus] = []
        var corpusOfText: [String: Int] = [:]
        /// `--corpus-max-false-positive-rate`, by corpus name.
        var falsePositiveCaps: [String: Double] = [:]
    }

    /// `progress` gets one line per epoch; `report` the summary lines.
    public func run(progress: @escaping (String) -> Void, report: (String) -> Void) throws {
        let corpora = try readCorpora()
        let started = ProcessInfoLite.monotonicSeconds()
        var (model, training) = try ClassifierTrainer.train(
            examples: corpora.examples, options: options, clock: ProcessInfoLite.monotonicSeconds
        ) { epoch in
            progress(Self.epochLine(epoch, elapsed: ProcessInfoLite.monotonicSeconds() - started))
        }
        if !thresholdCorpora.isEmpty || !corpora.falsePositiveCaps.isEmpty {
            applyThresholdCorpora(&model, &training, corpora)
        }
        model.metadata["created"] = CivilTime.creationStamp()
        model.metadata.trainingCorpora = corpora.records
        let bytes = ModelFile.bytes(of: model, encoding: float16 ? .float16 : .float32)
        try FileIO.writeAtomically(bytes, to: out)
        if let heldOutScoresPath { try writeHeldOutScores(training, corpora, to: heldOutScoresPath) }
        for line in Self.summary(training, corpora) { report(line) }
        let seconds = fixed(ProcessInfoLite.monotonicSeconds() - started, decimals: 1)
        report("model \(ModelFile.identifier(of: bytes)) → \(out) (\(bytes.count) bytes) in \(seconds) s")
    }

    static func epochLine(_ epoch: EpochReport, elapsed: Double) -> String {
        (epoch.round > 0 ? "nested round \(epoch.round) " : "")
            + "network \(epoch.network + 1) epoch \(epoch.epoch): loss \(fixed(epoch.trainingLoss)) "
            + "val_loss \(fixed(epoch.validationLoss)) val_auc \(fixed(epoch.validationAUC)) "
            + "\(fixed(epoch.seconds, decimals: 2))s (elapsed \(fixed(elapsed, decimals: 1))s)"
            + (epoch.isBest ? " *" : "")
    }

    /// The threshold is the same rule, applied to the named corpora's held-out scores only: a
    /// collection whose labels are loose (promotions as spam, carrier notices as ham) must not
    /// set the false-positive guard for the others. A corpus with a cap of its own is held to it
    /// alone; the others share the pooled cap.
    func applyThresholdCorpora(
        _ model: inout ClassifierModel, _ report: inout TrainingReport, _ corpora: Corpora
    ) {
        let names = thresholdCorpora.isEmpty ? corpora.records.map(\.name) : thresholdCorpora
        // Before the threshold's own entries: the file keeps metadata in insertion order, and
        // the bundled model's bytes depend on it.
        model.metadata["threshold_corpora"] = names.joined(separator: ",")
        if !corpora.falsePositiveCaps.isEmpty {
            model.metadata["threshold_fpr_caps"] = corpora.falsePositiveCaps.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        }
        let (caps, groupOfCorpus) = Self.thresholdGroups(
            records: corpora.records.map(\.name), chosen: names, caps: corpora.falsePositiveCaps,
            pooledCap: options.maxFalsePositiveRate)
        let corpusOfText = corpora.corpusOfText
        ClassifierTrainer.rechooseThreshold(
            &model, &report,
            on: ThresholdGroups(caps: caps, group: { corpusOfText[$0].flatMap { groupOfCorpus[$0] } }))
    }

    /// Group 0 pools the chosen corpora without a cap of their own (at `pooledCap`); each capped
    /// corpus is a group of its own. `groupOfCorpus[k]` is nil for a corpus the threshold is not
    /// chosen on.
    public static func thresholdGroups(
        records: [String], chosen: [String], caps: [String: Double], pooledCap: Double
    ) -> (caps: [Double], groupOfCorpus: [Int?]) {
        var groupCaps = [pooledCap]
        let groupOfCorpus = records.map { name -> Int? in
            guard chosen.contains(name) else { return nil }
            guard let cap = caps[name] else { return 0 }
            groupCaps.append(cap)
            return groupCaps.count - 1
        }
        return (groupCaps, groupOfCorpus)
    }

    /// `label<TAB>score<TAB>corpus<TAB>text` lines, the scores the threshold was chosen on.
    func writeHeldOutScores(_ report: TrainingReport, _ corpora: Corpora, to path: String) throws {
        var lines = ""
        for (k, (score, isSpam)) in zip(report.heldOutScores, report.heldOutLabels).enumerated() {
            let text = k < report.heldOutTexts.count ? report.heldOutTexts[k] : ""
            let name = corpora.corpusOfText[text].map { corpora.records[$0].name } ?? ""
            lines +=
                (isSpam ? "spam\t" : "ham\t") + String(score) + "\t" + name + "\t"
                + String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }) + "\n"
        }
        try FileIO.writeAtomically(Array(lines.utf8), to: path)
    }

    /// The held-out trade-off, the figures per corpus and the validation at the chosen threshold.
    static func summary(_ report: TrainingReport, _ corpora: Corpora) -> [String] {
        let v = report.validation
        var lines = ["held-out trade-off (threshold: MCC, ham FPR, recall):"]
        for t in [0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98] {
            let m = EvaluationMetrics(
                scores: report.heldOutScores, labels: report.heldOutLabels, threshold: t)
            lines.append(
                "  \(fixed(t, decimals: 2)): \(fixed(m.mcc)) \(fixed(m.falsePositiveRate)) \(fixed(m.recall))  fp \(m.falsePositives)"
            )
        }
        if corpora.records.count > 1 {
            // The same held-out scores, corpus by corpus, at the chosen threshold.
            lines.append("held-out by corpus at threshold \(fixed(v.threshold)) (MCC, ham FPR, recall):")
            for (k, corpus) in corpora.records.enumerated() {
                let picked = report.heldOutTexts.indices.filter {
                    corpora.corpusOfText[report.heldOutTexts[$0]] == k
                }
                let m = EvaluationMetrics(
                    scores: picked.map { report.heldOutScores[$0] },
                    labels: picked.map { report.heldOutLabels[$0] },
                    threshold: v.threshold)
                lines.append(
                    "  \(corpus.name): \(fixed(m.mcc)) \(fixed(m.falsePositiveRate)) \(fixed(m.recall))  "
                        + "fp \(m.falsePositives)/\(m.falsePositives + m.trueNegatives) fn \(m.falseNegatives)/\(m.falseNegatives + m.truePositives)"
                )
            }
        }
        lines.append(
            "corpora: \(corpora.records.map { "\($0.name) (\($0.messages))" }.joined(separator: ", "))")
        lines.append(
            "trained on \(report.trainingCount) messages, validated on \(report.validationCount); vocabulary \(report.vocabularySize) tokens"
        )
        lines.append(
            "validation at threshold \(fixed(v.threshold)): MCC \(fixed(v.mcc)), ham FPR \(fixed(v.falsePositiveRate)), "
                + "recall \(fixed(v.recall)), precision \(fixed(v.precision)), AUC \(fixed(v.auc)) "
                + "(tp \(v.truePositives) fp \(v.falsePositives) tn \(v.trueNegatives) fn \(v.falseNegatives))"
        )
        return lines
    }

    /// A corpus that trains the reading of mail only needs that reading (`train` and `retrain`).
    static func checkMailReading(mailOnlyCorpora: [String], options: TrainingOptions) throws {
        guard mailOnlyCorpora.isEmpty || options.mailNgramWeight > 0 else {
            throw UsageError(
                "--mail-only-corpus trains the reading of mail only: it needs --mail-ngram-weight above 0")
        }
    }

    /// Every corpus file's messages, weighted by `corpusWeights`, and what the model records of each.
    func readCorpora() throws -> Corpora {
        guard !corpora.isEmpty else { throw UsageError("give at least one --corpus FILE") }
        let specs = try CorpusSpecs(corpora, weights: corpusWeights, option: "--corpus")
        try specs.checkCorpusNames(thresholdCorpora)
        try specs.checkCorpusNames(mailCorpora, option: "--mail-corpus")
        try specs.checkCorpusNames(mailOnlyCorpora, option: "--mail-only-corpus")
        try Self.checkMailReading(mailOnlyCorpora: mailOnlyCorpora, options: options)
        var result = Corpora()
        result.falsePositiveCaps = try specs.falsePositiveCaps(corpusFalsePositiveCaps)
        for (name, path) in specs.named {
            let (bytes, messages) = try CorpusFile.read(path: path)
            let weight = specs.weight(of: name)
            result.examples += messages.map {
                TrainingExample(
                    text: $0.text, isSpam: $0.isSpam, weight: weight, isMail: mailCorpora.contains(name),
                    trainsMailReadingOnly: mailOnlyCorpora.contains(name))
            }
            for message in messages where result.corpusOfText[message.text] == nil {
                result.corpusOfText[message.text] = result.records.count
            }
            result.records.append(
                TrainingCorpus(name: name, messages: messages, sha256: SHA256.hex(of: bytes), weight: weight))
        }
        return result
    }
}
