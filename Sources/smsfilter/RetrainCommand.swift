import ArgumentParser
import SpamApp

/// `smsfilter retrain [--min-new N] [--force]`: train a candidate on the base corpus plus all
/// feedback and activate it only if it validates no worse than the active model.
struct Retrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Retrain from the base corpus plus feedback, behind a validation gate.",
        discussion: """
            The base corpus (label<TAB>text) comes from --base-corpus, $SMSFILTER_BASE_CORPUS or the \
            `base_corpus` key of the config file. Several --base-corpus files with --corpus-weight, \
            --threshold-corpus, --corpus-max-false-positive-rate, --embedding-dim and --min-count retrain with the bundled model's recipe \
            (scripts/train-bundled.sh names it); keep_models, min_new, feedback_weight, models_dir, \
            epochs, folds, base_spam_tolerance, min_feedback_only and guard_corpus are read from the config file too. \
            Without a base corpus it trains on the marks alone, and only once there are min_feedback_only (200) spam \
            and as many ham marks. The candidate is activated only if its validation MCC \
            and ham false-positive rate are no worse than the active model's on the same set, it lets through at most \
            base_spam_tolerance (10%) of the held-out base-corpus spam the active model catches, and on the guard set \
            (today's messages and mails the project wrote, installed with the bundled model; the mails read as mail) it newly flags at most 1% of the \
            legitimate messages and newly lets through at most base_spam_tolerance of the spam; \
            otherwise it is kept as rejected, with the reason (see `smsfilter models list`).
            """)

    @Option(help: "Retrain only when at least this many messages were marked since the last retrain.")
    var minNew: Int?

    @Flag(help: "Retrain even without new marks.")
    var force = false

    @Option(
        help: ArgumentHelp(
            "A base corpus TSV (label<TAB>text); repeat for several, named by file name or NAME=FILE.",
            valueName: "[name=]path"))
    var baseCorpus: [String] = []

    @OptionGroup var recipe: TrainingRecipeOptions

    @Option(
        help: ArgumentHelp(
            "Choose the threshold on this base corpus's held-out scores (and the feedback's) only; repeatable.",
            valueName: "name"))
    var thresholdCorpus: [String] = []

    @Option(help: "Keep this many inactive models besides the active one.")
    var keep: Int?

    @Option(help: ArgumentHelp("Where model files go (default: <data dir>/models).", valueName: "dir"))
    var modelsDir: String?

    @Option(help: "Most training epochs (early stopping may end sooner).")
    var epochs: Int?

    @Option(
        help: ArgumentHelp(
            "While no model is registered, compare the first candidate with this model file instead of the bundled default; `none` activates the first candidate without comparison.",
            valueName: "path|none"))
    var baseline: String?

    @Option(
        help: ArgumentHelp(
            "Labelled messages a candidate is also judged on against the current model (default: `guard_corpus` in the config file, else the guard set installed with the bundled model); `none`: no such check.",
            valueName: "path|none"))
    var guardCorpus: String?

    @Option(
        help: "Cross-validation folds (networks in the model); 0 or 1 trains one network on a single split.")
    var folds: Int?

    @Option(help: ArgumentHelp("LSTM hidden size (small values for quick tests).", visibility: .hidden))
    var hiddenSize: Int?

    @OptionGroup var store: StoreOptions

    func run() throws {
        var retrain = RetrainRun()
        retrain.minNew = minNew
        retrain.force = force
        retrain.baseCorpora = baseCorpus
        retrain.corpusWeights = recipe.corpusWeight
        retrain.corpusFalsePositiveCaps = recipe.corpusMaxFalsePositiveRate
        recipe.apply(to: &retrain.options)
        retrain.thresholdCorpora = thresholdCorpus
        retrain.mailCorpora = recipe.mailCorpus
        retrain.mailOnlyCorpora = recipe.mailOnlyCorpus
        retrain.keep = keep
        retrain.modelsDir = modelsDir
        retrain.epochs = epochs
        retrain.baseline = baseline
        retrain.guardCorpus = guardCorpus
        retrain.folds = folds
        retrain.hiddenSize = hiddenSize
        try retrain.run(context: try store.context(), say: ProgressLines.standardOutput)
    }
}
