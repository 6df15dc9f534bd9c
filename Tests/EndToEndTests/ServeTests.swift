import Foundation
import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `smsfilter serve` through its socket, as spamd's clients use it: PING, CHECK and PROCESS
/// answered from the bundled model, a bad request refused without harm to the next one, a client
/// that hangs up mid-message survived, a message over the size cap passed back unjudged, verdicts
/// logged; and `spamc` itself (installed by `.ci/run`: with CI=true its absence fails the test).
@Suite struct ServeTests {
    /// The path of a client program `.ci/run` installs (`spamc`, `miltertest`, `curl`); nil when
    /// it is missing, which fails the test under CI.
    static func client(_ name: String) -> String? {
        if let path = TestEnvironment.which(name) { return path }
        if TestEnvironment.isCI { Issue.record("\(name) is not installed (.ci/run installs it)") }
        return nil
    }

    /// A connection to the Unix socket at `path`, or nil.
    static func openConnection(_ path: String) -> Int32? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.enumerated() { raw[i] = byte }
            raw[path.utf8.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Writes all of `bytes` to `fd`; false when the server went away.
    static func sendAll(_ bytes: ArraySlice<UInt8>, to fd: Int32) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes {
                send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }

    /// One request on a fresh connection to the Unix socket at `path`: everything the server
    /// wrote before closing, or nil when the connection failed. `hangUp` sends only that many
    /// bytes of `request` and closes.
    static func exchange(_ path: String, _ request: [UInt8], hangUp: Int? = nil) -> [UInt8]? {
        guard let fd = openConnection(path) else { return nil }
        defer { close(fd) }
        let count = min(hangUp ?? request.count, request.count)
        guard sendAll(request[..<count], to: fd) else { return nil }
        if hangUp != nil { return [] }
        var reply: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65536, 0) }
            if n <= 0 { break }
            reply += chunk[0..<n]
        }
        return reply
    }

    static func tellRequest(_ message: String, headers: String) -> [UInt8] {
        Array("TELL SPAMC/1.5\r\n\(headers)\r\nContent-length: \(message.utf8.count)\r\n\r\n\(message)".utf8)
    }

    /// With --allow-tell, TELL marks a message as `smsfilter learn` does: the store holds it, the
    /// next CHECK of it says so, and `Remove: local` takes the mark back; `spamc -L` too.
    @Test func tellMarksWhenAllowed() throws {
        guard let binary = TestEnvironment.smsfilterBinary else {
            Issue.record("built smsfilter binary not found")
            return
        }
        let scratch = TemporaryDirectory("serve-tell")
        defer { scratch.remove() }
        guard let (server, socketPath) = Self.startServer(binary, in: scratch, extra: ["--allow-tell"]) else {
            return
        }
        defer {
            kill(server.pid, SIGTERM)
            #expect(server.wait() == 128 + SIGTERM)
        }
        let message = "Lunch at 1? I'll be at the usual place by the window.\n"
        func send(_ request: [UInt8]) -> String {
            String(decoding: Self.exchange(socketPath, request) ?? [], as: UTF8.self)
        }
        #expect(send(Self.request("CHECK", message)).contains("Spam: False"))
        let set = send(Self.tellRequest(message, headers: "Message-class: spam\r\nSet: local"))
        #expect(set.hasPrefix("SPAMD/1.5 0 EX_OK\r\nDidSet: local\r\n"), "\(set)")
        let export = ChildProcess.run(
            [binary, "db", "export", "--db", scratch.file("store.sqlite")], in: scratch, tag: "export")
        #expect(
            export.out == "spam\tLunch at 1? I'll be at the usual place by the window.\n", "\(export.out)")
        // The mark decides the next verdict on it (reason=learned-spam), as for a delivery.
        #expect(send(Self.request("CHECK", message)).contains("Spam: True"))
        let removed = send(Self.tellRequest(message, headers: "Remove: local"))
        #expect(removed.hasPrefix("SPAMD/1.5 0 EX_OK\r\nDidRemove: local\r\n"), "\(removed)")
        #expect(send(Self.request("CHECK", message)).contains("Spam: False"))
        let neither = send(Self.tellRequest(message, headers: "Message-class: spam"))
        #expect(neither.hasPrefix("SPAMD/1.5 64 EX_USAGE"), "\(neither)")

        guard let spamc = Self.client("spamc") else { return }
        let learned = ChildProcess.run(
            [spamc, "-U", socketPath, "-L", "ham"], in: scratch, tag: "spamc-L", stdin: message)
        #expect(learned.status == 0, "spamc -L ham: \(learned.out) \(learned.err)")
        let after = ChildProcess.run(
            [binary, "db", "export", "--db", scratch.file("store.sqlite")], in: scratch, tag: "export2")
        #expect(after.out.hasPrefix("ham\t"), "\(after.out)")
    }

    /// With --user-stores, each user's marks, verdicts and log stay in their own store: what
    /// alice teaches decides alice's verdicts, not bob's nor those of a request without a user.
    @Test func eachUserHasAStoreOfTheirOwn() throws {
        guard let binary = TestEnvironment.smsfilterBinary else {
            Issue.record("built smsfilter binary not found")
            return
        }
        let scratch = TemporaryDirectory("serve-users")
        defer { scratch.remove() }
        let users = scratch.file("users")
        guard
            let (server, socketPath) = Self.startServer(
                binary, in: scratch, extra: ["--allow-tell", "--user-stores", users])
        else { return }
        defer {
            kill(server.pid, SIGTERM)
            #expect(server.wait() == 128 + SIGTERM)
        }
        let message = "Lunch at 1? I'll be at the usual place by the window.\n"
        func send(_ request: [UInt8], as user: String?) -> String {
            var text = String(decoding: request, as: UTF8.self)
            text = text.replacingOccurrences(of: "User: test\r\n", with: "")
            if let user {
                text = text.replacingOccurrences(of: "SPAMC/1.5\r\n", with: "SPAMC/1.5\r\nUser: \(user)\r\n")
            }
            return String(decoding: Self.exchange(socketPath, Array(text.utf8)) ?? [], as: UTF8.self)
        }
        let set = send(Self.tellRequest(message, headers: "Message-class: spam\r\nSet: local"), as: "alice")
        #expect(set.hasPrefix("SPAMD/1.5 0 EX_OK\r\nDidSet: local\r\n"), "\(set)")
        #expect(send(Self.request("CHECK", message), as: "alice").contains("Spam: True"))
        #expect(send(Self.request("CHECK", message), as: "bob").contains("Spam: False"))
        #expect(send(Self.request("CHECK", message), as: nil).contains("Spam: False"))

        let export = ChildProcess.run(
            [binary, "db", "export", "--db", users + "/alice/smsfilter.sqlite"], in: scratch, tag: "export")
        #expect(export.out.hasPrefix("spam\tLunch at 1?"), "\(export.out)")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("store.sqlite")))
        for journal in [
            users + "/alice/smsfilter.sqlite-verdicts", users + "/bob/smsfilter.sqlite-verdicts",
            scratch.file("store.sqlite-verdicts"),
        ] {
            let lines = (try? String(contentsOfFile: journal, encoding: .utf8)) ?? ""
            #expect(lines.split(separator: "\n").count == 1, "\(journal): \(lines)")
        }

        // A name that is not one folder's is refused, and makes nothing.
        for bad in ["../escape", ".hidden", "a/b", String(repeating: "x", count: 65)] {
            let refused = send(Self.request("CHECK", message), as: bad)
            #expect(refused.hasPrefix("SPAMD/1.5 67 EX_NOUSER"), "\(bad): \(refused)")
        }
        let made = (try? FileManager.default.contentsOfDirectory(atPath: users))?.sorted() ?? []
        #expect(made == ["alice", "bob"], "\(made)")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("escape")))

        guard let spamc = Self.client("spamc") else { return }
        let checked = ChildProcess.run(
            [spamc, "-U", socketPath, "-u", "alice", "-c"], in: scratch, tag: "spamc", stdin: message)
        #expect(checked.status == 1, "spamc -u alice -c: \(checked.out) \(checked.err)")
    }

    /// A port other hosts reach, with --allow-tell or --user-stores, is a careless setup: the
    /// server says so when it starts (on 127.0.0.1 it does not).
    @Test func anExposedTeachingPortIsWarnedOf() throws {
        guard let binary = TestEnvironment.smsfilterBinary else {
            Issue.record("built smsfilter binary not found")
            return
        }
        let scratch = TemporaryDirectory("serve-exposed")
        defer { scratch.remove() }
        func startupLog(_ listen: String, tag: String) -> String {
            guard
                let server = ChildProcess.start(
                    [
                        binary, "serve", "-v", "--port", "0", "--listen", listen, "--http", "--allow-tell",
                        "--db", scratch.file("store.sqlite"),
                    ],
                    in: scratch, tag: tag)
            else { return "not started" }
            // The warning follows the line that says it serves (logged at -v).
            var waited = 0
            while !scratch.read(tag + ".err").contains("serving HTTP requests") && waited < 300 {
                usleep(100_000)
                waited += 1
            }
            usleep(100_000)
            kill(server.pid, SIGTERM)
            _ = server.wait()
            return scratch.read(tag + ".err")
        }
        let exposed = startupLog("0.0.0.0", tag: "exposed")
        #expect(
            exposed.contains("warning: any host that reaches 0.0.0.0:0 can teach the filter (--allow-tell)"),
            "\(exposed)")
        let loopback = startupLog("127.0.0.1", tag: "loopback")
        #expect(loopback.contains("serving HTTP requests") && !loopback.contains("any host"), "\(loopback)")
    }

    static func request(_ method: String, _ message: String) -> [UInt8] {
        Array(
            "\(method) SPAMC/1.5\r\nContent-length: \(message.utf8.count)\r\nUser: test\r\n\r\n\(message)"
                .utf8)
    }

    /// Starts `smsfilter serve` on a socket in `scratch` and waits until `answers` says it
    /// answers (by default: its PONG); nil (with an issue recorded) when it does not.
    static func startServer(
        _ binary: String, in scratch: TemporaryDirectory, extra: [String],
        answers: ((String) -> Bool)? = nil
    ) -> (server: ChildProcess, socket: String)? {
        let socketPath = scratch.file("spamd.sock")
        guard
            let server = ChildProcess.start(
                [binary, "serve", "--socket", socketPath, "--db", scratch.file("store.sqlite")] + extra,
                in: scratch, tag: "serve")
        else {
            Issue.record("could not start smsfilter serve")
            return nil
        }
        // The model loads before the socket listens (a debug build takes a few seconds).
        let answers =
            answers ?? { path in
                guard let pong = exchange(path, Array("PING SPAMC/1.5\r\n\r\n".utf8)) else { return false }
                #expect(String(decoding: pong, as: UTF8.self) == "SPAMD/1.5 0 PONG\r\n")
                return true
            }
        for _ in 0..<300 {
            if answers(socketPath) { return (server, socketPath) }
            usleep(100_000)
        }
        Issue.record("no answer: \(scratch.read("serve.err"))")
        kill(server.pid, SIGKILL)
        _ = server.wait()
        return nil
    }

    /// A model file replaced while the server runs is loaded for the next request (`retrain` and
    /// `make install` replace files so); one that cannot be loaded leaves the old one serving.
    @Test func aReplacedModelIsLoadedAndABrokenOneIsNot() throws {
        guard let binary = TestEnvironment.smsfilterBinary, let bundled = TestEnvironment.model else {
            Issue.record("built smsfilter binary or bundled model not found")
            return
        }
        let scratch = TemporaryDirectory("serve-reload")
        defer { scratch.remove() }
        let model = scratch.file("model.smsmodel")
        let bytes = try #require(readFile(bundled))
        writeFile(model, bytes)
        guard
            let (server, socketPath) = Self.startServer(
                binary, in: scratch, extra: ["--model", model, "-v", "--workers", "1"])
        else {
            return
        }
        defer {
            kill(server.pid, SIGTERM)
            #expect(server.wait() == 128 + SIGTERM)
        }
        let lure = Self.request("CHECK", "WINNER!! Call 09061701461 to claim £1000 at www.example.com\n")
        func check() -> String { String(decoding: Self.exchange(socketPath, lure) ?? [], as: UTF8.self) }
        #expect(check().contains("Spam: True"))
        // The same bytes as a new file (a new inode): loaded again, and said so.
        writeFile(model + ".new", bytes)
        rename(model + ".new", model)
        #expect(check().contains("Spam: True"))
        #expect(
            scratch.read("serve.err").contains("serving with model \(model)"), "\(scratch.read("serve.err"))")
        // A damaged file in its place: the old model serves on.
        writeFile(model + ".new", Array(bytes.prefix(1000)))
        rename(model + ".new", model)
        #expect(check().contains("Spam: True"))
        #expect(check().contains("Spam: True"))
        // Said once, not tried again for every request.
        let refusals = scratch.read("serve.err").components(separatedBy: "model not reloaded").count - 1
        #expect(refusals == 1, "\(scratch.read("serve.err"))")
    }

    @Test func spamdClientsAreAnswered() throws {
        guard let binary = TestEnvironment.smsfilterBinary else {
            Issue.record("built smsfilter binary not found")
            return
        }
        let scratch = TemporaryDirectory("serve")
        defer { scratch.remove() }
        guard let (server, socketPath) = Self.startServer(binary, in: scratch, extra: ["--max-size", "400"])
        else { return }
        defer {
            kill(server.pid, SIGTERM)
            #expect(server.wait() == 128 + SIGTERM)
        }

        let lure = "WINNER!! Call 09061701461 to claim £1000 at www.example.com\n"
        let spam = String(
            decoding: Self.exchange(socketPath, Self.request("CHECK", lure)) ?? [], as: UTF8.self)
        #expect(spam.hasPrefix("SPAMD/1.5 0 EX_OK\r\nSpam: True ; "), "\(spam)")
        let lunch = "Lunch at 1? I'll be at the usual place.\n"
        let ham = String(
            decoding: Self.exchange(socketPath, Self.request("CHECK", lunch)) ?? [], as: UTF8.self)
        #expect(ham.hasPrefix("SPAMD/1.5 0 EX_OK\r\nSpam: False ; "), "\(ham)")

        // TELL without --allow-tell: refused, nothing marked.
        let tell = String(
            decoding: Self.exchange(
                socketPath, Self.tellRequest(lunch, headers: "Message-class: spam\r\nSet: local"))
                ?? [], as: UTF8.self)
        #expect(tell.hasPrefix("SPAMD/1.5 69 EX_UNAVAILABLE"), "\(tell)")

        // A bad request, and a client gone mid-message: refused or dropped, and the next is served.
        let bad = String(
            decoding: Self.exchange(socketPath, Array("HELLO\r\n\r\n".utf8)) ?? [], as: UTF8.self)
        #expect(bad.hasPrefix("SPAMD/1.5 76 EX_PROTOCOL"), "\(bad)")
        _ = Self.exchange(socketPath, Self.request("PROCESS", lure), hangUp: 60)

        let mail =
            "From: shop@example.test\nSubject: Your order\n\nYour order 4411 has shipped and arrives Thursday.\n"
        let processed = String(
            decoding: Self.exchange(socketPath, Self.request("PROCESS", mail)) ?? [], as: UTF8.self)
        let parts = processed.components(separatedBy: "\r\n\r\n")
        #expect(parts.first?.contains("Content-length: ") == true, "\(processed)")
        #expect(parts.count == 2 && parts[1].contains("\nX-SMSFilter: Ham, score="), "\(processed)")
        #expect(
            parts.count == 2
                && parts[1].replacingOccurrences(
                    of: #"X-SMSFilter: [^\n]*\n"#, with: "", options: .regularExpression)
                    == mail,
            "\(processed)")

        // Over --max-size: passed back whole, with the header that says it was not judged.
        let long = "Subject: long\n\n" + String(repeating: "words and more words ", count: 30) + "\n"
        let unjudged = String(
            decoding: Self.exchange(socketPath, Self.request("PROCESS", long)) ?? [], as: UTF8.self)
        #expect(unjudged.contains("Spam: False ; 0.0 / "), "\(unjudged)")
        #expect(unjudged.contains("X-SMSFilter: Unfiltered, reason=too-large"), "\(unjudged)")
        #expect(unjudged.hasSuffix(String(long.dropFirst("Subject: long\n".count))), "\(unjudged)")

        // The three judged messages were logged as deliveries are: one journal line each.
        let journal = scratch.read("store.sqlite-verdicts")
        #expect(journal.split(separator: "\n").count == 3, "\(journal)")

        guard let spamc = Self.client("spamc") else { return }
        let checked = ChildProcess.run(
            [spamc, "-U", socketPath, "-c"], in: scratch, tag: "spamc", stdin: lure)
        #expect(checked.status == 1, "spamc -c: spam exits 1: \(checked.out) \(checked.err)")
        #expect(checked.out.contains("/"), "spamc -c prints score/threshold: \(checked.out)")
        let passed = ChildProcess.run([spamc, "-U", socketPath], in: scratch, tag: "spamc-p", stdin: mail)
        #expect(passed.status == 0)
        #expect(passed.out.contains("X-SMSFilter: Ham, score="), "\(passed.out)")
    }
}
