import SpamConfig
import SpamIO
import SpamStore

/// `db export|import|prune`: feedback in and out as `label<TAB>text`, and the retention policy.
public enum StoreMaintenance {
    /// All feedback as `label<TAB>text` lines, oldest first; never creates a store.
    public static func export(storePath: String) throws -> [UInt8] {
        Array(try FeedbackStore(path: storePath, readOnly: true).exportTSV().utf8)
    }

    /// Feedback from TSV files (stdin when none), read by the one `label<TAB>text` reader.
    public static func importFeedback(paths: [String], storePath: String) throws -> String {
        let messages = try LearnInput.messages(paths: paths, format: .tsv)
        let items = messages.compactMap { m in
            m.label.map { FeedbackItem(text: m.text, label: $0, source: "import") }
        }
        let outcomes = try FeedbackStore(path: storePath).learn(items, at: ProcessInfoLite.now())
        return "imported \(outcomes.count) rows: \(outcomes.count { $0 == .added }) new"
    }

    /// Deletes classification-log rows older than `logDays` (nil: `log_retention_days`, else 90)
    /// and forecasts older than `forecastDays`, then checkpoints the journal.
    public static func prune(context: AppContext, logDays: Double?, forecastDays: Double) throws -> String {
        let db = try FeedbackStore(path: context.storePath)
        let now = ProcessInfoLite.now()
        let days = logDays ?? context.configuration.double(for: .logRetentionDays) ?? 90
        let logRows = try db.pruneClassificationLog(before: now - days * 86_400)
        let forecasts = try db.pruneForecasts(before: now - forecastDays * 86_400)
        try db.checkpoint()
        return "pruned \(logRows) log rows, \(forecasts) forecast rows"
    }
}
