public import SpamConfig

/// What `config show` and `config example` print: config-file text that reads back the same.
public enum ConfigReport {
    /// `config show`: the settings with `flags` (the command line's) on top, and the log started
    /// by them (`verbosity`: how many `-v`; `syslog`: `--syslog`), which gets the config file's
    /// warnings, at debug which file was read and at info the store and model in use.
    public static func show(flags: [ConfigKey: String?], verbosity: Int, syslog: Bool) throws -> String {
        let config = try EffectiveConfiguration.load(flags: flags)
        AppLog.use(LogSettings.resolve(verbosity: verbosity, syslog: syslog, configuration: config))
        for warning in config.warnings { AppLog.logger.warning("\(warning)") }
        AppLog.logResolved(config)
        AppLog.logger.info("\(AppContext(configuration: config).resolutionSummary())")
        return show(config)
    }

    /// Every effective value in config-file syntax, each with its source as a comment.
    public static func show(_ config: EffectiveConfiguration) -> String {
        var lines = ["# config file: \(config.filePath)\(config.fileWasRead ? "" : " (not found)")"]
        let width = ConfigKey.allCases.map(\.name.count).max() ?? 0
        for key in ConfigKey.allCases {
            let padded = key.name + String(repeating: " ", count: width - key.name.count)
            let source = config.source(for: key)
            if let value = config.value(for: key) {
                lines.append("\(padded) = \(quoted(value))  # \(source)")
            } else {
                let meaning = ConfigDefaults.meaning(of: key).map { ": \($0)" } ?? ""
                lines.append("# \(padded) is not set  # \(source)\(meaning)")
            }
        }
        for name in passThroughConfigKeys.sorted() {
            if let value = config.fileValue(forKey: name) {
                lines.append("\(name) = \(quoted(value))  # config file (read by retrain)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A value as it must be written in the file to read back the same.
    static func quoted(_ value: String) -> String {
        let needsQuotes =
            value.isEmpty || value.hasPrefix("\"") || value.contains(" #") || value.contains("\t#")
            || value.first == " " || value.last == " " || value.first == "\t" || value.last == "\t"
        guard needsQuotes else { return value }
        var out = "\""
        for c in value {
            if c == "\"" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out + "\""
    }

    /// The example file: every key commented out with its default and meaning.
    public static func example() -> String {
        let defaults = ConfigDefaults(model: nil, db: "~/.local/share/smsfilter/smsfilter.sqlite")
        var lines = [
            "# smsfilter configuration: ~/.config/smsfilter/config (or $XDG_CONFIG_HOME/smsfilter/config,",
            "# or the file named by $SMSFILTER_CONFIG). `key = value` lines; `#` starts a comment at the",
            "# start of a line or after whitespace; quote values that contain \" #\". A leading ~/ in a",
            "# path means $HOME. Flags override this file; SMSFILTER_<KEY> environment variables too.",
            "# `smsfilter config show` prints the values in effect and where each came from.",
            "",
        ]
        for key in ConfigKey.allCases {
            lines.append("# \(key.summary); environment \(key.environmentVariable)")
            let value: String
            if key == .model {
                value = "<prefix>/share/smsfilter/default.smsmodel"
            } else if let text = defaults.value(for: key) {
                value = text
            } else {
                value = "(unset: \(ConfigDefaults.meaning(of: key) ?? "none"))"
            }
            lines.append("#\(key.name) = \(value)")
            lines.append("")
        }
        lines.append(
            "# Read by `smsfilter retrain`: keep_models, min_new, feedback_weight, models_dir, epochs, folds,"
                + " base_spam_tolerance, min_feedback_only, guard_corpus.")
        return lines.joined(separator: "\n")
    }
}
