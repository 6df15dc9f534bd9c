import ArgumentParser
import SpamApp
import SpamIO
import SpamModel
import SpamText

/// `smsfilter evaluate`: scores a labelled corpus and prints the usual figures.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a label<TAB>text corpus and print accuracy, precision, recall, F1, MCC, ham FPR, AUC.")

    @Option(help: "Corpus to evaluate on, one 'ham|spam<TAB>text' per line.")
    var corpus: String

    @Option(help: "Model file (default: the one classify uses: $SMSFILTER_MODEL, config `model`, the store's active model, the bundled one).")
    var model: String?

    @OptionGroup var store: StoreOptions

    @Option(help: "Decision threshold (default: the model's).")
    var threshold: Double?

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let classifier = try SpamClassifier.load(path: try store.context(model: model).modelPath())
        let messages = try CorpusFile.messages(path: corpus)
        let scores = classifier.spamProbabilities(of: messages.map(\.text), threads: 2)
        let m = EvaluationMetrics(
            scores: scores, labels: messages.map(\.isSpam), threshold: threshold ?? classifier.threshold)
        if json {
            print("""
                {"accuracy": \(fixed(m.accuracy)), "precision": \(fixed(m.precision)), "recall": \(fixed(m.recall)), \
                "f1": \(fixed(m.f1)), "mcc": \(fixed(m.mcc)), "fpr": \(fixed(m.falsePositiveRate)), "auc": \(fixed(m.auc)), \
                "threshold": \(fixed(m.threshold)), "tp": \(m.truePositives), "fp": \(m.falsePositives), \
                "tn": \(m.trueNegatives), "fn": \(m.falseNegatives)}
                """)
            return
        }
        print("""
            model \(classifier.modelID), \(m.count) messages, threshold \(fixed(m.threshold))
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
            """)
    }

    private func pad(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: " ", count: max(0, 14 - s.count)) + s
    }
}

/// A failure to report as `smsfilter: <message>` with the error exit status (3).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
