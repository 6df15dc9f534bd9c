public import SpamStore
import SpamText

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
                problems.append(
                    "spam recall \(fixed(candidate.spamRecall)) < active \(fixed(active.spamRecall))")
            } else {
                passed.append("spam recall \(fixed(candidate.spamRecall)) >= \(fixed(active.spamRecall))")
            }
        } else if spamCount != 0 {
            if candidate.mcc < active.mcc - slack {
                problems.append("MCC \(fixed(candidate.mcc)) < active \(fixed(active.mcc))")
            } else {
                passed.append("MCC \(fixed(candidate.mcc)) >= \(fixed(active.mcc))")
            }
        }
        if candidate.hamFalsePositiveRate > active.hamFalsePositiveRate + slack {
            problems.append(
                "ham false-positive rate \(fixed(candidate.hamFalsePositiveRate)) > active \(fixed(active.hamFalsePositiveRate))"
            )
        } else {
            passed.append(
                "ham FPR \(fixed(candidate.hamFalsePositiveRate)) <= \(fixed(active.hamFalsePositiveRate))")
        }
        if problems.isEmpty {
            return RetrainDecision(accept: true, reason: passed.joined(separator: ", "))
        }
        return RetrainDecision(accept: false, reason: problems.joined(separator: "; "))
    }
}
