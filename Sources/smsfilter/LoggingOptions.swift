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

    /// The level the flags ask for, or nil to let the environment and config file decide.
    var levelFromFlags: String? {
        switch verbose {
        case 0: return nil
        case 1: return "info"
        case 2: return "debug"
        default: return "trace"
        }
    }

    /// Makes the process's logger follow these flags and `config` (nil: the config could not be
    /// read) and returns it.
    @discardableResult
    func start(config: EffectiveConfiguration?) -> Logger {
        AppLog.use(LogSettings.resolve(verbosity: verbose, syslog: syslog, configuration: config))
        return AppLog.logger
    }

    /// For commands without a store option: reads the settings (a broken config file is an
    /// error, as for every command but the filter), starts the log and, with `-v`, logs the
    /// `store: …, model: …` line every command logs.
    @discardableResult
    func start() throws -> Logger {
        let context = try AppContext.load()
        let logger = start(config: context.configuration)
        logger.info("\(context.resolutionSummary())")
        return logger
    }
}
