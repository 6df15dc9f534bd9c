import SpamIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Where long commands (train, retrain) say how far they got: progress, not log, so it shows
/// whatever the log level.
public enum ProgressLines {
    /// To standard error; on a terminal each line replaces the one before (train's line per
    /// epoch), elsewhere lines accumulate.
    public static func standardError() -> @Sendable (String) -> Void {
        let isTerminal = isatty(2) != 0
        return { ProcessInfoLite.printError(isTerminal ? "\r\u{1B}[K" + $0 : $0) }
    }

    /// Straight to file descriptor 1, unbuffered: a cron log (a file, so stdout is
    /// block-buffered) should show how far a retrain got even if it is killed.
    public static func standardOutput(_ line: String) {
        try? FileIO.writeAll(Array((line + "\n").utf8), to: 1)
    }
}
