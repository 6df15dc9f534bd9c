import ArgumentParser
import SpamIO
import SpamStore

/// `--spam` / `--ham`.
enum LearnLabel: String, EnumerableFlag {
    case spam
    case ham

    var feedbackLabel: FeedbackLabel { self == .spam ? .spam : .ham }

    static func help(for value: LearnLabel) -> ArgumentHelp? {
        value == .spam ? "Mark the messages as spam." : "Mark the messages as ham (not spam)."
    }
}

/// `smsfilter learn --spam|--ham [FILE...]`: record the user's verdict for messages.
struct Learn: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mark messages as spam or ham; the next retrain learns from them.",
        discussion: """
            Reads one message per FILE (stdin when none). Marking a message again with the other \
            label relabels it. With --input tsv the labels come from the file unless --spam/--ham \
            is given.
            """)

    @Flag(exclusivity: .exclusive) var label: LearnLabel?

    @Option(name: .long, help: "Input format: text (one message per file), tsv, mbox, maildir.")
    var input: LearnInputFormat = .text

    @Flag(name: .shortAndLong, help: "Print nothing on success (for mail hooks).")
    var quiet = false

    @OptionGroup var store: StoreOptions

    @Argument(help: "Message files (stdin when none); directories with --input maildir.")
    var files: [String] = []

    func validate() throws {
        if label == nil && input != .tsv {
            throw ValidationError("say which: --spam or --ham")
        }
    }

    func run() throws {
        let messages = try LearnInput.messages(paths: files, format: input)
        var items: [FeedbackItem] = []
        for message in messages {
            guard let itemLabel = label?.feedbackLabel ?? message.label else { continue }
            items.append(FeedbackItem(text: message.text, label: itemLabel, source: message.source))
        }
        let outcomes = try store.open().learn(items, at: ProcessInfoLite.now())
        if !quiet {
            let added = outcomes.filter { $0 == .added }.count
            let relabeled = outcomes.filter { if case .relabeled = $0 { true } else { false } }.count
            let unchanged = outcomes.count - added - relabeled
            let what = label.map { " as \($0.rawValue)" } ?? ""
            print("learned \(outcomes.count) message\(outcomes.count == 1 ? "" : "s")\(what):"
                + " \(added) new, \(relabeled) relabeled, \(unchanged) unchanged")
        }
    }
}
