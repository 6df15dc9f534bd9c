import ArgumentParser
import SpamTestSupport
import Testing

@testable import smsfilter

/// `smsfilter … --help` for every command, compared with the snapshots in Tests/Fixtures/help/
/// (one file per command path: `smsfilter-db-check.txt` is `smsfilter db check --help`), as
/// swift-argument-parser tests its own examples. The commands come from `SMSFilter.configuration`,
/// hidden ones included, so a new command without a snapshot fails here.
///
/// After changing help text, rewrite the snapshots and review the diff:
///
///     SMSFILTER_UPDATE_SNAPSHOTS=1 swift test --filter HelpSnapshotTests
@Suite struct HelpSnapshotTests {
    static let directory = TestEnvironment.fixturesDirectory + "/help"
    static let updating = TestEnvironment.variable("SMSFILTER_UPDATE_SNAPSHOTS") == "1"

    /// Every command path below `smsfilter` (itself included), depth first in declaration order.
    static let commandPaths: [[String]] = {
        func walk(_ command: any ParsableCommand.Type, _ path: [String]) -> [[String]] {
            command.configuration.subcommands.reduce([path]) { $0 + walk($1, path + [$1._commandName]) }
        }
        return walk(SMSFilter.self, [])
    }()

    static func snapshotName(_ path: [String]) -> String {
        (["smsfilter"] + path).joined(separator: "-") + ".txt"
    }

    @Test(arguments: commandPaths)
    func helpMatchesItsSnapshot(_ path: [String]) throws {
        let binary = try #require(TestEnvironment.smsfilterBinary, "built smsfilter binary not found")
        let scratch = TemporaryDirectory("help")
        defer { scratch.remove() }
        // A fixed width and an empty environment: the text may not depend on the terminal or the user.
        let help = ChildProcess.run(
            ["/usr/bin/env", "-i", "COLUMNS=80", "HOME=/nonexistent", "LANG=C", binary] + path + ["--help"],
            in: scratch)
        #expect(help.status == 0, "\(path): \(help.err)")
        let file = Self.directory + "/" + Self.snapshotName(path)
        if Self.updating {
            writeText(file, help.out)
            return
        }
        let snapshot = try #require(
            readFile(file).map { String(decoding: $0, as: UTF8.self) },
            "no snapshot \(file); make it with SMSFILTER_UPDATE_SNAPSHOTS=1 swift test --filter HelpSnapshotTests"
        )
        #expect(
            help.out == snapshot, "help of `smsfilter \(path.joined(separator: " "))` differs from \(file)")
    }

    /// A snapshot whose command is gone fails too (removed when updating).
    @Test func everySnapshotHasACommand() {
        let expected = Set(Self.commandPaths.map(Self.snapshotName))
        for name in listDirectory(Self.directory) where !expected.contains(name) {
            if Self.updating {
                _ = shell("rm -f \(quoted(Self.directory + "/" + name))")
            } else {
                Issue.record("\(name) has no command; remove it or run SMSFILTER_UPDATE_SNAPSHOTS=1")
            }
        }
    }
}
