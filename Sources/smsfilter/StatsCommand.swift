import SpamText
import ArgumentParser
import SpamIO
import SpamRetrain
import SpamStore
#if canImport(Glibc)
import Glibc
#endif

/// `smsfilter stats`: what the store holds and how the filter has been voting.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show feedback counts, the active model and recent verdict counts.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        // Read-only: stats must work on a store the user cannot write.
        let db = try store.open(readOnly: true)
        let now = ProcessInfoLite.now()
        let counts = try db.feedbackCounts()
        print("store: \(db.path) (schema \(try db.storedSchemaVersion()))")
        print("feedback: \(counts[.spam] ?? 0) spam, \(counts[.ham] ?? 0) ham")
        if let last = try db.meta(StoreMetaKey.lastRetrain), let time = Double(last) {
            let result = try db.meta(StoreMetaKey.lastRetrainResult) ?? ""
            let newSince = try db.feedbackCount(since: time)
            print("last retrain: \(StoreFormat.time(time)) (\(StoreFormat.age(now - time)) ago) \(result)")
            print("feedback since last retrain: \(newSince)")
        } else {
            print("last retrain: never")
        }
        if let model = try db.activeModel() {
            print("active model: #\(model.id) \(model.path)")
            print("  created \(StoreFormat.time(model.created)), trained on \(model.trainingSize) messages")
            if let m = model.metrics { print("  validation: \(StoreFormat.metrics(m))") }
        } else {
            print("active model: none registered (the built-in/default model is used)")
        }
        for (name, seconds) in [("last day", 86_400.0), ("last week", 7 * 86_400.0)] {
            let verdicts = try db.verdictCounts(since: now - seconds)
            let total = verdicts.values.reduce(0, +)
            let parts = verdicts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            print("verdicts \(name): \(total)\(parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")")")
        }
    }
}

/// Keys of the store's small key/value table.
enum StoreMetaKey {
    static let lastRetrain = RetrainFlow.lastRetrainKey
    static let lastRetrainResult = RetrainFlow.lastResultKey
}

/// Formatting for store reports (no Foundation date formatting on this path).
enum StoreFormat {
    /// "2026-11-26 16:20 UTC"
    static func time(_ seconds: Double) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
            + " \(two(parts.tm_hour)):\(two(parts.tm_min)) UTC"
    }

    static func age(_ seconds: Double) -> String {
        if seconds < 120 { return "\(Int(seconds)) s" }
        if seconds < 7200 { return "\(Int(seconds / 60)) min" }
        if seconds < 172_800 { return "\(Int(seconds / 3600)) h" }
        return "\(Int(seconds / 86_400)) days"
    }

    static func metrics(_ m: ValidationMetrics) -> String {
        "MCC \(fixed(m.mcc, decimals: 3)), ham FPR \(fixed(m.hamFalsePositiveRate, decimals: 4)), spam recall \(fixed(m.spamRecall, decimals: 3)),"
            + " accuracy \(fixed(m.accuracy, decimals: 3)) on \(m.count) messages"
    }
}
