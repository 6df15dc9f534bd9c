import SpamIO
public import SpamMail
public import SpamStore

/// What a server's worker thread judges with, whatever protocol brought the message: the
/// settings, the store each message belongs to, and the models in use for those stores.
public struct FilterWorker {
    public let settings: ClassifySettings
    /// `--user-stores DIR`: a user named by the client has the store `DIR/USER/smsfilter.sqlite`,
    /// as spamd keeps each user's own Bayes database: that user's marks, sender list,
    /// classification log and retrained model.
    public let userStores: String?
    var models: Models

    init(settings: ClassifySettings, userStores: String?, model: LazyModel) {
        self.settings = settings
        self.userStores = userStores
        models = Models(model)
    }

    /// The largest message a request may carry, whatever the protocol: the size cap's worth past
    /// which a message is not judged, and room to pass a larger one back unchanged, up to 64 MiB.
    public var maxRequestBody: Int { max(settings.filter.maxSize, 64 << 20) }

    /// A user name that cannot name a store (`storePath(forUser:)`).
    public struct UnknownUser: Error, CustomStringConvertible {
        public var name: String
        public var description: String { "not a user name smsfilter keeps a store for: \(name)" }
    }

    /// The store a message is judged, logged and taught in: with --user-stores and a user
    /// named, that user's own (`DIR/USER/smsfilter.sqlite`, made on first use), else the
    /// server's.
    public func storePath(forUser user: String?) throws(UnknownUser) -> String? {
        guard let userStores, let user, !user.isEmpty else { return settings.storePath }
        guard Self.isUserName(user) else { throw UnknownUser(name: user) }
        return FilePath.join(FilePath.join(userStores, user), "smsfilter.sqlite")
    }

