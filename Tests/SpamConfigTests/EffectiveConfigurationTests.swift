import SpamTestSupport
import Testing

@testable import SpamConfig

@Suite struct EffectiveConfigurationTests {
    let defaults = ConfigDefaults(
        model: "/usr/share/smsfilter/default.smsmodel", db: "/home/u/.local/share/s.sqlite")

    func resolve(
        flags: [ConfigKey: String] = [:], environment: [String: String] = [:], file text: String? = nil
    ) throws(ConfigError) -> EffectiveConfiguration {
        let file = try text.map { (t) throws(ConfigError) in try ConfigFile.parse(Array(t.utf8), path: "cfg")
        }
        return try EffectiveConfiguration.resolve(
            flags: flags, environment: { environment[$0] }, file: file, filePath: "cfg", defaults: defaults)
    }

    @Test func defaultsApplyWhenNothingIsSet() throws {
        let config = try resolve()
        #expect(config.value(for: .model) == "/usr/share/smsfilter/default.smsmodel")
        #expect(config.value(for: .headerName) == "X-SMSFilter")
        #expect(config.integer(for: .maxSize) == 524_288)
        #expect(config.value(for: .spamCutoff) == nil)
        #expect(config.value(for: .logLevel) == "warning")
        for key in ConfigKey.allCases { #expect(config.source(for: key) == .builtIn) }
        #expect(!config.fileWasRead)
    }

    @Test func flagBeatsEnvironmentBeatsFileBeatsDefault() throws {
        let file = "model = /file.m\ndb = /file.db\nspam_cutoff = 0.7\n"
        let environment = ["SMSFILTER_MODEL": "/env.m", "SMSFILTER_DB": "/env.db"]
        let config = try resolve(flags: [.model: "/flag.m"], environment: environment, file: file)
        #expect(config.value(for: .model) == "/flag.m")
        #expect(config.source(for: .model) == .flag("--model"))
        #expect(config.value(for: .db) == "/env.db")
        #expect(config.source(for: .db) == .environment("SMSFILTER_DB"))
        #expect(config.double(for: .spamCutoff) == 0.7)
        #expect(config.source(for: .spamCutoff) == .file(path: "cfg", line: 3))
        #expect(config.value(for: .headerName) == "X-SMSFilter")
        #expect(config.source(for: .headerName) == .builtIn)
        #expect(config.fileWasRead)
    }

    @Test func emptyEnvironmentVariableCountsAsUnset() throws {
        let config = try resolve(environment: ["SMSFILTER_DB": ""], file: "db = /file.db\n")
        #expect(config.value(for: .db) == "/file.db")
    }

    @Test func valuesAreNormalised() throws {
        let config = try resolve(
            environment: ["HOME": "/home/u", "SMSFILTER_MAX_SIZE": "2M", "SMSFILTER_LOG_LEVEL": "DEBUG"],
            file: "model = ~/m.smsmodel\nbase_corpus = ~\n")
        #expect(config.value(for: .model) == "/home/u/m.smsmodel")
        #expect(config.value(for: .baseCorpus) == "/home/u")
        #expect(config.integer(for: .maxSize) == 2 * 1024 * 1024)
        #expect(config.value(for: .logLevel) == "debug")
    }

    @Test func badValuesNameTheirSource() {
        #expect {
            try resolve(
                flags: [.spamCutoff: "1.5"], environment: ["SMSFILTER_MAX_SIZE": "big"],
                file: "\nheader_name = X:Bad\nlog_retention_days = -1\nlog_level = loud\n")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.problems == [
                "--spam-cutoff: spam_cutoff: `1.5` is not a number from 0 to 1",
                "cfg:2: header_name: `X:Bad` is not a header field name (printable ASCII, no colon)",
                "SMSFILTER_MAX_SIZE: max_size: `big` is not a size in bytes (e.g. 524288 or 512K)",
                "cfg:3: log_retention_days: `-1` is not a number of days",
                "cfg:4: log_level: `loud` is not a log level (trace, debug, info, notice, warning, error, critical)",
            ]
        }
    }

