/// Mail read apart from SMS: an n-gram model trained on the corpus's mails alone reads a mail in
/// place of the n-gram model of every message (`ClassifierModel.mailNgram`), and mail gets a cut
/// of its own.
///
/// Why: the networks and the n-gram model learn SMS and mail together, and what marks spam in
/// one says little in the other. Trained with the SpamAssassin corpus of 2002–2005, the bundled
/// model flagged 35 % of the legitimate mail of today (bank, shop and platform notices) that the
/// project's writers wrote, because in 2002 such mail was spam; trained with today's mail as
/// well, it flagged 2 of 95 legitimate SMS of the modern holdout instead of none
/// (docs/ACCURACY.md, run Z35). A reading of its own learns today's mail and leaves every SMS
/// score as it was (`TrainingExample.trainsMailReadingOnly`).
///
/// How: every mail gets a held-out score from nested training: its networks' score (the nested
/// round's ensemble that never saw it) moved by a mail n-gram model trained on the other parts'
/// mails. The mail cut is chosen on those scores by the threshold rule (the MCC plateau with at
/// most `TrainingOptions.mailMaxFalsePositiveRate` of legitimate mail flagged), and the shipped
/// model's bias is shifted so that the cut falls on the model's threshold: one threshold still
/// decides, and the spam and ham cutoffs mean for mail what they mean for SMS.
public enum MailReading {
    /// Whether training on `examples` with `options` reads mail apart.
    static func applies(to examples: [TrainingExample], options: TrainingOptions) -> Bool {
        guard options.mailNgramWeight > 0, options.ngramWeight > 0 else { return false }
        let read = examples.filter { $0.isMail && reads($0.text) }
        let spam = read.count(where: \.isSpam)
        let ham = read.count - spam
        return spam >= options.minimumMailsToReadApart && ham >= options.minimumMailsToReadApart
    }

    /// The mails of nested training, each with its held-out networks' score and its part.
    struct HeldOut {
        var examples: [TrainingExample] = []
        var networkScores: [Double] = []
        var parts: [Int] = []
        /// The n-gram model of every message of each mail's nested round, which reads its
        /// opening (`score`).
        var ngrams: [Int: NgramModel] = [:]

        mutating func add(
            _ mails: [TrainingExample], networkScores scores: [Double], part: Int, ngram: NgramModel?
        ) {
            examples += mails
            networkScores += scores
            parts += mails.map { _ in part }
            ngrams[part] = ngram
        }
    }

    struct Trained {
        /// Its bias shifted so that the mail cut falls on the threshold.
        var model: NgramModel
        /// The held-out score of each mail of `HeldOut`, in its order, shifted alike.
        var heldOutScores: [Double]
        /// For the model file's metadata.
        var description: String
    }

    /// Trains the mail reading on every mail of `heldOut`, chooses its cut on their held-out
    /// scores, and places the cut at `threshold`.
    static func train(heldOut: HeldOut, options: TrainingOptions, threshold: Double) -> Trained {
        let mails = heldOut.examples
        var scores = [Double](repeating: 0, count: mails.count)
        // With the opening's score counted (`score`), for the held-out figures; the cut is
        // chosen on the reading's own.
        var openings = [Double?](repeating: nil, count: mails.count)
        let partCount = (heldOut.parts.max() ?? 0) + 1
        for part in 0..<partCount {
            let others = mails.indices.filter { heldOut.parts[$0] != part }
            let model = fit(others.map { mails[$0] }, options: options)
            for i in mails.indices where heldOut.parts[i] == part {
                // One reading of the text serves the whole and the opening, as in a delivery.
                let (whole, opening) = NgramFeatures.mailReadings(of: mails[i].text)
                let p = heldOut.networkScores[i]
                scores[i] = model.mixed(networkProbability: p, decisionValue: model.decisionValue(whole))
                openings[i] = heldOut.ngrams[part].flatMap {
                    openingScore(of: opening, ngram: $0, networkProbability: p)
                }
            }
        }
        let labels = mails.map(\.isSpam)
        let cut = EvaluationMetrics.chooseThreshold(
            scores: scores, labels: labels, maxFalsePositiveRate: options.mailMaxFalsePositiveRate)
        let held = EvaluationMetrics(scores: scores, labels: labels, threshold: cut)
        var model = fit(mails, options: options)
        let shift = logit(threshold) - logit(cut)
        model.bias += Float(shift / Double(options.mailNgramWeight))
        // A mail's held-out score as a delivery reads it: the reading's moved by the shift, or
        // its opening's (already on the threshold's scale) when higher.
        let heldScores = zip(scores, openings).map { max(sigmoid(logit($0) + shift), $1 ?? 0) }
        return Trained(
            model: model, heldOutScores: heldScores,
            description: "mails=\(mails.count) ngram_weight=\(options.mailNgramWeight) "
                + "max_fpr=\(options.mailMaxFalsePositiveRate) \(ClassifierTrainer.describe(held))")
    }

