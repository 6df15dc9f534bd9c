import SpamText
import ArgumentParser
import SpamApp
import SpamIO
import SpamMail
import SpamModel
import SpamStore

/// `smsfilter models show [ID]`: what a model was trained on and how it scored when it was made.
struct ModelsShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show what a model was trained on: its corpora, settings and validation figures.",
        discussion: """
            Without an ID or --model, shows the model classify uses (--model, $SMSFILTER_MODEL, the \
            config file's model, the store's active model, else the bundled one).
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("A model file to show instead.", valueName: "path"))
    var model: String?

    @Argument(help: "A registered model's id (see `models list`).")
    var id: Int64?

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    enum ReportFormat: String, ExpressibleByArgument {
        case text, json
    }

    func run() throws {
        let path = try resolvedPath()
        let classifier = try SpamClassifier.load(path: path)
        let corpora = classifier.metadata.trainingCorpora
        let others = classifier.metadata.entries.filter { !$0.0.hasPrefix("corpus.") }
        switch format {
        case .json: print(json(path: path, classifier: classifier, corpora: corpora, others: others))
        case .text:
            let shape = classifier.shape
            print("model \(classifier.modelID) \(path)")
            print("threshold \(fixed(classifier.threshold)); \(classifier.networkCount) networks, "
                + "E=\(shape.embeddingDim) H=\(shape.hiddenSize), vocabulary \(shape.vocabularySize) tokens")
            if corpora.isEmpty {
                print("trained on: not recorded (a model made before corpora were recorded)")
            } else {
                print("trained on:")
                let width = corpora.map(\.name.count).max() ?? 0
                for corpus in corpora {
                    let padded = corpus.name + String(repeating: " ", count: width - corpus.name.count)
                    print("  \(padded)  \(corpus.messages) messages (\(corpus.ham) ham, \(corpus.spam) spam)"
                        + (corpus.weight == 1 ? "" : ", weight \(corpus.weight)") + ", sha256 \(corpus.sha256)")
                }
            }
            for (key, value) in others { print("\(key): \(value)") }
        }
    }

    private func resolvedPath() throws -> String {
        if let id {
            guard model == nil else { throw ValidationError("give a model id or --model, not both") }
            guard let registered = try store.open(readOnly: true).model(id: id) else {
                throw StoreError.notFound("no model with id \(id) (see `smsfilter models list`)")
            }
            return registered.path
        }
        return try store.context(model: model).modelPath()
    }

    private func json(
        path: String, classifier: SpamClassifier, corpora: [TrainingCorpus], others: [(String, String)]
    ) -> String {
        let quoted = VerdictFormat.json
        let corpusObjects = corpora.map {
            "{\"name\": \(quoted($0.name)), \"messages\": \($0.messages), \"ham\": \($0.ham), \"spam\": \($0.spam), "
                + "\"weight\": \($0.weight), \"sha256\": \(quoted($0.sha256))}"
        }
        let metadata = others.map { "\(quoted($0.0)): \(quoted($0.1))" }
        return "{\"id\": \(quoted(classifier.modelID)), \"path\": \(quoted(path)), "
            + "\"threshold\": \(fixed(classifier.threshold)), \"networks\": \(classifier.networkCount), "
            + "\"vocabulary\": \(classifier.shape.vocabularySize), "
            + "\"corpora\": [\(corpusObjects.joined(separator: ", "))], "
            + "\"metadata\": {\(metadata.joined(separator: ", "))}}"
    }
}
