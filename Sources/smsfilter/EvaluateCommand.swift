import ArgumentParser
import SpamApp
import SpamModel

/// `smsfilter evaluate`: scores a labelled corpus and prints the usual figures.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract:
            "Score a label<TAB>text corpus and print accuracy, precision, recall, F1, MCC, ham FPR, AUC.")

    @Option(help: "Corpus to evaluate on, one 'ham|spam<TAB>text' per line.")
    var corpus: String

    @OptionGroup var model: ModelOptions

    @Option(help: "Decision threshold (default: the model's).")
    var threshold: Double?

    @OptionGroup var output: FormatOptions

    func run() throws {
        let classifier = try SpamClassifier.load(path: try model.path())
        print(
            try EvaluationReport(corpus: corpus, model: classifier, threshold: threshold).text(
                format: output.chosen))
    }
}
