import ArgumentParser
import SpamApp

/// `smsfilter db check|export|import|prune`: maintenance of the feedback store.
struct DB: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Check, export, import or prune the feedback store.",
        subcommands: [DBCheck.self, DBExport.self, DBImport.self, DBPrune.self])
}

/// `smsfilter db check`: SQLite integrity check plus schema version.
struct DBCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Run SQLite's integrity check (exit 3 when damaged).")

    @OptionGroup var store: StoreOptions

    @OptionGroup var output: FormatOptions

    func run() throws {
        let check = try StoreMaintenance.check(storePath: try store.path(), format: output.chosen)
        if let report = check.report { print(report) }
        if !check.healthy { throw ExitCode(SMSFilter.errorExitCode) }
    }
}

/// `smsfilter db export [FILE]`: feedback as `label<TAB>text` lines.
struct DBExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write all feedback as TSV (label<TAB>text) to FILE or stdout.")

    @OptionGroup var store: StoreOptions

    @Argument(help: "Output file (stdout when omitted); written atomically, mode 0600.")
    var output: String?

    func run() throws {
        try StoreMaintenance.export(storePath: try store.path(), to: output)
    }
}

/// `smsfilter db import [FILE...]`: feedback from TSV.
struct DBImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Add TSV feedback (label<TAB>text) from FILEs or stdin.")

    @OptionGroup var store: StoreOptions

    @Argument(help: "TSV files (stdin when none).")
    var files: [String] = []

    func run() throws {
        print(try StoreMaintenance.importFeedback(paths: files, storePath: try store.path()))
    }
}

/// `smsfilter db prune`: the retention policy run from cron.
struct DBPrune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Delete old classification-log rows and forecasts.")

    @OptionGroup var store: StoreOptions

    @Option(
        help:
            "Keep this many days of classification log (default: log_retention_days from the configuration, else 90)."
    )
    var logDays: Double?

    @Option(help: "Keep this many days of forecasts.")
    var forecastDays: Double = 30

    func run() throws {
        // A broken config file is an error here, as for every command but the filter itself.
        print(
            try StoreMaintenance.prune(
                context: try store.context(), logDays: logDays, forecastDays: forecastDays))
    }
}
