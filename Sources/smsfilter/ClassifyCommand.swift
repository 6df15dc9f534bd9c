import ArgumentParser
import SpamIO
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

    /// Where the messages come from.
    enum InputMode: String, ExpressibleByArgument, CaseIterable {
        case text, tsv, mbox, maildir
        case gammuEnv = "gammu-env"
    }

    @Option(help: "Model file (default: $SMSFILTER_MODEL, else the bundled model).")
    var model: String?

    @Flag(name: [.customShort("p"), .long], help: "Write the message to stdout with the verdict header added.")
    var passthrough = false

    @Flag(name: [.customShort("e"), .long], help: "Exit 0 for every verdict (with -p: also after errors).")
    var exitZero = false

    @Flag(help: "Exit 75 (EX_TEMPFAIL) on errors, so the MTA retries later.")
    var tempfail = false

    @Option(help: "Scores at or above this are spam (default: the model's threshold).")
    var spamCutoff: Double?

    @Option(help: "Scores at or below this are ham (default: half the model's threshold).")
    var hamCutoff: Double?

    @Option(help: "Name of the verdict header.")
    var headerName = "X-SMSFilter"

    @Option(help: "Messages larger than this many bytes pass through unfiltered.")
    var maxSize = 512 * 1024

    @Option(help: "Verdict output: text or json.")
    var format = "text"

    @Option(help: "Input: text (one message), tsv (label<TAB>text lines), mbox, maildir, gammu-env.")
    var input: InputMode = .text

    @Flag(help: "On errors with -p, write the message exactly as read (no X-SMSFilter: Error header).")
    var noErrorHeader = false

    @Option(help: "Append verdict lines to this file instead of standard output.")
    var output: String?

    @Option(help: "Feedback store for the classification log (default: $SMSFILTER_DB, else ~/.local/share/smsfilter/smsfilter.sqlite).")
    var db: String?

    @Flag(help: "Do not log verdicts in the feedback store.")
    var noLog = false

    @Argument(help: "Files (mbox files, Maildir directories) instead of standard input.")
    var files: [String] = []

    func validate() throws {
        guard OutputFormat(rawValue: format) != nil else { throw ValidationError("--format must be text or json") }
        guard maxSize >= 0 else { throw ValidationError("--max-size must not be negative") }
        for (name, value) in [("--spam-cutoff", spamCutoff), ("--ham-cutoff", hamCutoff)] {
            if let value, !(0...1).contains(value) { throw ValidationError("\(name) must lie between 0 and 1") }
        }
        if let spamCutoff, let hamCutoff, hamCutoff > spamCutoff {
            throw ValidationError("--ham-cutoff must not be above --spam-cutoff")
        }
        guard !headerName.isEmpty, headerName.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x3A }) else {
            throw ValidationError("--header-name must be a header field name")
        }
        if passthrough && (input != .text || files.count > 1) {
            throw ValidationError("-p works on one message (--input text, at most one file)")
        }
        if input == .maildir && files.isEmpty { throw ValidationError("--input maildir needs a Maildir directory") }
    }

    var filterOptions: FilterOptions {
        var options = FilterOptions()
        options.passThrough = passthrough
        options.exitZero = exitZero
        options.tempFail = tempfail
        options.spamCutoff = spamCutoff
        options.hamCutoff = hamCutoff
        options.headerName = headerName
        options.maxSize = maxSize
        options.format = OutputFormat(rawValue: format) ?? .text
        options.errorHeader = !noErrorHeader
        options.version = SMSFilterVersion.current
        return options
    }

    func run() throws {
        ClassifyOutput.ensureStandardDescriptors()
        let model = LazyModel(path: model, storePath: db)
        let code: Int32
        switch input {
        case .text where files.count <= 1:
            code = classifyOne(model: model)
        case .gammuEnv:
            code = classifyGammu(model: model)
        default:
            var bulk = BulkClassifier(command: self, model: model)
            code = bulk.run()
        }
        if code != 0 { throw ExitCode(code) }
    }

    /// One message from stdin or one file: the mail-filter path.
    private func classifyOne(model: LazyModel) -> Int32 {
        let options = filterOptions
        let source = files.first ?? "stdin"
        let message: [UInt8]
        do {
            message = try files.first.map { try FileIO.read(path: $0) } ?? FileIO.readAll(fileDescriptor: 0)
        } catch {
            ProcessInfoLite.printError("smsfilter: \(error)")
            return FilterEngine.readFailureExitCode(options)
        }
        let outcome = FilterEngine.run(input: message, options: options, scorer: model.score)
        do {
            if let passThrough = outcome.passThrough {
                try ClassifyOutput.write(passThrough, original: message, to: 1)
            } else if let line = outcome.stdoutLine {
                if let output {
                    try ClassifyOutput.appendLine(line, to: output)
                } else {
                    try ClassifyOutput.writeRaw(Array((line + "\n").utf8), 0..<line.utf8.count + 1, to: 1)
                }
            }
        } catch {
            // The message did not get out whole: never report success.
            ProcessInfoLite.printError("smsfilter: \(error)")
            return FilterEngine.readFailureExitCode(options)
        }
        if let diagnostic = outcome.diagnostic { ProcessInfoLite.printError(diagnostic) }
        if case .classified(let verdict, let score, let modelID) = outcome.status, let text = outcome.text {
            record(ClassifiedMessage(source: source, text: text, verdict: verdict, score: score, modelID: modelID))
        }
        return outcome.exitCode
    }

    /// gammu-smsd RunOnReceive: the SMS is in the environment; the verdict goes to --output
    /// (or stdout when it is open) as `sender<TAB>verdict<TAB>score`, and into the exit code.
    private func classifyGammu(model: LazyModel) -> Int32 {
        let options = filterOptions
        guard let message = GammuMessage(lookup: { ProcessInfoLite.environment($0) }) else {
            ProcessInfoLite.printError("smsfilter: no SMS in the environment (SMS_MESSAGES is not set)")
            return FilterEngine.readFailureExitCode(options)
        }
        let text = MessageText.plain(message.text)
        do {
            let score = try model.score(text)
            let cutoffs = Cutoffs(threshold: score.threshold, spam: spamCutoff, ham: hamCutoff)
            let verdict = cutoffs.verdict(for: score.probability)
            let line = BulkClassifier.line(
                id: message.sender, verdict: verdict, score: score.probability, format: options.format)
            if let output {
                try ClassifyOutput.appendLine(line, to: output)
            } else {
                try? ClassifyOutput.writeRaw(Array((line + "\n").utf8), 0..<line.utf8.count + 1, to: 1)
            }
            record(ClassifiedMessage(
                source: "gammu:\(message.sender)", text: text, verdict: verdict, score: score.probability,
                modelID: score.modelID))
            return exitZero ? 0 : verdict.exitCode
        } catch {
            ProcessInfoLite.printError("smsfilter: \(error)")
            return FilterEngine.readFailureExitCode(options)
        }
    }

    func record(_ entry: ClassifiedMessage) {
        guard let recorder = ClassificationLog.recorder(storePath: db, enabled: !noLog) else { return }
        do {
            try recorder.record(entry)
        } catch {
            ProcessInfoLite.printError("smsfilter: warning: classification log: \(error)")
        }
    }
}
