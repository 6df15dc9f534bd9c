import SpamConfig
import SpamIO
public import SpamModel
public import SpamRetrain
import SpamStore
import SpamText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `retrain`: the flags and config keys turned into `RetrainFlow` settings, the base corpus read,
/// the flow run and its outcome reported. The command line fills the fields it was given (nil:
/// use the config file's key, else the default).
public struct RetrainRun {
    public var minNew: Int?
    public var force = false
    /// `[NAME=]FILE`, one per base corpus (empty: `$SMSFILTER_BASE_CORPUS` or `base_corpus`).
    public var baseCorpora: [String] = []
    /// `NAME=WEIGHT`: the loss weight of one base corpus's messages.
    public var corpusWeights: [String] = []
    /// Choose the threshold on these base corpora's held-out scores and the feedback's only.
    public var thresholdCorpora: [String] = []
    /// `NAME=RATE`: the highest held-out ham false-positive rate the threshold may allow on one
    /// base corpus alone; the feedback and the other threshold corpora share the pooled cap.
    public var corpusFalsePositiveCaps: [String] = []
    /// Base corpora of mails' texts, each window read followed by `ShapeToken.mail` (as `train --mail-corpus`).
    public var mailCorpora: [String] = []
    /// Base corpora of mails that train the reading of mail only (as `train --mail-only-corpus`).
    public var mailOnlyCorpora: [String] = []
    /// The training recipe: train's defaults and the flags the two commands share (the seed also
    /// shuffles the feedback split); epochs, folds and hidden size are set below.
    public var options = TrainingOptions()
    public var keep: Int?
    public var modelsDir: String?
    public var epochs: Int?
    /// A model file to beat while none is registered; `none`: activate the first candidate.
    public var baseline: String?
    /// The guard set's file; `none`: no guard set (nil: `guard_corpus`, else the bundled set).
    public var guardCorpus: String?
    public var folds: Int?
    public var hiddenSize: Int?

    public init() {}

    /// Epochs when neither --epochs nor the config say: the trainer's default; early stopping
    /// ends a run on train.tsv plus feedback after about 6 (about 12 s in a release build).
    public static let defaultEpochs = TrainingOptions().maxEpochs

    /// Trains, gates and reports through `say` (one line each).
    @discardableResult
    public func run(context: AppContext, say: @escaping (String) -> Void) throws -> RetrainOutcome {
        let config = RetrainSetup(configuration: context.configuration)
        let db = try StoreBackends.open(context.storePath)
        let settings = try flowSettings(config, storePath: db.path)
        try TrainRun.checkMailReading(mailOnlyCorpora: mailOnlyCorpora, options: options)
        let (corpus, thresholdGroup) = try config.loadCorpora(
            explicit: baseCorpora, weights: corpusWeights, thresholdCorpora: thresholdCorpora,
            falsePositiveCaps: corpusFalsePositiveCaps, mailCorpora: mailCorpora,
            mailOnlyCorpora: mailOnlyCorpora, pooledCap: options.maxFalsePositiveRate)
        let guardSet = try Self.guardSet(try guardCorpus ?? config.path("guard_corpus"))
        var trainer = ClassifierRetrainTrainer(options: try trainingOptions(config), progress: say)
        trainer.thresholdGroups = thresholdGroup
        let baselineModel = try Self.baseline(baseline, context: context)
        let started = ProcessInfoLite.monotonicSeconds()
        let outcome = try RetrainFlow(settings: settings, report: say).run(
            store: db, corpus: corpus, guardSet: guardSet, trainer: trainer, now: ProcessInfoLite.now(),
            baseline: baselineModel)
        let seconds = fixed(ProcessInfoLite.monotonicSeconds() - started, decimals: 1)
        switch outcome {
        case .skipped(let reason):
            say("retrain skipped: \(reason)")
        case .activated(let model, _):
            say("activated model #\(model.id) \(model.path) (\(model.reason)) in \(seconds) s")
        case .rejected(let model, _):
            say("rejected model #\(model.id): \(model.reason); the active model stays (\(seconds) s)")
        }
        return outcome
    }

    /// Flags over config keys over defaults for the flow's own settings.
    func flowSettings(_ config: RetrainSetup, storePath: String) throws -> RetrainFlow.Settings {
        // Absolute, because the registry stores model paths that classify reads from anywhere.
        var settings = RetrainFlow.Settings(
            modelsDirectory: Self.absolute(
                try modelsDir ?? config.path("models_dir")
                    ?? FilePath.join(FilePath.directory(of: storePath), "models")))
        settings.minNew = try minNew ?? config.integer("min_new", default: 1)
        settings.force = force
        settings.keepModels = try keep ?? config.integer("keep_models", default: 5)
        settings.seed = options.seed
        if let weight = config.value("feedback_weight").flatMap(Float.init) {
            settings.dataset.feedbackWeight = weight
        }
        settings.minFeedbackOnly = try config.integer("min_feedback_only", default: settings.minFeedbackOnly)
        if let text = config.value("base_spam_tolerance") {
            guard let tolerance = Double(text), (0...1).contains(tolerance) else {
                throw RetrainError.configuration(
                    "config key base_spam_tolerance: not a fraction from 0 to 1: \(text)")
            }
            settings.baseSpamTolerance = tolerance
        }
        return settings
    }

    func trainingOptions(_ config: RetrainSetup) throws -> TrainingOptions {
        var options = options
        options.maxEpochs = try epochs ?? config.integer("epochs", default: Self.defaultEpochs)
        options.folds = try folds ?? config.integer("folds", default: options.folds)
        if let hiddenSize { options.hiddenSize = hiddenSize }
        return options
    }