    /// A name that is one folder's: letters, digits, `.`, `_`, `-`, `+`, `@`, up to 64 bytes,
    /// not starting with `.` or `-` (never `..`, a path or a hidden file).
    static func isUserName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count), bytes[0] != UInt8(ascii: "."), bytes[0] != UInt8(ascii: "-")
        else { return false }
        return bytes.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                || "._-+@".utf8.contains(byte)
        }
    }

    /// A message judged: the engine's outcome (run in pass-through mode, so it holds the
    /// verdict's header lines) and the spam cutoff it was judged against.
    public struct Judgement {
        public var outcome: FilterOutcome
        public var spamCutoff: Double
    }

    /// The filter engine's verdict on `message` for the store at `storePath`, logged as a
    /// delivery's verdict (`source` names the front end in the log). `inputSize` is the whole
    /// message's size when `message` holds only its first bytes (over the size cap); `sender`
    /// names who sent it, as `classify --sender` does (nil: the message's own `From:`).
    public mutating func judge(
        _ message: [UInt8], inputSize: Int? = nil, storePath: String?, source: String, sender: String? = nil
    ) -> Judgement {
        var options = settings.filter
        options.passThrough = true
        if let sender { options.sender = sender }
        let model = model(for: storePath)
        let senders = StoreSenders(storePath: storePath)
        let templates = StoreTemplates(storePath: storePath)
        let outcome = FilterEngine.run(
            input: message, inputSize: inputSize, options: options,
            scorer: model?.score ?? Self.noModel, senders: senders.state,
            mailScorer: model?.scoreMail ?? Self.noModel, marked: templates.marked)
        if let diagnostic = outcome.diagnostic { AppLog.logger.error("\(diagnostic)") }
        if settings.logVerdicts, case .classified(let verdict, let score, let modelID) = outcome.status,
            let text = outcome.text
        {
            let entry = ClassifiedMessage(
                source: source, text: text, verdict: verdict, score: score, modelID: modelID)
            do {
                try StoreClassificationRecorder(storePath: storePath).record(entry)
            } catch {
                AppLog.logger.warning("classification log: \(error)")
            }
        }
        let cutoff = settings.filter.spamCutoff ?? model.flatMap { try? $0.load().threshold } ?? 0.5
        return Judgement(outcome: outcome, spamCutoff: cutoff)
    }

    /// The id of the model `storePath`'s messages are judged with, or nil when none loads.
    public mutating func modelID(for storePath: String?) -> String? {
        model(for: storePath).flatMap { try? $0.load().modelID }
    }

    /// Marks `message` in the store at `storePath` as `smsfilter learn` does (and counts it
    /// towards its sender's trust), or takes its mark back when `label` is nil (`smsfilter
    /// unlearn`): spamd's TELL and HTTP's /learn. Returns how many marks were taken back.
    @discardableResult
    public func teach(_ message: [UInt8], label: FeedbackLabel?, storePath: String?, source: String) throws
        -> Int
    {
        let context = try AppContext.load(flags: [.db: storePath])
        let countryCode = context.configuration.integer(for: .defaultCountryCode)
        let read = try LearnInput.message(message, source: source, countryCode: countryCode)
        guard let label else { return try LearnRun.forget([read], storePath: context.storePath) }
        _ = try LearnRun.store([read], label: label, context: context)
        return 0
    }

    /// The scorer while no model can be loaded: the engine passes the message on with its
    /// error header, as a delivery does.
    static func noModel(_ text: String) throws -> ModelScore {
        throw LazyModel.LoadError(description: "no model could be loaded")
    }

    /// A worker's models, one per model file in use: the stores whose requests a file judges
    /// share one copy of it (with --user-stores, every user without a retrained model of their
    /// own shares the bundled one).
    struct Models {
        /// Loaded models by the file they came from, with that file's identity when loaded.
        var byPath: [String: (model: LazyModel, identity: FileIdentity?)] = [:]
        /// The model file each store's requests were last judged by ("" for the default store).
        var pathOfStore: [String: String] = [:]
        /// File versions that failed to load: not tried again until they change.
        var refused: [String: FileIdentity?] = [:]
        /// Models kept at most; past it all but the default store's are dropped (many users with
        /// retrained models of their own are loaded again as their requests come).
        static let capacity = 16

        init(_ model: LazyModel) {
            if let path = try? model.resolvedPath() {
                byPath[path] = (model, FileIdentity.of(path: path))
                pathOfStore[""] = path
            }
        }
    }

    /// The model for the next request on `storePath`'s behalf: the one in use now for that store
    /// as a delivery would load it (`retrain` or `models activate` may have named another, or the
    /// file been replaced). If a new one cannot be loaded, the store's model before serves on,
    /// and the error is logged once.
    mutating func model(for storePath: String?) -> LazyModel? {
        let key = storePath == settings.storePath ? "" : storePath ?? ""
        let probe = LazyModel(path: settings.modelPath, storePath: storePath, inMemory: true)
        let before = models.pathOfStore[key].flatMap { models.byPath[$0]?.model }
        guard let path = try? probe.resolvedPath() else { return before }
        let identity = FileIdentity.of(path: path)
        if let loaded = models.byPath[path], loaded.identity == identity {
            models.pathOfStore[key] = path
            return loaded.model
        }
        if let refused = models.refused[path], refused == identity {
            return before ?? models.byPath[path]?.model
        }
        do {
            _ = try probe.load()
        } catch {
            AppLog.logger.error("model not reloaded: \(error)")
            models.refused[path] = identity
            return before ?? models.byPath[path]?.model
        }
        if models.byPath.count >= Models.capacity {
            let kept = models.pathOfStore[""].flatMap { path in models.byPath[path].map { (path, $0) } }
            models.byPath = [:]
            models.pathOfStore = [:]
            if let (path, loaded) = kept {
                models.byPath[path] = loaded
                models.pathOfStore[""] = path
            }
        }
        AppLog.logger.notice("serving with model \(path)")
        models.byPath[path] = (probe, identity)
        models.pathOfStore[key] = path
        return probe
    }
}
