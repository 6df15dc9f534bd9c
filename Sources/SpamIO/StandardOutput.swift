#if canImport(Glibc)
    // stdout is a C global; it is only touched from the main thread, at exit.
    @preconcurrency import Glibc
#elseif canImport(Musl)
    @preconcurrency import Musl
#endif

/// The process's standard output as `print` leaves it, and what a vanished reader does to it.
public enum StandardOutput {
    /// A reader that goes away (`db export | head`) makes writes fail with EPIPE, which commands
    /// report as errors (exit 3), instead of killing the process with SIGPIPE (status 141).
    public static func reportBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// `print` buffers: a full disk or a closed pipe shows only when the buffer is flushed, so
    /// flush it and fail rather than report success for output that was lost.
    public static func finish() throws(SystemError) {
        if fflush(stdout) != 0 || ferror(stdout) != 0 {
            throw SystemError("write", path: "<stdout>")
        }
    }
}