    /// Whether the mail reading reads a mail of this text: one of at least `minimumLength`
    /// characters (Unicode scalars, so that a Thai SMS counts as an English one). A shorter one
    /// is read as an SMS (an SMS forwarded as mail by a gateway, a short note): the reading
    /// learnt mail of newsletters, notices and lures, and without this rule one held-out
    /// legitimate SMS sent as a mail was Spam 24 times of 60 (`scripts/mail-attacks.py`,
    /// docs/ACCURACY.md, run Z36), none with it.
    public static func reads(_ text: String) -> Bool { text.unicodeScalars.count >= minimumLength }

    /// 300 characters: of the SMS training texts, 4,445 of UCI's 4,475, 2,550 of the Thai
    /// collection's 2,642 and 2,387 of the 2,391 the project wrote are shorter; of the mails,
    /// 344 of SpamAssassin's 4,001 and 35 of the 811 written ones.
    public static let minimumLength = 300

    /// The score of a mail the mail reading reads (`reads`), from its networks' score `p`: the mail
    /// reading's of the whole mail, or, when higher, that of its opening (its first
    /// `NgramFeatures.windowWords` words) read by `ngram`, the n-gram model of every message, if
    /// that reads the opening as spam (a decision value of at least `openingMargin`). The reading
    /// reads a mail whole, and chat after a lure outweighed the lure there (caught 12 of 40 times
    /// after six chat messages, against 37 by the model before); the opening read by the n-gram
    /// model that knows SMS lures caught it 34 times (`scripts/mail-padding.py`, run Z36). One
    /// reading of the text serves both.
    public static func score(
        of text: String, networkProbability p: Double, reading: NgramModel, ngram: NgramModel?
    ) -> Double {
        let (whole, opening) = NgramFeatures.mailReadings(of: text)
        let read = reading.mixed(networkProbability: p, decisionValue: reading.decisionValue(whole))
        guard let ngram, let counted = openingScore(of: opening, ngram: ngram, networkProbability: p) else {
            return read
        }
        return max(read, counted)
    }

    /// The least decision value at which `ngram` reads a mail's opening as spam (`openingScore`).
    /// The opening counts for chat after a lure (`scripts/mail-padding.py`) and for nothing else
    /// measured: on the training parts of the SpamAssassin corpus and of `corpus/modern-mail`
    /// (which trained neither `ngram` nor the networks), no spam is caught by it at any margin,
    /// while today's legitimate mails whose subject and greeting read like an SMS offer ("Bonne
    /// nouvelle : vous avez un gain !", a 48-hour sale, a voucher for a review) are flagged by it.
    /// Legitimate written mails flagged, of 398, against lures caught after 3 / 6 / 12 chat
    /// messages, of 40 (model `94455280`): 0.25 (`NgramModel.openingMargin`, chosen before the
    /// written mails existed) 13, 31 / 34 / 31; 0.35 10, 31 / 28 / 29; 0.45 7, 30 / 26 / 27; 0.6 6,
    /// 30 / 22 / 19; never 5, 29 / 11 / 1 (docs/ACCURACY.md, run Z39).
    static let openingMargin = 0.45

    /// The score of a mail's opening read by `ngram`, when it reads it as spam; nil otherwise.
    static func openingScore(
        of opening: NgramFeatures.Counts?, ngram: NgramModel, networkProbability p: Double
    )
        -> Double?
    {
        guard let opening else { return nil }
        let z = ngram.decisionValue(opening)
        return z >= openingMargin ? ngram.mixed(networkProbability: p, decisionValue: z) : nil
    }

    /// Whether a window further into a mail that the reading reads may decide its score: only when
    /// `ngram`, the n-gram model of every message, reads one of the mail's endings (its last 16 or
    /// 32 words, the part those windows read, `NgramFeatures.endings(of:words:)`; `wordsRead`: how
    /// many words the networks read, nil for all) as spam, by `NgramModel.openingMargin` (0.25;
    /// raised to the opening's 0.45 it flagged no held-out legitimate mail fewer and caught fewer
    /// lures, docs/ACCURACY.md after Z39). The networks alone read the end of a legitimate mail of
    /// today (a shop's or a platform's footer, an order's summary) as an SMS model does, spam-like:
    /// on the training part of `corpus/modern-mail`, which never trained them, `8fd71551`'s flagged
    /// 16 of 398 legitimate mails that every other reading called legitimate, and caught no spam of
    /// 413 that nothing else caught. With the endings read as well, 2 of those flags stay, and
    /// lures after chat in a mail are caught as often as before (`scripts/mail-padding.py`: 33, 27
    /// and 21 of 40 after three, six and twelve chat messages; with the last 32 words only, 32, 24
    /// and 17; without the windows, 28, 9 and 2; docs/ROBUSTNESS.md, "A mail's end").
    public static func endingReadsAsSpam(of text: String, wordsRead: Int?, ngram: NgramModel?) -> Bool {
        guard let ngram else { return true }
        return NgramFeatures.endings(of: text, words: wordsRead).contains {
            ngram.decisionValue($0) >= NgramModel.openingMargin
        }
    }

    /// An n-gram model of `mails`, each weighing what it weighs for the networks.
    static func fit(_ mails: [TrainingExample], options: TrainingOptions) -> NgramModel {
        NgramTrainer.train(
            texts: mails.map(\.text), isSpam: mails.map(\.isSpam),
            weights: mails.map { $0.weight * ($0.isSpam ? options.spamWeight : 1) },
            mixWeight: options.mailNgramWeight, seed: options.seed)
    }
}
