import SpamConfig
public import SpamMail
import SpamSenders

/// Everything one `classify` run needs, resolved from the command line (by ArgumentParser or
/// by `ClassifyArguments`, the fast path).
public struct ClassifySettings: Equatable, Sendable {
    /// Where the messages come from.
    public enum InputMode: String, CaseIterable, Sendable {
        case text, tsv, mbox, maildir
        case gammuEnv = "gammu-env"
    }

    public var modelPath: String? = nil
    public var filter = FilterOptions()
    public var input: InputMode = .text
    /// `--output FILE`: append result lines there instead of stdout.
    public var output: String? = nil
    public var files: [String] = []
    /// `--db PATH`: the feedback store holding the classification log (nil: the default).
    public var storePath: String? = nil
    /// False with `--no-log`.
    public var logVerdicts = true
    /// How many `-v` were given (`LogSettings.resolve`: 1 info, with the store and model in use;
    /// 2 debug; 3 trace).
    public var verbosity = 0
    /// `--syslog`: the log goes to syslog (facility mail) instead of stderr.
    public var syslog = false

    public init() {
        filter.version = SMSFilterVersion.current
    }

    /// The first problem with these settings, as a usage message, or nil.
    public var problem: String? {
        if filter.maxSize < 0 { return "--max-size must not be negative" }
        for (name, value) in [("--spam-cutoff", filter.spamCutoff), ("--ham-cutoff", filter.hamCutoff)] {
            if let value, !(0...1).contains(value) { return "\(name) must lie between 0 and 1" }
        }
        if let spam = filter.spamCutoff, let ham = filter.hamCutoff, ham > spam {
            return "--ham-cutoff must not be above --spam-cutoff"
        }
        if case .failure(let why) = ConfigValueKind.headerName.normalize(filter.headerName, home: nil) {
            return "--header-name: \(why)"
        }
        if filter.passThrough && (input != .text || files.count > 1) {
            return "-p works on one message (--input text, at most one file)"
        }
        if input == .maildir && files.isEmpty { return "--input maildir needs a Maildir directory" }
        if let sender = filter.sender {
            if (input != .text && input != .gammuEnv) || files.count > 1 {
                return "--sender works on one message (--input text or gammu-env)"
            }
            if SenderAddress(sender) == nil { return "--sender: `\(sender.prefix(60))` is not a sender" }
        }
        return nil
    }
}

/// The version written into verdict headers.
public enum SMSFilterVersion {
    public static let current = "0.1.0"
}
