/// The verdict of a scored message, and why when it is not the score's alone. Every path that
/// scores (one message, bulk, gammu) decides here, so they cannot disagree.
///
/// First the score against the cutoffs. Then a text with no word and no number (only emoji and
/// symbols: `🔥🔥`, `🙏🙏`) is at most Unsure (`reason=no-words`): it can name no link, number or
/// deed to lure with, and the model knows emoji mostly from promotions (`🔥` is in ten spam of
/// the training collections and in no ham), so a model could score a friend's two-emoji reply
/// Spam (`05b82577`: `🔥🔥` 0.78, `🙏🙏` 0.81). So is an SMS that is a short remark with nothing
/// to act on (`TextContent.isShortRemark`: "hello", "Are you free?"; `reason=few-words`; a mail
/// has a sender, a subject and a body to judge, and is left to its score): the model
/// learnt today's scam openers from the written sets, so `86ede342` scores a bare "hello" Spam
/// (0.65), yet a remark of three words names no link, number or amount to lure with. On the
/// recipe's nested held-out scores of the SMS collections it turns 1–3 flagged ham of 406
/// such texts Unsure and no caught spam (docs/ACCURACY.md, "Short remarks"). Last a
/// sender rule: a trusted sender's message is Ham, a blocked sender's Spam, whatever came before.
public struct ScoredVerdict: Sendable, Equatable {
    public var verdict: Verdict
    /// The `reason=` value, or nil when the score alone decided.
    public var reason: String?

    /// The `reason=` value for a text without words that the model put in Spam.
    public static let noWordsReason = "no-words"

    /// The `reason=` value for a short remark with nothing to act on that the model put in Spam.
    public static let fewWordsReason = "few-words"

    /// The `reason=` values of a message whose template the user marked (`marked`).
    public static let learnedSpamReason = "learned-spam"
    public static let learnedHamReason = "learned-ham"

    /// `marked`: whether the user marked this message's template (`MessageTemplate`) as spam
    /// (true) or ham (false), nil when not. A trusted or blocked sender decides first, then the
    /// mark, then the score. `isMail`: the text is a mail's (subject and body), not an SMS.
    public init(
        score: Double, cutoffs: Cutoffs, text: String, isMail: Bool, rule: SenderRule?, marked: Bool? = nil
    ) {
        verdict = cutoffs.verdict(for: score)
        if verdict == .spam && !TextContent.hasWords(text) {
            verdict = .unsure
            reason = Self.noWordsReason
        } else if verdict == .spam && !isMail && TextContent.isShortRemark(text) {
            verdict = .unsure
            reason = Self.fewWordsReason
        }
        if let rule {
            verdict = rule.verdict(overriding: verdict)
            reason = rule.rawValue
        }
        if let marked, rule == nil || rule == .unverified {
            verdict = marked ? .spam : .ham
            reason = marked ? Self.learnedSpamReason : Self.learnedHamReason
        }
    }
}
