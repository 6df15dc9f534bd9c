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
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let root = directory.path
        // Dovecot runs only programs that nobody else can change: bin/ and the wrapper 0755;
        // the script's folder is writable (Sieve saves the compiled script beside it).
        #expect(
            shell(
                """
                chmod 755 \(quoted(root)) && mkdir -m 755 \(quoted(root + "/bin")) && mkdir -m 777 \(quoted(root + "/script")) \(quoted(root + "/mail")) \
                && cp \(quoted(TestEnvironment.smsfilterBinary ?? "")) \(quoted(root + "/bin/smsfilter-binary")) \
                && cp \(quoted(TestEnvironment.model ?? "")) \(quoted(root + "/bin/model.smsmodel")) \
                && cp \(quoted(TestEnvironment.packageRoot + "/hooks/smsfilter.sieve")) \(quoted(root + "/script/smsfilter.sieve")) \
                && chmod 644 \(quoted(root + "/bin/model.smsmodel")) && chmod 755 \(quoted(root + "/bin/smsfilter-binary"))
                """) == 0)
        writeFile(
            root + "/bin/smsfilter",
            Array(
                """
                #!/bin/sh
                exec \(root)/bin/smsfilter-binary --model \(root)/bin/model.smsmodel --no-log "$@"

                """.utf8))
        writeFile(
            root + "/dovecot.conf",
            Array(
                """
                mail_location = maildir:\(root)/mail
                plugin {
                  sieve_plugins = sieve_extprograms
                  sieve_global_extensions = +vnd.dovecot.filter
                  sieve_filter_bin_dir = \(root)/bin
                }

                """.utf8))
        writeFile(root + "/message.eml", TestEnvironment.fixture(fixture))
        #expect(
            shell(
                "chmod 755 \(quoted(root + "/bin/smsfilter")) && chmod 644 \(quoted(root + "/dovecot.conf")) \(quoted(root + "/message.eml"))"
            ) == 0)
        let command =
            "HOME=\(quoted(root)) sieve-test -c \(quoted(root + "/dovecot.conf")) "
            + "\(quoted(root + "/script/smsfilter.sieve")) \(quoted(root + "/message.eml")) > \(quoted(root + "/script/out")) 2>&1"
        let asUser =
            getuid() == 0
            ? "setpriv --reuid=65534 --regid=65534 --clear-groups /bin/sh -c \(quoted(command))" : command
        #expect(shell(asUser) == 0)
        let output = text(readFile(root + "/script/out") ?? [])
        #expect(output.contains("store message in folder: \(folder)"), "\(output)")
        #expect(output.contains("final result: success"), "\(output)")
        #expect(!output.contains("Error:"), "\(output)")
    }
}
