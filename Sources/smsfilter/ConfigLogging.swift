import ArgumentParser
import SpamConfig

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
