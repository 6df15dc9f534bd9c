import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `make install` into a temporary prefix, then the installed binary alone: moved elsewhere, run
/// from an empty directory with an empty HOME, it must find its model in `<prefix>/share`.
/// Slow (a release build in the Makefile's own build folder), so
/// it runs only with SMSFILTER_INSTALL_TEST=1 (.ci/run sets it).
@Suite struct InstallTests {
    @Test(
        .enabled(
            if: TestEnvironment.variable("SMSFILTER_INSTALL_TEST") == "1", "opt-in: SMSFILTER_INSTALL_TEST=1")
    )
    func installRunsUninstallsAndHonoursDestdir() throws {
        let root = TestEnvironment.packageRoot
        let scratch = TemporaryDirectory("install").path
        defer { _ = shellOutput("rm -rf '\(scratch)'") }
        let debugBinary = try #require(TestEnvironment.smsfilterBinary, "built smsfilter binary not found")

        // A tiny model of our own, so the test needs no bundled one and can tell it apart.
        writeText(scratch + "/tiny.tsv", InstallFixture.corpus)
        let trained = shellOutput(
            "'\(debugBinary)' train --corpus '\(scratch)/tiny.tsv' --out '\(scratch)/tiny.smsmodel' "
                + "--epochs 2 --embedding-dim 4 --hidden 4 --max-len 16 --validation-fraction 0.25")
        try #require(trained.status == 0, "train failed: \(trained.output)")

        let prefix = scratch + "/prefix"
        let make = "make -C '\(root)' MODEL='\(scratch)/tiny.smsmodel'"
        let installed = shellOutput("\(make) install PREFIX='\(prefix)'")
        try #require(installed.status == 0, "make install failed: \(installed.output)")

        // Move the prefix: nothing may point back at the build or the source tree.
        let moved = scratch + "/moved"
        #expect(rename(prefix, moved) == 0)
        let home = scratch + "/home"
        let empty = scratch + "/empty"
        mkdir(home, 0o700)
        mkdir(empty, 0o700)
        let bin = moved + "/bin/smsfilter"
        let alone = "cd '\(empty)' && env -i PATH=/usr/bin:/bin HOME='\(home)' '\(bin)'"

        let bundled = shellOutput("\(alone) evaluate --corpus '\(scratch)/tiny.tsv'")
        let explicit = shellOutput(
            "\(alone) evaluate --corpus '\(scratch)/tiny.tsv' --model '\(scratch)/tiny.smsmodel'")
        #expect(bundled.status == 0, "installed binary failed: \(bundled.output)")
        #expect(bundled.output.hasPrefix("model "))
        #expect(bundled.output.firstLine == explicit.output.firstLine, "installed binary used another model")

        // The mail-filter path, once `classify` is on the branch.
        if shellOutput("\(alone) --help | grep -q '^  classify '").status == 0 {
            writeText(scratch + "/sms.txt", "Subject: hi\n\nAre we still meeting at six tonight?\n")
            let verdict = shellOutput("\(alone) classify -p < '\(scratch)/sms.txt'")
            #expect([0, 1, 2].contains(verdict.status), "classify: \(verdict.output)")
            #expect(verdict.output.contains("X-SMSFilter: "))
        }

        let config = shellOutput("\(alone) config show")
        #expect(config.status == 0)
        // Key names are padded to the longest one; compare with the padding taken out.
        let configLines = config.output.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        #expect(
            configLines.contains("model = \(moved)/share/smsfilter/default.smsmodel # default"),
            "\(config.output)")

        let man = readText(moved + "/share/man/man1/smsfilter.1")
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "ENVIRONMENT", "FILES", "EXIT STATUS"] {
            #expect(
                man.contains(".Sh \(section)") || man.contains(".Sh \"\(section)\""),
                "man page lacks \(section)")
        }
        #expect(readText(moved + "/share/bash-completion/completions/smsfilter").contains("smsfilter"))
        #expect(readText(moved + "/share/zsh/site-functions/_smsfilter").contains("#compdef smsfilter"))
        #expect(readText(moved + "/share/fish/vendor_completions.d/smsfilter.fish").contains("smsfilter"))
        #expect(readText(moved + "/share/smsfilter/config.example").contains("spam_cutoff"))
        // retrain's guard set: the written held-out messages, as the checkout holds them.
        let written = shellOutput(
            "cat '\(root)/corpus/modern/holdout.tsv' '\(root)'/corpus/modern-check/*.tsv")
        #expect(!written.output.isEmpty && readText(moved + "/share/smsfilter/guard.tsv") == written.output)
        #expect(
            readText(moved + "/share/smsfilter/guard-mail.tsv")
                == readText(root + "/corpus/modern-mail/guard.tsv"))
        let hooks = shellOutput("ls '\(root)/hooks' 2>/dev/null").output
        #expect(shellOutput("ls '\(moved)/share/smsfilter/hooks' 2>/dev/null").output == hooks)

        // Uninstall removes every file install put there.
        let uninstalled = shellOutput("\(make) uninstall PREFIX='\(moved)'")
        #expect(uninstalled.status == 0, "\(uninstalled.output)")
        #expect(shellOutput("find '\(moved)' -type f").output == "")
        #expect(!fileExists(moved + "/share/smsfilter"))

        // DESTDIR stages under another root (the build is done by now: this is quick).
        let stage = scratch + "/stage"
        let staged = shellOutput("\(make) install DESTDIR='\(stage)' PREFIX=/usr")
        #expect(staged.status == 0, "\(staged.output)")
        #expect(fileExists(stage + "/usr/bin/smsfilter"))
        #expect(fileExists(stage + "/usr/share/smsfilter/default.smsmodel"))
        _ = shellOutput("\(make) uninstall DESTDIR='\(stage)' PREFIX=/usr")
        #expect(shellOutput("find '\(stage)' -type f").output == "")
    }
}

/// Synthetic messages written for this test (not from any corpus).
enum InstallFixture {
    static let corpus: String = {
        let spam = [
            "WIN a free cruise now, text CLAIM to 80080", "URGENT prize waiting, call 0900 123 456 today",
            "Free entry in our weekly draw, reply WIN", "You have won cash! Click http://example.com/win",
            "Claim your reward voucher now, text YES to 81818", "Lowest loan rates, call free 0800 555 0101",
        ]
        let ham = [
            "See you at the station at six", "Can you pick up milk on the way home?",
            "Running late, start without me", "Thanks for dinner last night",
            "Is the meeting still on tomorrow?", "Call me when you land",
        ]
        var lines: [String] = []
        for round in 0..<2 {
            for text in spam { lines.append("spam\t\(text) \(round)") }
            for text in ham { lines.append("ham\t\(text) \(round)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }()
}

extension String {
    fileprivate var firstLine: Substring {
        split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
    }
}
