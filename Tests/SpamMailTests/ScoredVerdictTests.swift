import SpamMail
import Testing

@Suite struct ScoredVerdictTests {
    let cutoffs = Cutoffs(threshold: 0.7)

    @Test func aTextWithoutWordsIsAtMostUnsure() {
        for text in ["🔥🔥", "🙏🙏", "😊", "❤️❤️ !!", "£££ $$$"] {
            #expect(
                ScoredVerdict(score: 0.95, cutoffs: cutoffs, text: text, rule: nil)
                    == ScoredVerdict(verdict: .unsure, reason: "no-words"), "\(text)")
            // Ham and Unsure stay what the score says, without a reason.
            #expect(
                ScoredVerdict(score: 0.1, cutoffs: cutoffs, text: text, rule: nil)
                    == ScoredVerdict(verdict: .ham))
            #expect(
                ScoredVerdict(score: 0.5, cutoffs: cutoffs, text: text, rule: nil)
                    == ScoredVerdict(verdict: .unsure))
        }
    }

    @Test func oneLetterOrDigitInAnyScriptIsAWord() {
        for text in ["🔥 x", "🎁 482913", "🔥 подарок", "🔥 礼物", "🔥 ٣", "WIN 🔥"] {
            #expect(
                ScoredVerdict(score: 0.95, cutoffs: cutoffs, text: text, rule: nil)
                    == ScoredVerdict(verdict: .spam),
                "\(text)")
        }
    }

    @Test func aSenderRuleComesLast() {
        #expect(
            ScoredVerdict(score: 0.95, cutoffs: cutoffs, text: "🔥🔥", rule: .blocked)
                == ScoredVerdict(verdict: .spam, reason: "blocked-sender"))
        #expect(
            ScoredVerdict(score: 0.95, cutoffs: cutoffs, text: "WIN", rule: .trusted)
                == ScoredVerdict(verdict: .ham, reason: "trusted-sender"))
        #expect(
            ScoredVerdict(score: 0.95, cutoffs: cutoffs, text: "🔥🔥", rule: .unverified)
                == ScoredVerdict(verdict: .unsure, reason: "unverified-trusted-sender"))
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
