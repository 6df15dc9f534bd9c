import SpamIO
import SpamMail
import SpamNN
import SpamStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `smsfilter serve`: a long-running filter that speaks the spamd protocol (`SpamdProtocol`) on a
/// Unix socket or a TCP port, so that `spamc`, Exim and the other clients of SpamAssassin's spamd
/// use smsfilter without a process per message. The model is loaded once per worker; each
/// request is judged by the same filter engine, sender list and marks as a delivery, and its
/// verdict logged as one.
///
/// Workers: one thread each, all waiting in `accept` on the same socket, each with its own copy
/// of the model (`LazyModel.secondThreadCopy`): nothing is shared but read-only weights. A
/// connection carries one request (spamd's protocol closes after the answer). A client that
/// stalls is dropped after `timeoutSeconds`; a client that goes away costs nothing but its
/// connection (writes never raise SIGPIPE). If the server is down or fails a request, spamc passes
/// the message through unchanged: no mail is lost either way.
public struct SpamdServer {
    /// Where to listen: a Unix socket's path, or a TCP address and port.
    public enum Endpoint: Sendable, Equatable {
        case unix(path: String)
        case tcp(host: String, port: UInt16)
    }

    public var settings: ClassifySettings
    public var endpoint: Endpoint
    public var workers: Int
    /// `--allow-tell`: TELL requests mark messages in the store (`smsfilter learn`'s marks). Off
    /// by default, as in spamd: whoever can reach the socket could otherwise teach the filter.
    public var allowsTell: Bool
    /// `--user-stores DIR`: a request's `User:` (spamc sends the user it runs as, or `-u NAME`)
    /// names its store, `DIR/USER/smsfilter.sqlite`, as spamd keeps each user's own Bayes
    /// database: that user's marks, sender list, classification log and retrained model.
    public var userStores: String?
    public static let timeoutSeconds = 30

    public init(
        settings: ClassifySettings, endpoint: Endpoint, workers: Int, allowsTell: Bool = false,
        userStores: String? = nil
    ) {
        self.settings = settings.applyingConfiguration()
        self.endpoint = endpoint
        self.workers = workers
        self.allowsTell = allowsTell
        self.userStores = userStores
    }

