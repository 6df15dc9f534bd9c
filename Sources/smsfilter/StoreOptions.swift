import ArgumentParser
import SpamApp
import SpamStore

/// `--db PATH`, `-v` and `--syslog`: which feedback store to use, by the one rule of `AppContext` (`--db`,
/// else `$SMSFILTER_DB`, else `db` in the config file, else the XDG data directory).
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The SQLite feedback store (default: $SMSFILTER_DB, else `db` in the config file, else "
                + "$XDG_DATA_HOME/smsfilter/smsfilter.sqlite).",
            valueName: "path"))
    var db: String?

    @OptionGroup var logging: LoggingOptions

    /// The resolved settings, with the log set up by them; with `-v`, `store: PATH, model: PATH`.
    func context(model: String? = nil) throws -> AppContext {
        try logging.start(flags: [.db: db, .model: model])
    }

    /// The resolved database path.
    func path() throws -> String { try context().storePath }

    /// Opens the store; read-only opens never create a file.
    func open(readOnly: Bool = false) throws -> FeedbackStore {
        try FeedbackStore(path: try path(), readOnly: readOnly)
    }
}
