import SpamIO
import SpamStore
import SpamText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Times, ages and validation figures in store reports (no Foundation date formatting).
enum StoreFormat {
    /// "2026-11-26 16:20 UTC"
    static func time(_ seconds: Double) -> String {
        let parts = utc(seconds)
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
            + " \(two(parts.tm_hour)):\(two(parts.tm_min)) UTC"
    }

    /// "2026-11-26T16:20:05Z", for JSON.
    static func iso(_ seconds: Double) -> String { CivilTime.iso8601(Int64(seconds)) }

    static func age(_ seconds: Double) -> String {
        if seconds < 120 { return "\(Int(seconds)) s" }
        if seconds < 7200 { return "\(Int(seconds / 60)) min" }
        if seconds < 172_800 { return "\(Int(seconds / 3600)) h" }
        return "\(Int(seconds / 86_400)) days"
    }

    static func metrics(_ m: ValidationMetrics) -> String {
        "MCC \(fixed(m.mcc, decimals: 3)), ham FPR \(fixed(m.hamFalsePositiveRate, decimals: 4)), "
            + "spam recall \(fixed(m.spamRecall, decimals: 3)), accuracy \(fixed(m.accuracy, decimals: 3)) on \(m.count) messages"
    }

    static func metricsJSON(_ m: ValidationMetrics?) -> JSONValue {
        guard let m else { return .null }
        return .object([
            ("mcc", .number(m.mcc)), ("ham_fpr", .number(m.hamFalsePositiveRate)),
            ("spam_recall", .number(m.spamRecall)),
            ("accuracy", .number(m.accuracy)), ("count", .int(m.count)),
        ])
    }

    private static func utc(_ seconds: Double) -> tm {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        return parts
    }

    private static func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
