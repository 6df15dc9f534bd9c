import SpamConfig
import SpamIO
public import SpamSenders
public import SpamStore
import SpamText

/// `learn`: messages read by `LearnInput` stored as feedback with the user's label, and their
/// senders' trust updated (`trust_after_ham` hams trust a sender; one spam removes the trust).
public struct LearnRun {
    /// `--spam`/`--ham`; nil: the labels in a TSV file.
    public var label: FeedbackLabel?
    public var input: LearnInputFormat
    /// `--sender`, over each message's own.
    public var sender: String?
    public var files: [String]

    public init(label: FeedbackLabel?, input: LearnInputFormat, sender: String?, files: [String]) {
        self.label = label
        self.input = input
        self.sender = sender
        self.files = files
    }

    /// What makes no sense, as a usage error: no label outside TSV input, a `--sender` that is
    /// no sender.
    public func check() throws(UsageError) {
        if label == nil && input != .tsv { throw UsageError("say which: --spam or --ham") }
        if let sender, SenderAddress(sender) == nil {
            throw UsageError("--sender: `\(sender)` is not a sender")
        }
    }

    public func run(context: AppContext) throws -> LearnSummary {
        let countryCode = context.configuration.integer(for: .defaultCountryCode)
        let explicitSender = sender.flatMap { SenderAddress($0, countryCode: countryCode) }
        let messages = try LearnInput.messages(paths: files, format: input, countryCode: countryCode)
        return try Self.store(messages, label: label, sender: explicitSender, context: context)
    }

    /// Stores `messages` as feedback, each with `label` (else its own), and updates the trust of
    /// their senders (`sender`, else each message's own): what `learn` does once it has read them,
    /// and what `serve` does for a TELL.
    public static func store(
        _ messages: [LearnMessage], label: FeedbackLabel?, sender explicitSender: SenderAddress? = nil,
        context: AppContext
    ) throws -> LearnSummary {
        let trustAfter = context.configuration.integer(for: .trustAfterHam) ?? 2
        var items: [FeedbackItem] = []
        var senders: [SenderAddress?] = []
        for message in messages {
            guard let itemLabel = label ?? message.label else { continue }
            items.append(
                FeedbackItem(
                    text: message.text, label: itemLabel, source: message.source, isMail: message.isMail))
            senders.append(explicitSender ?? message.sender)
        }
        let db = try StoreBackends.open(context.storePath)
        let now = ProcessInfoLite.now()
        var summary = LearnSummary(label: label, outcomes: try db.learn(items, at: now))
        for (item, sender) in zip(items, senders) {
            guard let sender else { continue }
            let learning = try db.learnSender(
                sender.value, digest: item.digest, label: item.label, trustAfter: trustAfter, at: now)
            switch learning {
            case .trusted: summary.trusted.append((sender.value, trustAfter))
            case .untrusted: summary.untrusted.append(sender.value)
            case .counted, .unchanged: break
            }
        }
        return summary
    }
}

/// What one `learn` did: how many messages were new, relabeled or already known, and whose
/// trust changed.
public struct LearnSummary {
    public var label: FeedbackLabel?
    public var outcomes: [LearnOutcome]
    /// Senders now trusted, with the number of hams that took.
    public var trusted: [(sender: String, after: Int)] = []
    public var untrusted: [String] = []

    public init(label: FeedbackLabel?, outcomes: [LearnOutcome]) {
        self.label = label
        self.outcomes = outcomes
    }

    public var added: Int { outcomes.count { $0 == .added } }
    public var relabeled: Int { outcomes.count { if case .relabeled = $0 { true } else { false } } }
    public var unchanged: Int { outcomes.count - added - relabeled }

    public func text(format: ReportFormat) -> String {
        if format == .json {
            return JSONValue.object([
                ("learned", .int(outcomes.count)), ("label", .string(label?.rawValue)), ("new", .int(added)),
                ("relabeled", .int(relabeled)), ("unchanged", .int(unchanged)),
                ("trusted", .array(trusted.map { .string($0.sender) })),
                ("untrusted", .array(untrusted.map { .string($0) })),
            ]).text
        }
        let what = label.map { " as \($0.rawValue)" } ?? ""
        var lines = [
            "learned \(outcomes.count) message\(outcomes.count == 1 ? "" : "s")\(what):"
                + " \(added) new, \(relabeled) relabeled, \(unchanged) unchanged"
        ]
        lines += trusted.map { "sender \($0.sender) is now trusted (\($0.after) messages learned as ham)" }
        lines += untrusted.map { "sender \($0) is no longer trusted" }
        return lines.joined(separator: "\n")
    }
}

extension LearnRun {
    /// `unlearn`: forgets the marks on the messages in `paths` (read as `format`) and on the
    /// given digests; says how many of them were marked.
    public static func unlearn(
        paths: [String], format: LearnInputFormat, digests given: [String], storePath: String
    ) throws
        -> String
    {
        var digests = given.map { $0.lowercased() }
        if !paths.isEmpty || given.isEmpty {
            digests += try LearnInput.messages(paths: paths, format: format).map {
                FeedbackDigest.of($0.text)
            }
        }
        let removed = try forget(digests: digests, storePath: storePath)
        return "unlearned \(removed) of \(digests.count) message\(digests.count == 1 ? "" : "s")"
    }

    /// Takes back the marks on `messages` (and what they counted towards their senders' trust);
    /// how many were marked.
    public static func forget(_ messages: [LearnMessage], storePath: String) throws -> Int {
        try forget(digests: messages.map { FeedbackDigest.of($0.text) }, storePath: storePath)
    }

    static func forget(digests: [String], storePath: String) throws -> Int {
        let db = try StoreBackends.open(storePath)
        let removed = try db.unlearn(digests: digests)
        try db.forgetSenderMarks(digests: digests)
        return removed
    }
}
