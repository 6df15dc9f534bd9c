import SpamMail

/// One classification, as the classification log (issue 5, the store) records it.
struct ClassifiedMessage {
    /// Where the message came from: `stdin`, a file path, `mbox:N`, a Maildir path, `gammu:NUMBER`.
    var source: String
    var text: String
    var verdict: Verdict
    var score: Double
    var modelID: String
}

/// Where verdicts are logged (the store's classification log).
///
/// `record` is called after the message has been written, so a failing log never delays or
/// loses mail; its errors are reported on standard error and do not change the exit code.
protocol ClassificationRecorder {
    func record(_ entry: ClassifiedMessage) throws
}

enum ClassificationLog {
    /// The recorder for this run: the feedback store (`--db`, `$SMSFILTER_DB`, or the default
    /// path), or nil with `--no-log`.
    static func recorder(storePath: String?, enabled: Bool) -> (any ClassificationRecorder)? {
        enabled ? StoreClassificationRecorder(storePath: storePath) : nil
    }
}
