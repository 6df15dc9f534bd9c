#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// One delivery maps the model file rather than reading it (a copy costs 12–14 % of the
/// delivery). A file cut short in place while mapped (`truncate`, `cp` over it) makes the next
/// read of a page past its new end raise SIGBUS, which killed the filter (exit 135, issue 17,
/// item 8). The guard turns that into the documented read-failure exit, with a reason: the
/// model is read only while scoring, before anything is written, so the MDA keeps its copy of
/// the message and nothing is lost. (Bulk runs copy the model in and need no guard.)
enum ModelMappingGuard {
    /// The exit code of a run killed by a cut-short model (set once, before the handler can run).
    nonisolated(unsafe) static var exitCode: Int32 = 3

    static func install(exitCode: Int32) {
        Self.exitCode = exitCode
        signal(SIGBUS) { _ in
            // Only async-signal-safe calls here: write(2) of a static string, then _exit(2).
            let message: StaticString =
                "smsfilter: the model file changed size while in use (replaced in place?); nothing was written\n"
            _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
            _exit(ModelMappingGuard.exitCode)
        }
    }
}