    @Test func hamCutoffAboveSpamCutoffIsRefusedAcrossSources() {
        #expect(throws: ConfigError.self) {
            try resolve(flags: [.hamCutoff: "0.8"], file: "spam_cutoff = 0.6\n")
        }
        #expect(throws: Never.self) { try resolve(flags: [.hamCutoff: "0.5"], file: "spam_cutoff = 0.6\n") }
    }

    @Test func tildeWithoutHomeIsAnError() {
        #expect(throws: ConfigError.self) { try resolve(file: "db = ~/x.sqlite\n") }
    }

    @Test func retrainKeysAreAvailableUnchecked() throws {
        let config = try resolve(file: "keep_models = 4\nmodels_dir = /m\n")
        #expect(config.fileValue(forKey: "keep_models") == "4")
        #expect(config.fileValue(forKey: "models_dir") == "/m")
        #expect(config.fileValue(forKey: "min_new") == nil)
    }

    @Test func configFilePathFollowsXDG() {
        func path(_ environment: [String: String]) -> String {
            EffectiveConfiguration.configFilePath(environment: { environment[$0] })
        }
        #expect(path(["HOME": "/home/u"]) == "/home/u/.config/smsfilter/config")
        #expect(path(["HOME": "/home/u", "XDG_CONFIG_HOME": "/x"]) == "/x/smsfilter/config")
        #expect(
            path(["HOME": "/home/u", "XDG_CONFIG_HOME": "relative"]) == "/home/u/.config/smsfilter/config")
        #expect(
            path(["XDG_CONFIG_HOME": "/x", "SMSFILTER_CONFIG": "/etc/smsfilter.conf"])
                == "/etc/smsfilter.conf")
        #expect(
            EffectiveConfiguration.defaultDatabasePath(environment: { ["XDG_DATA_HOME": "/d"][$0] })
                == "/d/smsfilter/smsfilter.sqlite")
    }

    @Test func environmentVariableAndFlagNames() {
        #expect(ConfigKey.spamCutoff.environmentVariable == "SMSFILTER_SPAM_CUTOFF")
        #expect(ConfigKey.logRetentionDays.flag == "--log-retention-days")
        #expect(ConfigKey(name: "max_size") == .maxSize)
        #expect(ConfigKey(name: "maxSize") == nil)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

@Suite struct ConfigLoadTests {
    /// A fresh XDG config home holding `smsfilter/config` with `text`.
    func configHome(_ text: String) -> String {
        let dir = TemporaryDirectory("config").path
        mkdir(dir + "/smsfilter", 0o755)
        writeText(dir + "/smsfilter/config", text)
        return dir
    }

    @Test func loadReadsXDGConfigHomeAndAppliesFlags() throws {
        let xdg = configHome("spam_cutoff = 0.8\nmodel = /from/file\n")
        defer { _ = system("rm -rf '\(xdg)'") }
        let environment = ["XDG_CONFIG_HOME": xdg, "HOME": "/nonexistent"]
        let config = try EffectiveConfiguration.load(
            environment: { environment[$0] }, flags: [.model: "/from/flag", .db: nil],
            defaultModel: { "/bundled" })
        #expect(config.fileWasRead)
        #expect(config.filePath == xdg + "/smsfilter/config")
        #expect(config.value(for: .model) == "/from/flag")
        #expect(config.double(for: .spamCutoff) == 0.8)
        #expect(config.source(for: .spamCutoff) == .file(path: xdg + "/smsfilter/config", line: 1))
        #expect(config.value(for: .db) == "/nonexistent/.local/share/smsfilter/smsfilter.sqlite")
    }

    @Test func missingDefaultFileIsFineButAMissingExplicitOneIsAnError() throws {
        let config = try EffectiveConfiguration.load(
            environment: { ["HOME": "/nonexistent"][$0] }, defaultModel: { "/bundled" })
        #expect(!config.fileWasRead)
        #expect(config.value(for: .model) == "/bundled")
        #expect(throws: ConfigError.self) {
            try EffectiveConfiguration.load(
                environment: { ["SMSFILTER_CONFIG": "/nonexistent/config"][$0] }, defaultModel: { nil })
        }
    }
}
