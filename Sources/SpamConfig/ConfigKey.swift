/// One setting of smsfilter: its name in the config file, its environment variable, its flag and
/// how its values are checked.
public enum ConfigKey: String, CaseIterable, Sendable, Hashable {
    case model
    case db
    case spamCutoff = "spam_cutoff"
    case hamCutoff = "ham_cutoff"
    case headerName = "header_name"
    case maxSize = "max_size"
    case baseCorpus = "base_corpus"
    case logRetentionDays = "log_retention_days"
    case logLevel = "log_level"
    case syslog
    case defaultCountryCode = "default_country_code"
    case trustedAuthservID = "trusted_authserv_id"
    case trustAfterHam = "trust_after_ham"

    /// The name used in the config file, e.g. `spam_cutoff`.
    public var name: String { rawValue }

    /// The environment variable, e.g. `SMSFILTER_SPAM_CUTOFF`.
    public var environmentVariable: String { "SMSFILTER_" + rawValue.uppercased() }

    /// The command-line flag that overrides it, e.g. `--spam-cutoff`.
    public var flag: String {
        switch self {
        case .logLevel: return "--verbose"
        default: return "--" + rawValue.replacingUnderscores()
        }
    }

    /// What kind of value the key takes.
    public var kind: ConfigValueKind {
        switch self {
        case .model, .db, .baseCorpus: return .path
        case .spamCutoff, .hamCutoff: return .fraction
        case .headerName: return .headerName
        case .maxSize: return .byteSize
        case .logRetentionDays: return .days
        case .logLevel: return .logLevel
        case .syslog: return .yesNo
        case .defaultCountryCode: return .countryCode
        case .trustedAuthservID: return .hostName
        case .trustAfterHam: return .count
        }
    }

    /// One line for `config show`, `config example` and the documentation.
    public var summary: String {
        switch self {
        case .model: return "model file used to classify"
        case .db: return "SQLite feedback store"
        case .spamCutoff: return "scores at or above this are spam (0..1)"
        case .hamCutoff: return "scores at or below this are ham (0..1)"
        case .headerName: return "name of the verdict header written with -p"
        case .maxSize: return "larger messages pass unfiltered (bytes; K, M suffixes allowed)"
        case .baseCorpus: return "label<TAB>text corpus that retrain starts from"
        case .logRetentionDays: return "days of classification log kept by `db prune`"
        case .logLevel: return "log level: trace, debug, info, notice, warning, error, critical"
        case .syslog: return "yes: log to syslog (facility mail) instead of stderr"
        case .defaultCountryCode:
            return "country calling code for national numbers (44: 07700 900123 is +447700900123)"
        case .trustedAuthservID:
            return "your mail server's Authentication-Results id; a mail From: is trusted only on its pass"
        case .trustAfterHam: return "messages from one sender learned as ham before it is trusted"
        }
    }

    /// The key for a config-file name, or nil for an unknown name.
    public init?(name: String) { self.init(rawValue: name) }
}

/// The kinds of values, each with its own check.
public enum ConfigValueKind: Sendable {
    /// A file path; a leading `~/` is expanded with `$HOME`.
    case path
    /// A number from 0 to 1.
    case fraction
    /// A mail header field name (printable ASCII, no colon).
    case headerName
    /// A byte count, optionally with a K, M or G suffix (powers of 1024).
    case byteSize
    /// A non-negative number of days.
    case days
    /// A swift-log level name.
    case logLevel
    /// A country calling code, 1 to 999 (a leading `+` is allowed).
    case countryCode
    /// A host name (an authserv-id): letters, digits, `-`, `.`, `_`; lower-cased.
    case hostName
    /// A positive whole number.
    case count
    /// `yes` or `no` (also true/false, on/off, 1/0).
    case yesNo
}

/// Keys that other commands read from the same file (retrain's settings); accepted without a
/// warning, passed through unchecked. An array, not a set: a `Set<String>` costs every process
/// that reads a config file a search of the binary's protocol conformances (see
/// `EffectiveConfiguration.passThrough`).
public let passThroughConfigKeys: [String] = [
    "keep_models", "min_new", "feedback_weight", "models_dir", "epochs", "folds", "base_spam_tolerance",
    "min_feedback_only", "guard_corpus",
]

extension String {
    func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
