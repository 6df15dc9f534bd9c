import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// hooks/smsfilter.sieve through Pigeonhole's `sieve-test` (Debian `dovecot-sieve`) with the
/// extprograms plugin, as Dovecot would run it at delivery: spam is filed into Spam, ham kept in
/// INBOX, and the filter action succeeds for both. sieve-test refuses to run as root, so as root
/// it runs as `nobody`, with the binary and model copied where that user can read them. Skips
/// without sieve-test, the binary or a model.
@Suite(
    .enabled(
        if: TestEnvironment.smsfilterBinary != nil && TestEnvironment.model != nil
            && TestEnvironment.which("sieve-test") != nil,
        "needs sieve-test (apt-get install dovecot-sieve), the binary and a model"))
struct HookSieveTests {
    @Test(arguments: [("mail/deliver-spam.eml", "Spam"), ("mail/deliver-ham.eml", "INBOX")])
    func filesThroughTheSieveScript(fixture: String, folder: String) throws {
        let (status, output) = SieveDelivery.run(TestEnvironment.fixture(fixture))
        #expect(status == 0)
        #expect(output.contains("store message in folder: \(folder)"), "\(output)")
        #expect(output.contains("final result: success"), "\(output)")
        #expect(!output.contains("Error:"), "\(output)")
    }
}
