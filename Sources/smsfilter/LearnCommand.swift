public import ArgumentParser
public import SpamApp
import SpamConfig
import SpamIO
import SpamSenders
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
extension LearnInputFormat: ExpressibleByArgument {}

struct Learn: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mark messages as spam or ham; the next retrain learns from them.",
        discussion: """
            Reads one message per FILE (stdin when none). Marking a message again with the other \
            label relabels it. With --input tsv the labels come from the file unless --spam/--ham \
            is given.
            """)

    @Flag(exclusivity: .exclusive) var label: LearnLabel?

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

    @Argument(help: "Message files (stdin when none); directories with --input maildir.")
    var files: [String] = []

    func validate() throws {
        if label == nil && input != .tsv {
            throw ValidationError("say which: --spam or --ham")
        }
        if let sender, SenderAddress(sender) == nil {
            throw ValidationError("--sender: `\(sender)` is not a sender")
        }
    }

    func run() throws {
        let config = try EffectiveConfiguration.load()
        let countryCode = config.integer(for: .defaultCountryCode)
        let trustAfter = config.integer(for: .trustAfterHam) ?? 2
        let explicitSender = sender.flatMap { SenderAddress($0, countryCode: countryCode) }
        let messages = try LearnInput.messages(paths: files, format: input, countryCode: countryCode)
        var items: [FeedbackItem] = []
        var senders: [SenderAddress?] = []
        for message in messages {
            guard let itemLabel = label?.feedbackLabel ?? message.label else { continue }
            items.append(FeedbackItem(text: message.text, label: itemLabel, source: message.source))
            senders.append(explicitSender ?? message.sender)
        }
        let db = try store.open()
        let now = ProcessInfoLite.now()
        let outcomes = try db.learn(items, at: now)
        var trustNews: [String] = []
        for (item, sender) in zip(items, senders) {
            guard let sender else { continue }
            let learning = try db.learnSender(
                sender.value, digest: item.digest, label: item.label, trustAfter: trustAfter, at: now)
            switch learning {
            case .trusted:
                trustNews.append(
                    "sender \(sender.value) is now trusted (\(trustAfter) messages learned as ham)")
            case .untrusted: trustNews.append("sender \(sender.value) is no longer trusted")
            case .counted, .unchanged: break
            }
        }
        if !quiet {
            let added = outcomes.filter { $0 == .added }.count
            let relabeled = outcomes.filter { if case .relabeled = $0 { true } else { false } }.count
            let unchanged = outcomes.count - added - relabeled
            let what = label.map { " as \($0.rawValue)" } ?? ""
            print("learned \(outcomes.count) message\(outcomes.count == 1 ? "" : "s")\(what):"
                + " \(added) new, \(relabeled) relabeled, \(unchanged) unchanged")
            for line in trustNews { print(line) }
        }
    }
}
