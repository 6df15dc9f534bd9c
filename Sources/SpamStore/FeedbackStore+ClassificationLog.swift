extension FeedbackStore {
    /// Appends one verdict to the log.
    public func logClassification(_ entry: ClassificationEntry) throws(StoreError) {
        try database.writeTransaction { () throws(StoreError) in
            try database.run(
                "INSERT INTO classification_log (time, digest, verdict, score, model_id) VALUES (?, ?, ?, ?, ?)",
                [
                    .real(entry.time), .text(entry.digest), .text(entry.verdict), .real(entry.score),
                    entry.modelID.map { .text($0) } ?? .null,
                ])
        }
    }

    /// Appends many verdicts in one transaction: a bulk run's log costs one commit per batch
    /// instead of one per message (a commit per row made logging 3.6× the cost of scoring).
    public func logClassifications(_ entries: [ClassificationEntry]) throws(StoreError) {
        if entries.isEmpty { return }
        try database.writeTransaction { () throws(StoreError) in
            try database.runEach(
                "INSERT INTO classification_log (time, digest, verdict, score, model_id) VALUES (?, ?, ?, ?, ?)",
                entries.map {
                    [
                        .real($0.time), .text($0.digest), .text($0.verdict), .real($0.score),
                        $0.modelID.map { .text($0) } ?? .null,
                    ]
                })
        }
    }

    /// Logs one verdict at the default (or given) store path, never throwing: a locked, read-only
    /// or damaged store must not fail a delivery. Returns the failure for the caller to report on
    /// stderr, or nil when the verdict was written.
    ///
    /// The verdict goes to the store's journal (`VerdictJournal`), not into SQLite: this is the
    /// per-delivery path, and the next process that opens the store for writing folds it in.
    public static func logVerdict(
        _ entry: ClassificationEntry, storePath: String? = nil
    ) -> StoreError? {
        let path = storePath ?? StoreLocation.resolve(explicit: nil)
        do {
            // A URL is refused: a journal named after it would be a directory tree in the working one.
            let size = try VerdictJournal(storePath: StoreBackends.checkedFileLocation(path)).append(entry)
            // Opening the store for writing folds the journal (best effort: the verdict is safe).
            if size > VerdictJournal.foldBytes { _ = try? FeedbackStore(path: path) }
            return nil
        } catch {
            return error
        }
    }

    /// The journal of verdicts waiting to be folded into this store.
    public var verdictJournal: VerdictJournal { VerdictJournal(storePath: path) }

    /// Moves the journal's verdicts into `classification_log` (one transaction; keys already
    /// present are skipped) and empties the journal. Returns how many lines were read.
    @discardableResult
    public func foldVerdictJournal() throws(StoreError) -> Int {
        try verdictJournal.fold { (entries) throws(StoreError) in
            try database.writeTransaction { () throws(StoreError) in
                for (key, entry) in entries {
                    try database.run(
                        "INSERT OR IGNORE INTO classification_log (time, digest, verdict, score, model_id, entry_key) "
                            + "VALUES (?, ?, ?, ?, ?, ?)",
                        [
                            .real(entry.time), .text(entry.digest), .text(entry.verdict), .real(entry.score),
                            entry.modelID.map { .text($0) } ?? .null, .text(key),
                        ])
                }
            }
        }
    }

    /// Journal lines not yet in the table (a read-only store cannot fold them, and verdicts keep
    /// arriving after a fold), so that counts and series include every verdict.
    func unfoldedVerdicts() throws(StoreError) -> [ClassificationEntry] {
        let pending = try verdictJournal.pendingEntries()
        if pending.isEmpty { return [] }
        var result: [ClassificationEntry] = []
        for (key, entry) in pending {
            let present = try database.queryFirst(
                "SELECT 1 FROM classification_log WHERE entry_key = ?", [.text(key)]
            ) { $0.int(0) }
            if present == nil { result.append(entry) }
        }
        return result
    }

    /// Deletes log rows older than `time`; returns how many.
    @discardableResult
    public func pruneClassificationLog(before time: Double) throws(StoreError) -> Int {
        try foldVerdictJournal()
        return try database.writeTransaction { () throws(StoreError) -> Int in
            try database.run("DELETE FROM classification_log WHERE time < ?", [.real(time)])
        }
    }

    /// Verdict → count for rows logged at or after `time`.
    public func verdictCounts(since time: Double) throws(StoreError) -> [String: Int] {
        let rows = try database.query(
            "SELECT verdict, COUNT(*) FROM classification_log WHERE time >= ? GROUP BY verdict", [.real(time)]
        ) { ($0.text(0), Int($0.int(1))) }
        var counts = Dictionary(rows, uniquingKeysWith: +)
        for entry in try unfoldedVerdicts() where entry.time >= time {
            counts[entry.verdict, default: 0] += 1
        }
        return counts
    }

    /// Number of rows in the log.
    public func classificationLogCount() throws(StoreError) -> Int {
        Int(try database.queryFirst("SELECT COUNT(*) FROM classification_log") { $0.int(0) } ?? 0)
            + (try unfoldedVerdicts().count)
    }

    /// Log rows at or after `time`, oldest first (for the volume forecaster).
    public func classifications(since time: Double) throws(StoreError) -> [ClassificationEntry] {
        let stored = try database.query(
            "SELECT time, digest, verdict, score, model_id FROM classification_log WHERE time >= ? ORDER BY time, id",
            [.real(time)]
        ) {
            ClassificationEntry(
                time: $0.double(0), digest: $0.text(1), verdict: $0.text(2), score: $0.double(3),
                modelID: $0.isNull(4) ? nil : $0.text(4))
        }
        let pending = try unfoldedVerdicts().filter { $0.time >= time }
        if pending.isEmpty { return stored }
        // Stable: rows with equal times keep their logged order.
        return (stored + pending).enumerated().sorted {
            $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset
        }.map(\.element)
    }
}
