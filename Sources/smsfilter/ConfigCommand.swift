import ArgumentParser
import SpamApp
import SpamConfig

/// `smsfilter config show|path|example`: what the filter runs with, and where each value came from.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the effective configuration, the config file's path, or an example file.",
        discussion: """
            Each setting comes from, highest first: a command-line flag, an environment variable \
            (SMSFILTER_MODEL, SMSFILTER_DB, SMSFILTER_SPAM_CUTOFF, ...: SMSFILTER_ and the key in \
            capitals), the user's config file ($SMSFILTER_CONFIG, else $XDG_CONFIG_HOME/smsfilter/config, \
            else ~/.config/smsfilter/config), the system's (the first $XDG_CONFIG_DIRS/smsfilter/config, \
            else /etc/smsfilter/config), the built-in default. The file has `key = value` lines \
            and `#` comments; keys: model, db, spam_cutoff, ham_cutoff, header_name, max_size, \
            base_corpus, log_retention_days, log_level, syslog, default_country_code, \
            trusted_authserv_id, trust_after_ham.
            """,
        subcommands: [ConfigShow.self, ConfigPath.self, ConfigExample.self],
        defaultSubcommand: ConfigShow.self)
}

/// `smsfilter config show`: every effective value, in config-file syntax, with its source.
struct ConfigShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print every effective setting and where it came from (flag, environment, file, default).",
        discussion: "The output is itself a valid config file. Flags given here show how they would override."
    )

    @OptionGroup var overrides: ConfigOverrideOptions

    func run() throws {
        let logging = overrides.logging
        print(
            try ConfigReport.show(flags: overrides.flags, verbosity: logging.verbose, syslog: logging.syslog))
    }
}

/// `smsfilter config path`: the config file this user's commands read.
struct ConfigPath: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "Print the config file's path ($SMSFILTER_CONFIG, else $XDG_CONFIG_HOME/smsfilter/config).")

    /// Accepted as on every command; these print without reading the config, so never fail on it.
    @OptionGroup var logging: LoggingOptions

    func run() {
        logging.startWithoutConfiguration()
        print(EffectiveConfiguration.configFilePath())
    }
}

/// `smsfilter config example`: a commented config file listing every key with its default.
struct ConfigExample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example",
        abstract: "Print a commented example config file with every key and its default.")

    @OptionGroup var logging: LoggingOptions

    func run() {
        logging.startWithoutConfiguration()
        print(ConfigReport.example())
    }
}

/// `--model`, `--db`, ... on `config show`: the flags that outrank every other source.
struct ConfigOverrideOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Model file.", valueName: "path")) var model: String?
    @Option(help: ArgumentHelp("SQLite feedback store.", valueName: "path")) var db: String?
    @Option(help: "Spam cutoff (0..1).") var spamCutoff: String?
    @Option(help: "Ham cutoff (0..1).") var hamCutoff: String?
    @Option(help: "Verdict header name.") var headerName: String?
    @Option(help: "Size cap in bytes (K, M suffixes).") var maxSize: String?
    @Option(help: ArgumentHelp("Base corpus for retrain.", valueName: "path")) var baseCorpus: String?
    @Option(help: "Days of classification log to keep.") var logRetentionDays: String?
    @Option(help: "Country calling code for national numbers.") var defaultCountryCode: String?
    @Option(
        help: ArgumentHelp("Authserv-id of your mail server's Authentication-Results.", valueName: "host"))
    var trustedAuthservId: String?
    @Option(help: "Messages learned as ham before a sender is trusted.") var trustAfterHam: String?
    @OptionGroup var logging: LoggingOptions

    var flags: [ConfigKey: String?] {
        [
            .model: model, .db: db, .spamCutoff: spamCutoff, .hamCutoff: hamCutoff, .headerName: headerName,
            .maxSize: maxSize, .baseCorpus: baseCorpus, .logRetentionDays: logRetentionDays,
            .logLevel: LogSettings.level(verbosity: logging.verbose)?.rawValue,
            .syslog: logging.syslog ? "yes" : nil,
            .defaultCountryCode: defaultCountryCode,
            .trustedAuthservID: trustedAuthservId, .trustAfterHam: trustAfterHam,
        ]
    }
}
