import SpamIO
import SpamStore

/// The classify command's link to the store: log one verdict and never fail the delivery.
enum StoreVerdictLog {
    /// Logs a verdict for `text` (stored as its digest only). A locked, read-only or broken store
    /// prints one warning line on stderr and returns false; the caller carries on delivering.
    @discardableResult
    static func record(
        text: String, verdict: String, score: Double, modelID: String?, storePath: String?
    ) -> Bool {
        let entry = SpamStore.ClassificationEntry(
            time: ProcessInfoLite.now(), digest: FeedbackDigest.of(text), verdict: verdict, score: score,
            modelID: modelID)
        if let failure = FeedbackStore.logVerdict(entry, storePath: StoreLocation.resolve(explicit: storePath)) {
            ProcessInfoLite.printError("smsfilter: warning: verdict not logged: \(failure)")
            return false
        }
        return true
    }
}

/// `ClassificationLog.recorder(storePath:enabled:)`'s implementation: each verdict becomes one row of the store's
/// classification log (time, digest of the text, verdict, score, model id; never the text) in
/// the store named by `$SMSFILTER_DB` or the default location. Errors are thrown to the classify
/// command, which reports them on stderr without changing the exit code.
struct StoreClassificationRecorder: ClassificationRecorder {
    var storePath: String? = nil

    func record(_ entry: ClassifiedMessage) throws {
        let row = SpamStore.ClassificationEntry(
            time: ProcessInfoLite.now(), digest: FeedbackDigest.of(entry.text), verdict: entry.verdict.rawValue,
            score: entry.score, modelID: entry.modelID)
        if let failure = FeedbackStore.logVerdict(row, storePath: StoreLocation.resolve(explicit: storePath)) {
            throw failure
        }
    }
}
