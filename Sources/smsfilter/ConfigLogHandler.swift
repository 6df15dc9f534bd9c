import Logging
import SpamIO

/// A swift-log handler for a filter run from a mail recipe: one line per event on stderr,
/// `smsfilter: <level>: <message> key=value ...`, which procmail and maildrop copy to their logs.
/// No timestamps (the MTA's log has them) and no buffering (the process is short-lived).
struct ConfigLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(level: Logger.Level) { self.logLevel = level }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = "smsfilter: \(event.level): \(event.message)"
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for key in merged.keys.sorted() {
            line += " \(key)=\(merged[key].map { "\($0)" } ?? "")"
        }
        ProcessInfoLite.printError(line)
    }
}
