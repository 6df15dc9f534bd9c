import SpamText
import Testing

/// With `urlTraits`, what a link's host gives away follows `<url>`; without it (model files made
/// before the option), the tokens are as they were.
struct URLTraitsTests {
    let traits = try! Tokenizer(options: TokenizerOptions(urlTraits: true))
    let plain = try! Tokenizer(options: TokenizerOptions())

    @Test(arguments: [
        (
            "Reschedule at royalmail-redeliver.info now",
            ["reschedule", "at", "<url>", ".info", "<url-dash>", "now"]
        ),
        ("Track: https://www.royalmail.com/track?id=1 ok", ["track", "<url>", ".com", "ok"]),
        ("go to http://192.168.4.1/login", ["go", "to", "<url>", "<url-ip>"]),
        ("pay at usps.com-track.top/p", ["pay", "at", "<url>", ".top", "<url-dash>"]),
        ("see amzn.to/4bTx2Lm", ["see", "<url>", ".to"]),
    ])
    func hostTraitsFollowTheURL(text: String, expected: [String]) {
        #expect(traits.tokens(text) == expected)
    }

    @Test func withoutTheOptionTokensAreUnchanged() {
        #expect(
            plain.tokens("Reschedule at royalmail-redeliver.info now") == [
                "reschedule", "at", "<url>", "now",
            ])
        #expect(plain.tokens("go to http://192.168.4.1/login") == ["go", "to", "<url>"])
    }

    @Test func emailAddressesGetNoTraits() {
        #expect(traits.tokens("write to bob@my-host.com") == ["write", "to", "<email>"])
    }

    @Test func rawHostStillFollowsWithKeepRawShapes() {
        let both = try! Tokenizer(options: TokenizerOptions(keepRawShapes: true, urlTraits: true))
        #expect(
            both.tokens("at royalmail-redeliver.info") == [
                "at", "<url>", ".info", "<url-dash>", "royalmail-redeliver.info",
            ])
    }
}
