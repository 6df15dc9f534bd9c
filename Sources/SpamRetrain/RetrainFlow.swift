public import SpamStore
import SpamIO
import SpamText
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What a retrain did.
public enum RetrainOutcome: Sendable, Equatable {
    /// Not enough new feedback (and not forced).
    case skipped(reason: String)
    /// The candidate passed the gate and is now active.
    case activated(ModelRecord, active: ValidationMetrics?)
    /// The candidate failed the gate; kept as rejected with the reason.
    case rejected(ModelRecord, active: ValidationMetrics?)
}

/// The retrain flow: lock, gather data, train, write the model file atomically, validate against
/// the active model on the same set, register, prune old models.
///
/// Safe against crashes at any point: the model file is complete (temp file, fsync, rename)
/// before the registry names it, and the active model changes in one SQLite transaction, so a
/// `kill -9` leaves the previous active model in use; the flock dies with the process.
public struct RetrainFlow {
    public struct Settings: Sendable {
        /// Where model files go; the lock file lives here too.
        public var modelsDirectory: String
        /// Retrain only when at least this many marks are new since the last retrain.
        public var minNew: Int = 1
        /// Retrain even without new marks.
        public var force: Bool = false
        /// Inactive models kept (with their files) besides the active one.
        public var keepModels: Int = 5
        /// Fine-tune from the active model instead of training from scratch.
        public var fineTune: Bool = false
        public var seed: UInt64 = 1
        public var dataset = RetrainDataset.Options()
        /// Feedback marked within this many seconds before now counts as recent for validation.
        public var recentWindow: Double = 7 * 86_400
        /// The base-corpus guard: a candidate may let through at most this fraction of the
        /// held-out base-corpus spam that the current model catches (see `baseSpamGuard`).
        public var baseSpamTolerance: Double = 0.10

        public init(modelsDirectory: String) { self.modelsDirectory = modelsDirectory }
    }

    public var settings: Settings
    /// Progress lines (what is being done, the metrics); the command prints them.
    public var report: (String) -> Void

    public init(settings: Settings, report: @escaping (String) -> Void = { _ in }) {
        self.settings = settings
        self.report = report
    }

    public var lockPath: String { FilePath.join(settings.modelsDirectory, "retrain.lock") }

