import ArgumentParser
import Logging
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

    /// Makes the process's logger follow these flags and `config` (nil: the config could not be
    /// read) and returns it.
    @discardableResult
    func start(config: EffectiveConfiguration?) -> Logger {
        AppLog.use(LogSettings.resolve(verbosity: verbose, syslog: syslog, configuration: config))
        return AppLog.logger
    }

    /// Reads the settings with `flags` on top (a broken config file is an error, as for every
    /// command but the filter) and starts the log (`AppContext.start`).
    @discardableResult
    func start(flags: [ConfigKey: String?] = [:]) throws -> AppContext {
        try AppContext.start(flags: flags, verbosity: verbose, syslog: syslog)
    }
}