    /// The guard set's messages: `choice`'s file (`none`: none), else the set shipped with the
    /// bundled model, its messages (`ModelLocator.guardSetFiles`) and its mails, read as mail
    /// (`ModelLocator.mailGuardSetFiles`), each file by the one corpus reader.
    static func guardSet(_ choice: String?) throws -> [FeedbackTSV.Row] {
        if choice == "none" { return [] }
        if let choice { return try rows(of: [choice], areMail: false) }
        return try rows(of: ModelLocator.guardSetFiles(), areMail: false)
            + rows(of: ModelLocator.mailGuardSetFiles(), areMail: true)
    }

    private static func rows(of files: [String], areMail: Bool) throws -> [FeedbackTSV.Row] {
        try files.flatMap { path in
            try CorpusFile.lines(path: path).compactMap { line in
                line.isSpam.map {
                    FeedbackTSV.Row(
                        label: $0 ? .spam : .ham, text: line.text, line: line.number, isMail: areMail)
                }
            }
        }
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return FilePath.join(cwd, path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }

    /// With no model registered yet, the candidate must beat the model classify uses now (the
    /// bundled default unless `--model`-like settings name another; `--baseline` file; `none`: no
    /// comparison).
    static func baseline(_ option: String?, context: AppContext) throws -> [UInt8]? {
        if option == "none" { return nil }
        if let option { return try FileIO.readRegularFile(path: option) }
        guard let path = try? context.modelPath() else { return nil }
        return try? FileIO.readRegularFile(path: path)
    }
}

/// retrain's settings from the one configuration (`AppContext`): its own keys (keep_models,
/// min_new, ...) are config-file values, with comments stripped by the one parser.
struct RetrainSetup {
    let configuration: EffectiveConfiguration

    /// A retrain key's value from the config file, or nil.
    func value(_ key: String) -> String? { configuration.fileValue(forKey: key) }

    /// A path-valued retrain key, with `~/` expanded.
    func path(_ key: String) throws -> String? {
        guard let text = value(key) else { return nil }
        switch ConfigValueKind.path.normalize(text, home: ProcessInfoLite.homeDirectory()) {
        case .success(let path): return path
        case .failure(let why): throw RetrainError.configuration("config key \(key): \(why)")
        }
    }

    /// A count key, or the fallback when absent; a bad value is an error.
    func integer(_ key: String, default fallback: Int) throws -> Int {
        guard let text = value(key) else { return fallback }
        guard let count = Int(text), count >= 0 else {
            throw RetrainError.configuration("config key \(key): not a count: \(text)")
        }
        return count
    }

    /// The base corpora: `--base-corpus` (repeatable, `[NAME=]FILE`, weighted by
    /// `--corpus-weight`), else `$SMSFILTER_BASE_CORPUS` or `base_corpus` (one file); read by the
    /// same reader as `train --corpus`. Also which held-out texts the threshold is chosen on
    /// (nil when neither `thresholdCorpora` nor `falsePositiveCaps` says): not those of the
    /// corpora `thresholdCorpora` leaves out; a capped corpus's texts in a group of their own,
    /// everything else (the feedback included) in the pooled group 0.
    func loadCorpora(
        explicit: [String], weights: [String], thresholdCorpora: [String], falsePositiveCaps: [String],
        mailCorpora: [String] = [], mailOnlyCorpora: [String] = [], pooledCap: Double
    ) throws -> (rows: [FeedbackTSV.Row], thresholdGroups: ThresholdGroups?) {
        let specs: [String]
        if !explicit.isEmpty {
            specs = explicit
        } else if let path = configuration.value(for: .baseCorpus) {
            specs = [path]
        } else {
            guard weights.isEmpty, thresholdCorpora.isEmpty, falsePositiveCaps.isEmpty, mailCorpora.isEmpty,
                mailOnlyCorpora.isEmpty
            else {
                throw UsageError(
                    "--corpus-weight, --threshold-corpus, --corpus-max-false-positive-rate, --mail-corpus and --mail-only-corpus need --base-corpus"
                )
            }
            return ([], nil)
        }
        let corpora = try CorpusSpecs(specs, weights: weights, option: "--base-corpus")
        try corpora.checkCorpusNames(thresholdCorpora)
        try corpora.checkCorpusNames(mailCorpora, option: "--mail-corpus")
        try corpora.checkCorpusNames(mailOnlyCorpora, option: "--mail-only-corpus")
        let caps = try corpora.falsePositiveCaps(falsePositiveCaps)
        let (groupCaps, groupOfCorpus) = TrainRun.thresholdGroups(
            records: corpora.named.map(\.name),
            chosen: thresholdCorpora.isEmpty ? corpora.named.map(\.name) : thresholdCorpora, caps: caps,
            pooledCap: pooledCap)
        var rows: [FeedbackTSV.Row] = []
        var groupOfText: [String: Int?] = [:]
        for (k, (name, path)) in corpora.named.enumerated() {
            let weight = corpora.weight(of: name)
            let lines = try CorpusFile.lines(path: path)
            rows += lines.map { line in
                FeedbackTSV.Row(
                    label: line.isSpam == true ? .spam : .ham, text: line.text, line: line.number,
                    weight: weight, isMail: mailCorpora.contains(name),
                    trainsMailReadingOnly: mailOnlyCorpora.contains(name))
            }
            for line in lines where groupOfText[line.text] == nil {
                groupOfText[line.text] = groupOfCorpus[k]
            }
        }
        guard !thresholdCorpora.isEmpty || !caps.isEmpty else { return (rows, nil) }
        let finalGroups = groupOfText
        return (rows, ThresholdGroups(caps: groupCaps, group: { finalGroups[$0] ?? 0 }))
    }
}
