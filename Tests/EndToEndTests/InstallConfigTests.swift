import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `smsfilter config show|path|example` through the built binary: precedence and sources.
@Suite struct InstallConfigTests {
    @Test func configShowReportsEachSourceInPrecedenceOrder() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary, "built smsfilter binary not found")
        let dir = TemporaryDirectory("install").path
        defer { _ = shellOutput("rm -rf '\(dir)'") }
        mkdir(dir + "/smsfilter", 0o755)
        writeText(
            dir + "/smsfilter/config", "db = /file.db\nspam_cutoff = 0.8\nheader_name = X-File\nsmells = 1\n")
        let run = shellOutput(
            "env -i HOME=/nonexistent XDG_CONFIG_HOME='\(dir)' SMSFILTER_DB=/env.db SMSFILTER_HEADER_NAME=X-Env "
                + "'\(binary)' config show --header-name X-Flag")
        #expect(run.status == 0, "\(run.output)")
        // Key names are padded to the longest one; compare with the padding taken out.
        let lines = run.output.split(separator: "\n").map { line in
            line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        #expect(lines.contains("header_name = X-Flag # flag --header-name"))
        #expect(lines.contains("db = /env.db # environment SMSFILTER_DB"))
        #expect(lines.contains("spam_cutoff = 0.8 # config file \(dir)/smsfilter/config:2"))
        #expect(lines.contains("max_size = 524288 # default"))
        #expect(lines.contains("smsfilter: warning: \(dir)/smsfilter/config:4: unknown key `smells` ignored"))
    }

    @Test func malformedConfigIsAnErrorWithTheLineAndExitStatus3() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary, "built smsfilter binary not found")
        let dir = TemporaryDirectory("install").path
        defer { _ = shellOutput("rm -rf '\(dir)'") }
        writeText(dir + "/config", "# fine\nmodel /no/equals\n")
        let run = shellOutput(
            "env -i HOME=/nonexistent SMSFILTER_CONFIG='\(dir)/config' '\(binary)' config show")
        #expect(run.status == 3)
        #expect(run.output.contains("\(dir)/config:2: expected `key = value`"))
    }

    @Test func configPathAndExample() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary, "built smsfilter binary not found")
        let path = shellOutput("env -i HOME=/home/u XDG_CONFIG_HOME=/x '\(binary)' config path")
        #expect(path.output == "/x/smsfilter/config\n")
        let example = shellOutput("env -i HOME=/home/u '\(binary)' config example")
        #expect(example.status == 0)
        // Every line of the example is a comment or blank: it parses and sets nothing.
        #expect(example.output.split(separator: "\n").allSatisfy { $0.hasPrefix("#") })
        #expect(example.output.contains("#log_retention_days = 90"))
    }

    @Test func quietByDefaultVerboseFlagsAndLogLevelRaiseIt() throws {
        let binary = try #require(TestEnvironment.smsfilterBinary, "built smsfilter binary not found")
        let dir = TemporaryDirectory("install").path
        defer { _ = shellOutput("rm -rf '\(dir)'") }
        let base = "env -i HOME='\(dir)' '\(binary)' config show"
        #expect(shellOutput("\(base) 2>&1 >/dev/null").output == "")
        let debugLine =
            "smsfilter: debug: configuration resolved file=\(dir)/.config/smsfilter/config read=false\n"
        // -v adds the store and model in use (every command's info line); -vv the debug line too.
        let infoLine = "smsfilter: info: store: \(dir)/.local/share/smsfilter/smsfilter.sqlite, model: "
        let debug = shellOutput("\(base) -vv 2>&1 >/dev/null").output
        #expect(debug.hasPrefix(debugLine + infoLine))
        #expect(debug.split(separator: "\n").count == 2)
        let info = shellOutput("\(base) -v 2>&1 >/dev/null").output
        #expect(info.hasPrefix(infoLine))
        #expect(info.split(separator: "\n").count == 1)
        let fromEnvironment =
            "env -i HOME='\(dir)' SMSFILTER_LOG_LEVEL=debug '\(binary)' config show 2>&1 >/dev/null"
        #expect(shellOutput(fromEnvironment).output.hasPrefix(debugLine + infoLine))
        // log_level = error in the file silences the unknown-key warning; -vv beats the file.
        mkdir(dir + "/.config", 0o755)
        mkdir(dir + "/.config/smsfilter", 0o755)
        writeText(dir + "/.config/smsfilter/config", "log_level = error\nsmells = 1\n")
        #expect(shellOutput("\(base) 2>&1 >/dev/null").output == "")
        let verbose = shellOutput("\(base) -vv 2>&1 >/dev/null").output
        #expect(
            verbose.hasPrefix(
                "smsfilter: warning: \(dir)/.config/smsfilter/config:2: unknown key `smells` ignored"))
        #expect(verbose.contains("smsfilter: debug: configuration resolved"))
    }
}
