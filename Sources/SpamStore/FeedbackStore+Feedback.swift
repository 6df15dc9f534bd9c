/// A message to mark, before it is stored.
public struct FeedbackItem: Sendable, Equatable {
    public var text: String
    public var label: FeedbackLabel
    public var source: String
    /// A mail's text (subject and body) rather than an SMS.
    public var isMail: Bool

    public init(text: String, label: FeedbackLabel, source: String, isMail: Bool = false) {
        self.text = text
        self.label = label
        self.source = source
        self.isMail = isMail
    }

    /// The store's `kind` column: `mail` or `text`.
    var kind: String { isMail ? "mail" : "text" }

    /// The key the store files it under (see `FeedbackDigest`).
    public var digest: String { FeedbackDigest.of(text) }
}

extension FeedbackStore {
    /// Marks one message; marking it again with the other label relabels it.
    @discardableResult
    public func learn(_ item: FeedbackItem, at time: Double) throws(StoreError) -> LearnOutcome {
        try learn([item], at: time)[0]
    }

    /// Marks several messages in one short transaction (an mbox, a TSV import).
    @discardableResult
    public func learn(_ items: [FeedbackItem], at time: Double) throws(StoreError) -> [LearnOutcome] {
        let keyed = items.map { ($0, $0.digest) }
        return try database.writeTransaction { () throws(StoreError) -> [LearnOutcome] in
            var outcomes: [LearnOutcome] = []
            outcomes.reserveCapacity(keyed.count)
            for (item, digest) in keyed {
                let previous = try database.queryFirst(
                    "SELECT label FROM feedback WHERE digest = ?", [.text(digest)]
                ) { $0.text(0) }
                if let previous {
                    let old = FeedbackLabel(rawValue: previous) ?? item.label
                    try database.run(
                        "UPDATE feedback SET label = ?, source = ?, kind = ?, updated = ? WHERE digest = ?",
                        [
                            .text(item.label.rawValue), .text(item.source),
                            .text(item.kind),
                            .real(time), .text(digest),
                        ])
                    outcomes.append(old == item.label ? .unchanged : .relabeled(from: old))
                } else {
                    try database.run(
                        "INSERT INTO feedback (digest, text, label, source, created, updated, kind) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [
                            .text(digest), .text(item.text), .text(item.label.rawValue), .text(item.source),
                            .real(time), .real(time), .text(item.kind),
                        ])
                    outcomes.append(.added)
                }
            }
            // The crontab learns whole folders every 15 minutes, almost all of it again: only a new
            // mark or a relabel changes a template.
            if outcomes.contains(where: { $0 != .unchanged }) { try writeTemplateListFile() }
            return outcomes
        }
    }

    /// Forgets the messages with these digests; returns how many were there.
    @discardableResult
    public func unlearn(digests: [String]) throws(StoreError) -> Int {
        try database.writeTransaction { () throws(StoreError) -> Int in
            var removed = 0
            for digest in digests {
                removed += try database.run("DELETE FROM feedback WHERE digest = ?", [.text(digest)])
            }
            if removed > 0 { try writeTemplateListFile() }
            return removed
        }
    }

    /// One marked message, by digest.
    public func feedback(digest: String) throws(StoreError) -> FeedbackRecord? {
        try database.queryFirst(
            "SELECT digest, text, label, source, created, updated, kind FROM feedback WHERE digest = ?",
            [.text(digest)], row: FeedbackStore.feedbackRecord)
    }

    /// All marked messages (optionally only those marked at or after `since`), oldest first.
    public func allFeedback(since: Double? = nil) throws(StoreError) -> [FeedbackRecord] {
        try database.query(
            "SELECT digest, text, label, source, created, updated, kind FROM feedback WHERE updated >= ? ORDER BY updated, rowid",
            [.real(since ?? -Double.greatestFiniteMagnitude)], row: FeedbackStore.feedbackRecord)
    }

    /// How many messages carry each label.
    public func feedbackCounts() throws(StoreError) -> [FeedbackLabel: Int] {
        var counts: [FeedbackLabel: Int] = [.spam: 0, .ham: 0]
        let rows = try database.query("SELECT label, COUNT(*) FROM feedback GROUP BY label") {
            ($0.text(0), Int($0.int(1)))
        }
        for (label, count) in rows {
            if let label = FeedbackLabel(rawValue: label) { counts[label] = count }
        }
        return counts
    }

    /// How many marks were made or changed at or after `time`.
    public func feedbackCount(since time: Double) throws(StoreError) -> Int {
        Int(
            try database.queryFirst("SELECT COUNT(*) FROM feedback WHERE updated >= ?", [.real(time)]) {
                $0.int(0)
            } ?? 0)
    }

    static func feedbackRecord(_ row: Statement) -> FeedbackRecord {
        FeedbackRecord(
            digest: row.text(0), text: row.text(1), label: FeedbackLabel(rawValue: row.text(2)) ?? .ham,
            source: row.text(3), created: row.double(4), updated: row.double(5), isMail: row.text(6) == "mail"
        )
    }
}
