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

/// Hook point for the classification log. The store helper provides an implementation and
/// returns it from `ClassificationLog.recorder()`; until then nothing is recorded.
///
/// `record` is called after the message has been written, so a failing log never delays or
/// loses mail; its errors are reported on standard error and do not change the exit code.
protocol ClassificationRecorder {
    func record(_ entry: ClassificationEntry) throws
}

enum ClassificationLog {
    /// The recorder to use for this run, or nil (the default: no log).
    static func recorder() -> (any ClassificationRecorder)? { nil }
}
