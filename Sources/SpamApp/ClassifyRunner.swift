import SpamIO
import SpamMail
import SpamSenders

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Runs one `classify` invocation from resolved settings and returns the exit code. Shared by
/// the ArgumentParser command and the fast path, so both behave the same.
public struct ClassifyRunner {
    public let settings: ClassifySettings

    public init(settings: ClassifySettings) {
        self.settings = settings.applyingConfiguration()
    }

    public func run() -> Int32 {
        let closed = ClassifyOutput.ensureStandardDescriptors()
        if let problem = closedStreamProblem(closed) {
            AppLog.logger.error("\(problem)")
            return FilterEngine.readFailureExitCode(settings.filter)
        }
        let model = LazyModel(path: settings.modelPath, storePath: settings.storePath)
        if AppLog.logger.logLevel <= .info {
            let path = (try? model.resolvedPath()) ?? "none"
            AppLog.logger.info(
                "\(AppContext.resolutionSummary(store: settings.storePath ?? "default", model: path))")
        }
        switch settings.input {
        case .text where settings.files.count <= 1:
            ModelMappingGuard.install(exitCode: FilterEngine.readFailureExitCode(settings.filter))
            return classifyOne(model: model)
        case .gammuEnv:
            ModelMappingGuard.install(exitCode: FilterEngine.readFailureExitCode(settings.filter))
            return classifyGammu(model: model)
        default:
            // A bulk run lasts long enough for someone to overwrite the model: copy it in.
            let model = LazyModel(path: settings.modelPath, storePath: settings.storePath, inMemory: true)
            let log = settings.logVerdicts ? BulkStoreRecorder(storePath: settings.storePath) : nil
            var bulk = BulkClassifier(settings: settings, model: model) { entry in try? log?.record(entry) }
            let status = bulk.run()
            log?.flush()
            return status
        }
    }

    /// Why a closed standard stream makes this run impossible, or nil. Closed stdin with no
    /// file: there is no message (reading /dev/null would invent an empty one and succeed).
    /// Closed stdout where results go to stdout: the message (with -p) or the verdicts would
    /// vanish while the exit status says all went well. gammu-smsd closes all three by design;
    /// its input is the environment and its verdict line is optional (`--output`).
    func closedStreamProblem(_ closed: Set<Int32>) -> String? {
        if settings.input == .gammuEnv { return nil }
        if closed.contains(0) && settings.files.isEmpty {
            return "standard input is closed: no message to read"
        }
        if closed.contains(1) && (settings.filter.passThrough || settings.output == nil) {
            return settings.filter.passThrough
                ? "standard output is closed: the message cannot be passed through"
                : "standard output is closed: nowhere to write the verdict"
        }
        return nil
    }

    /// One message from stdin or one file: the mail-filter path. Nothing expensive happens
    /// before the message is read; the model loads inside the engine's scorer call.
    private func classifyOne(model: LazyModel) -> Int32 {
        let options = settings.filter
        let source = settings.files.first ?? "stdin"
        let message: [UInt8]
        var size: Int? = nil
        do {
            if options.passThrough {
                // Read at most the cap (and a little more): a message over it is streamed
                // through, so memory stays bounded whatever its size and shape.
                let fd = try settings.files.first.map { try FileIO.openForReading($0) } ?? 0
                defer { if fd != 0 { close(fd) } }
                let head = try FileIO.readHead(
                    fileDescriptor: fd, limit: max(0, options.maxSize), path: source)
                if head.count > options.maxSize {
                    return passTooLarge(head: head, rest: fd, path: source)
                }
                message = head
            } else {
                // Only the verdict is printed: keep what could be scored (up to the size cap, one
                // byte more to tell it is over), count the rest.
                let limit = options.maxSize < Int.max ? max(0, options.maxSize) + 1 : Int.max
                let read =
                    try settings.files.first.map { try FileIO.readPrefix(path: $0, limit: limit) }
                    ?? FileIO.readPrefix(fileDescriptor: 0, limit: limit)
                message = read.bytes
                size = read.size
            }
        } catch {
            AppLog.logger.error("\(error)")
            return FilterEngine.readFailureExitCode(options)
        }
        let senders = StoreSenders(storePath: settings.storePath)
        let templates = StoreTemplates(storePath: settings.storePath)
        let outcome = FilterEngine.run(
            input: message, inputSize: size, options: options, scorer: model.score, senders: senders.state,
            mailScorer: model.scoreMail, marked: templates.marked)
        do {
            if let passThrough = outcome.passThrough {
                try ClassifyOutput.write(passThrough, original: message, to: 1)
            } else if let line = outcome.stdoutLine {
                if let output = settings.output {
                    try ClassifyOutput.appendLine(line, to: output)
                } else {
                    let bytes = Array((line + "\n").utf8)
                    try ClassifyOutput.writeRaw(bytes, 0..<bytes.count, to: 1)
                }
            }
        } catch {
            // The message did not get out whole: never report success.
            AppLog.logger.error("\(error)")
            return FilterEngine.readFailureExitCode(options)
        }
        if let diagnostic = outcome.diagnostic { AppLog.logger.error("\(diagnostic)") }
        if case .classified(let verdict, let score, let modelID) = outcome.status, let text = outcome.text {
            record(
                ClassifiedMessage(
                    source: source, text: text, verdict: verdict, score: score, modelID: modelID))
        }
        return outcome.exitCode
    }

