extension FeedbackStore {
    private static let modelColumns = """
        id, path, created, training_digest, training_size, validation_size, mcc, ham_fpr, spam_recall,
        accuracy, status, reason, activated
        """

    /// Adds a model to the registry; returns its id. Registering one as `.active` retires the
    /// current active model in the same transaction.
    @discardableResult
    public func registerModel(_ model: ModelRecord) throws(StoreError) -> Int64 {
        if model.status == .active {
            return try changingActiveModel { () throws(StoreError) in try insertModel(model) }
        }
        return try insertModel(model)
    }

    private func insertModel(_ model: ModelRecord) throws(StoreError) -> Int64 {
        try database.writeTransaction { () throws(StoreError) -> Int64 in
            if model.status == .active {
                try database.run("UPDATE models SET status = 'retired' WHERE status = 'active'")
            }
            let m = model.metrics
            try database.run(
                """
                INSERT INTO models (path, created, training_digest, training_size, validation_size, mcc, ham_fpr,
                                    spam_recall, accuracy, status, reason, activated)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(model.path), .real(model.created), .text(model.trainingDigest),
                    .integer(Int64(model.trainingSize)), m.map { .integer(Int64($0.count)) } ?? .null,
                    m.map { .real($0.mcc) } ?? .null, m.map { .real($0.hamFalsePositiveRate) } ?? .null,
                    m.map { .real($0.spamRecall) } ?? .null, m.map { .real($0.accuracy) } ?? .null,
                    .text(model.status.rawValue), .text(model.reason),
                    model.status == .active ? .real(model.activated ?? model.created) : .null,
                ])
            return database.lastInsertRowID
        }
    }

    /// All registered models, newest first.
    public func models() throws(StoreError) -> [ModelRecord] {
        try database.query(
            "SELECT \(FeedbackStore.modelColumns) FROM models ORDER BY id DESC",
            row: FeedbackStore.modelRecord)
    }

    /// One model by id.
    public func model(id: Int64) throws(StoreError) -> ModelRecord? {
        try database.queryFirst(
            "SELECT \(FeedbackStore.modelColumns) FROM models WHERE id = ?", [.integer(id)],
            row: FeedbackStore.modelRecord)
    }

    /// The model classification should use, if any.
    public func activeModel() throws(StoreError) -> ModelRecord? {
        try database.queryFirst(
            "SELECT \(FeedbackStore.modelColumns) FROM models WHERE status = 'active'",
            row: FeedbackStore.modelRecord)
    }

    /// Records a model's validation metrics (measured after registration, e.g. the active model
    /// re-scored on today's validation set).
    public func updateMetrics(id: Int64, _ metrics: ValidationMetrics) throws(StoreError) {
        try database.writeTransaction { () throws(StoreError) in
            try database.run(
                "UPDATE models SET validation_size = ?, mcc = ?, ham_fpr = ?, spam_recall = ?, accuracy = ? WHERE id = ?",
                [
                    .integer(Int64(metrics.count)), .real(metrics.mcc), .real(metrics.hamFalsePositiveRate),
                    .real(metrics.spamRecall), .real(metrics.accuracy), .integer(id),
                ])
        }
    }

    /// Makes `id` the active model; the previous one becomes `.retired` (a rollback target).
    /// `verify` sees the model's record before anything changes and may refuse it by throwing
    /// (the caller loads and checks the file: a corrupt one must never become active).
    @discardableResult
    public func activate(
        id: Int64, at time: Double, reason: String = "", verify: (ModelRecord) throws -> Void = { _ in }
    ) throws -> ModelRecord {
        try changingActiveModel { () throws(StoreError) in
            try database.writeTransaction { () throws(StoreError) in
                guard let record = try model(id: id) else {
                    throw StoreError.notFound("no model with id \(id) (see `smsfilter models list`)")
                }
                do {
                    try verify(record)
                } catch {
                    throw StoreError.invalidInput("\(error)")
                }
                try database.run(
                    "UPDATE models SET status = 'retired' WHERE status = 'active' AND id != ?", [.integer(id)]
                )
                try database.run(
                    "UPDATE models SET status = 'active', activated = ?, reason = ? WHERE id = ?",
                    [.real(time), .text(reason), .integer(id)])
            }
        }
        guard let record = try model(id: id) else { throw StoreError.notFound("no model with id \(id)") }
        return record
    }

    /// Returns to the model that was active before the current one. The current one is marked
    /// rejected ("rolled back"), so a second rollback goes one further back instead of bouncing.
    @discardableResult
    public func rollback(at time: Double, verify: (ModelRecord) throws -> Void = { _ in }) throws
        -> ModelRecord
    {
        let id = try changingActiveModel { () throws(StoreError) -> Int64 in
            try database.writeTransaction { () throws(StoreError) -> Int64 in
                let current = try database.queryFirst("SELECT id FROM models WHERE status = 'active'") {
                    $0.int(0)
                }
                guard
                    let previous = try database.queryFirst(
                        "SELECT id FROM models WHERE status = 'retired' AND activated IS NOT NULL ORDER BY activated DESC, id DESC LIMIT 1",
                        row: { $0.int(0) })
                else {
                    throw StoreError.notFound(
                        "no earlier model to roll back to (see `smsfilter models list`)")
                }
                if let record = try model(id: previous) {
                    do {
                        try verify(record)
                    } catch {
                        throw StoreError.invalidInput("\(error)")
                    }
                }
                if let current {
                    try database.run(
                        "UPDATE models SET status = 'rejected', reason = 'rolled back' WHERE id = ?",
                        [.integer(current)])
                }
                try database.run(
                    "UPDATE models SET status = 'active', activated = ?, reason = 'restored by rollback' WHERE id = ?",
                    [.real(time), .integer(previous)])
                return previous
            }
        }
        guard let record = try model(id: id) else { throw StoreError.notFound("no model with id \(id)") }
        return record
    }

    /// Drops all but the `keep` newest inactive models from the registry (the active one always
    /// stays); returns the dropped rows so the caller can delete their files.
    @discardableResult
    public func pruneModels(keep: Int) throws(StoreError) -> [ModelRecord] {
        try database.writeTransaction { () throws(StoreError) -> [ModelRecord] in
            let doomed = try database.query(
                "SELECT \(FeedbackStore.modelColumns) FROM models WHERE status != 'active' ORDER BY id DESC LIMIT -1 OFFSET ?",
                [.integer(Int64(max(0, keep)))], row: FeedbackStore.modelRecord)
            for model in doomed {
                try database.run("DELETE FROM models WHERE id = ?", [.integer(model.id)])
            }
            return doomed
        }
    }

    static func modelRecord(_ row: Statement) -> ModelRecord {
        var metrics: ValidationMetrics?
        if !row.isNull(6) {
            metrics = ValidationMetrics(
                mcc: row.double(6), hamFalsePositiveRate: row.double(7), spamRecall: row.double(8),
                accuracy: row.double(9), count: Int(row.int(5)))
        }
        return ModelRecord(
            id: row.int(0), path: row.text(1), created: row.double(2), trainingDigest: row.text(3),
            trainingSize: Int(row.int(4)), metrics: metrics,
            status: ModelStatus(rawValue: row.text(10)) ?? .retired,
            reason: row.text(11), activated: row.optionalDouble(12))
    }
}
