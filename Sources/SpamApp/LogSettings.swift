public import Logging
public import SpamConfig
import Synchronization

/// Where the log goes and how much of it: the same rule for every command. The level: `-v`
/// (info), `-vv` (debug), `-vvv` (trace), else `log_level` (`$SMSFILTER_LOG_LEVEL`, then the
/// config files), else warning. The destination: syslog (facility mail) with `--syslog` or
/// `syslog = yes`, else stderr.
public struct LogSettings: Sendable, Equatable {
    public enum Destination: Sendable, Equatable {
        case stderr
        case syslog
    }

    public var level: Logger.Level
    public var destination: Destination

    public init(level: Logger.Level = .warning, destination: Destination = .stderr) {
        self.level = level
        self.destination = destination
    }

    /// The settings from the flags (`verbosity`: how many `-v`; `syslog`: `--syslog`) and the
    /// configuration (nil when it could not be read: the defaults apply).
    public static func resolve(verbosity: Int, syslog: Bool, configuration: EffectiveConfiguration?)
        -> LogSettings
    {
        let level =
            level(verbosity: verbosity)
            ?? configuration?.value(for: .logLevel).flatMap { Logger.Level(rawValue: $0) } ?? .warning
        let toSyslog = syslog || configuration?.value(for: .syslog) == "yes"
        return LogSettings(level: level, destination: toSyslog ? .syslog : .stderr)
    }

    /// The level `verbosity` `-v` flags ask for; nil for none (the configuration decides).
    public static func level(verbosity: Int) -> Logger.Level? {
        switch verbosity {
        case ...0: nil
        case 1: .info
        case 2: .debug
        default: .trace
        }
    }

    /// A logger with the handler these settings choose.
    public func makeLogger() -> Logger {
        let level = level
        switch destination {
        case .stderr: return Logger(label: "smsfilter") { _ in StderrLogHandler(level: level) }
        case .syslog: return Logger(label: "smsfilter") { _ in SyslogLogHandler(level: level) }
        }
    }
}

/// The process's logger. It starts as stderr at warning level, so an error before any settings
/// are read still reaches the user as `smsfilter: …`; each command replaces it once it has its
/// settings (`use`). Not swift-log's global bootstrap, which may run only once per process: tests
/// run commands many times in one.
public enum AppLog {
    private static let current = Mutex(LogSettings().makeLogger())

    public static var logger: Logger { current.withLock { $0 } }

    public static func use(_ settings: LogSettings) {
        let logger = settings.makeLogger()
        current.withLock { $0 = logger }
    }

    /// At debug level (`-vv`), which config file the settings came from and whether it was read.
    public static func logResolved(_ configuration: EffectiveConfiguration) {
        logger.debug(
            "configuration resolved",
            metadata: ["file": "\(configuration.filePath)", "read": "\(configuration.fileWasRead)"])
    }
}