    /// Serves until the process is stopped; returns an exit code only when it cannot start.
    public func run() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        // Stopped by SIGTERM or SIGINT whatever the parent left blocked or ignored (a test runner,
        // `nohup`): the process ends, and a request cut short is one spamc passes through unjudged.
        var stopping = sigset_t()
        sigemptyset(&stopping)
        for stop in [SIGTERM, SIGINT] {
            sigaddset(&stopping, stop)
            signal(stop, SIG_DFL)
        }
        pthread_sigmask(SIG_UNBLOCK, &stopping, nil)
        let model = LazyModel(path: settings.modelPath, storePath: settings.storePath, inMemory: true)
        do {
            _ = try model.load()
        } catch {
            AppLog.logger.error("\(error)")
            return FilterExit.error
        }
        let listener: Int32
        do {
            listener = try Self.listeningSocket(on: endpoint)
        } catch {
            AppLog.logger.error("\(error)")
            return FilterExit.error
        }
        AppLog.logger.info(
            "\(AppContext.resolutionSummary(store: settings.storePath ?? "default", model: (try? model.resolvedPath()) ?? "none"))"
        )
        AppLog.logger.notice("serving spamd requests on \(Self.describe(endpoint)) with \(workers) workers")
        var threads: [WorkerThread<Void>] = []
        for _ in 1..<max(workers, 1) {
            guard let copy = try? model.secondThreadCopy() else { break }
            let shared = WorkerShare((server: self, model: copy))
            if let thread = WorkerThread({ shared.value.server.serve(listener, model: shared.value.model) }) {
                threads.append(thread)
            }
        }
        serve(listener, model: model)
        for thread in threads { thread.join() }
        return 0
    }

    /// A worker's models, one per model file in use: the stores whose requests a file judges
    /// share one copy of it (with --user-stores, every user without a retrained model of their
    /// own shares the bundled one).
    struct WorkerModels {
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
    func model(for storePath: String?, in models: inout WorkerModels) -> LazyModel? {
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
        if models.byPath.count >= WorkerModels.capacity {
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

    /// Accepts and answers connections, one at a time, for as long as the socket is open.
    func serve(_ listener: Int32, model: LazyModel) {
        var models = WorkerModels(model)
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if errno == EMFILE || errno == ENFILE {
                    // Out of descriptors: wait for some to close instead of spinning on accept.
                    usleep(100_000)
                    continue
                }
                AppLog.logger.error("accept: \(String(cString: strerror(errno)))")
                return
            }
            Self.setTimeouts(connection)
            let reply = answer(connection, models: &models)
            Self.sendAll(reply, to: connection)
            close(connection)
        }
    }

    /// The store a request is judged and logged in: with --user-stores and a `User:` header,
    /// that user's own (`DIR/USER/smsfilter.sqlite`, made on first use), else the server's.
    func storePath(for request: SpamdProtocol.Request) throws(SpamdProtocol.Failure) -> String? {
        guard let userStores, let user = request.headers["user"], !user.isEmpty else {
            return settings.storePath
        }
        guard Self.isUserName(user) else {
            throw .init(code: 67, message: "not a user name smsfilter keeps a store for: \(user)")
        }
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

    /// Reads one request from `connection` and makes its response.
    func answer(_ connection: Int32, models: inout WorkerModels) -> [UInt8] {
        var buffer: [UInt8] = []
        var headEnd: Int? = nil
        while headEnd == nil {
            guard buffer.count < SpamdProtocol.maxHeadBytes else {
                return SpamdProtocol.failureResponse(.init(code: 76, message: "request head too long"))
            }
            guard let chunk = Self.receive(connection, upTo: 4096), !chunk.isEmpty else {
                return SpamdProtocol.failureResponse(.init(code: 76, message: "request ended early"))
            }
            buffer += chunk
            headEnd = SpamdProtocol.headEnd(in: buffer)
        }
        let request: SpamdProtocol.Request
        let storePath: String?
        do {
            request = try SpamdProtocol.parse(head: buffer[0..<headEnd!], maxBody: Self.maxBody(settings))
            storePath = try self.storePath(for: request)
        } catch {
            return SpamdProtocol.failureResponse(error)
        }
        switch request.method {
        case .ping: return SpamdProtocol.pong
        case .skip: return []
        case .tell where !allowsTell:
            return SpamdProtocol.failureResponse(
                .init(code: 69, message: "TELL is not allowed (smsfilter serve --allow-tell)"))
        default: break
        }
        var message = Array(buffer[headEnd!...])
        let length = request.contentLength ?? 0
        while message.count < length {
            guard let chunk = Self.receive(connection, upTo: min(1 << 16, length - message.count)),
                !chunk.isEmpty
            else {
                return SpamdProtocol.failureResponse(.init(code: 79, message: "message ended early"))
            }
            message += chunk
        }
        if message.count > length { message.removeLast(message.count - length) }
        if request.method == .tell { return tell(message, request: request, storePath: storePath) }
        guard let model = model(for: storePath, in: &models) else {
            return SpamdProtocol.failureResponse(.init(code: 70, message: "no model could be loaded"))
        }
        return judge(message, method: request.method, model: model, storePath: storePath)
    }

    /// A TELL: `Message-class: spam` or `ham` with `Set: local` marks the message as `smsfilter
    /// learn` does (and counts towards its sender's trust); `Remove: local` takes the mark back
    /// (`smsfilter unlearn`). spamd's "remote" databases have no counterpart and are ignored.
    func tell(_ message: [UInt8], request: SpamdProtocol.Request, storePath: String?) -> [UInt8] {
        func wants(_ name: String) -> Bool {
            (request.headers[name] ?? "").split(separator: ",").contains {
                $0.filter { $0 != " " && $0 != "\t" } == "local"
            }
        }
        let set = wants("set")
        let remove = wants("remove")
        guard set != remove else {
            return SpamdProtocol.failureResponse(
                .init(code: 64, message: "TELL needs one of Set: local and Remove: local"))
        }
        do {
            let context = try AppContext.load(flags: [.db: storePath])
            let countryCode = context.configuration.integer(for: .defaultCountryCode)
            let read = try LearnInput.message(message, source: "spamd", countryCode: countryCode)
            if remove {
                _ = try LearnRun.forget([read], storePath: context.storePath)
                return SpamdProtocol.response(code: 0, headers: [("DidRemove", "local")])
            }
            guard let label = request.headers["message-class"].flatMap({ FeedbackLabel(rawValue: $0) }) else {
                return SpamdProtocol.failureResponse(
                    .init(code: 64, message: "TELL needs Message-class: spam or ham"))
            }
            _ = try LearnRun.store([read], label: label, context: context)
            return SpamdProtocol.response(code: 0, headers: [("DidSet", "local")])
        } catch {
            AppLog.logger.error("TELL: \(error)")
            return SpamdProtocol.failureResponse(.init(code: 70, message: "\(error)"))
        }
    }

    /// The filter engine's verdict on `message`, as the response to `method`; logged as a
    /// delivery's verdict.
    func judge(_ message: [UInt8], method: SpamdProtocol.Method, model: LazyModel, storePath: String?)
        -> [UInt8]
    {
        var options = settings.filter
        options.passThrough = true
        let senders = StoreSenders(storePath: storePath)
        let templates = StoreTemplates(storePath: storePath)
        let outcome = FilterEngine.run(
            input: message, options: options, scorer: model.score, senders: senders.state,
            mailScorer: model.scoreMail, marked: templates.marked)
        if let diagnostic = outcome.diagnostic { AppLog.logger.error("\(diagnostic)") }
        if settings.logVerdicts, case .classified(let verdict, let score, let modelID) = outcome.status,
            let text = outcome.text
        {
            let entry = ClassifiedMessage(
                source: "spamd", text: text, verdict: verdict, score: score, modelID: modelID)
            do {
                try StoreClassificationRecorder(storePath: storePath).record(entry)
            } catch {
                AppLog.logger.warning("classification log: \(error)")
            }
        }
        let cutoff = settings.filter.spamCutoff ?? (try? model.load().threshold) ?? 0.5
        return SpamdProtocol.response(to: method, outcome: outcome, message: message, spamCutoff: cutoff)
    }

    /// The largest message taken: the size cap's worth past which a message is not judged, and
    /// room to pass a larger one back unchanged, up to 64 MiB.
    static func maxBody(_ settings: ClassifySettings) -> Int { max(settings.filter.maxSize, 64 << 20) }

    static func describe(_ endpoint: Endpoint) -> String {
        switch endpoint {
        case .unix(let path): "unix:\(path)"
        case .tcp(let host, let port): "\(host):\(port)"
        }
    }

    /// A listening socket on `endpoint`. A Unix socket replaces a stale socket file at its path
    /// (never another kind of file) and is made readable and writable by its owner and group.
    static func listeningSocket(on endpoint: Endpoint) throws(SystemError) -> Int32 {
        switch endpoint {
        case .unix(let path):
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let capacity = MemoryLayout.size(ofValue: address.sun_path)
            guard path.utf8.count < capacity else {
                throw SystemError(
                    "bind", path: path, code: ENAMETOOLONG,
                    reason: "socket path longer than \(capacity - 1) bytes")
            }
            var status = stat()
            if lstat(path, &status) == 0 {
                guard status.st_mode & S_IFMT == S_IFSOCK else {
                    throw SystemError(
                        "listen on", path: path, code: EEXIST, reason: "exists and is not a socket")
                }
                unlink(path)
            }
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw SystemError("socket", path: path) }
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (i, byte) in path.utf8.enumerated() { raw[i] = byte }
                raw[path.utf8.count] = 0
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard bound == 0 else {
                close(fd)
                throw SystemError("bind", path: path)
            }
            chmod(path, 0o660)
            guard listen(fd, 64) == 0 else {
                close(fd)
                throw SystemError("listen", path: path)
            }
            return fd
        case .tcp(let host, let port):
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
                throw SystemError("listen on", path: host, code: EINVAL, reason: "not an IPv4 address")
            }
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw SystemError("socket", path: host) }
            var yes: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0, listen(fd, 64) == 0 else {
                close(fd)
                throw SystemError("bind", path: "\(host):\(port)")
            }
            return fd
        }
    }

    static func setTimeouts(_ fd: Int32) {
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Up to `count` bytes; empty at the end of the stream, nil on an error or a timeout.
    static func receive(_ fd: Int32, upTo count: Int) -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: max(count, 1))
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return nil }
            chunk.removeLast(chunk.count - n)
            return chunk
        }
    }

    /// Writes all of `bytes`, or as much as the client takes before it goes or times out.
    static func sendAll(_ bytes: [UInt8], to fd: Int32) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}