    /// Runs one retrain. `baseline` is the model file classification uses while no model is
    /// registered (the bundled default); the first candidate must beat it.
    public func run(
        store: FeedbackStore, corpus: [FeedbackTSV.Row], trainer: some RetrainTrainer, now: Double,
        baseline: [UInt8]? = nil
    ) throws(RetrainError) -> RetrainOutcome {
        do {
            try FileIO.makeDirectories(settings.modelsDirectory, mode: 0o700)
        } catch {
            throw .file(error.description)
        }
        let lock = try RetrainLock(path: lockPath)
        defer { lock.release() }
        removeStaleTemporaries()

        let lastRetrain = try storeCall { () throws(StoreError) in try store.meta(RetrainFlow.lastRetrainKey) }.flatMap(Double.init)
        let newMarks = try storeCall { () throws(StoreError) in try store.feedbackCount(since: lastRetrain ?? -Double.greatestFiniteMagnitude) }
        if !settings.force && newMarks < settings.minNew {
            return .skipped(reason: "\(newMarks) new mark\(newMarks == 1 ? "" : "s") since the last retrain, fewer than --min-new \(settings.minNew)")
        }
        let feedback = try storeCall { () throws(StoreError) in try store.allFeedback() }
        var options = settings.dataset
        options.recentSince = now - settings.recentWindow
        let dataset = RetrainDataset(corpus: corpus, feedback: feedback, options: options)
        guard dataset.training.contains(where: { $0.isSpam }), dataset.training.contains(where: { !$0.isSpam }) else {
            throw .noData("need both spam and ham to train: configure base_corpus or mark more messages")
        }
        report("training on \(dataset.training.count) messages (\(feedback.count) feedback, weight \(options.feedbackWeight)); validating on \(dataset.validation.count)")

        let active = try storeCall { () throws(StoreError) in try store.activeModel() }
        let activeFile: [UInt8]? = active.flatMap { try? FileIO.readRegularFile(path: $0.path) } ?? (active == nil ? baseline : nil)
        let activeName = active.map { "active #\($0.id)" } ?? "default model"
        if active != nil && activeFile == nil {
            report("warning: the active model's file \(active?.path ?? "") cannot be read; comparing without it")
        }
        let candidateBytes: [UInt8]
        do {
            candidateBytes = try trainer.train(
                dataset.training, start: settings.fineTune ? activeFile : nil, seed: settings.seed)
        } catch {
            throw .training("\(error)")
        }

        let path = FilePath.join(settings.modelsDirectory, "model-\(Int64(now))-\(getpid()).smsmodel")
        do throws(SystemError) {
            try FileIO.writeAtomically(candidateBytes, to: path, mode: 0o600)
            // What is judged (and then activated) is the file as it reads back from disk, so
            // a write the disk garbled can never become the active model.
            guard try FileIO.readRegularFile(path: path) == candidateBytes else {
                unlink(path)
                throw SystemError("read back", path: path, code: EIO, reason: "the file differs from what was written")
            }
        } catch {
            throw .file(error.description)
        }

        let texts = dataset.validation.map(\.text)
        let actual = dataset.validation.map(\.isSpam)
        let candidatePredictions: [Bool]
        do {
            candidatePredictions = try trainer.predict(modelFile: candidateBytes, texts: texts)
        } catch {
            throw .training("scoring the candidate: \(error)")
        }
        let candidateMetrics = ValidationMetrics.compute(predicted: candidatePredictions, actual: actual)
        report("candidate: \(RetrainFlow.describe(candidateMetrics))")

        // The comparison set: the whole validation set, except against the bundled default model,
        // which was trained on the base corpus (its held-out rows included) and would look better
        // than it is there; it is compared on the held-out feedback only, which it never saw.
        let comparingWithDefault = active == nil && activeFile != nil
        let compared = dataset.validation.indices.filter { !comparingWithDefault || dataset.validationIsFeedback[$0] }
        let comparedActual = compared.map { actual[$0] }
        var activeMetrics: ValidationMetrics?
        var candidateCompared = candidateMetrics
        var unavailable: String?
        if let activeFile, !compared.isEmpty {
            do {
                let predictions = try trainer.predict(modelFile: activeFile, texts: compared.map { texts[$0] })
                activeMetrics = ValidationMetrics.compute(predicted: predictions, actual: comparedActual)
                candidateCompared = ValidationMetrics.compute(
                    predicted: compared.map { candidatePredictions[$0] }, actual: comparedActual)
            } catch {
                report("warning: the \(activeName) cannot score (\(error)); comparing without it")
            }
        } else if comparingWithDefault {
            unavailable = "no held-out feedback to compare with the default model on (it was trained on the base corpus);"
                + " mark some messages first, or activate this model by hand with `smsfilter models activate`"
        }
        if let activeMetrics {
            if comparingWithDefault {
                report("compared on the \(compared.count) held-out feedback messages the default model never saw:")
                report("  candidate: \(RetrainFlow.describe(candidateCompared))")
                report("  \(activeName): \(RetrainFlow.describe(activeMetrics))")
            } else {
                report("\(activeName): \(RetrainFlow.describe(activeMetrics))")
            }
        }
        let spamCount = comparedActual.filter { $0 }.count
        var decision = unavailable.map { RetrainDecision(accept: false, reason: $0) }
            ?? RetrainDecision.judge(
                candidate: candidateCompared, active: activeMetrics, spamCount: spamCount,
                hamCount: comparedActual.count - spamCount)
        if decision.accept, let activeFile, let refusal = try baseSpamGuard(
            corpus: corpus, options: options, trainer: trainer, current: activeFile, candidate: candidateBytes,
            currentName: activeName)
        {
            decision = RetrainDecision(accept: false, reason: refusal)
        }
        var record = ModelRecord(
            path: path, created: now, trainingDigest: dataset.trainingDigest, trainingSize: dataset.training.count,
            metrics: candidateMetrics, status: decision.accept ? .active : .rejected, reason: decision.reason, activated: now)
        record.id = try storeCall { () throws(StoreError) in try store.registerModel(record) }
        if decision.accept, let active, let activeMetrics {
            try storeCall { () throws(StoreError) in try store.updateMetrics(id: active.id, activeMetrics) }
        }
        try storeCall { () throws(StoreError) in
            try store.setMeta(RetrainFlow.lastRetrainKey, "\(now)")
            try store.setMeta(RetrainFlow.lastResultKey, decision.accept ? "activated #\(record.id)" : "rejected #\(record.id): \(decision.reason)")
        }
        let dropped = try storeCall { () throws(StoreError) in try store.pruneModels(keep: settings.keepModels) }
        for model in dropped where model.path.hasPrefix(settings.modelsDirectory) {
            unlink(model.path)
        }
        // Processes do not checkpoint on close (see Database); a nightly job is a good moment.
        try? store.checkpoint()
        return decision.accept ? .activated(record, active: activeMetrics) : .rejected(record, active: activeMetrics)
    }

