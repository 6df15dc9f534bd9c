public import SpamStore

/// The validation gate: a candidate replaces the active model only when it is no worse on both
/// counts, measured on the same validation set.
public struct RetrainDecision: Sendable, Equatable {
    public var accept: Bool
    /// Why, in a line a user can read (stored as the rejection reason).
    public var reason: String

    public static func judge(candidate: ValidationMetrics, active: ValidationMetrics?) -> RetrainDecision {
        guard let active else {
            return RetrainDecision(accept: true, reason: "no active model to compare with")
        }
        // Tiny slack for floating-point noise only: "no worse" means no worse.
        let slack = 1e-9
        var problems: [String] = []
        if candidate.mcc < active.mcc - slack {
            problems.append("MCC \(format(candidate.mcc)) < active \(format(active.mcc))")
        }
        if candidate.hamFalsePositiveRate > active.hamFalsePositiveRate + slack {
            problems.append(
                "ham false-positive rate \(format(candidate.hamFalsePositiveRate)) > active \(format(active.hamFalsePositiveRate))")
        }
        if problems.isEmpty {
            return RetrainDecision(
                accept: true,
                reason: "MCC \(format(candidate.mcc)) >= \(format(active.mcc)), ham FPR \(format(candidate.hamFalsePositiveRate)) <= \(format(active.hamFalsePositiveRate))")
        }
        return RetrainDecision(accept: false, reason: problems.joined(separator: "; "))
    }

    /// Four decimals, without Foundation.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let scaled = Int((abs(value) * 10_000).rounded())
        var fraction = String(scaled % 10_000)
        while fraction.count < 4 { fraction = "0" + fraction }
        return (value < 0 && scaled > 0 ? "-" : "") + "\(scaled / 10_000).\(fraction)"
    }
}
