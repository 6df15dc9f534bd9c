import SpamTestSupport
import Testing

/// Never lose mail: every failure path of the real binary gives the message back (or, when the
/// message could not be read, writes nothing and exits non-zero). No model is needed.
@Suite
struct HookFailureTests {
    @Test func missingOrCorruptModelPassesTheMessageThrough() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary, "built smsfilter binary not found")
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let corrupt = directory.path + "/corrupt.smsmodel"
        writeFile(corrupt, Array("this is not a model file at all".utf8))
        let truncated = directory.path + "/empty.smsmodel"
        writeFile(truncated, [])
        let message = TestEnvironment.fixture("mail/forged.eml")
        for model in ["/nonexistent/model.smsmodel", corrupt, truncated] {
            let m = "--model \(quoted(model))"
            var result = runFilter(binary, "-p -e \(m)", input: message, in: directory)
            #expect(result.status == 0, "\(model): \(result.stderr)")
            #expect(text(result.stdout).contains("X-SMSFilter: Error, reason=cannot load model"))
            #expect(!text(result.stdout).contains("X-Spam-Flag"))
            #expect(result.stderr.contains("cannot load model"))
            // Apart from our header (and the forged ones removed), the message is unchanged.
            let forgedRemoved = removingLines(
                startingWith: ["X-SMSFilter:", "x-spam-flag:", "X-Spam-Flag:", "  version=", "\tcontinued"],
                from: message)
            #expect(removingLines(startingWith: verdictHeaders, from: result.stdout) == forgedRemoved)

            result = runFilter(binary, "-p \(m)", input: message, in: directory)
            #expect(result.status == 3)
            result = runFilter(binary, "-p -e --tempfail \(m)", input: message, in: directory)
            #expect(result.status == 75)
            result = runFilter(binary, "-p -e --no-error-header \(m)", input: message, in: directory)
            #expect(result.status == 0)
            #expect(result.stdout == message)
            // Not in pass-through mode: nothing on stdout, exit 3 even with -e.
            result = runFilter(binary, "-e \(m)", input: message, in: directory)
            #expect(result.status == 3 && result.stdout.isEmpty)
        }
    }

    @Test func unreadableInputWritesNothingAndFails() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary, "built smsfilter binary not found")
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        // Reading a directory fails (EISDIR): no partial output, a non-zero status even with -e.
        var result = runFilter(binary, "-p -e --model /nonexistent", inputPath: directory.path, in: directory)
        #expect(result.status == 3)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("cannot read"))
        result = runFilter(
            binary, "-p -e --tempfail --model /nonexistent", inputPath: directory.path, in: directory)
        #expect(result.status == 75)
        #expect(result.stdout.isEmpty)
    }

    @Test func oversizedMessagesPassThroughWithoutAModel() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary, "built smsfilter binary not found")
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let message = TestEnvironment.fixture("mail/plain-crlf.eml")
        let result = runFilter(
            binary, "-p --max-size 100 --model /nonexistent", input: message, in: directory)
        #expect(result.status == 1)
        #expect(
            text(result.stdout).contains(
                "X-SMSFilter: Unfiltered, reason=too-large, size=\(message.count), max-size=100"))
        #expect(text(result.stdout).contains("version=0.1.0\r\n\r\nHi Bob"))
        #expect(removingLines(startingWith: verdictHeaders, from: result.stdout) == message)
    }

    @Test func usageErrorsWriteNothing() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary, "built smsfilter binary not found")
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let message = TestEnvironment.fixture("mail/plain-lf.eml")
        for arguments in ["-p --input tsv", "--spam-cutoff 2", "--format xml", "--header-name 'Bad Name'"] {
            let result = runFilter(binary, arguments, input: message, in: directory)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stdout.isEmpty)
        }
    }

    /// Every hostile input in Tests/Fixtures/evidence comes back intact from the binary.
    @Test func evidenceInputsComeBackIntact() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary, "built smsfilter binary not found")
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let evidence = TestEnvironment.packageRoot + "/Tests/Fixtures/evidence"
        let names = listDirectory(evidence).filter { !$0.hasSuffix(".md") }
        #expect(names.count >= 10)
        let model = TestEnvironment.model.map { "--model \(quoted($0))" } ?? "--model /nonexistent"
        for name in names {
            let input = readFile(evidence + "/" + name) ?? []
            let result = runFilter(binary, "-p -e \(model)", inputPath: evidence + "/" + name, in: directory)
            #expect(result.status == 0, "\(name): \(result.stderr)")
            let stripped = removingLines(startingWith: verdictHeaders, from: result.stdout)
            // A header that ends without an LF gets one before ours.
            let intact =
                stripped == input || Array(stripped.dropFirst()) == input
                || Array(stripped.dropFirst(2)) == input || stripped == input + [0x0A]
            #expect(intact, "\(name) changed")
        }
    }

    /// gammu-smsd closes stdin, stdout and stderr: the binary must still run and report through
    /// its exit code.
    @Test func gammuWithClosedDescriptorsAndNoModel() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary, "built smsfilter binary not found")
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let log = directory.path + "/sms.log"
        let status = shell(
            "env -u SMSFILTER_MODEL HOME=\(quoted(directory.path)) SMS_MESSAGES=1 SMS_1_NUMBER=+15550100 SMS_1_TEXT='see you soon' "
                + "\(quoted(binary)) --input gammu-env --model /nonexistent --output \(quoted(log)) <&- >&- 2>&-"
        )
        #expect(status == 3)
        #expect(readFile(log) == nil)
        let empty = shell(
            "env -u SMSFILTER_MODEL -u SMS_MESSAGES HOME=\(quoted(directory.path)) \(quoted(binary)) --input gammu-env --model /nonexistent <&- >&- 2>&-"
        )
        #expect(empty == 3)
    }
}
