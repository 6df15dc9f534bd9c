public import SpamNN
public import SpamText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Everything a trained classifier is: how to tokenize, the vocabulary, the network's shape and
/// weights, the decision threshold, and how it was made. Saved as one file (`ModelFile`).
public struct ClassifierModel: Sendable {
    public var tokenizerOptions: TokenizerOptions
    public var vocabulary: Vocabulary
    public var shape: ClassifierShape
    /// Messages are cut to their first `maxLength` tokens before scoring.
    public var maxLength: Int
    /// Flat parameters of each network; several networks form an averaged ensemble.
    public var networks: [[Float]]
    /// Spam probability at and above which a message is spam.
    public var threshold: Double
    public var metadata: ModelMetadata
    /// Unknown words take the id of their longest known prefix (`Vocabulary.idFallingBackToPrefix`).
    public var prefixFallback: Bool
    /// Unknown words that read as known ones once their disguise is seen through (look-alike
    /// letters of other scripts, `fr33`, `C L A I M`) take that word's id
    /// (`Vocabulary.idSeeingThroughDisguise`, `DisguisedWords`). Off for model files made before
    /// it existed, so they score as they always did.
    public var seesThroughDisguises: Bool
    /// The n-gram model read beside the networks (`NgramModel`); nil for a model without one,
    /// which scores as models always did.
    public var ngram: NgramModel?
    /// The n-gram model that reads mail in `ngram`'s place, trained on mail alone
    /// (`MailReading`); nil for a model without one, which reads mail with
    /// `ngram`. Its bias places a mail's cut, chosen on mail's own held-out scores, at
    /// `threshold`, so one threshold decides for both (`movingThreshold(to:)` keeps it there).
    public var mailNgram: NgramModel?

    public init(
        tokenizerOptions: TokenizerOptions, vocabulary: Vocabulary, shape: ClassifierShape,
        maxLength: Int, networks: [[Float]], threshold: Double, metadata: ModelMetadata,
        prefixFallback: Bool = false, seesThroughDisguises: Bool = false, ngram: NgramModel? = nil,
        mailNgram: NgramModel? = nil
    ) {
        self.ngram = ngram
        self.mailNgram = mailNgram
        self.prefixFallback = prefixFallback
        self.seesThroughDisguises = seesThroughDisguises
        self.tokenizerOptions = tokenizerOptions
        self.vocabulary = vocabulary
        self.shape = shape
        self.maxLength = maxLength
        self.networks = networks
        self.threshold = threshold
        self.metadata = metadata
    }

    /// Moves the threshold and, with it, the cut of the mail reading (`mailNgram`), so that the
    /// mails its own threshold rule chose to call spam stay spam: its bias shifts by the change
    /// of the threshold's logit over its mix weight.
    public mutating func movingThreshold(to newThreshold: Double) {
        if var mail = mailNgram, mail.mixWeight > 0 {
            let shift = (logit(newThreshold) - logit(threshold)) / Double(mail.mixWeight)
            mail.bias += Float(shift)
            mailNgram = mail
        }
        threshold = newThreshold
    }
}

/// `ln(p / (1 − p))`, `p` kept within 1e-7 of 0 and 1.
func logit(_ p: Double) -> Double {
    let q = min(max(p, 1e-7), 1 - 1e-7)
    return log(q / (1 - q))
}

/// `1 / (1 + e^−x)`.
func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

/// How a model was made: kept in the file so `smsfilter models` and users can tell.
public struct ModelMetadata: Sendable, Equatable {
    /// Ordered key/value pairs: creation date, corpus digest, hyperparameters, validation metrics.
    public var entries: [(String, String)]

    public init(_ entries: [(String, String)] = []) { self.entries = entries }

    public subscript(key: String) -> String? {
        get { entries.first { $0.0 == key }?.1 }
        set {
            entries.removeAll { $0.0 == key }
            if let newValue { entries.append((key, newValue)) }
        }
    }

    public static func == (a: ModelMetadata, b: ModelMetadata) -> Bool {
        a.entries.map { $0.0 + "=" + $0.1 } == b.entries.map { $0.0 + "=" + $0.1 }
    }
}
