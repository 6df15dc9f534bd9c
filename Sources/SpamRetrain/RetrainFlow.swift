import SpamIO
public import SpamStore
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
        /// Without a base corpus, the fewest marks of each label a candidate is trained on. Users
        /// mark the messages the model got wrong, so the held-out marks favour any model fitted
        /// to the marks: twelve spam and twelve ham marks gave a candidate that tied the bundled
        /// model on its eight held-out marks, replaced it, and then called a one-time code and
        /// "Running late, 10 min" Spam. SpamAssassin's Bayes waits for 200 of each
        /// (`bayes_min_spam_num`, `bayes_min_ham_num`) before it scores at all.
        public var minFeedbackOnly: Int = 200
        /// The guard set's ham: a candidate may flag at most this fraction of it (at least one
        /// message) that the current model lets through (see `guardSetCheck`).
        public var guardHamTolerance: Double = 0.01

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
    /// registered (the bundled default); the first candidate must beat it. The steps are in
    /// RetrainFlow+Steps.swift.
    ///
    /// `guardSet`: labelled messages that neither the feedback nor the base corpus decides
    /// (README: today's messages the project wrote and never trains on); a candidate is also
    /// judged against the current model on them (`guardSetCheck`). Empty: no such check.
    public func run(
        store: any StoreBackend, corpus: [FeedbackTSV.Row], guardSet: [FeedbackTSV.Row] = [],
        trainer: some RetrainTrainer, now: Double, baseline: [UInt8]? = nil
    ) throws(RetrainError) -> RetrainOutcome {
        do {
            try FileIO.makeDirectories(settings.modelsDirectory, mode: 0o700)
        } catch {
            throw .file(error.description)
        }
        let lock = try RetrainLock(path: lockPath)
        defer { lock.release() }
        removeStaleTemporaries()

        if let reason = try reasonToSkip(store: store, hasBaseCorpus: !corpus.isEmpty) {
            return .skipped(reason: reason)
        }
        let (dataset, options) = try gatherDataset(store: store, corpus: corpus, now: now)
        let current = try currentModel(store: store, baseline: baseline)
        let candidate = try trainCandidate(on: dataset, current: current, trainer: trainer, now: now)
        let judgement = try judge(
            candidate, current: current, dataset: dataset, corpus: corpus, guardSet: guardSet,
            options: options,
            trainer: trainer)
        let record = try register(
            candidate, judgement: judgement, current: current, dataset: dataset, store: store, now: now)
        return judgement.decision.accept
            ? .activated(record, active: judgement.currentMetrics)
            : .rejected(record, active: judgement.currentMetrics)
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
        corpus: [FeedbackTSV.Row], options: RetrainDataset.Options, trainer: some RetrainTrainer,
        current: [UInt8],
        candidate: [UInt8], currentName: String
    ) throws(RetrainError) -> String? {
        let spamRows = RetrainDataset.heldOutCorpus(corpus, options: options).filter { $0.label == .spam }
        guard !spamRows.isEmpty,
            let (caughtByCurrent, caughtByCandidate) = verdicts(
                on: spamRows, trainer: trainer, current: current, candidate: candidate,
                check: "base-corpus guard", currentName: currentName)
        else { return nil }
        let caught = caughtByCurrent.filter { $0 }.count
        let newlyMissed = zip(caughtByCurrent, caughtByCandidate).filter { $0 && !$1 }.count
        let allowed = Int((Double(caught) * settings.baseSpamTolerance).rounded(.down))
        report(
            "base-corpus guard: the candidate lets through \(newlyMissed) of the \(caught) held-out base-corpus"
                + " spam the \(currentName) catches (at most \(allowed) allowed)")
        guard newlyMissed > allowed else { return nil }
        return "lets through \(newlyMissed) of \(caught) held-out base-corpus spam the \(currentName) catches"
            + " (at most \(allowed) allowed): feedback labelled ham may be poisoned"
    }

    /// The gate's third question, which neither the feedback nor the base corpus answers: is
    /// the candidate still right about the kinds of message the current model gets right? Users
    /// mark the messages the model got wrong, so the held-out marks favour any model fitted to
    /// them, and a base corpus may be older or narrower than the model in use (UCI's 2000s
    /// collection alone teaches that one-time codes are spam). On the guard set, a candidate
    /// that newly flags more than `guardHamTolerance` of its legitimate messages, or of its
    /// legitimate mails (at least one each), or newly lets through more than
    /// `baseSpamTolerance` of the spam the current model catches, is refused. Returns the
    /// reason to refuse, or nil.
    func guardSetCheck(
        _ guardSet: [FeedbackTSV.Row], trainer: some RetrainTrainer, current: [UInt8], candidate: [UInt8],
        currentName: String
    ) throws(RetrainError) -> String? {
        guard !guardSet.isEmpty,
            let (byCurrent, byCandidate) = verdicts(
                on: guardSet, trainer: trainer, current: current, candidate: candidate, check: "guard set",
                currentName: currentName)
        else { return nil }
        // Legitimate messages and legitimate mails (read as mail) are judged apart, each with
        // its own allowance: a candidate that cannot read mail apart would otherwise spend the
        // messages' allowance, or pass on the pooled one.
        var hams = (messages: 0, mails: 0)
        var newlyFlagged = (messages: 0, mails: 0)
        var caught = 0
        var newlyMissed = 0
        for (k, row) in guardSet.enumerated() {
            if row.label == .spam {
                if byCurrent[k] { caught += 1 }
                if byCurrent[k] && !byCandidate[k] { newlyMissed += 1 }
            } else {
                let flagged = !byCurrent[k] && byCandidate[k] ? 1 : 0
                if row.isMail {
                    hams.mails += 1
                    newlyFlagged.mails += flagged
                } else {
                    hams.messages += 1
                    newlyFlagged.messages += flagged
                }
            }
        }
        func hamAllowed(_ count: Int) -> Int {
            count == 0 ? 0 : max(1, Int((Double(count) * settings.guardHamTolerance).rounded(.down)))
        }
        let spamAllowed = Int((Double(caught) * settings.baseSpamTolerance).rounded(.down))
        let mails =
            hams.mails == 0
            ? ""
            : ", \(newlyFlagged.mails) of its \(hams.mails) legitimate mails (at most \(hamAllowed(hams.mails)) allowed)"
        report(
            "guard set: the candidate newly flags \(newlyFlagged.messages) of its \(hams.messages) legitimate"
                + " messages (at most \(hamAllowed(hams.messages)) allowed)\(mails) and lets through"
                + " \(newlyMissed) of the \(caught) spam the \(currentName) catches (at most \(spamAllowed) allowed)"
        )
        var problems: [String] = []
        if newlyFlagged.messages > hamAllowed(hams.messages) {
            problems.append(
                "flags \(newlyFlagged.messages) of the guard set's \(hams.messages) legitimate messages that the"
                    + " \(currentName) lets through (at most \(hamAllowed(hams.messages)) allowed)")
        }
        if newlyFlagged.mails > hamAllowed(hams.mails) {
            problems.append(
                "flags \(newlyFlagged.mails) of the guard set's \(hams.mails) legitimate mails that the"
                    + " \(currentName) lets through (at most \(hamAllowed(hams.mails)) allowed)")
        }
        if newlyMissed > spamAllowed {
            problems.append(
                "lets through \(newlyMissed) of the guard set's \(caught) spam that the \(currentName) catches"
                    + " (at most \(spamAllowed) allowed)")
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    /// The current model's and the candidate's spam verdicts on `rows`, for a guard; nil (with a
    /// warning, and the guard skipped) when either cannot score.
    private func verdicts(
        on rows: [FeedbackTSV.Row], trainer: some RetrainTrainer, current: [UInt8], candidate: [UInt8],
        check: String, currentName: String
    ) -> (current: [Bool], candidate: [Bool])? {
        let texts = rows.map(\.text)
        let mails = rows.map(\.isMail)
        do {
            return (
                try trainer.predict(modelFile: current, texts: texts, asMail: mails),
                try trainer.predict(modelFile: candidate, texts: texts, asMail: mails)
            )
        } catch {
            report("warning: \(check) skipped: the \(currentName) cannot score (\(error))")
            return nil
        }
    }

    /// Store meta keys (shared with `smsfilter stats`).
    public static let lastRetrainKey = "last_retrain"
    public static let lastResultKey = "last_retrain_result"

    public static func describe(_ m: ValidationMetrics) -> String {
        "MCC \(fixed(m.mcc)), ham FPR \(fixed(m.hamFalsePositiveRate)),"
            + " spam recall \(fixed(m.spamRecall)), accuracy \(fixed(m.accuracy)) on \(m.count)"
    }

    func storeCall<T>(_ body: () throws(StoreError) -> T) throws(RetrainError) -> T {
        do {
            return try body()
        } catch {
            throw .store(error)
        }
    }

    /// Temp files of a killed retrain (`*.tmp.<pid>`): only we write here, and we hold the lock.
    private func removeStaleTemporaries() {
        let names = FileIO.entryNames(in: settings.modelsDirectory) ?? []
        for name in names where name.hasPrefix("model-") && name.contains(".tmp.") {
            unlink(FilePath.join(settings.modelsDirectory, name))
        }
    }
}
