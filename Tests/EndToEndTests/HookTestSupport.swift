import SpamTestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The result of running the binary on some input.
struct RunResult {
    var status: Int32
    var stdout: [UInt8]
    var stderr: String
}

/// Runs `smsfilter ARGS < input` (SMSFILTER_MODEL unset) and collects its output.
func runFilter(
    _ binary: String, _ arguments: String, input: [UInt8], in directory: TemporaryDirectory,
    prefix: String = ""
) -> RunResult {
    let inputPath = directory.path + "/input"
    writeFile(inputPath, input)
    return runFilter(binary, arguments, inputPath: inputPath, in: directory, prefix: prefix)
}

/// `prefix` adds environment assignments (`NAME=value ...`) for the binary.
func runFilter(
    _ binary: String, _ arguments: String, inputPath: String, in directory: TemporaryDirectory,
    prefix: String = ""
) -> RunResult {
    let out = directory.path + "/stdout"
    let err = directory.path + "/stderr"
    // The verdict log goes to a store inside the temporary directory, never the user's.
    let store = directory.path + "/store.sqlite"
    let status = shell(
        "env -u SMSFILTER_MODEL SMSFILTER_DB=\(quoted(store)) HOME=\(quoted(directory.path)) \(prefix) \(quoted(binary)) \(arguments) < \(quoted(inputPath)) > \(quoted(out)) 2> \(quoted(err))"
    )
    return RunResult(
        status: status, stdout: readFile(out) ?? [],
        stderr: String(decoding: readFile(err) ?? [], as: UTF8.self))
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

let verdictHeaders = ["X-SMSFilter:", "X-Spam-Flag:"]

/// hooks/smsfilter.sieve through Pigeonhole's `sieve-test` with the extprograms plugin, as
/// Dovecot runs it at delivery. Dovecot runs only programs nobody else can change: bin/ and the
/// wrapper 0755; the script's folder is writable (Sieve saves the compiled script beside it).
/// sieve-test refuses to run as root, so as root it runs as `nobody`, with the binary and model
/// copied where that user can read them.
enum SieveDelivery {
    /// sieve-test's exit status (-1 when the set-up failed) and output.
    static func run(_ message: [UInt8]) -> (status: Int32, output: String) {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let root = directory.path
        let prepared = shell(
            """
            chmod 755 \(quoted(root)) && mkdir -m 755 \(quoted(root + "/bin")) && mkdir -m 777 \(quoted(root + "/script")) \(quoted(root + "/mail")) \
            && cp \(quoted(TestEnvironment.smsfilterBinary ?? "")) \(quoted(root + "/bin/smsfilter-binary")) \
            && cp \(quoted(TestEnvironment.model ?? "")) \(quoted(root + "/bin/model.smsmodel")) \
            && cp \(quoted(TestEnvironment.packageRoot + "/hooks/smsfilter.sieve")) \(quoted(root + "/script/smsfilter.sieve")) \
            && chmod 644 \(quoted(root + "/bin/model.smsmodel")) && chmod 755 \(quoted(root + "/bin/smsfilter-binary"))
            """)
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
        writeFile(root + "/message.eml", message)
        let permitted = shell(
            "chmod 755 \(quoted(root + "/bin/smsfilter")) && chmod 644 \(quoted(root + "/dovecot.conf")) \(quoted(root + "/message.eml"))"
        )
        let command =
            "HOME=\(quoted(root)) sieve-test -c \(quoted(root + "/dovecot.conf")) "
            + "\(quoted(root + "/script/smsfilter.sieve")) \(quoted(root + "/message.eml")) > \(quoted(root + "/script/out")) 2>&1"
        let asUser =
            getuid() == 0
            ? "setpriv --reuid=65534 --regid=65534 --clear-groups /bin/sh -c \(quoted(command))" : command
        let status = shell(asUser)
        guard prepared == 0, permitted == 0 else { return (-1, "set-up failed") }
        return (status, text(readFile(root + "/script/out") ?? []))
    }
}

/// ROOT/procmailrc delivering into ROOT/Maildir/ through hooks/smsfilter.procmailrc, with
/// `filter` as `$SMSFILTER` and `extra` lines (assignments) before the include.
func writeProcmailRecipe(root: String, filter: String, extra: String = "") {
    writeFile(
        root + "/procmailrc",
        Array(
            """
            MAILDIR=\(root)/Maildir/
            DEFAULT=\(root)/Maildir/
            SMSFILTER="\(filter)"
            \(extra)INCLUDERC=\(TestEnvironment.packageRoot)/hooks/smsfilter.procmailrc

            """.utf8))
}

/// ROOT/mailfilter (0600, as maildrop requires) delivering into ROOT/Maildir through
/// hooks/smsfilter.mailfilter, with `filter` as `$SMSFILTER`.
func writeMaildropRecipe(root: String, filter: String) {
    writeFile(
        root + "/mailfilter",
        Array(
            """
            DEFAULT="\(root)/Maildir"
            SMSFILTER="\(filter)"
            include "\(TestEnvironment.packageRoot)/hooks/smsfilter.mailfilter"

            """.utf8), mode: 0o600)
}