    /// The gate's second question, which feedback cannot answer for it: does the candidate let
    /// through spam of the base corpus that the current model catches? Anyone who can send mail
    /// to a teaching address (or forge one) can fill the feedback, held-out marks included, with
    /// a campaign labelled ham; the metrics on that feedback then favour the poisoned candidate.
    /// The base corpus is the operator's, so its held-out slice (the same rows on every run,
    /// whatever the feedback says about them) is judged by its own labels: a candidate that
    /// newly misses more than `baseSpamTolerance` of that slice's spam is refused. Returns the
    /// reason to refuse, or nil.
    func baseSpamGuard(
        corpus: [FeedbackTSV.Row], options: RetrainDataset.Options, trainer: some RetrainTrainer, current: [UInt8],
        candidate: [UInt8], currentName: String
    ) throws(RetrainError) -> String? {
        let spam = RetrainDataset.heldOutCorpus(corpus, options: options).filter { $0.label == .spam }.map(\.text)
        guard !spam.isEmpty else { return nil }
        let caughtByCurrent: [Bool]
        let caughtByCandidate: [Bool]
        do {
            caughtByCurrent = try trainer.predict(modelFile: current, texts: spam)
            caughtByCandidate = try trainer.predict(modelFile: candidate, texts: spam)
        } catch {
            report("warning: base-corpus guard skipped: the \(currentName) cannot score (\(error))")
            return nil
        }
        let caught = caughtByCurrent.filter { $0 }.count
        let newlyMissed = zip(caughtByCurrent, caughtByCandidate).filter { $0 && !$1 }.count
        let allowed = Int((Double(caught) * settings.baseSpamTolerance).rounded(.down))
        report("base-corpus guard: the candidate lets through \(newlyMissed) of the \(caught) held-out base-corpus"
            + " spam the \(currentName) catches (at most \(allowed) allowed)")
        guard newlyMissed > allowed else { return nil }
        return "lets through \(newlyMissed) of \(caught) held-out base-corpus spam the \(currentName) catches"
            + " (at most \(allowed) allowed): feedback labelled ham may be poisoned"
    }

    /// Store meta keys (shared with `smsfilter stats`).
    public static let lastRetrainKey = "last_retrain"
    public static let lastResultKey = "last_retrain_result"

    public static func describe(_ m: ValidationMetrics) -> String {
        "MCC \(fixed(m.mcc)), ham FPR \(fixed(m.hamFalsePositiveRate)),"
            + " spam recall \(fixed(m.spamRecall)), accuracy \(fixed(m.accuracy)) on \(m.count)"
    }

    private func storeCall<T>(_ body: () throws(StoreError) -> T) throws(RetrainError) -> T {
        do {
            return try body()
        } catch {
            throw .store(error)
        }
    }

    /// Temp files of a killed retrain (`*.tmp.<pid>`): only we write here, and we hold the lock.
    private func removeStaleTemporaries() {
        guard let dir = opendir(settings.modelsDirectory) else { return }
        defer { closedir(dir) }
        var doomed: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix("model-") && name.contains(".tmp.") { doomed.append(name) }
        }
        for name in doomed { unlink(FilePath.join(settings.modelsDirectory, name)) }
    }
}
