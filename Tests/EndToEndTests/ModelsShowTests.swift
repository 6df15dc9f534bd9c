import SpamTestSupport
import Testing

/// `models show` prints what the bundled model was trained on, from the model file itself.
@Suite(
    .enabled(
        if: TestEnvironment.smsfilterBinary != nil && TestEnvironment.model != nil,
        "needs the binary and a model"))
struct ModelsShowTests {
    @Test func bundledModelNamesItsCorpora() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let model = quoted(TestEnvironment.model!)
        let json = runFilter(
            TestEnvironment.smsfilterBinary!, "models show --model \(model) --format json", input: [], in: dir
        )
        #expect(json.status == 0, "\(json.stderr)")
        let out = text(json.stdout)
        for name in ["uci", "nus", "thai", "indonesian", "modern", "modern-train"] {
            #expect(out.contains("{\"name\": \"\(name)\", \"messages\": "), "\(name) missing from \(out)")
        }
        #expect(out.contains("\"sha256\": \""))
        // The bundled model reads mail with a reading of its own (docs/ACCURACY.md, run Z36).
        #expect(out.contains("\"mail_ngram_weight\": 40.0"), "\(out)")
        #expect(out.contains("{\"name\": \"modern-mail\", \"messages\": "))
        #expect(out.contains("{\"name\": \"modern-mail-train\", \"messages\": 800"))
        // And SMS written in other regions and ten languages (docs/ACCURACY.md, runs Z42 and Z43).
        #expect(out.contains("{\"name\": \"modern-train5\", \"messages\": 900"))
        #expect(out.contains("{\"name\": \"modern-train6\", \"messages\": 4000"))
        let plain = runFilter(
            TestEnvironment.smsfilterBinary!, "models show --model \(model)", input: [], in: dir)
        #expect(text(plain.stdout).contains("trained on:\n  uci "))
        #expect(text(plain.stdout).contains("mail read by an n-gram model of its own"))
        // A file that is not a model is an error, not a listing.
        writeFile(dir.path + "/not-a-model", Array("hello".utf8))
        let bad = runFilter(
            TestEnvironment.smsfilterBinary!, "models show --model \(quoted(dir.path + "/not-a-model"))",
            input: [], in: dir)
        #expect(bad.status != 0)
    }
}
