import SpamTestSupport
import Testing

/// `classify` takes cutoffs and the header name from the config file when no flag sets them,
/// and a broken config file never stops a delivery.
@Suite(
    .enabled(
        if: TestEnvironment.smsfilterBinary != nil && TestEnvironment.model != nil,
        "needs the binary and a model"))
struct ClassifyConfigTests {
    let sms = Array("Are we still meeting for lunch tomorrow at noon?\n".utf8)

    /// Runs the binary on `sms` with SMSFILTER_CONFIG pointing into `dir`.
    func runWithConfig(_ arguments: String, _ dir: TemporaryDirectory) -> RunResult {
        runFilter(
            TestEnvironment.smsfilterBinary!, arguments, input: sms, in: dir,
            prefix: "SMSFILTER_CONFIG=" + quoted(dir.path + "/config"))
    }

    @Test func configFileSetsHeaderNameAndCutoffs() throws {
        let dir = TemporaryDirectory()
        writeFile(
            dir.path + "/config",
            Array("header_name = X-Test-Verdict\nham_cutoff = 0\nspam_cutoff = 1\n".utf8))
        let model = TestEnvironment.model!
        let result = runWithConfig("-p --model \(quoted(model))", dir)
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(text.hasPrefix("X-Test-Verdict: Unsure, score="))
        #expect(result.status == 2)
        // A flag still wins over the file.
        let flagged = runWithConfig("-p --model \(quoted(model)) --header-name X-Other --ham-cutoff 0.5", dir)
        #expect(String(decoding: flagged.stdout, as: UTF8.self).hasPrefix("X-Other: Ham, score="))
    }

    @Test func brokenConfigFileIsReportedAndTheMessageStillPasses() throws {
        let dir = TemporaryDirectory()
        writeFile(dir.path + "/config", Array("spam_cutoff = lots\n".utf8))
        let result = runWithConfig("-p --model \(quoted(TestEnvironment.model!))", dir)
        #expect(result.stderr.contains("configuration ignored"))
        #expect(result.status == 1)
        #expect(Array(result.stdout.suffix(sms.count)) == sms)
    }
}
