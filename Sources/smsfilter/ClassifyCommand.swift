public import ArgumentParser
import SpamApp
import SpamMail

/// `smsfilter classify` (also `smsfilter` with no subcommand): the filter a mail recipe runs
/// once per message, and bulk scoring of text, TSV, mbox, Maildir and gammu-smsd input.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify one message from stdin (a mail filter, like bogofilter), or many in bulk.",
        discussion: "Exit codes for one message: 0 spam, 1 ham, 2 unsure, 3 error. -e makes every verdict 0; "
            + "--tempfail makes errors 75. With -p, any failure after the message is read still writes the message "
            + "(with an X-SMSFilter: Error header); a failure to read it writes nothing and exits 3 (or 75). "
            + "Bulk modes exit 0, or 3 on error.")

    @Option(
        help:
            "Model file (default: $SMSFILTER_MODEL, else `model` in the config file, else the store's active model, else the bundled model)."
    )
    var model: String?

    @Flag(
        name: [.customShort("p"), .long], help: "Write the message to stdout with the verdict header added.")
    var passthrough = false

    @Flag(name: [.customShort("e"), .long], help: "Exit 0 for every verdict (with -p: also after errors).")
    var exitZero = false

    @Flag(help: "Exit 75 (EX_TEMPFAIL) on errors, so the MTA retries later.")
    var tempfail = false

    // Numbers are taken unconditionally, so `--max-size -1` is refused for being negative
    // instead of as "Missing value" (ArgumentParser takes -1 for an option).
    @Option(
        parsing: .unconditional, help: "Scores at or above this are spam (default: the model's threshold).")
    var spamCutoff: Double?

    @Option(
        parsing: .unconditional,
        help: "Scores at or below this are ham (default: half the model's threshold).")
    var hamCutoff: Double?

    @Option(help: "Name of the verdict header.")
    var headerName = "X-SMSFilter"

    @Option(parsing: .unconditional, help: "Messages larger than this many bytes pass through unfiltered.")
    var maxSize = 512 * 1024

    @Option(help: "Verdict output: text or json.")
    var format = "text"

    @Option(
        help: ArgumentHelp(
            "Input: text (one message), tsv (label<TAB>text lines, empty and # lines skipped; a first line "
                + "label<TAB>sender<TAB>text adds a sender column), mbox, maildir, gammu-env."))
    var input: ClassifySettings.InputMode = .text

    @Flag(help: "On errors with -p, write the message exactly as read (no X-SMSFilter: Error header).")
    var noErrorHeader = false

    @Option(help: "Append verdict lines to this file instead of standard output.")
    var output: String?

    @Option(
        help:
            "Feedback store for the classification log (default: $SMSFILTER_DB, else `db` in the config file, else ~/.local/share/smsfilter/smsfilter.sqlite)."
    )
    var db: String?

    @Option(
        help: ArgumentHelp(
            "Who sent the message (an SMS gateway's number or sender ID), taken as given; "
                + "default: gammu's SMS_1_NUMBER, or a mail's From: and Return-Path: (trusted only when "
                + "trusted_authserv_id vouches for them).", valueName: "sender"))
    var sender: String?

    @Flag(help: "Do not log verdicts in the feedback store.")
    var noLog = false

    @Argument(help: "Files (mbox files, Maildir directories) instead of standard input.")
    var files: [String] = []

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard OutputFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be text or json")
        }
        if let problem = settings.problem { throw ValidationError(problem) }
    }

    /// The options, resolved.
    var settings: ClassifySettings {
        var settings = ClassifySettings()
        settings.modelPath = model
        settings.filter.passThrough = passthrough
        settings.filter.exitZero = exitZero
        settings.filter.tempFail = tempfail
        settings.filter.spamCutoff = spamCutoff
        settings.filter.hamCutoff = hamCutoff
        settings.filter.headerName = headerName
        settings.filter.maxSize = maxSize
        settings.filter.format = OutputFormat(rawValue: format) ?? .text
        settings.filter.errorHeader = !noErrorHeader
        settings.input = input
        settings.output = output
        settings.files = files
        settings.storePath = db
        settings.logVerdicts = !noLog
        settings.filter.sender = sender
        settings.verbosity = logging.verbose
        settings.syslog = logging.syslog
        return settings
    }

    func run() throws {
        let code = ClassifyRunner(settings: settings).run()
        if code != 0 { throw ExitCode(code) }
    }
}

extension ClassifySettings.InputMode: ExpressibleByArgument {}
