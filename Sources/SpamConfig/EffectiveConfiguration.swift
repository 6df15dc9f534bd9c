/// The settings a command runs with, each with where it came from.
///
/// Precedence, highest first: command-line flag, environment variable (`SMSFILTER_MODEL`, ...),
/// the user's config file, the system config file, the built-in default. A command builds it once at the start of `run()`:
///
/// ```swift
/// let config = try EffectiveConfiguration.load(flags: [.model: model, .spamCutoff: spamCutoff.map { "\($0)" }])
/// let modelPath = config.value(for: .model)      // "/usr/local/share/smsfilter/default.smsmodel"
/// config.source(for: .model)                     // .builtIn, .flag("--model"), ...
/// ```
public struct EffectiveConfiguration: Sendable {
    /// One resolved setting.
    public struct Setting: Sendable, Equatable {
        /// The value in normal form, or nil when no source sets it and it has no default.
        public let value: String?
        public let source: ConfigSource
    }

    /// The config file's path (whether or not it exists).
    public let filePath: String
    /// True when the config file was found and read.
    public let fileWasRead: Bool
    /// Non-fatal findings (unknown keys, repeated keys), as `path:line: message`.
    public let warnings: [String]

    let settings: SettingTable
    /// The pass-through keys' entries, system file first (the last of a key wins). Not a
    /// `[String: String]`: the first use of that type in a process makes the Swift runtime
    /// search every protocol conformance in the binary for `String: Hashable`, 3 % of a
    /// delivery's CPU time, and a delivery needs no other.
    let passThrough: [ConfigFile.Entry]

    /// The effective value, or nil (e.g. `spam_cutoff` unset: the model's threshold applies).
    public func value(for key: ConfigKey) -> String? { settings[key]?.value }

    /// Where the effective value came from.
    public func source(for key: ConfigKey) -> ConfigSource { settings[key]?.source ?? .builtIn }

    /// The effective value as a number (cutoffs, days).
    public func double(for key: ConfigKey) -> Double? { value(for: key).flatMap { Double($0) } }

    /// The effective value as an integer (`max_size` in bytes).
    public func integer(for key: ConfigKey) -> Int? { value(for: key).flatMap { Int($0) } }

    /// A config-file key that another command owns (`keep_models`, `min_new`, ...), unchecked.
    public func fileValue(forKey name: String) -> String? { passThrough.last { $0.key == name }?.value }

    /// Resolves every key from its sources. Pure: the file is already parsed, the environment is a
    /// lookup, the defaults are given. Throws one error listing every refused value.
    public static func resolve(
        flags: [ConfigKey: String],
        environment: (String) -> String?,
        file: ConfigFile?,
        filePath: String,
        systemFile: ConfigFile? = nil,
        defaults: ConfigDefaults
    ) throws(ConfigError) -> EffectiveConfiguration {
        let home = environment("HOME")
        var settings = SettingTable()
        var problems: [String] = []
        for key in ConfigKey.allCases {
            var candidate: (text: String, source: ConfigSource)?
            if let text = flags[key] {
                candidate = (text, .flag(key.flag))
            } else if let text = environment(key.environmentVariable), !text.isEmpty {
                candidate = (text, .environment(key.environmentVariable))
            } else if let entry = file?.entry(for: key.name) {
                candidate = (entry.value, .file(path: file?.path ?? filePath, line: entry.line))
            } else if let systemFile, let entry = systemFile.entry(for: key.name) {
                candidate = (entry.value, .file(path: systemFile.path, line: entry.line))
            }
            guard let candidate else {
                settings[key] = Setting(value: defaults.value(for: key), source: .builtIn)
                continue
            }
            switch key.kind.normalize(candidate.text, home: home) {
            case .success(let value):
                settings[key] = Setting(value: value, source: candidate.source)
            case .failure(let error):
                problems.append("\(Self.place(candidate.source)): \(key.name): \(error)")
            }
        }
        if problems.isEmpty,
            let spam = settings[.spamCutoff]?.value.flatMap({ Double($0) }),
            let ham = settings[.hamCutoff]?.value.flatMap({ Double($0) }), ham > spam
        {
            let hamSource = settings[.hamCutoff]?.source ?? .builtIn
            let spamSource = settings[.spamCutoff]?.source ?? .builtIn
            problems.append("ham_cutoff \(ham) (\(hamSource)) is above spam_cutoff \(spam) (\(spamSource))")
        }
        if !problems.isEmpty { throw ConfigError(problems) }
        let passThrough = ((systemFile?.entries ?? []) + (file?.entries ?? [])).filter {
            passThroughConfigKeys.contains($0.key)
        }
        return EffectiveConfiguration(
            filePath: filePath, fileWasRead: file != nil,
            warnings: (systemFile?.warnings ?? []) + (file?.warnings ?? []),
            settings: settings, passThrough: passThrough)
    }

    /// A source as the start of an error message: `path:line`, `SMSFILTER_X`, `--flag`.
    static func place(_ source: ConfigSource) -> String {
        switch source {
        case .flag(let name): return name
        case .environment(let name): return name
        case .file(let path, let line): return "\(path):\(line)"
        case .builtIn: return "default"
        }
    }
}

/// The built-in defaults. `model` and `db` depend on the machine, so they are inputs.
public struct ConfigDefaults: Sendable, Equatable {
    public var model: String?
    public var db: String
    public var headerName = "X-SMSFilter"
    public var maxSize = 512 * 1024
    public var logRetentionDays = 90
    public var logLevel = "warning"
    public var trustAfterHam = 2

    public init(model: String?, db: String) {
        self.model = model
        self.db = db
    }

    /// The default for a key, or nil when the default is "not set" (cutoffs: the model's).
    public func value(for key: ConfigKey) -> String? {
        switch key {
        case .model: return model
        case .db: return db
        case .spamCutoff, .hamCutoff, .baseCorpus, .defaultCountryCode, .trustedAuthservID: return nil
        case .headerName: return headerName
        case .maxSize: return String(maxSize)
        case .logRetentionDays: return String(logRetentionDays)
        case .logLevel: return logLevel
        case .syslog: return "no"
        case .trustAfterHam: return String(trustAfterHam)
        }
    }

    /// What the default means when it has no value (for `config show`).
    public static func meaning(of key: ConfigKey) -> String? {
        switch key {
        case .model: return "no model found next to the binary"
        case .spamCutoff: return "the model's threshold"
        case .hamCutoff: return "half the model's threshold"
        case .baseCorpus: return "none: retrain uses feedback only"
        case .defaultCountryCode: return "none: national numbers stay as written digits"
        case .trustedAuthservID: return "none: no mail From: is trusted (SMS senders still are)"
        default: return nil
        }
    }
}

/// Each key's setting, in a fixed-size array indexed by the key's place in `ConfigKey.allCases`.
/// Not a dictionary: every delivery resolves the settings once, and a dictionary keyed by
/// `ConfigKey` makes the Swift runtime build its generic storage type on first use, by name (a
/// demangling and a search of every protocol conformance in the binary), which cost more than
/// the rest of the resolution.
struct SettingTable {
    private static let keys = ConfigKey.allCases
    private var slots = [EffectiveConfiguration.Setting?](repeating: nil, count: keys.count)

    subscript(key: ConfigKey) -> EffectiveConfiguration.Setting? {
        get { slots[Self.place(of: key)] }
        set { slots[Self.place(of: key)] = newValue }
    }

    private static func place(of key: ConfigKey) -> Int {
        var i = 0
        while keys[i] != key { i += 1 }
        return i
    }
}
