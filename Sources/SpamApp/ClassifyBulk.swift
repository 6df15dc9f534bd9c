import SpamIO
import SpamMail
import SpamNN
import SpamSenders
import SpamText

/// Bulk scoring: `--input tsv` (one `verdict<TAB>score` line per message line), `--input mbox` and
/// `--input maildir` (one `id<TAB>verdict<TAB>score` line per message), and several plain files.
public struct BulkClassifier {
    let settings: ClassifySettings
    let model: LazyModel
    let options: FilterOptions
    let record: (ClassifiedMessage) -> Void
    let senders: StoreSenders
    let templates: StoreTemplates
    var writer: ClassifyOutput.LineWriter
    var failures = 0
    /// Mails (or files) read but not yet scored: `queue`, `flushMessages`.
    var pendingMessages: [PendingMessage] = []
    var pendingBytes = 0
    /// The model's copy for the second thread (`flushMessages`), made on first use; nil after a
    /// failed try too (`triedSecondThread`: one thread then, without trying again per batch).
    var secondThreadModel: LazyModel?
    var triedSecondThread = false

    init(settings: ClassifySettings, model: LazyModel, recorder: @escaping (ClassifiedMessage) -> Void) {
        self.settings = settings
        self.model = model
        self.options = settings.filter
        self.record = recorder
        self.senders = StoreSenders(storePath: settings.storePath)
        self.templates = StoreTemplates(storePath: settings.storePath)
        self.writer = ClassifyOutput.LineWriter(fd: 1)
    }

