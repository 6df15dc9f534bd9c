import ArgumentParser
import SpamApp

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
        let path =
            if let id {
                try ModelReport.registeredPath(id: id, storePath: try store.path())
            } else {
                try store.context([.model: model]).modelPath()
            }
        print(try ModelReport.show(path: path, format: output.chosen))
    }
}
