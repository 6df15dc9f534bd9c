public import SpamStore

/// The validation gate: a candidate replaces the active model only when it is no worse on both
/// counts, measured on the same validation set.
public struct RetrainDecision: Sendable, Equatable {
    public var accept: Bool
    /// Why, in a line a user can read (stored as the rejection reason).
    public var reason: String

    /// Judges on one validation set. `spamCount` / `hamCount` say what the set holds: MCC is
    /// meaningless (always 0) on a set with one class, so a spam-only set compares spam recall
    /// instead, and a ham-only set the false-positive rate alone.
    public static func judge(
        candidate: ValidationMetrics, active: ValidationMetrics?, spamCount: Int? = nil, hamCount: Int? = nil
    ) -> RetrainDecision {
        guard let active else {
            return RetrainDecision(accept: true, reason: "no active model to compare with")
        }
        // Tiny slack for floating-point noise only: "no worse" means no worse.
        let slack = 1e-9
        var problems: [String] = []
        var passed: [String] = []
        if hamCount == 0 {
            if candidate.spamRecall < active.spamRecall - slack {
                problems.append("spam recall \(format(candidate.spamRecall)) < active \(format(active.spamRecall))")
            } else {
                passed.append("spam recall \(format(candidate.spamRecall)) >= \(format(active.spamRecall))")
            }
        } else if spamCount != 0 {
            if candidate.mcc < active.mcc - slack {
                problems.append("MCC \(format(candidate.mcc)) < active \(format(active.mcc))")
            } else {
                passed.append("MCC \(format(candidate.mcc)) >= \(format(active.mcc))")
            }
        }
        if candidate.hamFalsePositiveRate > active.hamFalsePositiveRate + slack {
            problems.append(
                "ham false-positive rate \(format(candidate.hamFalsePositiveRate)) > active \(format(active.hamFalsePositiveRate))")
        } else {
            passed.append("ham FPR \(format(candidate.hamFalsePositiveRate)) <= \(format(active.hamFalsePositiveRate))")
        }
        if problems.isEmpty {
            return RetrainDecision(accept: true, reason: passed.joined(separator: ", "))
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
