import SpamMail
import Testing

@Suite struct ScoredVerdictTests {
    let cutoffs = Cutoffs(threshold: 0.7)

    /// The verdict and reason decided for `score`, `text` and `rule`.
    func decide(_ score: Double, _ text: String, rule: SenderRule? = nil, marked: Bool? = nil) -> (
        Verdict, String?
    ) {
        let decided = ScoredVerdict(score: score, cutoffs: cutoffs, text: text, rule: rule, marked: marked)
        return (decided.verdict, decided.reason)
    }

    @Test func aTextWithoutWordsIsAtMostUnsure() {
        for text in ["🔥🔥", "🙏🙏", "😊", "❤️❤️ !!", "£££ $$$"] {
            #expect(decide(0.95, text) == (.unsure, "no-words"), "\(text)")
            // Ham and Unsure stay what the score says, without a reason.
            #expect(decide(0.1, text) == (.ham, nil))
            #expect(decide(0.5, text) == (.unsure, nil))
        }
    }

    @Test func oneLetterOrDigitInAnyScriptIsAWord() {
        for text in ["🔥 x", "🎁 482913", "🔥 подарок", "🔥 礼物", "🔥 ٣", "WIN 🔥"] {
            #expect(decide(0.95, text) == (.spam, nil), "\(text)")
        }
    }

    @Test func aSenderRuleComesLast() {
        #expect(decide(0.95, "🔥🔥", rule: .blocked) == (.spam, "blocked-sender"))
        #expect(decide(0.95, "WIN", rule: .trusted) == (.ham, "trusted-sender"))
        #expect(decide(0.95, "🔥🔥", rule: .unverified) == (.unsure, "unverified-trusted-sender"))
    }

    /// A marked template decides over the score, and a trusted or blocked sender over the mark;
    /// an unbelieved trust leaves it to the mark.
    @Test func aMarkComesAfterTheSenderRule() {
        #expect(decide(0.95, "pay the fee now please", marked: false) == (.ham, "learned-ham"))
        #expect(decide(0.05, "see you at noon then", marked: true) == (.spam, "learned-spam"))
        #expect(decide(0.5, "see you at noon then", marked: true) == (.spam, "learned-spam"))
        #expect(
            decide(0.95, "pay the fee now please", rule: .blocked, marked: false) == (.spam, "blocked-sender")
        )
        #expect(
            decide(0.05, "see you at noon then", rule: .trusted, marked: true) == (.ham, "trusted-sender"))
        #expect(
            decide(0.95, "pay the fee now please", rule: .unverified, marked: false) == (.ham, "learned-ham"))
    }

    /// Through the filter: the header and the one-line verdict carry the reason; the exit code
    /// is Unsure's.
    @Test func theFilterSaysWhy() {
        var options = passThroughOptions()
        let outcome = FilterEngine.run(input: bytes("🔥🔥"), options: options, scorer: FixedScorer(0.95).score)
        #expect(outcome.status == .classified(.unsure, score: 0.95, modelID: "test-model"))
        #expect(outcome.exitCode == 2)
        let written = String(decoding: outcome.passThrough?.bytes(original: bytes("🔥🔥")) ?? [], as: UTF8.self)
        #expect(written.hasPrefix("X-SMSFilter: Unsure, score=0.9500, reason=no-words, model=test-model,"))
        #expect(!written.contains("X-Spam-Flag"))
        options.passThrough = false
        #expect(
            FilterEngine.run(input: bytes("🔥🔥"), options: options, scorer: FixedScorer(0.95).score).stdoutLine
                == "Unsure, score=0.9500, reason=no-words")
        options.format = .json
        #expect(
            FilterEngine.run(input: bytes("🔥🔥"), options: options, scorer: FixedScorer(0.95).score).stdoutLine
                == #"{"verdict":"unsure","score":0.9500,"reason":"no-words","model":"test-model"}"#)
    }
}
