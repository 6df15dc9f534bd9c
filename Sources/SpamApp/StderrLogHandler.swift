public import Logging
import SpamIO

/// A swift-log handler for a filter run from a mail recipe: one line per event on stderr, which
/// procmail and maildrop copy to their logs: `smsfilter: <message>` for errors (the line users
/// have always seen), `smsfilter: <level>: <message>` for the rest, then `key=value` metadata.
/// No timestamps (the MTA's log has them) and no buffering (the process is short-lived).
public struct StderrLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]

    public init(level: Logger.Level) { self.logLevel = level }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        ProcessInfoLite.printError(
            Self.line(
                event.level, "\(event.message)", metadata.merging(event.metadata ?? [:]) { _, new in new }))
    }

    /// `smsfilter: disk full`, `smsfilter: warning: configuration ignored: …`.
    static func line(_ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata) -> String {
        var line = level >= .error ? "smsfilter: \(message)" : "smsfilter: \(level): \(message)"
        for key in metadata.keys.sorted() {
            line += " \(key)=\(metadata[key].map { "\($0)" } ?? "")"
        }
        return line
    }
}
