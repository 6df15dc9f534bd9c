import SpamIO
import SpamStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

// The steps of `RetrainFlow.run`, in the order it takes them (under the lock).

extension RetrainFlow {
    /// Why this run should not train, or nil: too few new marks (unless forced), or no base
    /// corpus and too few marks of a label to train on alone (`Settings.minFeedbackOnly`; forcing
    /// does not lift it, the config key does).
    func reasonToSkip(store: any StoreBackend, hasBaseCorpus: Bool) throws(RetrainError) -> String? {
        let lastRetrain = try storeCall { () throws(StoreError) in try store.meta(RetrainFlow.lastRetrainKey)
        }.flatMap(Double.init)
        let newMarks = try storeCall { () throws(StoreError) in
            try store.feedbackCount(since: lastRetrain ?? -Double.greatestFiniteMagnitude)
        }
        if !settings.force && newMarks < settings.minNew {
            return
                "\(newMarks) new mark\(newMarks == 1 ? "" : "s") since the last retrain, fewer than --min-new \(settings.minNew)"
                + " (use --force to train anyway)"
        }
        if !hasBaseCorpus {
            let counts = try storeCall { () throws(StoreError) in try store.feedbackCounts() }
            let spam = counts[.spam, default: 0]
            let ham = counts[.ham, default: 0]
            if min(spam, ham) < settings.minFeedbackOnly {
                return
                    "no base corpus, and \(spam) spam and \(ham) ham marks: a model trained on marks alone needs"
                    + " at least \(settings.minFeedbackOnly) of each (min_feedback_only). Give retrain the corpora"
                    + " of the model in use (base_corpus or --base-corpus: `smsfilter retrain --help`), or trust"
                    + " and block senders meanwhile"
            }
        }
        return nil
    }

    /// The base corpus and all feedback, split into training and validation; both labels must be
    /// there to train on. Also returns the dataset options with `recentSince` set.
    func gatherDataset(
        store: any StoreBackend, corpus: [FeedbackTSV.Row], now: Double
    ) throws(RetrainError) -> (RetrainDataset, RetrainDataset.Options) {
        let feedback = try storeCall { () throws(StoreError) in try store.allFeedback() }
        var options = settings.dataset
        options.recentSince = now - settings.recentWindow
        let dataset = RetrainDataset(corpus: corpus, feedback: feedback, options: options)
        guard dataset.training.contains(where: { $0.isSpam }),
            dataset.training.contains(where: { !$0.isSpam })
        else {
            throw .noData("need both spam and ham to train: configure base_corpus or mark more messages")
        }
        if corpus.isEmpty { report("no base corpus: training on the marks alone") }
        report(
            "training on \(dataset.training.count) messages (\(feedback.count) feedback, weight \(options.feedbackWeight)); validating on \(dataset.validation.count)"
        )
        return (dataset, options)
    }

    /// The model classification uses now, which the candidate must beat.
    struct CurrentModel {
        /// The registry's active model; nil while none is registered.
        var record: ModelRecord?
        /// Its file (the baseline when none is registered); nil when it cannot be read.
        var file: [UInt8]?
        /// "active #N" or "default model", for the report.
        var name: String
    }

    func currentModel(store: any StoreBackend, baseline: [UInt8]?) throws(RetrainError) -> CurrentModel {
        let active = try storeCall { () throws(StoreError) in try store.activeModel() }
        let activeFile: [UInt8]? =
            active.flatMap { try? FileIO.readRegularFile(path: $0.path) } ?? (active == nil ? baseline : nil)
        if active != nil && activeFile == nil {
            report(
                "warning: the active model's file \(active?.path ?? "") cannot be read; comparing without it")
        }
        return CurrentModel(
            record: active, file: activeFile, name: active.map { "active #\($0.id)" } ?? "default model")
    }

    /// A trained candidate and the models-directory file that holds it.
    struct Candidate {
        var bytes: [UInt8]
        var path: String
    }