    /// A result line: `verdict<TAB>score`, with `id<TAB>` in front when there is an id and
    /// `<TAB>reason=…` after when the sender list or a text without words decided
    /// (`ScoredVerdict`); or JSON.
    static func line(
        id: String?, verdict: Verdict, score: Double, format: OutputFormat, reason: String? = nil
    ) -> String {
        let scoreText = VerdictFormat.score(score)
        switch format {
        case .text:
            let cleanID = id.map { String($0.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }) }
            return (cleanID.map { $0 + "\t" } ?? "") + "\(verdict.rawValue)\t\(scoreText)"
                + (reason.map { "\treason=\($0)" } ?? "")
        case .json:
            let idPart = id.map { "\"id\":\(VerdictFormat.json($0))," } ?? ""
            let reasonPart = reason.map { ",\"reason\":\(VerdictFormat.json($0))" } ?? ""
            return "{\(idPart)\"verdict\":\"\(verdict.rawValue)\",\"score\":\(scoreText)\(reasonPart)}"
        }
    }

    /// The line for a message with no text to judge: `id<TAB>unsure<TAB>-<TAB>reason=no-text`
    /// (the score column holds `-`, as for an unfiltered one), or JSON with `"score":null`.
    static func unjudgedLine(id: String?, verdict: Verdict, reason: String, format: OutputFormat) -> String {
        switch format {
        case .text:
            let cleanID = id.map { String($0.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }) }
            return (cleanID.map { $0 + "\t" } ?? "") + "\(verdict.rawValue)\t-\treason=\(reason)"
        case .json:
            let idPart = id.map { "\"id\":\(VerdictFormat.json($0))," } ?? ""
            return
                "{\(idPart)\"verdict\":\"\(verdict.rawValue)\",\"score\":null,\"reason\":\(VerdictFormat.json(reason))}"
        }
    }

    /// The line for a message over --max-size: `id<TAB>unfiltered<TAB>-`, or in JSON
    /// `{"id":…,"verdict":"unfiltered","score":null}` (a JSON stream stays JSON).
    static func unfilteredLine(id: String, format: OutputFormat) -> String {
        switch format {
        case .text: return "\(id)\tunfiltered\t-"
        case .json: return "{\"id\":\(VerdictFormat.json(id)),\"verdict\":\"unfiltered\",\"score\":null}"
        }
    }

    mutating func run() -> Int32 {
        do {
            if let output = settings.output { writer = try ClassifyOutput.LineWriter(appendingTo: output) }
            // Load up front: a bulk run with no model should fail once, clearly.
            _ = try model.load()
            switch settings.input {
            case .tsv: try runTSV()
            case .mbox: try runMbox()
            case .maildir: try runMaildir()
            default: try runFiles()
            }
            try writer.flush()
        } catch {
            try? writer.flush()
            AppLog.logger.error("\(error)")
            return FilterEngine.readFailureExitCode(options)
        }
        return failures == 0 ? 0 : FilterEngine.readFailureExitCode(options)
    }

    private func inputs() throws -> [(name: String, bytes: [UInt8])] {
        if settings.files.isEmpty { return [("stdin", try FileIO.readAll(fileDescriptor: 0))] }
        return try settings.files.map { ($0, try FileIO.read(path: $0)) }
    }

    private mutating func emit(
        id: String?, text: String, isMail: Bool, source: String, senders candidates: [SenderCandidate]
    ) throws {
        let score =
            TextContent.hasTextToJudge(text) ? try (isMail ? model.scoreMail(text) : model.score(text)) : nil
        try emit(id: id, text: text, isMail: isMail, source: source, score: score, senders: candidates)
    }

    /// `score` is nil for a message with no text to judge: unsure with `reason=no-text` (as in
    /// `-p` mode), unless a trusted or blocked sender decides; such a line is not logged.
    private mutating func emit(
        id: String?, text: String, isMail: Bool, source: String, score: ModelScore?,
        senders candidates: [SenderCandidate]
    ) throws {
        let rule = SenderRule.decide(candidates, lookup: senders.indexedState)
        guard let score, TextContent.hasTextToJudge(text) else {
            let decided = rule.map { $0.verdict(overriding: .unsure) } ?? .unsure
            let reason =
                decided == .unsure ? TextContent.noTextReason : rule?.rawValue ?? TextContent.noTextReason
            try writer.line(
                Self.unjudgedLine(id: id, verdict: decided, reason: reason, format: options.format))
            return
        }
        let cutoffs = Cutoffs(threshold: score.threshold, spam: options.spamCutoff, ham: options.hamCutoff)
        let decided = ScoredVerdict(
            score: score.probability, cutoffs: cutoffs, text: text, isMail: isMail, rule: rule,
            marked: templates.marked(text))
        let verdict = decided.verdict
        try writer.line(
            Self.line(
                id: id, verdict: verdict, score: score.probability, format: options.format,
                reason: decided.reason))
        record(
            ClassifiedMessage(
                source: source, text: text, verdict: verdict, score: score.probability, modelID: score.modelID
            ))
    }

    /// `label<TAB>text` lines (the corpus format, read by `LabeledCorpus`; the label is ignored)
    /// or bare text lines. A file whose first line is `label<TAB>sender<TAB>text` (the header,
    /// not scored) has a sender column; the sender (may be empty) is taken as given, like an SMS
    /// gateway's. Empty lines and `#` comment lines are not messages.
    private mutating func runTSV() throws {
        var pending: [PendingLine] = []
        for (name, bytes) in try inputs() {
            try LabeledCorpus.read(bytes, labels: .ignored) { line in
                pending.append(
                    PendingLine(
                        text: MessageText.plain(line.text), source: "\(name):\(line.number)",
                        sender: line.sender))
                if pending.count == Self.chunkSize { try flush(&pending) }
            }
        }
        try flush(&pending)
    }

    /// Lines scored together: batching lets the network work on matrices instead of vectors.
    static let chunkSize = 2048

    struct PendingLine {
        var text: String
        var source: String
        var sender: String?
    }

    private mutating func flush(_ pending: inout [PendingLine]) throws {
        guard !pending.isEmpty else { return }
        let scores = try model.scores(pending.map(\.text))
        for (line, score) in zip(pending, scores) {
            let candidates =
                line.sender.flatMap { SenderAddress($0, countryCode: options.countryCode) }.map {
                    [SenderCandidate(address: $0, verified: true)]
                } ?? []
            try emit(
                id: nil, text: line.text, isMail: false, source: line.source, score: score,
                senders: candidates)
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Files are memory-mapped one at a time and each message copied out on its own, so a
    /// multi-gigabyte mbox costs its largest message in memory, not its size.
    private mutating func runMbox() throws {
        let several = settings.files.count > 1
        func emitAll(_ messages: [Range<Int>], name: String, copy: (Range<Int>) -> [UInt8]) throws {
            for (index, range) in messages.enumerated() {
                let id = several ? "\(name):\(index + 1)" : "\(index + 1)"
                // Over the size cap: reported unfiltered without copying it out first.
                if range.count > options.maxSize {
                    try flushMessages()
                    try writer.line(Self.unfilteredLine(id: id, format: options.format))
                    continue
                }
                try queue(PendingMessage(bytes: copy(range), id: id, source: "mbox:\(name):\(index + 1)"))
            }
        }
        if settings.files.isEmpty {
            let bytes = try FileIO.readAll(fileDescriptor: 0)
            try emitAll(MboxReader.messages(in: bytes), name: "stdin") { Array(bytes[$0]) }
            try flushMessages()
            return
        }
        for path in settings.files {
            let file = try MappedFile(path: path, allowStreams: true)
            try emitAll(MboxReader.messages(in: file.bytes), name: path) { Array(file.bytes[$0]) }
            // The mapping goes with the next file; its messages are copied out already.
            try flushMessages()
        }
    }

    private mutating func runMaildir() throws {
        for directory in settings.files {
            for relative in try MaildirReader.messagePaths(in: directory) {
                let path = FilePath.join(directory, relative)
                let id = settings.files.count > 1 ? path : relative
                do {
                    try queue(PendingMessage(bytes: try FileIO.read(path: path), id: id, source: path))
                } catch let error as SystemError {
                    failures += 1
                    AppLog.logger.error("\(error)")
                }
            }
        }
        try flushMessages()
    }

    /// Several plain files, one message each.
    private mutating func runFiles() throws {
        for path in settings.files {
            do {
                try queue(PendingMessage(bytes: try FileIO.read(path: path), id: path, source: path))
            } catch let error as SystemError {
                failures += 1
                AppLog.logger.error("\(error)")
            }
        }
        try flushMessages()
    }

    /// A mail or text message of an mbox, a maildir or a file, waiting to be read and scored.
    struct PendingMessage {
        var bytes: [UInt8]
        var id: String
        var source: String
    }

    /// What a message reads as: its text, whether it is a mail, who may have sent it, and its
    /// score (nil: no text to judge) or the scoring's error.
    struct ReadMessage {
        var text: String
        var isMail: Bool
        var candidates: [SenderCandidate]
        var score: Result<ModelScore?, any Error>
    }

    /// Messages read and scored together on two threads (`flushMessages`), at most this many or
    /// `messageBatchBytes`, whichever comes first: a mail is scored alone, so what a batch buys is
    /// the second core. Reading and scoring one message takes about 1.3 ms of CPU (phishing_pot's
    /// mails), and a single thread left one of the machine's two cores idle.
    static let messageBatch = 64
    static let messageBatchBytes = 8 << 20

    /// One mail or text message; messages over --max-size are reported `unfiltered` (in their
    /// place: the messages before them are written first).
    private mutating func queue(_ message: PendingMessage) throws {
        if message.bytes.count > options.maxSize {
            try flushMessages()
            try writer.line(Self.unfilteredLine(id: message.id, format: options.format))
            return
        }
        pendingMessages.append(message)
        pendingBytes += message.bytes.count
        if pendingMessages.count >= Self.messageBatch || pendingBytes >= Self.messageBatchBytes {
            try flushMessages()
        }
    }

    /// Reads and scores the pending messages, the odd ones on a second thread with a copy of the
    /// model (`LazyModel.secondThreadCopy`: the same scores), then writes and records their
    /// verdicts in order. A scoring error stops the run at its message, as one thread did.
    private mutating func flushMessages() throws {
        guard !pendingMessages.isEmpty else { return }
        let batch = pendingMessages
        pendingMessages.removeAll(keepingCapacity: true)
        pendingBytes = 0
        let options = self.options
        let readsSenders = !senders.isEmpty
        if batch.count >= 2, !triedSecondThread {
            triedSecondThread = true
            secondThreadModel = try? model.secondThreadCopy()
        }
        var read: [ReadMessage]
        if batch.count >= 2, let helper = secondThreadModel {
            let shared = WorkerShare((batch: batch, model: helper))
            let worker = WorkerThread {
                WorkerShare(
                    stride(from: 1, to: shared.value.batch.count, by: 2).map {
                        Self.read(
                            shared.value.batch[$0], model: shared.value.model, options: options,
                            readsSenders: readsSenders)
                    })
            }
            let mine = stride(from: 0, to: batch.count, by: worker == nil ? 1 : 2).map {
                Self.read(batch[$0], model: model, options: options, readsSenders: readsSenders)
            }
            if let worker {
                let theirs = worker.join().value
                read = []
                read.reserveCapacity(batch.count)
                for k in batch.indices { read.append(k % 2 == 0 ? mine[k / 2] : theirs[k / 2]) }
            } else {
                read = mine
            }
        } else {
            read = batch.map { Self.read($0, model: model, options: options, readsSenders: readsSenders) }
        }
        for (message, result) in zip(batch, read) {
            try emit(
                id: message.id, text: result.text, isMail: result.isMail, source: message.source,
                score: try result.score.get(), senders: result.candidates)
        }
    }

    /// A message read as a delivery reads it (headers parsed, MIME decoded) and scored by `model`.
    private static func read(
        _ message: PendingMessage, model: LazyModel, options: FilterOptions, readsSenders: Bool
    ) -> ReadMessage {
        let bytes = message.bytes
        let header = HeaderBlock.parse(bytes, in: 0..<bytes.count, allowFromLine: true)
        let candidates =
            readsSenders ? FilterEngine.senderCandidates(input: bytes, header: header, options: options) : []
        let text = MessageText.extract(from: bytes, header: header, limits: options.limits)
        let isMail = header.looksLikeMail(bytes)
        let score = Result<ModelScore?, any Error> {
            TextContent.hasTextToJudge(text) ? try (isMail ? model.scoreMail(text) : model.score(text)) : nil
        }
        return ReadMessage(text: text, isMail: isMail, candidates: candidates, score: score)
    }
}
