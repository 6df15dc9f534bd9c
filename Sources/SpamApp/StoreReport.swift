import SpamIO
import SpamRetrain
public import SpamStore
import SpamText

/// What `stats`, `models list`, `senders list` and `db check` print, as text lines or one JSON
/// document.
public enum StoreReport {
    /// `stats`: feedback counts, the last retrain, the active model, recent verdicts.
    public static func stats(_ db: any StoreBackend, now: Double, format: ReportFormat) throws -> String {
        let counts = try db.feedbackCounts()
        let schema = try db.storedSchemaVersion()
        var lastRetrain: (time: Double, result: String, newSince: Int)? = nil
        if let last = try db.meta(RetrainFlow.lastRetrainKey), let time = Double(last) {
            lastRetrain = (
                time, try db.meta(RetrainFlow.lastResultKey) ?? "", try db.feedbackCount(since: time)
            )
        }
        let active = try db.activeModel()
        var verdicts: [(name: String, key: String, counts: [String: Int])] = []
        for (name, key, seconds) in [
            ("last day", "last_day", 86_400.0), ("last week", "last_week", 7 * 86_400.0),
        ] {
            verdicts.append((name, key, try db.verdictCounts(since: now - seconds)))
        }
        if format == .json {
            return JSONValue.object([
                ("store", .string(db.path)), ("schema", .int(schema)),
                (
                    "feedback",
                    .object([("spam", .int(counts[.spam] ?? 0)), ("ham", .int(counts[.ham] ?? 0))])
                ),
                (
                    "last_retrain",
                    lastRetrain.map { last in
                        .object([
                            ("time", .string(StoreFormat.iso(last.time))), ("result", .string(last.result)),
                            ("feedback_since", .int(last.newSince)),
                        ])
                    } ?? .null
                ),
                ("active_model", active.map(modelJSON) ?? .null),
                (
                    "verdicts",
                    .object(
                        verdicts.map { period in
                            (
                                period.key,
                                .object(
                                    [("total", .int(period.counts.values.reduce(0, +)))]
                                        + period.counts.sorted { $0.key < $1.key }.map {
                                            ($0.key, JSONValue.int($0.value))
                                        })
                            )
                        })
                ),
            ]).text
        }
        var lines = [
            "store: \(db.path) (schema \(schema))",
            "feedback: \(counts[.spam] ?? 0) spam, \(counts[.ham] ?? 0) ham",
        ]
        if let lastRetrain {
            lines.append(
                "last retrain: \(StoreFormat.time(lastRetrain.time)) (\(StoreFormat.age(now - lastRetrain.time)) ago) \(lastRetrain.result)"
            )
            lines.append("feedback since last retrain: \(lastRetrain.newSince)")
        } else {
            lines.append("last retrain: never")
        }
        if let model = active {
            lines.append("active model: #\(model.id) \(model.path)")
            lines.append(
                "  created \(StoreFormat.time(model.created)), trained on \(model.trainingSize) messages")
            if let m = model.metrics { lines.append("  validation: \(StoreFormat.metrics(m))") }
        } else {
            lines.append("active model: none registered (the built-in/default model is used)")
        }
        for period in verdicts {
            let total = period.counts.values.reduce(0, +)
            let parts = period.counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            lines.append(
                "verdicts \(period.name): \(total)\(parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")")"
            )
        }
        return lines.joined(separator: "\n")
    }

    /// `models list`: newest first.
    public static func models(_ models: [ModelRecord], format: ReportFormat) -> String {
        if format == .json { return JSONValue.object([("models", .array(models.map(modelJSON)))]).text }
        if models.isEmpty { return "no models registered yet (run `smsfilter retrain`)" }
        var lines: [String] = []
        for model in models {
            let marker = model.status == .active ? "*" : " "
            lines.append(
                "\(marker) #\(model.id) \(model.status.rawValue) \(StoreFormat.time(model.created)) \(model.path)"
            )
            if let m = model.metrics { lines.append("    \(StoreFormat.metrics(m))") }
            if !model.reason.isEmpty { lines.append("    reason: \(model.reason)") }
        }
        return lines.joined(separator: "\n")
    }

    /// `db check`: `ok: PATH, schema N`, or the findings of a damaged store (at most 20).
    public static func check(path: String, schema: Int?, findings: [String], format: ReportFormat) -> String {
        let ok = findings == ["ok"]
        if format == .json {
            return JSONValue.object([
                ("ok", .bool(ok)), ("store", .string(path)), ("schema", schema.map { .int($0) } ?? .null),
                ("findings", .array(ok ? [] : findings.prefix(20).map { .string($0) })),
            ]).text
        }
        return ok
            ? "ok: \(path), schema \(schema.map(String.init) ?? "?")"
            : findings.prefix(20).map { "damaged: \($0)" }.joined(separator: "\n")
    }

    /// `senders list` for the store at `storePath`; nil when there is nothing to print (no
    /// senders, in text). No store yet means no senders: none is created to say so.
    public static func senders(storePath: String, format: ReportFormat) throws -> String? {
        let records = FileIO.exists(storePath) ? try StoreBackends.open(storePath).senders() : []
        let report = senders(records, format: format)
        return report.isEmpty && format == .text ? nil : report
    }

    /// `senders list`: `sender<TAB>state<TAB>origin<TAB>updated[<TAB>note]` lines, or a JSON array.
    public static func senders(_ records: [SenderRecord], format: ReportFormat) -> String {
        if format == .json {
            return JSONValue.array(
                records.map { record in
                    .object([
                        ("sender", .string(record.sender)), ("state", .string(record.state.rawValue)),
                        ("origin", .string(record.origin.rawValue)), ("note", .string(record.note)),
                        ("updated", .string(StoreFormat.iso(record.updated))),
                    ])
                }
            ).text
        }
        return records.map { record in
            let note = record.note.isEmpty ? "" : "\t\(FeedbackTSV.escape(record.note))"
            return
                "\(record.sender)\t\(record.state.rawValue)\t\(record.origin.rawValue)\t\(StoreFormat.time(record.updated))\(note)"
        }.joined(separator: "\n")
    }

    static func modelJSON(_ model: ModelRecord) -> JSONValue {
        .object([
            ("id", .int(Int(model.id))), ("status", .string(model.status.rawValue)),
            ("path", .string(model.path)),
            ("created", .string(StoreFormat.iso(model.created))), ("training_size", .int(model.trainingSize)),
            ("validation", StoreFormat.metricsJSON(model.metrics)), ("reason", .string(model.reason)),
        ])
    }
}
