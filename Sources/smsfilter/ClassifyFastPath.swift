import SpamApp
import SpamMail

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The per-message hot path: a recipe runs `smsfilter -p -e` once per delivered mail, and
/// ArgumentParser's reflection-based parsing costs about as much CPU as reading the model.
/// This parser handles exactly the `classify` options, with ArgumentParser's meaning (later
/// values win, `-pe` combines flags), and gives up (returns nil) on anything else — help,
/// other subcommands, a bad value, an unknown flag — so ArgumentParser still produces every
/// error and help message. `ClassifyFastPathTests` checks both parsers agree.
enum ClassifyFastPath {
    /// Subcommand names: a bare word equal to one of these is left to ArgumentParser.
    static let otherCommands: Set<String> = [
        "train", "evaluate", "tokenize", "vocab", "bench", "help", "learn", "unlearn", "retrain", "models",
        "stats",
        "db", "forecast", "senders",
    ]

    /// Runs `classify` and exits when the arguments (without the program name) are plain
    /// classify options; returns otherwise.
    static func runIfPossible(_ arguments: [String]) {
        guard let settings = settings(for: arguments) else { return }
        exit(ClassifyRunner(settings: settings).run())
    }

    /// The settings for `arguments`, or nil when ArgumentParser should handle them.
    static func settings(for arguments: [String]) -> ClassifySettings? {
        var settings = ClassifySettings()
        var rest = arguments[...]
        var sawClassify = false
        if rest.first == "classify" {
            rest = rest.dropFirst()
            sawClassify = true
        }
        var format = "text"
        while let argument = rest.popFirst() {
            // `--name=value` or `--name value`.
            func value() -> String? {
                if let equals = argument.firstIndex(of: "=") {
                    return String(argument[argument.index(after: equals)...])
                }
                return rest.popFirst()
            }
            let name = argument.firstIndex(of: "=").map { String(argument[..<$0]) } ?? argument
            switch name {
            case "-p", "--passthrough": settings.filter.passThrough = true
            case "-e", "--exit-zero": settings.filter.exitZero = true
            case "-pe", "-ep":
                settings.filter.passThrough = true
                settings.filter.exitZero = true
            case "--tempfail": settings.filter.tempFail = true
            case "--no-error-header": settings.filter.errorHeader = false
            case "--no-log": settings.logVerdicts = false
            case "--syslog": settings.syslog = true
            case "--verbose": settings.verbosity += 1
            case _ where name.count > 1 && name.hasPrefix("-") && name.dropFirst().allSatisfy({ $0 == "v" }):
                // `-v`, `-vv`, `-vvv`: one level each, as ArgumentParser counts them.
                settings.verbosity += name.count - 1
            case "--db":
                guard let path = value(), !path.hasPrefix("-") else { return nil }
                settings.storePath = path
            case "--model":
                guard let path = value(), !path.hasPrefix("-") else { return nil }
                settings.modelPath = path
            case "--header-name":
                guard let header = value(), !header.hasPrefix("-") else { return nil }
                settings.filter.headerName = header
            case "--sender":
                guard let sender = value(), !sender.hasPrefix("-") else { return nil }
                settings.filter.sender = sender
            case "--output":
                guard let path = value(), !path.hasPrefix("-") else { return nil }
                settings.output = path
            case "--max-size":
                guard let text = value(), let size = Int(text) else { return nil }
                settings.filter.maxSize = size
            case "--spam-cutoff":
                guard let text = value(), let cutoff = Double(text) else { return nil }
                settings.filter.spamCutoff = cutoff
            case "--ham-cutoff":
                guard let text = value(), let cutoff = Double(text) else { return nil }
                settings.filter.hamCutoff = cutoff
            case "--format":
                guard let text = value(), OutputFormat(rawValue: text) != nil else { return nil }
                format = text
            case "--input":
                guard let text = value(), let mode = ClassifySettings.InputMode(rawValue: text) else {
                    return nil
                }
                settings.input = mode
            default:
                // A file: after an explicit `classify`, or after a flag when it looks like a path
                // (has a '/' or '.'), and never a subcommand's name; anything else goes to
                // ArgumentParser, which knows every subcommand.
                guard !argument.hasPrefix("-"), !otherCommands.contains(argument),
                    sawClassify || (rest.startIndex > 1 && (argument.contains("/") || argument.contains(".")))
                else { return nil }
                settings.files.append(argument)
            }
            // Flags that take no value must not carry one (`-p=1`).
            if argument.contains("="),
                ![
                    "--model", "--header-name", "--output", "--max-size", "--spam-cutoff",
                    "--ham-cutoff", "--format", "--input", "--db", "--sender",
                ].contains(name)
            {
                return nil
            }
        }
        settings.filter.format = OutputFormat(rawValue: format) ?? .text
        return settings.problem == nil ? settings : nil
    }
}