    /// Trains the candidate (from scratch, or from the current model with `fineTune`) and writes
    /// it atomically into the models directory.
    func trainCandidate(
        on dataset: RetrainDataset, current: CurrentModel, trainer: some RetrainTrainer, now: Double
    ) throws(RetrainError) -> Candidate {
        let candidateBytes: [UInt8]
        do {
            candidateBytes = try trainer.train(
                dataset.training, start: settings.fineTune ? current.file : nil, seed: settings.seed)
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
                throw SystemError(
                    "read back", path: path, code: EIO, reason: "the file differs from what was written")
            }
        } catch {
            throw .file(error.description)
        }
        return Candidate(bytes: candidateBytes, path: path)
    }

    /// The gate's verdict and the metrics behind it.
    struct Judgement {
        /// The candidate on the whole validation set (what the registry records).
        var candidateMetrics: ValidationMetrics
        /// The current model on the compared set; nil when it could not score or there is none.
        var currentMetrics: ValidationMetrics?
        var decision: RetrainDecision
    }

    /// Scores the candidate and the current model on the validation set and decides: the metrics
    /// gate (`RetrainDecision.judge`), then the base-corpus guard, then the guard set.
    func judge(
        _ candidate: Candidate, current: CurrentModel, dataset: RetrainDataset, corpus: [FeedbackTSV.Row],
        guardSet: [FeedbackTSV.Row], options: RetrainDataset.Options, trainer: some RetrainTrainer
    ) throws(RetrainError) -> Judgement {
        let texts = dataset.validation.map(\.text)
        let mails = dataset.validation.map(\.isMail)
        let actual = dataset.validation.map(\.isSpam)
        let candidatePredictions: [Bool]
        do {
            candidatePredictions = try trainer.predict(
                modelFile: candidate.bytes, texts: texts, asMail: mails)
        } catch {
            throw .training("scoring the candidate: \(error)")
        }
        let candidateMetrics = ValidationMetrics.compute(predicted: candidatePredictions, actual: actual)
        report("candidate: \(RetrainFlow.describe(candidateMetrics))")

        // The comparison set: the whole validation set, except against the bundled default model,
        // which was trained on the base corpus (its held-out rows included) and would look better
        // than it is there; it is compared on the held-out feedback only, which it never saw.
        let comparingWithDefault = current.record == nil && current.file != nil
        let compared = dataset.validation.indices.filter {
            !comparingWithDefault || dataset.validationIsFeedback[$0]
        }
        let comparedActual = compared.map { actual[$0] }
        var activeMetrics: ValidationMetrics?
        var candidateCompared = candidateMetrics
        var unavailable: String?
        if let activeFile = current.file, !compared.isEmpty {
            do {
                let predictions = try trainer.predict(
                    modelFile: activeFile, texts: compared.map { texts[$0] },
                    asMail: compared.map { mails[$0] })
                activeMetrics = ValidationMetrics.compute(predicted: predictions, actual: comparedActual)
                candidateCompared = ValidationMetrics.compute(
                    predicted: compared.map { candidatePredictions[$0] }, actual: comparedActual)
            } catch {
                report("warning: the \(current.name) cannot score (\(error)); comparing without it")
            }
        } else if comparingWithDefault {
            unavailable =
                "no held-out feedback to compare with the default model on (it was trained on the base corpus);"
                + " mark some messages first, or activate this model by hand with `smsfilter models activate`"
        }
        if let activeMetrics {
            if comparingWithDefault {
                report(
                    "compared on the \(compared.count) held-out feedback messages the default model never saw:"
                )
                report("  candidate: \(RetrainFlow.describe(candidateCompared))")
                report("  \(current.name): \(RetrainFlow.describe(activeMetrics))")
            } else {
                report("\(current.name): \(RetrainFlow.describe(activeMetrics))")
            }
        }
        let spamCount = comparedActual.filter { $0 }.count
        var decision =
            unavailable.map { RetrainDecision(accept: false, reason: $0) }
            ?? RetrainDecision.judge(
                candidate: candidateCompared, active: activeMetrics, spamCount: spamCount,
                hamCount: comparedActual.count - spamCount)
        if decision.accept, let activeFile = current.file,
            let refusal = try baseSpamGuard(
                corpus: corpus, options: options, trainer: trainer, current: activeFile,
                candidate: candidate.bytes,
                currentName: current.name)
        {
            decision = RetrainDecision(accept: false, reason: refusal)
        }
        if decision.accept, let activeFile = current.file,
            let refusal = try guardSetCheck(
                guardSet, trainer: trainer, current: activeFile, candidate: candidate.bytes,
                currentName: current.name)
        {
            decision = RetrainDecision(accept: false, reason: refusal)
        }
        return Judgement(
            candidateMetrics: candidateMetrics, currentMetrics: activeMetrics, decision: decision)
    }

    /// Registers the candidate (active, or rejected with the reason) in one transaction, records
    /// the run in the store's meta, prunes old models and their files, and checkpoints.
    func register(
        _ candidate: Candidate, judgement: Judgement, current: CurrentModel, dataset: RetrainDataset,
        store: any StoreBackend, now: Double
    ) throws(RetrainError) -> ModelRecord {
        let decision = judgement.decision
        var record = ModelRecord(
            path: candidate.path, created: now, trainingDigest: dataset.trainingDigest,
            trainingSize: dataset.training.count, metrics: judgement.candidateMetrics,
            status: decision.accept ? .active : .rejected, reason: decision.reason, activated: now)
        record.id = try storeCall { () throws(StoreError) in try store.registerModel(record) }
        if decision.accept, let active = current.record, let activeMetrics = judgement.currentMetrics {
            try storeCall { () throws(StoreError) in try store.updateMetrics(id: active.id, activeMetrics) }
        }
        try storeCall { () throws(StoreError) in
            try store.setMeta(RetrainFlow.lastRetrainKey, "\(now)")
            try store.setMeta(
                RetrainFlow.lastResultKey,
                decision.accept ? "activated #\(record.id)" : "rejected #\(record.id): \(decision.reason)")
        }
        let dropped = try storeCall { () throws(StoreError) in
            try store.pruneModels(keep: settings.keepModels)
        }
        for model in dropped where model.path.hasPrefix(settings.modelsDirectory) {
            unlink(model.path)
        }
        // Processes do not checkpoint on close (see Database); a nightly job is a good moment.
        try? store.checkpoint()
        return record
    }
}
