import SpamIO
import SpamMail

/// One classification, as the classification log (issue 5, the store) records it.
struct ClassificationEntry {
    /// Where the message came from: `stdin`, a file path, `mbox:N`, a Maildir path, `gammu:NUMBER`.
    var source: String
    var text: String
    var verdict: Verdict
    var score: Double
    var modelID: String
}

/// Hook point for the classification log; the store's implementation is
/// `StoreClassificationRecorder` (StoreVerdictLog.swift).
///
/// `record` is called after the message has been written, so a failing log never delays or
/// loses mail; its errors are reported on standard error and do not change the exit code.
protocol ClassificationRecorder {
    func record(_ entry: ClassificationEntry) throws
}

enum ClassificationLog {
    /// The recorder to use for this run, or nil for no log (`SMSFILTER_NO_LOG=1`).
    static func recorder() -> (any ClassificationRecorder)? {
        ProcessInfoLite.environment("SMSFILTER_NO_LOG") == nil ? StoreClassificationRecorder() : nil
    }
}
