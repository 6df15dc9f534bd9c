import ArgumentParser
import SpamApp
import SpamModel

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

    @Option(
        help: ArgumentHelp(
            "Training corpus, one 'ham|spam<TAB>text' per line; repeat for several. Each is recorded in the model under its file name, or NAME with NAME=FILE.",
            valueName: "[name=]file"))
    var corpus: [String]

    @OptionGroup var recipe: TrainingRecipeOptions

    @Option(help: "Where to write the model file.")
    var out: String

    @Option(
        help: ArgumentHelp(
            "Choose the threshold on the held-out scores of this corpus only (by name); repeatable (default: all corpora).",
            valueName: "name"))
    var thresholdCorpus: [String] = []

    @Option(help: "Maximum epochs (training stops earlier when validation loss stops improving).")
    var epochs = TrainingOptions().maxEpochs

    @Option(help: "Messages per batch.")
    var batchSize = TrainingOptions().batchSize

    @Option(help: "LSTM hidden size H.")
    var hidden = TrainingOptions().hiddenSize

    @Option(help: "Tokens scored per message T.")
    var maxLen = TrainingOptions().maxLength

    @Option(help: "Share of the corpus held out for validation.")
    var validationFraction = TrainingOptions().validationFraction

    @Option(help: "Adam learning rate.")
    var learningRate = TrainingOptions().learningRate

    @Option(help: "Epochs without validation improvement before stopping.")
    var patience = TrainingOptions().patience

    @Option(help: "Probability of replacing a training token by <unk>.")
    var wordDropout = TrainingOptions().wordDropout

    @Option(help: "Dropout on the LSTM output while training.")
    var dropout = TrainingOptions().dropout

    @Option(help: "Networks (seeds) averaged; with --folds, the folds are trained this many times.")
    var ensemble = TrainingOptions().ensembleSize

    @Option(help: "k-fold training: one network per fold, threshold on out-of-fold scores (0: single split).")
    var folds = TrainingOptions().folds

    @Flag(
        inversion: .prefixedNo,
        help: "After k-fold training, ship one network trained on all data (else the fold networks' average)."
    )
    var finalFit = TrainingOptions().finalFit

    @Option(
        help:
            "k-fold training: choose the threshold by nested cross-validation over this many parts (0: on single fold networks' out-of-fold scores)."
    )
    var thresholdFolds = TrainingOptions().thresholdFolds

    @Option(help: "Highest validation ham false-positive rate the threshold may allow.")
    var maxFalsePositiveRate = TrainingOptions().maxFalsePositiveRate

    @Option(help: "Weights stored as float16 (small) or float32.")
    var weights: WeightEncodingOption = .float16

    @Option(
        help:
            "Write the held-out scores the threshold was chosen on ('label<TAB>score<TAB>corpus<TAB>text' lines)."
    )
    var heldOutScores: String?

    @Flag(inversion: .prefixedNo, help: "Start shouting messages (2+ all-capital words) with a <caps> token.")
    var markShouting = TrainingOptions().tokenizer.markShouting

    @Flag(
        inversion: .prefixedNo,
        help: "After <url>, the host's top-level domain (.com, .info) and <url-dash> for a hyphenated host.")
    var urlTraits = TrainingOptions().tokenizer.urlTraits

    @Flag(
        inversion: .prefixedNo,
        help:
            "Bare domains under today's cheap top-level domains (ezpass-tolls.help, usps.com-track.icu) are URLs."
    )
    var lureDomains = TrainingOptions().tokenizer.lureDomains

    @Flag(inversion: .prefixedNo, help: "Unknown words take the id of their longest known prefix.")
    var prefixFallback = TrainingOptions().prefixFallback

    @Flag(
        inversion: .prefixedNo,
        help:
            "Read disguised unknown words as the known word they spell (look-alike letters, fr33, C L A I M)."
    )
    var seeThroughDisguises = TrainingOptions().seesThroughDisguises

    @Flag(help: "Also emit URL hosts and e-mail domains after their shape tokens.")
    var keepRawShapes = false

    enum WeightEncodingOption: String, ExpressibleByArgument {
        case float16, float32
    }

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        try logging.start()
        var options = TrainingOptions()
        recipe.apply(to: &options)
        options.maxEpochs = epochs
        options.batchSize = batchSize
        options.hiddenSize = hidden
        options.maxLength = maxLen
        options.validationFraction = validationFraction
        options.learningRate = learningRate
        options.patience = patience
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
        options.tokenizer.lureDomains = lureDomains
        options.prefixFallback = prefixFallback
        options.seesThroughDisguises = seeThroughDisguises
        var train = TrainRun(corpora: corpus, out: out, options: options)
        train.corpusWeights = recipe.corpusWeight
        train.corpusFalsePositiveCaps = recipe.corpusMaxFalsePositiveRate
        train.thresholdCorpora = thresholdCorpus
        train.mailCorpora = recipe.mailCorpus
        train.mailOnlyCorpora = recipe.mailOnlyCorpus
        train.float16 = weights == .float16
        train.heldOutScoresPath = heldOutScores
        try train.run(progress: ProgressLines.standardError(), report: { print($0) })
    }
}
