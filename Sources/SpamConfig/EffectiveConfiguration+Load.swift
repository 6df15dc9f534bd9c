import SpamIO
import SpamModel
import SpamStore

extension EffectiveConfiguration {
    /// Reads the config file and the environment and resolves every key (the I/O edge).
    ///
    /// Two files are read: the user's (`configFilePath`) over the system's (`systemConfigFilePath`).
    /// A missing file at a default place is fine; a missing file named by `SMSFILTER_CONFIG`,
    /// an unreadable file or a malformed one is an error.
    public static func load(
        environment: (String) -> String? = EffectiveConfiguration.processEnvironment,
        flags: [ConfigKey: String?] = [:],
        defaultModel: () -> String? = EffectiveConfiguration.bundledModelPath
    ) throws(ConfigError) -> EffectiveConfiguration {
        let path = configFilePath(environment: environment)
        var file: ConfigFile?
        if FileIO.exists(path) {
            file = try read(path)
        } else if let explicit = environment("SMSFILTER_CONFIG") {
            throw ConfigError("SMSFILTER_CONFIG names \(explicit), which does not exist")
        }
        var systemFile: ConfigFile?
        if let systemPath = systemConfigFilePath(environment: environment) {
            systemFile = try read(systemPath)
        }
        var given: [ConfigKey: String] = [:]
        for (key, value) in flags {
            if let value { given[key] = value }
        }
        let defaults = ConfigDefaults(
            model: defaultModel(), db: defaultDatabasePath(environment: environment))
        return try resolve(
            flags: given, environment: environment, file: file, filePath: path, systemFile: systemFile,
            defaults: defaults)
    }

    /// One config file, parsed.
    static func read(_ path: String) throws(ConfigError) -> ConfigFile {
        let bytes: [UInt8]
        do {
            bytes = try FileIO.readRegularFile(path: path, limit: 1 << 20)
        } catch {
            throw ConfigError(error.description)
        }
        return try ConfigFile.parse(bytes, path: path)
    }

    /// The system-wide config file that exists: the first `DIR/smsfilter/config` of
    /// `$XDG_CONFIG_DIRS` (absolute entries only), else `/etc/smsfilter/config`; nil when none does.
    public static func systemConfigFilePath(
        environment: (String) -> String? = EffectiveConfiguration.processEnvironment
    ) -> String? {
        var candidates: [String] = []
        if let dirs = environment("XDG_CONFIG_DIRS") {
            for dir in dirs.split(separator: ":") where dir.hasPrefix("/") {
                candidates.append(FilePath.join(String(dir), "smsfilter/config"))
            }
        }
        if candidates.isEmpty { candidates = ["/etc/smsfilter/config"] }
        return candidates.first { FileIO.exists($0) }
    }

    /// The process environment (a non-empty variable, or nil).
    public static func processEnvironment(_ name: String) -> String? { ProcessInfoLite.environment(name) }

    /// The default model installed next to the binary (`<prefix>/share/smsfilter/`), or nil.
    public static func bundledModelPath() -> String? { ModelLocator.defaultModelPath() }

    /// `$SMSFILTER_CONFIG`, else `$XDG_CONFIG_HOME/smsfilter/config`, else `~/.config/smsfilter/config`.
    /// A relative `XDG_CONFIG_HOME` is ignored, as the XDG spec says.
    public static func configFilePath(
        environment: (String) -> String? = EffectiveConfiguration.processEnvironment
    ) -> String {
        if let explicit = environment("SMSFILTER_CONFIG") { return explicit }
        if let xdg = environment("XDG_CONFIG_HOME"), xdg.hasPrefix("/") {
            return FilePath.join(xdg, "smsfilter/config")
        }
        return FilePath.join(
            ProcessInfoLite.homeDirectory(environment: environment), ".config/smsfilter/config")
    }

    /// `$XDG_DATA_HOME/smsfilter/smsfilter.sqlite`, else `~/.local/share/smsfilter/smsfilter.sqlite`
    /// (the store's own rule, `StoreLocation.dataDirectory`).
    public static func defaultDatabasePath(
        environment: (String) -> String? = EffectiveConfiguration.processEnvironment
    )
        -> String
    {
        FilePath.join(StoreLocation.dataDirectory(environment: environment), "smsfilter.sqlite")
    }
}
