import SpamIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Where the store lives: `--db PATH`, else `$SMSFILTER_DB`, else
/// `$XDG_DATA_HOME/smsfilter/smsfilter.sqlite`, else `~/.local/share/smsfilter/smsfilter.sqlite`.
public enum StoreLocation {
    /// The database path for an explicit option (or nil) and an environment lookup.
    public static func resolve(
        explicit: String?, environment: (String) -> String? = StoreLocation.environment
    ) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let path = environment("SMSFILTER_DB") { return path }
        return dataDirectory(environment: environment) + "/smsfilter.sqlite"
    }

    /// The per-user data directory, `$XDG_DATA_HOME/smsfilter` or `~/.local/share/smsfilter`.
    public static func dataDirectory(environment: (String) -> String? = StoreLocation.environment) -> String {
        if let xdg = environment("XDG_DATA_HOME"), xdg.hasPrefix("/") { return xdg + "/smsfilter" }
        let home = ProcessInfoLite.homeDirectory(environment: environment)
        return home + "/.local/share/smsfilter"
    }

    /// The per-user cache folder, `$XDG_CACHE_HOME/smsfilter` or `~/.cache/smsfilter`: what can
    /// be lost at no cost but time (the record of model files already verified).
    public static func cacheDirectory(environment: (String) -> String? = StoreLocation.environment) -> String
    {
        if let xdg = environment("XDG_CACHE_HOME"), xdg.hasPrefix("/") { return xdg + "/smsfilter" }
        let home = ProcessInfoLite.homeDirectory(environment: environment)
        return home + "/.cache/smsfilter"
    }

    /// The per-user configuration file, `$XDG_CONFIG_HOME/smsfilter/config` or `~/.config/smsfilter/config`.
    public static func configFile(environment: (String) -> String? = StoreLocation.environment) -> String {
        // The same file `smsfilter config path` names: SMSFILTER_CONFIG first.
        if let explicit = environment("SMSFILTER_CONFIG") { return explicit }
        if let xdg = environment("XDG_CONFIG_HOME"), xdg.hasPrefix("/") { return xdg + "/smsfilter/config" }
        let home = ProcessInfoLite.homeDirectory(environment: environment)
        return home + "/.config/smsfilter/config"
    }

    /// A non-empty environment variable.
    public static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let string = String(cString: value)
        return string.isEmpty ? nil : string
    }
}
