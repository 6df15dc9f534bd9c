import ArgumentParser
import SpamModel

/// The recipe options `train` and `retrain` share, with one meaning and one default each
/// (`TrainingOptions`): how corpora weigh in the loss and cap the threshold's false positives, which tokens the vocabulary keeps, the
/// embedding size and the seed.
struct TrainingRecipeOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Loss weight of one corpus's messages, by name (default 1); repeatable.", valueName: "name=weight"
        ))
    var corpusWeight: [String] = []

    @Option(
        help: ArgumentHelp(
            "Highest held-out ham false-positive rate the threshold may allow on this corpus alone; repeatable. The other threshold corpora share one cap (0.003; train: --max-false-positive-rate).",
            valueName: "name=rate"))
    var corpusMaxFalsePositiveRate: [String] = []

    @Option(
        help: ArgumentHelp(
            "This corpus holds mails' texts (as 'smsfilter db export' writes them): the model reads them with a mark of their own, as classify reads a mail, and learns mail apart from SMS; repeatable.",
            valueName: "name"))
    var mailCorpus: [String] = []

    @Option(
        help: ArgumentHelp(
            "This corpus holds mails' texts and trains the reading of mail only (--mail-ngram-weight), never the networks or the reading of SMS; repeatable.",
            valueName: "name"))
    var mailOnlyCorpus: [String] = []

    @Option(help: "Tokens seen fewer times in training stay unknown.")
    var minCount = TrainingOptions().minCount

    @Option(help: "Loss weight of spam examples relative to ham.")
    var spamWeight = TrainingOptions().spamWeight

    @Option(
        help: ArgumentHelp(
            "How far the n-gram model (word and character n-grams of the raw text, a linear SVM beside the networks) moves each message's logit per unit of its decision value; 0 trains none.",
            valueName: "weight"))
    var ngramWeight = TrainingOptions().ngramWeight

    @Option(
        help: ArgumentHelp(
            "With at least 200 mails of each label among the corpora, mail is read by an n-gram model trained on the mails alone, moving the networks' logit this far per unit, with a cut of its own (a mail shorter than 300 characters is read as an SMS); 0 reads mail as SMS is read.",
            valueName: "weight"))
    var mailNgramWeight = TrainingOptions().mailNgramWeight

    @Option(help: "Embedding size E.")
    var embeddingDim = TrainingOptions().embeddingDim

    @Option(help: "Random seed for shuffling and initialisation.")
    var seed: UInt64 = TrainingOptions().seed

    /// `options` with this recipe (the corpus weights go to the run, by name).
    func apply(to options: inout TrainingOptions) {
        options.minCount = minCount
        options.spamWeight = spamWeight
        options.ngramWeight = ngramWeight
        options.mailNgramWeight = mailNgramWeight
        options.embeddingDim = embeddingDim
        options.seed = seed
    }
}
