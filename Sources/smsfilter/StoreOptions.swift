import ArgumentParser
import SpamApp
import SpamConfig
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

    /// The resolved settings (`flags` over the environment and config files), with the log set up
    /// by them; with `-v`, `store: PATH, model: PATH`.
    func context(_ flags: [ConfigKey: String?] = [:]) throws -> AppContext {
        try logging.start(flags: flags.merging([.db: db]) { $1 })
    }

    /// The resolved database path.
    func path() throws -> String { try context().storePath }

    /// Opens the store; read-only opens never create a file.
    func open(readOnly: Bool = false) throws -> any StoreBackend {
        try StoreBackends.open(try path(), readOnly: readOnly)
    }
}
