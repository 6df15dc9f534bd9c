public import SpamSenders

/// A sender a message claims, and whether that claim can be believed: an SMS gateway's number
/// is taken as given; a mail address only when the user's own server vouched for it.
public struct SenderCandidate: Sendable, Equatable {
    public var address: SenderAddress
    public var verified: Bool

    public init(address: SenderAddress, verified: Bool) {
        self.address = address
        self.verified = verified
    }
}

/// Why the sender list decided (or declined to decide) a verdict; the header's `reason=`.
public enum SenderRule: String, Sendable, Equatable {
    /// An allowed sender, believed: the message is ham whatever its score.
    case trusted = "trusted-sender"
    /// A blocked sender: spam whatever its score (forging it only hurts the forger).
    case blocked = "blocked-sender"
    /// An allowed sender that nobody vouched for: the model's verdict stands.
    case unverified = "unverified-trusted-sender"

    /// The rule for these candidates, asking `lookup` (normalized sender → state) once each; nil
    /// when no candidate is on the list. A block on any candidate wins over a trust.
    public static func decide(_ candidates: [SenderCandidate], lookup: (String) -> SenderState?)
        -> SenderRule?
    {
        var rule: SenderRule? = nil
        for candidate in candidates {
            switch lookup(candidate.address.value) {
            case .blocked: return .blocked
            case .allowed:
                if candidate.verified {
                    rule = .trusted
                } else if rule == nil {
                    rule = .unverified
                }
            case nil: break
            }
        }
        return rule
    }

    /// The verdict after the rule: ham when trusted, spam when blocked, else the model's.
    public func verdict(overriding modelVerdict: Verdict) -> Verdict {
        switch self {
        case .trusted: .ham
        case .blocked: .spam
        case .unverified: modelVerdict
        }
    }
}
