import SpamIO
import SpamMail
import SpamNN

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `smsfilter serve`: a long-running filter on a Unix socket or a TCP port, speaking one mail
/// system's protocol (a `FrontEnd`: spamd's for `spamc` and Exim, milter's for Postfix and
/// Sendmail, HTTP for SMS gateways) without a process per message. Every front end judges with the same `FilterWorker`:
/// the filter engine, sender list, marks and model a delivery uses, each verdict logged as one.
///
/// Workers: one thread each, all waiting in `accept` on the same socket, each with its own copy
/// of the model (`LazyModel.secondThreadCopy`): nothing is shared but read-only weights. A worker
/// serves one connection at a time, for as long as the front end keeps it (spamd: one request;
/// milter: an SMTP session). A client that stalls is dropped after the front end's idle timeout;
/// one that goes away costs nothing but its connection (writes never raise SIGPIPE). If the
/// server is down or fails, spamc passes the message through unchanged, an MTA applies its
/// milter default action, and an HTTP client gets no verdict: no mail is lost either way.
public struct FilterServer: Sendable {
    /// Where to listen: a Unix socket's path, or a TCP address and port.
    public enum Endpoint: Sendable, Equatable {
        case unix(path: String)
        case tcp(host: String, port: UInt16)
    }

    public var settings: ClassifySettings
    public var endpoint: Endpoint
    public var workers: Int
    /// `--user-stores DIR` (`FilterWorker.storePath(forUser:)`).
    public var userStores: String?
    public var frontEnd: any FrontEnd

    public init(
        settings: ClassifySettings, endpoint: Endpoint, workers: Int, userStores: String? = nil,
        frontEnd: any FrontEnd
    ) {
        self.settings = settings.applyingConfiguration()
        self.endpoint = endpoint
        self.workers = workers
        self.userStores = userStores
        self.frontEnd = frontEnd
    }

    /// Serves until the process is stopped; returns an exit code only when it cannot start.
    public func run() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        // Stopped by SIGTERM or SIGINT whatever the parent left blocked or ignored (a test runner,
        // `nohup`): the process ends, and a request cut short is one the client passes through
        // unjudged.
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
        AppLog.logger.notice(
            "serving \(frontEnd.name) requests on \(Self.describe(endpoint)) with \(workers) workers")
        if let exposure = Self.exposure(of: endpoint, teaches: frontEnd.teaches, userStores: userStores) {
            AppLog.logger.warning("\(exposure)")
        }
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

    /// Accepts connections and hands each to the front end, one at a time, for as long as the
    /// socket is open.
    func serve(_ listener: Int32, model: LazyModel) {
        var worker = FilterWorker(settings: settings, userStores: userStores, model: model)
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if errno == EMFILE || errno == ENFILE {
                    // Out of descriptors: wait for some to close instead of spinning on accept.
                    usleep(100_000)
                    continue
                }
                AppLog.logger.error("accept: \(String(cString: strerror(errno)))")
                return
            }
            let connection = Connection(fd: fd, timeoutSeconds: frontEnd.idleTimeoutSeconds)
            frontEnd.serve(connection, worker: &worker)
            close(fd)
        }
    }

    /// A warning for a careless setup: a port on an address other hosts reach, through which
    /// they could teach the filter or make users' folders. Nil on a loopback address or a socket.
    static func exposure(of endpoint: Endpoint, teaches: Bool, userStores: String?) -> String? {
        guard case .tcp(let host, let port) = endpoint, !host.hasPrefix("127.") else { return nil }
        var what: [String] = []
        if teaches { what.append("teach the filter (--allow-tell)") }
        if let userStores { what.append("make folders in \(userStores) (--user-stores)") }
        guard !what.isEmpty else { return nil }
        return "any host that reaches \(host):\(port) can " + what.joined(separator: " and ")
            + "; serve on 127.0.0.1 or a socket, or firewall the port"
    }

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
}

/// A protocol `FilterServer` speaks: what it reads from a connection and answers, judging each
/// message with the worker it is handed.
public protocol FrontEnd: Sendable {
    /// The protocol's name, for the log (`spamd`, `milter`).
    var name: String { get }
    /// How long a client may stay silent, or take a write, before it is dropped.
    var idleTimeoutSeconds: Int { get }
    /// Whether clients can mark messages (spamd's TELL, HTTP's /learn).
    var teaches: Bool { get }
    /// Serves `connection` until its client is done (the server closes it afterwards).
    func serve(_ connection: Connection, worker: inout FilterWorker)
}

/// One client's socket, with the front end's timeouts set on it.
public struct Connection {
    let fd: Int32

    init(fd: Int32, timeoutSeconds: Int) {
        self.fd = fd
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Up to `count` bytes; empty at the end of the stream, nil on an error or a timeout.
    func receive(upTo count: Int) -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: max(count, 1))
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return nil }
            chunk.removeLast(chunk.count - n)
            return chunk
        }
    }

    /// A request's head (a first line and header lines, up to a blank line: spamd's and HTTP's
    /// shape): the bytes read, which may run past the head into the body, and where the head
    /// ends (`SpamdProtocol.headEnd`). Nil when the client stops first or sends more than
    /// `limit` bytes without a blank line.
    func receiveHead(limit: Int) -> (bytes: [UInt8], end: Int)? {
        var buffer: [UInt8] = []
        while true {
            if let end = SpamdProtocol.headEnd(in: buffer) { return (buffer, end) }
            guard buffer.count < limit, let chunk = receive(upTo: 4096), !chunk.isEmpty else { return nil }
            buffer += chunk
        }
    }

    /// Exactly `count` bytes, or nil when the stream ends, fails or times out first.
    func receive(exactly count: Int) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            guard let chunk = receive(upTo: min(1 << 16, count - bytes.count)), !chunk.isEmpty else {
                return nil
            }
            bytes += chunk
        }
        return bytes
    }

    /// Writes all of `bytes`; false when the client went away or timed out first.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                socketSend(fd, $0.baseAddress! + offset, bytes.count - offset)
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}

/// `send(2)` without SIGPIPE (inside `Connection`, `send` names its own method).
private func socketSend(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    send(fd, bytes, count, Int32(MSG_NOSIGNAL))
}
