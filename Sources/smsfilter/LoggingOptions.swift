import ArgumentParser
import SpamApp
import SpamConfig

/// `-v/--verbose` and `--syslog`, the logging options of every command: quiet by default
/// (warnings and errors only, which procmail copies to its log), `-v` info, `-vv` debug, `-vvv`
/// trace; the rest of the rule is `LogSettings.resolve`.
struct LoggingOptions: ParsableArguments {
    @Flag(
        name: .shortAndLong,
        help: "Log more: -v info, -vv debug, -vvv trace (default: log_level, else warning).")
    var verbose: Int

    @Flag(
        help: "Log to syslog (facility mail) instead of stderr, as bogofilter -l does (config: syslog = yes)."
    )
    var syslog = false

    /// Makes the process's logger follow these flags alone, for commands that print without
    /// reading the config (so never fail on it).
    func startWithoutConfiguration() {
        AppLog.use(LogSettings.resolve(verbosity: verbose, syslog: syslog, configuration: nil))
    }

    /// Reads the settings with `flags` on top (a broken config file is an error, as for every
    /// command but the filter) and starts the log (`AppContext.start`).
    @discardableResult
    func start(flags: [ConfigKey: String?] = [:]) throws -> AppContext {
        try AppContext.start(flags: flags, verbosity: verbose, syslog: syslog)
    }
}
