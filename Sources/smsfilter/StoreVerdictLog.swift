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
