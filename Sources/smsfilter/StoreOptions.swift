import ArgumentParser
import SpamStore

/// `--db PATH`: which feedback store to use (else `$SMSFILTER_DB`, else the XDG data directory).
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The SQLite feedback store (default: $SMSFILTER_DB, else $XDG_DATA_HOME/smsfilter/smsfilter.sqlite).",
        valueName: "path"))
    var db: String?

    /// The resolved database path.
    var path: String { StoreLocation.resolve(explicit: db) }

    /// Opens the store; read-only opens never create a file.
    func open(readOnly: Bool = false) throws -> FeedbackStore {
        try FeedbackStore(path: path, readOnly: readOnly)
    }
}
