public import SpamConfig
import SpamMail

extension ClassifySettings {
    /// These settings with the one resolution applied where no flag decided (`AppContext`): the
    /// environment (`SMSFILTER_MODEL`, `SMSFILTER_SPAM_CUTOFF`, …), then the user's and the
    /// system's config files supply the model, store, cutoffs, header name and size cap. A broken
    /// config file never fails a delivery: it is reported on stderr and ignored, and the flags,
    /// `$SMSFILTER_MODEL`, `$SMSFILTER_DB` and the built-in defaults apply.
    public func applyingConfiguration(
        environment: (String) -> String? = EffectiveConfiguration.processEnvironment
    ) -> ClassifySettings {
        let context: AppContext
        do {
            context = try AppContext.load(environment: environment)
        } catch {
            AppLog.use(logSettings(configuration: nil))
            AppLog.logger.warning("configuration ignored: \(error)")
            return resolvingPaths(model: environment("SMSFILTER_MODEL"), store: environment("SMSFILTER_DB"))
        }
        let configuration = context.configuration
        AppLog.use(logSettings(configuration: configuration))
        AppLog.logResolved(configuration)
        var settings = self
        func configured(_ key: ConfigKey) -> String? {
            switch configuration.source(for: key) {
            case .environment, .file: configuration.value(for: key)
            default: nil
            }
        }
        if settings.filter.spamCutoff == nil, let value = configured(.spamCutoff).flatMap(Double.init) {
            settings.filter.spamCutoff = value
        }
        if settings.filter.hamCutoff == nil, let value = configured(.hamCutoff).flatMap(Double.init) {
            settings.filter.hamCutoff = value
        }
        let defaults = FilterOptions()
        if settings.filter.headerName == defaults.headerName, let name = configured(.headerName) {
            settings.filter.headerName = name
        }
        if settings.filter.maxSize == defaults.maxSize, let size = configured(.maxSize).flatMap(Int.init) {
            settings.filter.maxSize = size
        }
        if let code = configured(.defaultCountryCode).flatMap(Int.init) { settings.filter.countryCode = code }
        if let host = configured(.trustedAuthservID) { settings.filter.trustedAuthservID = host }
        if let problem = settings.problem {
            AppLog.logger.warning("configuration ignored: \(problem)")
            settings = self
        }
        return settings.resolvingPaths(model: context.configuredModelPath, store: context.storePath)
    }

    /// The log these settings ask for: the `-v` count and `--syslog` over `configuration`'s
    /// `log_level` and `syslog` (nil: the configuration could not be read).
    public func logSettings(configuration: EffectiveConfiguration?) -> LogSettings {
        LogSettings.resolve(verbosity: verbosity, syslog: syslog, configuration: configuration)
    }

    /// With `modelPath` and `storePath` set from the resolution where no flag set them.
    func resolvingPaths(model: String?, store: String?) -> ClassifySettings {
        var settings = self
        if settings.modelPath == nil { settings.modelPath = model }
        if settings.storePath == nil { settings.storePath = store }
        return settings
    }
}
