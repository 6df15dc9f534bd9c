import SpamApp
import SpamTestSupport
import Testing

@testable import smsfilter

/// The fast path parses `classify` options without ArgumentParser (it costs milliseconds per
/// delivered mail). Whatever it accepts must mean exactly what ArgumentParser makes of it, and
/// whatever ArgumentParser rejects it must leave alone.
@Suite struct HookArgumentTests {
    static let accepted: [[String]] = [
        [], ["-p", "-e"], ["-pe"], ["-ep", "--tempfail"], ["classify"], ["classify", "-p"],
        ["-p", "-e", "--model", "/tmp/m.smsmodel"],
        ["-p", "--model=/tmp/m.smsmodel", "--model", "/tmp/other"],
        ["--spam-cutoff", "0.9", "--ham-cutoff", "0.2", "-e"], ["--spam-cutoff=0.75"],
        ["-p", "--header-name", "X-Bogosity", "--max-size", "1000"], ["--max-size=0", "-p"],
        ["--format", "json"], ["--format=json", "--format", "text"], ["--input", "tsv", "a.tsv", "b.tsv"],
        ["--input", "mbox"], ["--input=maildir", "/tmp/Maildir"],
        ["--input", "gammu-env", "--output", "/tmp/log"],
        ["classify", "message.eml"], ["-p", "message.eml"], ["--no-error-header", "-p", "-e", "--tempfail"],
        ["classify", "--passthrough", "--exit-zero"], ["--db", "/tmp/x.sqlite", "-p"], ["--no-log", "-pe"],
        ["--db=/tmp/y.sqlite", "--no-log", "classify.eml"],
        ["-p", "-e", "--sender", "+447700900123"], ["--sender=HMRC", "--input", "gammu-env"],
        ["-vv", "-p"], ["classify", "-v", "--verbose", "-vvv"], ["-pe", "-v", "--syslog"],
    ]

    static let leftToArgumentParser: [[String]] = [
        ["--help"], ["-h"], ["classify", "--help"], ["train", "--corpus", "x"], ["tokenize"], ["message.eml"],
        ["-p", "--unknown"], ["--max-size", "big"], ["--spam-cutoff", "2"],
        ["--ham-cutoff", "0.9", "--spam-cutoff", "0.5"],
        ["--format", "xml"], ["--input", "csv"], ["-p", "--input", "tsv"], ["-p", "a", "b"],
        ["--input", "maildir"],
        ["--model"], ["--header-name", "Bad Name"], ["-p=1"], ["--", "-p"], ["-x"], ["--version"],
        ["-p", "train"],
        ["-p", "learn"], ["classify", "learn"], ["-p", "message"], ["learn", "--spam"], ["stats"],
        ["db", "check"], ["--db"],
        ["--sender"], ["--sender", "-p"], ["--sender", "x", "--input", "tsv"], ["--sender", "()"],
        ["senders", "list"], ["-v=1"], ["--verbose=2"], ["-pv"], ["-p", "x=y.eml"], ["--tempfail=yes"],
    ]

    @Test(arguments: accepted)
    func fastPathAgreesWithArgumentParser(arguments: [String]) throws {
        let fast = try #require(
            ClassifyArguments.settings(for: arguments, isCommandName: SMSFilter.commandNames.contains),
            "fast path refused \(arguments)")
        let parsed = try SMSFilter.parseAsRoot(arguments)
        let command = try #require(parsed as? ClassifyCommand, "\(arguments) did not parse as classify")
        #expect(command.settings == fast, "\(arguments)")
    }

    @Test(arguments: leftToArgumentParser)
    func fastPathLeavesEverythingElseAlone(arguments: [String]) {
        #expect(
            ClassifyArguments.settings(for: arguments, isCommandName: SMSFilter.commandNames.contains) == nil,
            "\(arguments)")
    }

    /// Whatever ArgumentParser rejects, the fast path must not accept either.
    @Test(arguments: leftToArgumentParser)
    func rejectedArgumentsAreNeverAccepted(arguments: [String]) {
        if (try? SMSFilter.parseAsRoot(arguments)) == nil {
            #expect(
                ClassifyArguments.settings(for: arguments, isCommandName: SMSFilter.commandNames.contains)
                    == nil)
        }
    }
}
