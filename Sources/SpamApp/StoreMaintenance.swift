import SpamConfig
import SpamIO
import SpamStore

/// `db check|export|import|prune`: the integrity check, feedback in and out as `label<TAB>text`,
/// and the retention policy.
public enum StoreMaintenance {
    /// All feedback as `label<TAB>text` lines, oldest first; never creates a store.
    public static func export(storePath: String) throws -> [UInt8] {
        Array(try StoreBackends.open(storePath, readOnly: true).exportTSV().utf8)
    }

    /// `export`, written atomically to `output` with mode 0600 (feedback is private mail), or
    /// to standard output when nil.
    public static func export(storePath: String, to output: String?) throws {
        let tsv = try export(storePath: storePath)
        if let output {
            try FileIO.writeAtomically(tsv, to: output, mode: 0o600)
        } else {
            try FileIO.writeAll(tsv, to: 1)
        }
    }

    /// `db check`: SQLite's integrity check on the store, opened read-only. `report` is what
    /// goes to standard output: the `ok` line, or the JSON either way; a damaged store's
    /// findings in text go to the log instead (nil report), as errors do.
    public static func check(storePath: String, format: ReportFormat) throws -> (
        report: String?, healthy: Bool
    ) {
        let db = try StoreBackends.open(storePath, readOnly: true)
        let findings = try db.integrityCheck()
        let healthy = findings == ["ok"]
        let report = StoreReport.check(
            path: db.path, schema: healthy ? try db.storedSchemaVersion() : nil, findings: findings,
            format: format)
        if healthy || format == .json { return (report, healthy) }
        for line in report.split(separator: "\n") { AppLog.logger.error("\(line)") }
        return (nil, false)
    }

    /// Feedback from TSV files (stdin when none), read by the one `label<TAB>text` reader.
    public static func importFeedback(paths: [String], storePath: String) throws -> String {
        let messages = try LearnInput.messages(paths: paths, format: .tsv)
        let items = messages.compactMap { m in
            m.label.map { FeedbackItem(text: m.text, label: $0, source: "import") }
        }
        let outcomes = try StoreBackends.open(storePath).learn(items, at: ProcessInfoLite.now())
        return "imported \(outcomes.count) rows: \(outcomes.count { $0 == .added }) new"
    }

    /// Deletes classification-log rows older than `logDays` (nil: `log_retention_days`, else 90)
    /// and forecasts older than `forecastDays`, then checkpoints the journal.
    public static func prune(context: AppContext, logDays: Double?, forecastDays: Double) throws -> String {
        let db = try StoreBackends.open(context.storePath)
        let now = ProcessInfoLite.now()
        let days = logDays ?? context.configuration.double(for: .logRetentionDays) ?? 90
        let logRows = try db.pruneClassificationLog(before: now - days * 86_400)
        let forecasts = try db.pruneForecasts(before: now - forecastDays * 86_400)
        try db.checkpoint()
        return "pruned \(logRows) log rows, \(forecasts) forecast rows"
    }
}
