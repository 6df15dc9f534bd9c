import SpamMail
public import SpamModel
import SpamText

/// `evaluate`: a corpus scored by a model, and the usual figures as text or JSON.
public struct EvaluationReport {
    public let modelID: String
    public let metrics: EvaluationMetrics

    /// Messages of the corpus that the verdict rules held back from Spam (`ScoredVerdict`: no
    /// words, a short remark), though their score reached the threshold.
    public let heldBack: Int

    /// Scores every message of the corpus file at `threshold` (nil: the model's). A message counts
    /// as flagged when the filter would call it Spam: its score reaches the threshold and no
    /// verdict rule holds it at Unsure (each line is read as an SMS, as `classify --input tsv`
    /// reads it), so these figures are the filter's.
    public init(corpus path: String, model: SpamClassifier, threshold: Double?) throws {
        let messages = try CorpusFile.messages(path: path)
        let scores = model.spamProbabilities(of: messages.map(\.text), threads: 2)
        let threshold = threshold ?? model.threshold
        let flagged = zip(messages, scores).map { message, score in
            score >= threshold
                && ScoredVerdict(
                    score: score, cutoffs: Cutoffs(threshold: threshold), text: message.text, isMail: false,
                    rule: nil
                ).verdict == .spam
        }
        modelID = model.modelID
        heldBack = zip(scores, flagged).filter { $0.0 >= threshold && !$0.1 }.count
        metrics = EvaluationMetrics(
            scores: scores, labels: messages.map(\.isSpam), threshold: threshold, flagged: flagged)
    }

    public func text(format: ReportFormat) -> String {
        let m = metrics
        if format == .json {
            return JSONValue.object([
                ("model", .string(modelID)), ("messages", .int(m.count)),
                ("accuracy", .number(m.accuracy, decimals: 4)),
                ("precision", .number(m.precision, decimals: 4)),
                ("recall", .number(m.recall, decimals: 4)), ("f1", .number(m.f1, decimals: 4)),
                ("mcc", .number(m.mcc, decimals: 4)), ("fpr", .number(m.falsePositiveRate, decimals: 4)),
                ("auc", .number(m.auc, decimals: 4)), ("threshold", .number(m.threshold, decimals: 4)),
                ("tp", .int(m.truePositives)), ("fp", .int(m.falsePositives)), ("tn", .int(m.trueNegatives)),
                ("fn", .int(m.falseNegatives)), ("held_back", .int(heldBack)),
            ]).text
        }
        func pad(_ n: Int) -> String {
            let s = String(n)
            return String(repeating: " ", count: max(0, 14 - s.count)) + s
        }
        return """
            model \(modelID), \(m.count) messages, threshold \(fixed(m.threshold))
                            predicted spam  predicted ham
              actual spam   \(pad(m.truePositives))  \(pad(m.falseNegatives))
              actual ham    \(pad(m.falsePositives))  \(pad(m.trueNegatives))
            accuracy  \(fixed(m.accuracy))
            precision \(fixed(m.precision))  (spam)
            recall    \(fixed(m.recall))  (spam)
            F1        \(fixed(m.f1))
            MCC       \(fixed(m.mcc))
            ham FPR   \(fixed(m.falsePositiveRate))  (\(m.falsePositives) of \(m.falsePositives + m.trueNegatives) ham marked spam)
            ROC AUC   \(fixed(m.auc))
            """ + (heldBack == 0 ? "" : "\n" + heldBackLine)
    }

    private var heldBackLine: String {
        "held back \(heldBack) over the threshold at Unsure (no words, or a short remark)"
    }
}
