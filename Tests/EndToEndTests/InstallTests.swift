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
    @Test func installRunsUninstallsAndHonoursDestdir() throws {
        guard InstallShell.environment("SMSFILTER_INSTALL_TEST") == "1" else { return }
        let root = InstallShell.packageRoot()
        let scratch = try #require(InstallShell.temporaryDirectory())
        defer { _ = InstallShell.run("rm -rf '\(scratch)'") }
        let debugBinary = try #require(InstallShell.builtBinary())

        // A tiny model of our own, so the test needs no bundled one and can tell it apart.
        InstallShell.write(scratch + "/tiny.tsv", InstallFixture.corpus)
        let trained = InstallShell.run(
            "'\(debugBinary)' train --corpus '\(scratch)/tiny.tsv' --out '\(scratch)/tiny.smsmodel' "
                + "--epochs 2 --embedding-dim 4 --hidden 4 --max-len 16 --validation-fraction 0.25")
        try #require(trained.status == 0, "train failed: \(trained.output)")

        let prefix = scratch + "/prefix"
        let make = "make -C '\(root)' MODEL='\(scratch)/tiny.smsmodel'"
        let installed = InstallShell.run("\(make) install PREFIX='\(prefix)'")
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

        let bundled = InstallShell.run("\(alone) evaluate --corpus '\(scratch)/tiny.tsv'")
        let explicit = InstallShell.run("\(alone) evaluate --corpus '\(scratch)/tiny.tsv' --model '\(scratch)/tiny.smsmodel'")
        #expect(bundled.status == 0, "installed binary failed: \(bundled.output)")
        #expect(bundled.output.hasPrefix("model "))
        #expect(bundled.output.firstLine == explicit.output.firstLine, "installed binary used another model")

        // The mail-filter path, once `classify` is on the branch.
        if InstallShell.run("\(alone) --help | grep -q '^  classify '").status == 0 {
            InstallShell.write(scratch + "/sms.txt", "Subject: hi\n\nAre we still meeting at six tonight?\n")
            let verdict = InstallShell.run("\(alone) classify -p < '\(scratch)/sms.txt'")
            #expect([0, 1, 2].contains(verdict.status), "classify: \(verdict.output)")
            #expect(verdict.output.contains("X-SMSFilter: "))
        }

        let config = InstallShell.run("\(alone) config show")
        #expect(config.status == 0)
        // Key names are padded to the longest one; compare with the padding taken out.
        let configLines = config.output.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        #expect(configLines.contains("model = \(moved)/share/smsfilter/default.smsmodel # default"), "\(config.output)")

        let man = InstallShell.read(moved + "/share/man/man1/smsfilter.1")
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "ENVIRONMENT", "FILES", "EXIT STATUS"] {
            #expect(man.contains(".Sh \(section)") || man.contains(".Sh \"\(section)\""), "man page lacks \(section)")
        }
        #expect(InstallShell.read(moved + "/share/bash-completion/completions/smsfilter").contains("smsfilter"))
        #expect(InstallShell.read(moved + "/share/zsh/site-functions/_smsfilter").contains("#compdef smsfilter"))
        #expect(InstallShell.read(moved + "/share/fish/vendor_completions.d/smsfilter.fish").contains("smsfilter"))
        #expect(InstallShell.read(moved + "/share/smsfilter/config.example").contains("spam_cutoff"))
        let hooks = InstallShell.run("ls '\(root)/hooks' 2>/dev/null").output
        #expect(InstallShell.run("ls '\(moved)/share/smsfilter/hooks' 2>/dev/null").output == hooks)

        // Uninstall removes every file install put there.
        let uninstalled = InstallShell.run("\(make) uninstall PREFIX='\(moved)'")
        #expect(uninstalled.status == 0, "\(uninstalled.output)")
        #expect(InstallShell.run("find '\(moved)' -type f").output == "")
        #expect(!InstallShell.exists(moved + "/share/smsfilter"))

        // DESTDIR stages under another root (the build is done by now: this is quick).
        let stage = scratch + "/stage"
        let staged = InstallShell.run("\(make) install DESTDIR='\(stage)' PREFIX=/usr")
        #expect(staged.status == 0, "\(staged.output)")
        #expect(InstallShell.exists(stage + "/usr/bin/smsfilter"))
        #expect(InstallShell.exists(stage + "/usr/share/smsfilter/default.smsmodel"))
        _ = InstallShell.run("\(make) uninstall DESTDIR='\(stage)' PREFIX=/usr")
        #expect(InstallShell.run("find '\(stage)' -type f").output == "")
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

/// Shell helpers for the install test (names prefixed to stay apart from other test files).
enum InstallShell {
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The package root, from this file's path (Tests/EndToEndTests/InstallTests.swift).
    static func packageRoot() -> String {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) }
        return path
    }

    /// The debug `smsfilter` built beside the test runner.
    static func builtBinary() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let runner = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = runner.lastIndex(of: "/") else { return nil }
        let path = String(runner[..<slash]) + "/smsfilter"
        return access(path, X_OK) == 0 ? path : nil
    }

    static func temporaryDirectory() -> String? {
        var template = Array("/tmp/smsfilter-install-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
    }

    /// Runs a `sh -c` command line: exit status and stdout with stderr.
    static func run(_ command: String) -> (status: Int32, output: String) {
        guard let pipe = popen("(\(command)) 2>&1", "r") else { return (-1, "popen failed") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = fread(&chunk, 1, chunk.count, pipe)
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        let status = pclose(pipe)
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, String(decoding: bytes, as: UTF8.self))
    }

    static func write(_ path: String, _ text: String) {
        guard let file = fopen(path, "w") else { return }
        _ = Array(text.utf8).withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
    }

    static func read(_ path: String) -> String {
        guard let file = fopen(path, "r") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }
}

extension String {
    fileprivate var firstLine: Substring { split(separator: "\n", omittingEmptySubsequences: false).first ?? "" }
}
