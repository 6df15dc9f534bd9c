import SpamText
import ArgumentParser
import SpamApp
import SpamConfig
import SpamIO
import SpamModel
import SpamRetrain
import SpamStore
#if canImport(Glibc)
import Glibc
#endif

/// `smsfilter retrain [--min-new N] [--force]`: train a candidate on the base corpus plus all
/// feedback and activate it only if it validates no worse than the active model.
struct Retrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Retrain from the base corpus plus feedback, behind a validation gate.",
        discussion: """
            The base corpus (label<TAB>text) comes from --base-corpus, $SMSFILTER_BASE_CORPUS or the \
            `base_corpus` key of the config file; keep_models, min_new, feedback_weight, models_dir, \
            epochs, folds and base_spam_tolerance are read from the config file too. The candidate is activated only if its validation MCC \
            and ham false-positive rate are no worse than the active model's on the same set; \
            otherwise it is kept as rejected, with the reason (see `smsfilter models list`).
            """)

    @Option(help: "Retrain only when at least this many messages were marked since the last retrain.")
    var minNew: Int?

    @Flag(help: "Retrain even without new marks.")
    var force = false

    @Option(help: ArgumentHelp("The base corpus TSV (label<TAB>text).", valueName: "path"))
    var baseCorpus: String?

    @Option(help: "Keep this many inactive models besides the active one.")
    var keep: Int?

    @Option(help: ArgumentHelp("Where model files go (default: <data dir>/models).", valueName: "dir"))
    var modelsDir: String?

    @Option(help: "Most training epochs (early stopping may end sooner).")
    var epochs: Int?

    @Option(help: ArgumentHelp(
        "While no model is registered, compare the first candidate with this model file instead of the bundled default; `none` activates the first candidate without comparison.",
        valueName: "path|none"))
    var baseline: String?

    @Option(help: "Cross-validation folds (networks in the model); 0 or 1 trains one network on a single split.")
    var folds: Int?

    @Option(help: ArgumentHelp("LSTM hidden size (small values for quick tests).", visibility: .hidden))
    var hiddenSize: Int?

    @Option(help: ArgumentHelp("Embedding size (small values for quick tests).", visibility: .hidden))
    var embeddingDim: Int?

    @Option(help: "Random seed for shuffling and initialisation.")
    var seed: UInt64 = 1

    @OptionGroup var store: StoreOptions

    func run() throws {
        let context = try store.context()
        let config = RetrainSetup(configuration: context.configuration)
        let db = try FeedbackStore(path: context.storePath)
        // Absolute, because the registry stores model paths that classify reads from anywhere.
        var settings = RetrainFlow.Settings(
            modelsDirectory: Retrain.absolute(
                try modelsDir ?? config.path("models_dir") ?? FilePath.join(FilePath.directory(of: db.path), "models")))
        settings.minNew = try minNew ?? config.integer("min_new", default: 1)
        settings.force = force
        settings.keepModels = try keep ?? config.integer("keep_models", default: 5)
        settings.seed = seed
        if let weight = config.value("feedback_weight").flatMap(Float.init) { settings.dataset.feedbackWeight = weight }
        if let text = config.value("base_spam_tolerance") {
            guard let tolerance = Double(text), (0...1).contains(tolerance) else {
                throw RetrainError.configuration("config key base_spam_tolerance: not a fraction from 0 to 1: \(text)")
            }
            settings.baseSpamTolerance = tolerance
        }
        let corpus = try config.loadCorpus(explicit: baseCorpus)
        if corpus.isEmpty {
            Retrain.say("no base corpus configured (--base-corpus, SMSFILTER_BASE_CORPUS or base_corpus in \(context.configuration.filePath)); training on feedback only")
        }
        var options = TrainingOptions()
        options.maxEpochs = try epochs ?? config.integer("epochs", default: Retrain.defaultEpochs)
        options.folds = try folds ?? config.integer("folds", default: options.folds)
        if let hiddenSize { options.hiddenSize = hiddenSize }
        if let embeddingDim { options.embeddingDim = embeddingDim }
        let trainer = ClassifierRetrainTrainer(options: options) { Retrain.say($0) }
        let baselineModel = try Retrain.baseline(baseline, context: context)
        let started = ProcessInfoLite.monotonicSeconds()
        let flow = RetrainFlow(settings: settings) { Retrain.say($0) }
        let outcome = try flow.run(
            store: db, corpus: corpus, trainer: trainer, now: ProcessInfoLite.now(), baseline: baselineModel)
        let seconds = fixed(ProcessInfoLite.monotonicSeconds() - started, decimals: 1)
        switch outcome {
        case .skipped(let reason):
            Retrain.say("retrain skipped: \(reason) (use --force to train anyway)")
        case .activated(let model, _):
            Retrain.say("activated model #\(model.id) \(model.path) (\(model.reason)) in \(seconds) s")
        case .rejected(let model, _):
            Retrain.say("rejected model #\(model.id): \(model.reason); the active model stays (\(seconds) s)")
        }
    }
}

extension Retrain {
    /// Epochs when neither --epochs nor the config say: the trainer's default; early stopping
    /// ends a run on train.tsv plus feedback after about 6 (about 12 s in a release build).
    static let defaultEpochs = TrainingOptions().maxEpochs

    /// Progress goes straight to fd 1: a cron log (a file, so stdout is block-buffered) should
    /// show how far a retrain got even if it is killed.
    static func say(_ line: String) {
        try? FileIO.writeAll(Array((line + "\n").utf8), to: 1)
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

    /// The base corpus: `--base-corpus`, else `$SMSFILTER_BASE_CORPUS`, else `base_corpus`.
    func loadCorpus(explicit: String?) throws -> [FeedbackTSV.Row] {
        guard let path = explicit ?? configuration.value(for: .baseCorpus) else { return [] }
        return try FeedbackTSV.parse(try FileIO.read(path: path), source: path)
    }
}
