import SpamConfig
import SpamIO
import SpamMail

extension ClassifySettings {
    /// These settings with the configuration applied where no flag decided: the environment
    /// (`SMSFILTER_SPAM_CUTOFF`, …) and the config file supply the model, store, cutoffs, header
    /// name and size cap. A broken config file never fails a delivery: it is reported on stderr
    /// and ignored, and the flags and built-in defaults apply.
    func applyingConfiguration() -> ClassifySettings {
        let configuration: EffectiveConfiguration
        do {
            configuration = try EffectiveConfiguration.load()
        } catch {
            ProcessInfoLite.printError("smsfilter: warning: configuration ignored: \(error)")
            return self
        }
        var settings = self
        func configured(_ key: ConfigKey) -> String? {
            switch configuration.source(for: key) {
            case .environment, .file: configuration.value(for: key)
            default: nil
            }
        }
        // SMSFILTER_MODEL is read by LazyModel itself (before the store's active model); only a
        // file setting adds something here.
        if settings.modelPath == nil, case .file = configuration.source(for: .model) {
            settings.modelPath = configuration.value(for: .model)
        }
        if settings.storePath == nil, let db = configured(.db) { settings.storePath = db }
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
            ProcessInfoLite.printError("smsfilter: warning: configuration ignored: \(problem)")
            return self
        }
        return settings
    }
}
