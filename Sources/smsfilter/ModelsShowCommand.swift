import ArgumentParser
import SpamApp
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

    @OptionGroup var output: FormatOptions

    func validate() throws {
        if id != nil && model != nil { throw ValidationError("give a model id or --model, not both") }
    }

    func run() throws {
        let path = try resolvedPath()
        print(ModelReport.show(try SpamClassifier.load(path: path), path: path, format: output.chosen))
    }

    private func resolvedPath() throws -> String {
        if let id {
            guard let registered = try store.open(readOnly: true).model(id: id) else {
                throw StoreError.notFound("no model with id \(id) (see `smsfilter models list`)")
            }
            return registered.path
        }
        return try store.context(model: model).modelPath()
    }
}
