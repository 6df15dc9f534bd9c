import SpamIO
import SpamStore

/// `ClassificationLog.recorder(storePath:enabled:)`'s implementation: each verdict becomes one row of the store's
/// classification log (time, digest of the text, verdict, score, model id; never the text) in
/// the store named by `$SMSFILTER_DB` or the default location. Errors are thrown to the classify
/// command, which reports them on stderr without changing the exit code.
struct StoreClassificationRecorder: ClassificationRecorder {
    var storePath: String? = nil

    func record(_ entry: ClassifiedMessage) throws {
        let row = SpamStore.ClassificationEntry(
            time: ProcessInfoLite.now(), digest: FeedbackDigest.of(entry.text),
            verdict: entry.verdict.rawValue,
            score: entry.score, modelID: entry.modelID)
        if let failure = FeedbackStore.logVerdict(row, storePath: StoreLocation.resolve(explicit: storePath))
        {
            throw failure
        }
    }
}
