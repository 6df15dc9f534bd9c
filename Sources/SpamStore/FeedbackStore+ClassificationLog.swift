extension FeedbackStore {
    /// Appends one verdict to the log.
    public func logClassification(_ entry: ClassificationEntry) throws(StoreError) {
        try database.writeTransaction { () throws(StoreError) in
            try database.run(
                "INSERT INTO classification_log (time, digest, verdict, score, model_id) VALUES (?, ?, ?, ?, ?)",
                [.real(entry.time), .text(entry.digest), .text(entry.verdict), .real(entry.score),
                 entry.modelID.map { .text($0) } ?? .null])
        }
    }

    /// Logs one verdict at the default (or given) store path, never throwing: a locked, read-only
    /// or damaged store must not fail a delivery. Returns the failure for the caller to report on
    /// stderr, or nil when the row was written.
    public static func logVerdict(
        _ entry: ClassificationEntry, storePath: String? = nil
    ) -> StoreError? {
        do {
            let store = try FeedbackStore(path: storePath ?? StoreLocation.resolve(explicit: nil))
            try store.logClassification(entry)
            return nil
        } catch {
            return error
        }
    }

    /// Deletes log rows older than `time`; returns how many.
    @discardableResult
    public func pruneClassificationLog(before time: Double) throws(StoreError) -> Int {
        try database.writeTransaction { () throws(StoreError) -> Int in
            try database.run("DELETE FROM classification_log WHERE time < ?", [.real(time)])
        }
    }

    /// Verdict → count for rows logged at or after `time`.
    public func verdictCounts(since time: Double) throws(StoreError) -> [String: Int] {
        let rows = try database.query(
            "SELECT verdict, COUNT(*) FROM classification_log WHERE time >= ? GROUP BY verdict", [.real(time)]
        ) { ($0.text(0), Int($0.int(1))) }
        return Dictionary(rows, uniquingKeysWith: +)
    }

    /// Number of rows in the log.
    public func classificationLogCount() throws(StoreError) -> Int {
        Int(try database.queryFirst("SELECT COUNT(*) FROM classification_log") { $0.int(0) } ?? 0)
    }

    /// Log rows at or after `time`, oldest first (for the volume forecaster).
    public func classifications(since time: Double) throws(StoreError) -> [ClassificationEntry] {
        try database.query(
            "SELECT time, digest, verdict, score, model_id FROM classification_log WHERE time >= ? ORDER BY time, id",
            [.real(time)]
        ) {
            ClassificationEntry(
                time: $0.double(0), digest: $0.text(1), verdict: $0.text(2), score: $0.double(3),
                modelID: $0.isNull(4) ? nil : $0.text(4))
        }
    }
}
