import ArgumentParser
import Logging
import SpamConfig
import SpamIO

/// `-v/--verbose`, the logging convention of every command: quiet by default (warnings and errors
/// only, which procmail copies to its log), `-v` info, `-vv` debug, `-vvv` trace. Without the flag
/// the level comes from `SMSFILTER_LOG_LEVEL`, then `log_level` in the config file.
struct LoggingOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log more to stderr: -v info, -vv debug, -vvv trace.")
    var verbose: Int

    /// The level the flags ask for, or nil to let the environment and config file decide.
    var levelFromFlags: String? {
        switch verbose {
        case 0: return nil
        case 1: return "info"
        case 2: return "debug"
        default: return "trace"
        }
    }
}

extension LoggingOptions {
    /// The level in effect: `-v` flags, else `SMSFILTER_LOG_LEVEL`, else `log_level` from the
    /// config file (both already folded into `config`), else warning.
    func level(config: EffectiveConfiguration?) -> Logger.Level {
        let name = levelFromFlags ?? config?.value(for: .logLevel)
            ?? ProcessInfoLite.environment("SMSFILTER_LOG_LEVEL")?.lowercased()
        return name.flatMap { Logger.Level(rawValue: $0) } ?? .warning
    }

    /// A logger writing to stderr at the level in effect. No global bootstrap: each command makes
    /// its logger in `run()` and passes it down, so tests can run commands many times per process.
    func makeLogger(config: EffectiveConfiguration? = nil) -> Logger {
        let level = level(config: config)
        return Logger(label: "smsfilter") { _ in ConfigLogHandler(level: level) }
    }
}
