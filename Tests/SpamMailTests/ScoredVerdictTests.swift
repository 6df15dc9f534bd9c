import SpamMail
import Testing

@Suite struct ScoredVerdictTests {
    let cutoffs = Cutoffs(threshold: 0.7)

    /// The verdict and reason decided for `score`, `text` and `rule`.
    func decide(
        _ score: Double, _ text: String, isMail: Bool = false, rule: SenderRule? = nil, marked: Bool? = nil
    ) -> (Verdict, String?) {
        let decided = ScoredVerdict(
            score: score, cutoffs: cutoffs, text: text, isMail: isMail, rule: rule, marked: marked)
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

    /// With a letter or a digit it has words: a digit makes it Spam, a short word alone is a
    /// short remark.
    @Test func oneLetterOrDigitInAnyScriptIsAWord() {
        for text in ["🎁 482913", "🔥 ٣", "🔥 WIN 5 🔥"] {
            #expect(decide(0.95, text) == (.spam, nil), "\(text)")
        }
        for text in ["🔥 x", "🔥 подарок", "🔥 礼物", "WIN 🔥"] {
            #expect(decide(0.95, text) == (.unsure, "few-words"), "\(text)")
        }
    }

    /// A remark of at most three words with nothing to act on is at most Unsure.
    @Test func aShortRemarkIsAtMostUnsure() {
        for text in ["hello", "Hi", "Hello friend", "Hi it's me", "Are you free?", "สวัสดี", "在吗？", "ok..."] {
            #expect(decide(0.95, text) == (.unsure, "few-words"), "\(text)")
            #expect(decide(0.1, text) == (.ham, nil))
        }
    }

    /// A fourth word, a number of any script, an amount, an address or a link is something to
    /// act on, and a sentence written without spaces is not one short word: the score decides.
    @Test func aRemarkWithSomethingToActOnIsScored() {
        for text in [
            "Hi, how are you?", "call 0906", "Win ٣ prizes", "Win £ now", "mail me@x", "bit.ly",
            "go here/now", "สวัสดีค่ะติ๊กต๊อกชวนคุณมากดไลค์", "你好我是你表姐换新号了请存一下",
        ] {
            #expect(decide(0.95, text) == (.spam, nil), "\(text)")
        }
        // A full stop that ends a word is not a link.
        #expect(decide(0.95, "see you. bye") == (.unsure, "few-words"))
        // A mail's subject and body are left to the score.
        #expect(decide(0.95, "hello", isMail: true) == (.spam, nil))
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
