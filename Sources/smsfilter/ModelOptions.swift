import ArgumentParser

/// `--model` and the store options, on commands that score with the model classify uses.
struct ModelOptions: ParsableArguments {
    @Option(
        help:
            "Model file (default: the one classify uses: $SMSFILTER_MODEL, config `model`, the store's active model, the bundled one)."
    )
    var model: String?

    @OptionGroup var store: StoreOptions

    /// `--model`, else classify's resolution; starts the log as `StoreOptions.context` does.
    func path() throws -> String {
        try store.context([.model: model]).modelPath()
    }
}
