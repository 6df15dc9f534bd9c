public import ArgumentParser
public import SpamApp
public import SpamStore

/// `--spam` / `--ham`.
extension FeedbackLabel: EnumerableFlag {
    public static func help(for value: FeedbackLabel) -> ArgumentHelp? {
        value == .spam ? "Mark the messages as spam." : "Mark the messages as ham (not spam)."
    }
}

extension LearnInputFormat: ExpressibleByArgument {}

/// `smsfilter learn --spam|--ham [FILE...]`: record the user's verdict for messages.
struct Learn: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mark messages as spam or ham; the next retrain learns from them.",
        discussion: """
            Reads one message per FILE (stdin when none). Marking a message again with the other \
            label relabels it. With --input tsv the labels come from the file unless --spam/--ham \
            is given.
            """)

    @Flag(exclusivity: .exclusive) var label: FeedbackLabel?

    @Option(name: .long, help: "Input format: text (one message per file), tsv, mbox, maildir, gammu-env.")
    var input: LearnInputFormat = .text

    @Option(
        help: ArgumentHelp(
            "Who sent the messages (default: each mail's From:, SMS_1_NUMBER with --input gammu-env, "
                + "a TSV sender column). trust_after_ham messages learned as ham trust a sender; one learned "
                + "as spam removes its trust.", valueName: "sender"))
    var sender: String?

    @Flag(name: .shortAndLong, help: "Print nothing on success (for mail hooks).")
    var quiet = false

    @OptionGroup var store: StoreOptions

    @OptionGroup var output: FormatOptions

    @Argument(help: "Message files (stdin when none); directories with --input maildir.")
    var files: [String] = []

    /// The options as `SpamApp` takes them.
    var learn: LearnRun { LearnRun(label: label, input: input, sender: sender, files: files) }

    func validate() throws {
        do { try learn.check() } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        let summary = try learn.run(context: try store.context())
        if !quiet { print(summary.text(format: output.chosen)) }
    }
}
