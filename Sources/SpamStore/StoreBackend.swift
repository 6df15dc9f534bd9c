public import SpamSenders

/// What the application layer (`SpamApp`, `SpamRetrain`) asks of a store, whatever keeps it:
/// feedback, the classification log, the model registry, senders, forecasts, and the few
/// maintenance steps every backend has. `FeedbackStore` (one SQLite file per user) is the backend
/// built in. A server-side store for sites with many hosts (PostgreSQL) is a second conformance
/// that `StoreBackends.open` returns for its location (`postgresql://host/db`); no flow changes.
///
/// The delivery path does not go through this protocol: it appends its verdict to a journal file
/// beside an SQLite store (`FeedbackStore.logVerdict`, `VerdictJournal`) and never waits on the
/// store, and it reads the sender list and the marked templates from files the store mirrors
/// beside itself (`SenderListFile`, `TemplateListFile`); a second backend needs a local spool
/// and local mirrors of its own for those.
public protocol StoreBackend: AnyObject {
    /// Where the store is: the file path, or the location it was opened from.
    var path: String { get }

    // Feedback
    func learn(_ items: [FeedbackItem], at time: Double) throws(StoreError) -> [LearnOutcome]
    func unlearn(digests: [String]) throws(StoreError) -> Int
    func feedback(digest: String) throws(StoreError) -> FeedbackRecord?
    func allFeedback(since: Double?) throws(StoreError) -> [FeedbackRecord]
    func feedbackCounts() throws(StoreError) -> [FeedbackLabel: Int]
    func feedbackCount(since time: Double) throws(StoreError) -> Int

    // Classification log
    func logClassification(_ entry: ClassificationEntry) throws(StoreError)
    func logClassifications(_ entries: [ClassificationEntry]) throws(StoreError)
    func foldVerdictJournal() throws(StoreError) -> Int
    func pruneClassificationLog(before time: Double) throws(StoreError) -> Int
    func verdictCounts(since time: Double) throws(StoreError) -> [String: Int]
    func classificationLogCount() throws(StoreError) -> Int
    func classifications(since time: Double) throws(StoreError) -> [ClassificationEntry]

    // Model registry
    func registerModel(_ model: ModelRecord) throws(StoreError) -> Int64
    func models() throws(StoreError) -> [ModelRecord]
    func model(id: Int64) throws(StoreError) -> ModelRecord?
    func activeModel() throws(StoreError) -> ModelRecord?
    func updateMetrics(id: Int64, _ metrics: ValidationMetrics) throws(StoreError)
    func pruneModels(keep: Int) throws(StoreError) -> [ModelRecord]

    /// Makes `id` the active model when `verify` accepts it (a retrain's gate, `models activate`).
    func activate(id: Int64, at time: Double, reason: String, verify: (ModelRecord) throws -> Void) throws
        -> ModelRecord
    /// Makes the model active before the current one active again.
    func rollback(at time: Double, verify: (ModelRecord) throws -> Void) throws -> ModelRecord

    // Senders
    func setSenders(
        _ senders: [(sender: String, note: String)], state: SenderState, origin: SenderOrigin,
        at time: Double,
        replacing: Bool
    ) throws(StoreError) -> Int
    func removeSenders(_ senders: [String]) throws(StoreError) -> Int
    func senders() throws(StoreError) -> [SenderRecord]
    func sender(_ sender: String) throws(StoreError) -> SenderRecord?
    func learnSender(
        _ sender: String, digest: String, label: FeedbackLabel, trustAfter: Int, at time: Double
    ) throws(StoreError) -> SenderLearning
    func forgetSenderMarks(digests: [String]) throws(StoreError)

    // Forecasts
    func saveForecasts(_ points: [ForecastRecord]) throws(StoreError)
    func pruneForecasts(before time: Double) throws(StoreError) -> Int

    // Maintenance and settings kept in the store
    func storedSchemaVersion() throws(StoreError) -> Int
    /// Problems found in the store's own structures; empty when it is sound.
    func integrityCheck() throws(StoreError) -> [String]
    func checkpoint() throws(StoreError)
    func meta(_ key: String) throws(StoreError) -> String?
    func setMeta(_ key: String, _ value: String) throws(StoreError)
}

extension FeedbackStore: StoreBackend {}

/// Opens the store at a location: a file path is the SQLite store; a URL names a backend this
/// build may not have, which is a clear error rather than a file of that name.
public enum StoreBackends {
    public static func open(_ location: String, readOnly: Bool = false) throws(StoreError) -> any StoreBackend
    {
        try FeedbackStore(path: checkedFileLocation(location), readOnly: readOnly)
    }

    /// `location` when it is a file path; the error for a URL, whose backend this build lacks.
    static func checkedFileLocation(_ location: String) throws(StoreError) -> String {
        if let scheme = urlScheme(of: location) {
            throw .cannotOpen(
                path: location,
                detail: "\(scheme) stores are not built into this smsfilter; give the path of an SQLite file")
        }
        return location
    }

    /// `postgresql` for `postgresql://host/db`; nil for a path.
    static func urlScheme(of location: String) -> String? {
        guard let colon = location.firstIndex(of: ":"), location[colon...].hasPrefix("://") else {
            return nil
        }
        let scheme = location[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        return String(scheme)
    }
}

/// The defaults `FeedbackStore` gives its callers, for every backend.
extension StoreBackend {
    /// Every feedback record.
    public func allFeedback() throws(StoreError) -> [FeedbackRecord] { try allFeedback(since: nil) }

    public func activate(id: Int64, at time: Double, reason: String = "") throws -> ModelRecord {
        try activate(id: id, at: time, reason: reason, verify: { _ in })
    }

    public func rollback(at time: Double) throws -> ModelRecord { try rollback(at: time, verify: { _ in }) }

    public func setSenders(
        _ senders: [(sender: String, note: String)], state: SenderState, origin: SenderOrigin, at time: Double
    ) throws(StoreError) -> Int {
        try setSenders(senders, state: state, origin: origin, at: time, replacing: true)
    }
}
