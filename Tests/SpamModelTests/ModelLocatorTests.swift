import SpamModel
import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// retrain's guard set is found as the bundled model is: installed beside it
/// (`PREFIX/share/smsfilter/guard.tsv` for `PREFIX/bin/smsfilter`), else the source checkout's
/// written held-out sets themselves.
@Test func theGuardSetIsFoundBesideAnInstalledBinaryElseInTheCheckout() {
    let scratch = TemporaryDirectory("guard-locator")
    defer { scratch.remove() }
    let binary = scratch.file("usr/bin/smsfilter")
    let checkout = ModelLocator.guardSetFiles(executablePath: binary)
    #expect(checkout.first == TestEnvironment.packageRoot + "/corpus/modern/holdout.tsv", "\(checkout)")
    #expect(checkout.dropFirst().allSatisfy { $0.contains("/corpus/modern-check/") && $0.hasSuffix(".tsv") })
    #expect(checkout.count > 1)
    _ = shell("mkdir -p \(quoted(scratch.file("usr/share/smsfilter")))")
    scratch.write("usr/share/smsfilter/guard.tsv", "ham\tsee you at noon\n")
    #expect(
        ModelLocator.guardSetFiles(executablePath: binary) == [scratch.file("usr/share/smsfilter/guard.tsv")])
    // Its mails, apart: the written mails held out, in the checkout or installed.
    #expect(
        ModelLocator.mailGuardSetFiles(executablePath: binary) == [
            TestEnvironment.packageRoot + "/corpus/modern-mail/guard.tsv"
        ])
    scratch.write("usr/share/smsfilter/guard-mail.tsv", "ham\tyour order has shipped\n")
    #expect(
        ModelLocator.mailGuardSetFiles(executablePath: binary) == [
            scratch.file("usr/share/smsfilter/guard-mail.tsv")
        ])
}