    /// `-p` with a message over the size cap: passed through unjudged, a chunk at a time, with
    /// the verdict line where the header ends. Once bytes are out, a failure exits with the
    /// read-failure code (never 0): the MDA then delivers its own copy, not our part of one.
    private func passTooLarge(head: [UInt8], rest fd: Int32, path: String) -> Int32 {
        let options = settings.filter
        let line = FilterEngine.tooLargeHeaderLine(size: FileIO.regularFileSize(fd), options: options)
        var writer = OversizePassThrough(
            prefix: head, headerLines: [line], removing: FilterEngine.verdictFieldNames(options))
        var out: [UInt8] = []
        out.reserveCapacity(Self.streamChunk * 2)
        do {
            head.withUnsafeBytes { writer.process($0, into: &out) }
            try ClassifyOutput.writeRaw(out, 0..<out.count, to: 1)
            out.removeAll(keepingCapacity: true)
            var chunk = [UInt8](repeating: 0, count: Self.streamChunk)
            while true {
                let n = try FileIO.readSome(fileDescriptor: fd, into: &chunk, path: path)
                if n == 0 { break }
                chunk.withUnsafeBytes {
                    writer.process(UnsafeRawBufferPointer(rebasing: $0[0..<n]), into: &out)
                }
                if out.count >= Self.streamChunk {
                    try ClassifyOutput.writeRaw(out, 0..<out.count, to: 1)
                    out.removeAll(keepingCapacity: true)
                }
            }
            writer.finish(into: &out)
            try ClassifyOutput.writeRaw(out, 0..<out.count, to: 1)
        } catch {
            ProcessInfoLite.printError("smsfilter: \(error)")
            return FilterEngine.readFailureExitCode(options)
        }
        return FilterEngine.tooLargeExitCode(options)
    }

    private static let streamChunk = 1 << 16

    /// gammu-smsd RunOnReceive: the SMS is in the environment; the verdict goes to --output
    /// (or stdout when it is open) as `sender<TAB>verdict<TAB>score`, and into the exit code.
    private func classifyGammu(model: LazyModel) -> Int32 {
        let options = settings.filter
        guard let message = GammuMessage(lookup: { ProcessInfoLite.environment($0) }) else {
            let count = ProcessInfoLite.environment("SMS_MESSAGES")
            let why =
                count.map { "SMS_MESSAGES is `\($0)`, not a count of messages" } ?? "SMS_MESSAGES is not set"
            AppLog.logger.error("no SMS in the environment (\(why))")
            return FilterEngine.readFailureExitCode(options)
        }
        let text = MessageText.plain(message.text, limits: options.limits)
        do {
            let score = try model.score(text)
            guard score.probability.isFinite else {
                throw LazyModel.LoadError(description: "the model returned an invalid score")
            }
            let cutoffs = Cutoffs(
                threshold: score.threshold, spam: options.spamCutoff, ham: options.hamCutoff)
            // The gateway's number is taken as given (README: what trusting an SMS sender risks).
            let address = SenderAddress(options.sender ?? message.sender, countryCode: options.countryCode)
            let candidates = address.map { [SenderCandidate(address: $0, verified: true)] } ?? []
            let senders = StoreSenders(storePath: settings.storePath)
            let rule = SenderRule.decide(candidates, lookup: senders.state)
            let decided = ScoredVerdict(
                score: score.probability, cutoffs: cutoffs, text: text, isMail: false, rule: rule,
                marked: StoreTemplates(storePath: settings.storePath).marked(text))
            let verdict = decided.verdict
            let line = BulkClassifier.line(
                id: message.sender, verdict: verdict, score: score.probability, format: options.format,
                reason: decided.reason)
            if let output = settings.output {
                try ClassifyOutput.appendLine(line, to: output)
            } else {
                let bytes = Array((line + "\n").utf8)
                try? ClassifyOutput.writeRaw(bytes, 0..<bytes.count, to: 1)
            }
            record(
                ClassifiedMessage(
                    source: "gammu:\(message.sender)", text: text, verdict: verdict, score: score.probability,
                    modelID: score.modelID))
            return options.exitZero ? 0 : verdict.exitCode
        } catch {
            AppLog.logger.error("\(error)")
            return FilterEngine.readFailureExitCode(options)
        }
    }

    /// Hands a classification to the log, if one is configured; its failures are warnings.
    func record(_ entry: ClassifiedMessage) {
        guard
            let recorder = ClassificationLog.recorder(
                storePath: settings.storePath, enabled: settings.logVerdicts)
        else { return }
        do {
            try recorder.record(entry)
        } catch {
            AppLog.logger.warning("classification log: \(error)")
        }
    }
}
