import SpamIO
import SpamModel
import SpamStore

extension EffectiveConfiguration {
    /// Reads the config file and the environment and resolves every key (the I/O edge).
    ///
    /// A missing file at the default place is fine; a missing file named by `SMSFILTER_CONFIG`,
    /// an unreadable file or a malformed one is an error.
    public static func load(
        environment: (String) -> String? = EffectiveConfiguration.processEnvironment,
        flags: [ConfigKey: String?] = [:],
        defaultModel: () -> String? = EffectiveConfiguration.bundledModelPath
    ) throws(ConfigError) -> EffectiveConfiguration {
        let path = configFilePath(environment: environment)
        var file: ConfigFile?
        if FileIO.exists(path) {
            let bytes: [UInt8]
            do {
                bytes = try FileIO.readRegularFile(path: path, limit: 1 << 20)
            } catch {
                throw ConfigError(error.description)
            }
            file = try ConfigFile.parse(bytes, path: path)
        } else if let explicit = environment("SMSFILTER_CONFIG") {
            throw ConfigError("SMSFILTER_CONFIG names \(explicit), which does not exist")
        }
        var given: [ConfigKey: String] = [:]
        for (key, value) in flags {
            if let value { given[key] = value }
        }
        let defaults = ConfigDefaults(model: defaultModel(), db: defaultDatabasePath(environment: environment))
        return try resolve(flags: given, environment: environment, file: file, filePath: path, defaults: defaults)
    }

    /// The process environment (a non-empty variable, or nil).
    public static func processEnvironment(_ name: String) -> String? { ProcessInfoLite.environment(name) }

    /// The default model installed next to the binary (`<prefix>/share/smsfilter/`), or nil.
    public static func bundledModelPath() -> String? { ModelLocator.defaultModelPath() }

    /// `$SMSFILTER_CONFIG`, else `$XDG_CONFIG_HOME/smsfilter/config`, else `~/.config/smsfilter/config`.
    /// A relative `XDG_CONFIG_HOME` is ignored, as the XDG spec says.
    public static func configFilePath(environment: (String) -> String? = EffectiveConfiguration.processEnvironment) -> String {
        if let explicit = environment("SMSFILTER_CONFIG") { return explicit }
        if let xdg = environment("XDG_CONFIG_HOME"), xdg.hasPrefix("/") {
            return FilePath.join(xdg, "smsfilter/config")
        }
        return FilePath.join(ProcessInfoLite.homeDirectory(environment: environment), ".config/smsfilter/config")
    }

    /// `$XDG_DATA_HOME/smsfilter/smsfilter.sqlite`, else `~/.local/share/smsfilter/smsfilter.sqlite`
    /// (the store's own rule, `StoreLocation.dataDirectory`).
    public static func defaultDatabasePath(environment: (String) -> String? = EffectiveConfiguration.processEnvironment)
        -> String
    {
        FilePath.join(StoreLocation.dataDirectory(environment: environment), "smsfilter.sqlite")
    }
}
