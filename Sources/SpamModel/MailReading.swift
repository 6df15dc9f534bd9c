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
        let spam = examples.count { $0.isMail && $0.isSpam }
        let ham = examples.count { $0.isMail && !$0.isSpam }
        return spam >= options.minimumMailsToReadApart && ham >= options.minimumMailsToReadApart
    }

    /// The mails of nested training, each with its held-out networks' score and its part.
    struct HeldOut {
        var examples: [TrainingExample] = []
        var networkScores: [Double] = []
        var parts: [Int] = []

        mutating func add(_ mails: [TrainingExample], networkScores scores: [Double], part: Int) {
            examples += mails
            networkScores += scores
            parts += mails.map { _ in part }
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
        let partCount = (heldOut.parts.max() ?? 0) + 1
        for part in 0..<partCount {
            let others = mails.indices.filter { heldOut.parts[$0] != part }
            let model = fit(others.map { mails[$0] }, options: options)
            for i in mails.indices where heldOut.parts[i] == part {
                let z = model.decisionValue(of: mails[i].text)
                scores[i] = model.mixed(networkProbability: heldOut.networkScores[i], decisionValue: z)
            }
        }
        let labels = mails.map(\.isSpam)
        let cut = EvaluationMetrics.chooseThreshold(
            scores: scores, labels: labels, maxFalsePositiveRate: options.mailMaxFalsePositiveRate)
        let held = EvaluationMetrics(scores: scores, labels: labels, threshold: cut)
        var model = fit(mails, options: options)
        let shift = logit(threshold) - logit(cut)
        model.bias += Float(shift / Double(options.mailNgramWeight))
        return Trained(
            model: model, heldOutScores: scores.map { sigmoid(logit($0) + shift) },
            description: "mails=\(mails.count) ngram_weight=\(options.mailNgramWeight) "
                + "max_fpr=\(options.mailMaxFalsePositiveRate) \(ClassifierTrainer.describe(held))")
    }

    /// An n-gram model of `mails`, each weighing what it weighs for the networks.
    static func fit(_ mails: [TrainingExample], options: TrainingOptions) -> NgramModel {
        NgramTrainer.train(
            texts: mails.map(\.text), isSpam: mails.map(\.isSpam),
            weights: mails.map { $0.weight * ($0.isSpam ? options.spamWeight : 1) },
            mixWeight: options.mailNgramWeight, seed: options.seed)
    }
}
