public import SpamStore

/// The training and validation sets of one retrain, built from the base corpus and the feedback.
///
/// Every text is assigned to validation or training by a hash of its normalised text, so the
/// split is the same on every run (a message never moves from validation into training and
/// back) and needs no stored state. Feedback overrides a base-corpus row with the same text: the
/// user's label is ground truth. Feedback is held out at a higher rate than the corpus so that
/// the validation set always includes recent feedback.
public struct RetrainDataset: Sendable {
    public var training: [LabeledText]
    public var validation: [LabeledText]
    /// For each validation example: true when it is the user's feedback (never seen by a model
    /// built before it was marked, such as the bundled default model).
    public var validationIsFeedback: [Bool]
    /// SHA-256 over the training set (labels, weights and texts in order), recorded in the
    /// registry so that "nothing changed" can be seen.
    public var trainingDigest: String

    /// How the split is made.
    public struct Options: Sendable {
        /// Loss weight of a feedback example (corpus examples weigh their row's weight, 1 unless
        /// `--corpus-weight` says otherwise).
        public var feedbackWeight: Float = 4
        /// One in this many corpus texts goes to validation.
        public var corpusHoldout: Int = 10
        /// One in this many feedback texts goes to validation.
        public var feedbackHoldout: Int = 4
        /// Feedback marked at or after this time is "recent": at least one recent spam and one
        /// recent ham are always held out, whatever the hash says.
        public var recentSince: Double = .infinity

        public init(
            feedbackWeight: Float = 4, corpusHoldout: Int = 10, feedbackHoldout: Int = 4,
            recentSince: Double = .infinity
        ) {
            self.feedbackWeight = feedbackWeight
            self.corpusHoldout = corpusHoldout
            self.feedbackHoldout = feedbackHoldout
            self.recentSince = recentSince
        }
    }

    public init(corpus: [FeedbackTSV.Row], feedback: [FeedbackRecord], options: Options = Options()) {
        var feedbackDigests = Set<String>()
        for record in feedback { feedbackDigests.insert(FeedbackDigest.of(record.text)) }
        var training: [LabeledText] = []
        var validation: [LabeledText] = []
        var validationIsFeedback: [Bool] = []
        for row in corpus {
            let digest = FeedbackDigest.of(row.text)
            if feedbackDigests.contains(digest) { continue }
            let example = LabeledText(
                text: row.text, isSpam: row.label == .spam, weight: row.weight, isMail: row.isMail,
                trainsMailReadingOnly: row.trainsMailReadingOnly)
            if RetrainDataset.bucket(digest, options.corpusHoldout) {
                validation.append(
                    LabeledText(
                        text: row.text, isSpam: row.label == .spam, weight: 1, isMail: row.isMail,
                        trainsMailReadingOnly: row.trainsMailReadingOnly))
                validationIsFeedback.append(false)
            } else {
                training.append(example)
            }
        }
        // The newest spam and ham marks are held out for sure, so the gate always sees the
        // user's latest corrections even when the hash would put them all in training.
        var forced = Set<String>()
        for label in [FeedbackLabel.spam, .ham] {
            if let newest = feedback.filter({ $0.label == label && $0.updated >= options.recentSince })
                .max(by: { ($0.updated, $0.digest) < ($1.updated, $1.digest) })
            {
                forced.insert(newest.digest)
            }
        }
        for record in feedback {
            let example = LabeledText(
                text: record.text, isSpam: record.label == .spam, weight: options.feedbackWeight,
                isMail: record.isMail)
            let digest = FeedbackDigest.of(record.text)
            if forced.contains(record.digest) || RetrainDataset.bucket(digest, options.feedbackHoldout) {
                validation.append(
                    LabeledText(
                        text: record.text, isSpam: record.label == .spam, weight: 1, isMail: record.isMail))
                validationIsFeedback.append(true)
            } else {
                training.append(example)
            }
        }
        self.training = training
        self.validation = validation
        self.validationIsFeedback = validationIsFeedback
        var hasher = SHA256()
        for example in training {
            // A mail's row is marked `m`, a mail that trains the reading of mail alone `mm`; a
            // text's reads as before mail was told apart.
            hasher.update((example.trainsMailReadingOnly ? "mm" : example.isMail ? "m" : "").utf8)
            hasher.update((example.isSpam ? "s\(example.weight)\t" : "h\(example.weight)\t").utf8)
            hasher.update(example.text.utf8)
            hasher.update([0x0a])
        }
        trainingDigest = hasher.finalizeHex()
    }

    /// The base corpus's held-out rows with the corpus's own labels, feedback or not: the fixed
    /// slice the gate's base-corpus guard judges every candidate on.
    public static func heldOutCorpus(_ corpus: [FeedbackTSV.Row], options: Options) -> [FeedbackTSV.Row] {
        corpus.filter { bucket(FeedbackDigest.of($0.text), options.corpusHoldout) }
    }

    /// True when a hex digest falls in the held-out bucket (one in `every`).
    static func bucket(_ digest: String, _ every: Int) -> Bool {
        guard every > 0 else { return false }
        var value: UInt64 = 0
        for byte in digest.utf8.prefix(12) {
            let nibble: UInt8 =
                byte >= UInt8(ascii: "a") ? byte - UInt8(ascii: "a") + 10 : byte &- UInt8(ascii: "0")
            value = value << 4 | UInt64(nibble & 0x0f)
        }
        return value % UInt64(every) == 0
    }
}
