import SpamApp
import SpamConfig
import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The one resolution rule, without the binary.
struct AppContextTests {
    /// A temporary directory holding a config file.
    static func configDirectory(_ text: String) -> String {
        let dir = TemporaryDirectory("app").path
        writeText(dir + "/config", text)
        return dir
    }

    static func environment(_ values: [String: String]) -> (String) -> String? { { values[$0] } }

    @Test func environmentBeatsTheFileAndTheFileBeatsTheDefault() throws {
        let dir = Self.configDirectory("model = ~/file.smsmodel  # c\ndb = ~/file.sqlite # c\n")
        defer { _ = system("rm -rf '\(dir)'") }
        var values = [
            "HOME": "/home/u", "SMSFILTER_CONFIG": dir + "/config", "XDG_CONFIG_DIRS": dir + "/none",
        ]
        let fromFile = try AppContext.load(environment: Self.environment(values))
        #expect(fromFile.storePath == "/home/u/file.sqlite")
        #expect(fromFile.configuredModelPath == "/home/u/file.smsmodel")
        #expect(try fromFile.modelPath() == "/home/u/file.smsmodel")
        values["SMSFILTER_MODEL"] = "/env.smsmodel"
        values["SMSFILTER_DB"] = "/env.sqlite"
        let fromEnvironment = try AppContext.load(environment: Self.environment(values))
        #expect(fromEnvironment.storePath == "/env.sqlite")
        #expect(try fromEnvironment.modelPath() == "/env.smsmodel")
        let fromFlags = try AppContext.load(
            flags: [.db: "/flag.sqlite", .model: "/flag.smsmodel"], environment: Self.environment(values))
        #expect(fromFlags.storePath == "/flag.sqlite")
        #expect(try fromFlags.modelPath() == "/flag.smsmodel")
    }

    @Test func classifySettingsTakeTheEnvironmentModelOverTheFile() throws {
        let dir = Self.configDirectory("model = /file.smsmodel\n")
        defer { _ = system("rm -rf '\(dir)'") }
        let values = [
            "HOME": "/home/u", "SMSFILTER_CONFIG": dir + "/config", "SMSFILTER_MODEL": "/env.smsmodel",
            "XDG_CONFIG_DIRS": dir + "/none",
        ]
        let settings = ClassifySettings().applyingConfiguration(environment: Self.environment(values))
        #expect(settings.modelPath == "/env.smsmodel")
        #expect(settings.storePath == "/home/u/.local/share/smsfilter/smsfilter.sqlite")
    }

    @Test func systemFileIsBelowTheUserFile() throws {
        let user = Self.configDirectory("header_name = X-User\n")
        let system = Self.configDirectory("header_name = X-System\nspam_cutoff = 0.9  # site policy\n")
        defer { _ = shell("rm -rf '\(user)' '\(system)'") }
        _ = shell("mkdir -p '\(system)/smsfilter' && mv '\(system)/config' '\(system)/smsfilter/config'")
        let values = [
            "HOME": "/home/u", "SMSFILTER_CONFIG": user + "/config", "XDG_CONFIG_DIRS": "relative:" + system,
        ]
        let configuration = try AppContext.load(environment: Self.environment(values)).configuration
        #expect(configuration.value(for: .headerName) == "X-User")
        #expect(configuration.value(for: .spamCutoff) == "0.9")
        #expect(configuration.source(for: .spamCutoff) == .file(path: system + "/smsfilter/config", line: 2))
    }
}
