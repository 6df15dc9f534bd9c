import ArgumentParser
import SpamApp

/// `smsfilter models list|activate ID|rollback`: the model registry.
struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List registered models, show what one was trained on, activate one, or roll back.",
        subcommands: [ModelsList.self, ModelsShow.self, ModelsActivate.self, ModelsRollback.self],
        defaultSubcommand: ModelsList.self)
}

struct ModelsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List models, newest first.")

    @OptionGroup var store: StoreOptions

    @OptionGroup var output: FormatOptions

    func run() throws {
        print(StoreReport.models(try store.open(readOnly: true).models(), format: output.chosen))
    }
}

struct ModelsActivate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activate", abstract: "Make model ID the active one.")

    @OptionGroup var store: StoreOptions

    @Argument(help: "The model id (see `models list`).")
    var id: Int64

    func run() throws {
        print(try ModelActivation.activate(id: id, storePath: try store.path()))
    }
}

struct ModelsRollback: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback", abstract: "Return to the model that was active before the current one.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        print(try ModelActivation.rollback(storePath: try store.path()))
    }
}
