public import SpamConfig
import SpamIO

/// What every command resolves before it does anything, by one rule each: the settings (flag >
/// environment > user config file > system config file > default), the store (`--db` >
/// `$SMSFILTER_DB` > config `db` > `~/.local/share/smsfilter/smsfilter.sqlite`) and the model
/// (`ModelResolution`). The command line builds one per run; a long-running service can keep one.
///
/// ```swift
/// let context = try AppContext.load(flags: [.db: db, .model: model])
/// let store = try StoreBackends.open(context.storePath)
/// let classifier = try SpamClassifier.load(path: try context.modelPath())
/// ```
public struct AppContext: Sendable {
    /// Every setting with its source.
    public let configuration: EffectiveConfiguration

    public init(configuration: EffectiveConfiguration) {
        self.configuration = configuration
    }

    /// Reads the config files and the environment; `flags` are the command line's values (nil:
    /// not given).
    public static func load(
        flags: [ConfigKey: String?] = [:],
        environment: (String) -> String? = EffectiveConfiguration.processEnvironment
    ) throws(ConfigError) -> AppContext {
        AppContext(configuration: try EffectiveConfiguration.load(environment: environment, flags: flags))
    }

    /// `load`, then the process's log started by these settings and the flags (`verbosity`: how
    /// many `-v`; `syslog`: `--syslog`), which logs the `store: …, model: …` line at info level:
    /// how every command but the filter begins.
    public static func start(flags: [ConfigKey: String?] = [:], verbosity: Int, syslog: Bool)
        throws(ConfigError) -> AppContext
    {
        let context = try load(flags: flags)
        AppLog.use(
            LogSettings.resolve(verbosity: verbosity, syslog: syslog, configuration: context.configuration))
        AppLog.logger.info("\(context.resolutionSummary())")
        return context
    }

    /// The feedback store: `--db`, else `$SMSFILTER_DB`, else config `db`, else the default path.
    public var storePath: String {
        configuration.value(for: .db) ?? EffectiveConfiguration.defaultDatabasePath()
    }

    /// The model named by `--model`, `$SMSFILTER_MODEL` or config `model`; nil when none does (the
    /// store's active model, else the bundled one, applies).
    public var configuredModelPath: String? {
        if case .builtIn = configuration.source(for: .model) { return nil }
        return configuration.value(for: .model)
    }

    /// The model file every command loads by default (`ModelResolution`).
    public func modelPath() throws(ModelResolutionError) -> String {
        try ModelResolution.path(configured: configuredModelPath, storePath: storePath)
    }

    /// `store: PATH, model: PATH` (the `-v` line of every command), `model: none (why)` when no
    /// model resolves.
    public func resolutionSummary() -> String {
        let model: String
        do {
            model = try modelPath()
        } catch {
            model = "none (\(error))"
        }
        return Self.resolutionSummary(store: storePath, model: model)
    }

    /// The same line from already resolved paths (classify resolves them its own lazy way).
    public static func resolutionSummary(store: String, model: String) -> String {
        "store: \(store), model: \(model)"
    }
}
