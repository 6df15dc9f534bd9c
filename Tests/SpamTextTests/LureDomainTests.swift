import SpamText
import Testing

/// With `lureDomains`, bare domains under today's cheap top-level domains are links; two words
/// run together across a full stop (`home.then`, `shop.top`) still are not. Without it (model
/// files made before the option), the tokens are as they were.
struct LureDomainTests {
    let lure = try! Tokenizer(options: TokenizerOptions(urlTraits: true, lureDomains: true))
    let before = try! Tokenizer(options: TokenizerOptions(urlTraits: true))

    @Test(arguments: [
        ("Pay now at ezpass-tolls.top", ["pay", "now", "at", "<url>", ".top", "<url-dash>"]),
        ("Pay at ezpass-tolls.help today", ["pay", "at", "<url>", ".help", "<url-dash>", "today"]),
        ("usps.com-track.icu", ["<url>", ".icu", "<url-dash>"]),
        ("claim at hmrc-refund.cfd", ["claim", "at", "<url>", ".cfd", "<url-dash>"]),
        ("see dhl24.live", ["see", "<url>", ".live"]),
        ("go to parcel.redeliver.sbs", ["go", "to", "<url>", ".sbs"]),
        ("rebook at myflight.help/x", ["rebook", "at", "<url>", ".help"]),
    ])
    func lureDomainsAreLinks(text: String, expected: [String]) {
        #expect(lure.tokens(text) == expected)
    }

    @Test(arguments: [
        "see you at home.then ok", "meet at the shop.top floor", "going.to bed", "ok.live music tonight",
        "tell.me", "email.help me", "what a fun.day", "at work.today",
    ])
    func wordsRunTogetherStayWords(text: String) {
        #expect(!lure.tokens(text).contains("<url>"), "\(text)")
        #expect(lure.tokens(text) == before.tokens(text))
    }

    @Test func withoutTheOptionTokensAreUnchanged() {
        #expect(before.tokens("Pay at ezpass-tolls.help") == ["pay", "at", "ezpass", "tolls", "help"])
        #expect(
            before.tokens("Pay now at ezpass-tolls.top") == ["pay", "now", "at", "ezpass", "tolls", "top"])
        // What the old rule already read as a link is read the same way.
        for text in ["royalmail-redeliver.info", "usps.com-track.top/p", "amzn.to/4bTx2Lm", "example.com"] {
            #expect(lure.tokens(text) == before.tokens(text), "\(text)")
        }
    }
}
