public import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A swift-log handler writing to syslog(3) with facility LOG_MAIL, as bogofilter's `-l` does:
/// a filter run by the MTA for every delivery logs where the MTA logs. syslog adds the program
/// name, pid and time, so the line is the message and its metadata only.
public struct SyslogLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]

    public init(level: Logger.Level) {
        self.logLevel = level
        // ident nil: glibc uses the program name. LOG_PID as bogofilter; repeated calls are harmless.
        openlog(nil, Self.logPID, Self.logMail)
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = "\(event.message)"
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for key in merged.keys.sorted() {
            line += " \(key)=\(merged[key].map { "\($0)" } ?? "")"
        }
        // syslog(3) is variadic, which Swift cannot call; vsyslog with a "%s" format is the same
        // call and keeps a `%` in the message from being read as a directive.
        line.withCString { text in
            withVaList([text]) { vsyslog(Self.logMail | Self.priority(event.level), "%s", $0) }
        }
    }

    /// syslog's priority for a swift-log level.
    static func priority(_ level: Logger.Level) -> Int32 {
        switch level {
        case .trace, .debug: return 7  // LOG_DEBUG
        case .info: return 6  // LOG_INFO
        case .notice: return 5  // LOG_NOTICE
        case .warning: return 4  // LOG_WARNING
        case .error: return 3  // LOG_ERR
        case .critical: return 2  // LOG_CRIT
        }
    }

    /// <syslog.h>'s LOG_MAIL (2 << 3) and LOG_PID, which Swift does not import as constants.
    static let logMail: Int32 = 2 << 3
    static let logPID: Int32 = 0x01
}
