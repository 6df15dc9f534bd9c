import Foundation
import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `smsfilter serve --http` through its socket, as an SMS gateway or a web application uses it:
/// a message posted and its verdict read as JSON, the health check, refusals with their status,
/// learning only with --allow-tell and then per user; and curl itself (installed by `.ci/run`:
/// with CI=true its absence fails the test).
@Suite struct HTTPTests {
    /// One request on a fresh connection: the status and the body.
    static func call(_ socketPath: String, _ method: String, _ target: String, body: String? = nil)
        -> (status: Int, body: String)
    {
        var request = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n"
        if let body { request += "Content-Length: \(body.utf8.count)\r\n" }
        request += "\r\n" + (body ?? "")
        let reply = String(
            decoding: ServeTests.exchange(socketPath, Array(request.utf8)) ?? [], as: UTF8.self)
        let status = reply.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
        let text = reply.firstRange(of: "\r\n\r\n").map { String(reply[$0.upperBound...]) } ?? ""
        return (status, text)
    }

    static func startHTTP(_ binary: String, in scratch: TemporaryDirectory, extra: [String] = [])
        -> (server: ChildProcess, socket: String)?
    {
        ServeTests.startServer(binary, in: scratch, extra: ["--http"] + extra) { path in
            call(path, "GET", "/health").status == 200
        }
    }

    @Test func aGatewayPostsAMessageAndReadsTheVerdict() throws {
        guard let binary = TestEnvironment.smsfilterBinary else {
            Issue.record("built smsfilter binary not found")
            return
        }
        let scratch = TemporaryDirectory("http")
        defer { scratch.remove() }
        guard let (server, socketPath) = Self.startHTTP(binary, in: scratch) else { return }
        defer {
            kill(server.pid, SIGTERM)
            #expect(server.wait() == 128 + SIGTERM)
        }
        let health = Self.call(socketPath, "GET", "/health")
        #expect(
            health.status == 200 && health.body.hasPrefix("{\"status\": \"ok\", \"model\": \""), "\(health)")

        let lure = "WINNER!! Call 09061701461 to claim your 1000 pound prize at www.example.com now"
        let spam = Self.call(socketPath, "POST", "/classify", body: lure)
        #expect(spam.status == 200 && spam.body.hasPrefix("{\"verdict\": \"spam\", \"score\": "), "\(spam)")
        let note = Self.call(
            socketPath, "POST", "/classify?sender=%2B447700900123",
            body: "Lunch at 1? I'll be at the usual place by the window.")
        #expect(note.status == 200 && note.body.hasPrefix("{\"verdict\": \"ham\", \"score\": "), "\(note)")
        let nothing = Self.call(socketPath, "POST", "/classify", body: "")
        #expect(nothing.body == "{\"verdict\": \"unsure\", \"reason\": \"no-text\"}\n", "\(nothing)")

        #expect(Self.call(socketPath, "GET", "/classify").status == 405)
        #expect(Self.call(socketPath, "POST", "/nowhere", body: "x").status == 404)
        #expect(
            Self.call(socketPath, "PUT /classify HTTP/1.1\r\nTransfer-Encoding: chunked\r\nX:", "y").status
                == 411)
        let learn = Self.call(socketPath, "POST", "/learn?label=spam", body: "Lunch at 1?")
        #expect(learn.status == 403, "\(learn)")
        // A client gone mid-body costs nothing: the next request is served.
        _ = ServeTests.exchange(
            socketPath, Array("POST /classify HTTP/1.1\r\nContent-Length: 500\r\n\r\nonly a little".utf8),
            hangUp: 60)
        #expect(Self.call(socketPath, "GET", "/health").status == 200)

        // The two messages scored were logged as deliveries are (the empty one was not scored).
        let journal = scratch.read("store.sqlite-verdicts")
        #expect(journal.split(separator: "\n").count == 2, "\(journal)")

        // A client that sends `Expect: 100-continue` (curl does for large bodies) gets the
        // interim answer before the verdict.
        let expecting = String(
            decoding: ServeTests.exchange(
                socketPath,
                Array(
                    "POST /classify HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\nLunch at 1?"
                        .utf8))
                ?? [], as: UTF8.self)
        #expect(expecting.hasPrefix("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"), "\(expecting)")

        guard let curl = ServeTests.client("curl") else { return }
        scratch.write("lure.txt", lure)
        let posted = ChildProcess.run(
            [
                curl, "-sS", "-H", "Expect: 100-continue", "--unix-socket", socketPath, "--data-binary",
                "@" + scratch.file("lure.txt"), "http://localhost/classify?sender=HMRC",
            ],
            in: scratch, tag: "curl")
        #expect(
            posted.status == 0 && posted.out.hasPrefix("{\"verdict\": \"spam\""),
            "\(posted.out) \(posted.err)")
    }

    /// With --allow-tell and --user-stores, /learn marks a message in its user's store: it
    /// decides that user's next verdict, nobody else's; /unlearn takes it back.
    @Test func learningIsPerUserAndOnlyWhenAllowed() throws {
        guard let binary = TestEnvironment.smsfilterBinary else {
            Issue.record("built smsfilter binary not found")
            return
        }
        let scratch = TemporaryDirectory("http-learn")
        defer { scratch.remove() }
        let users = scratch.file("users")
        guard
            let (server, socketPath) = Self.startHTTP(
                binary, in: scratch, extra: ["--allow-tell", "--user-stores", users])
        else { return }
        defer {
            kill(server.pid, SIGTERM)
            #expect(server.wait() == 128 + SIGTERM)
        }
        let note = "Lunch at 1? I'll be at the usual place by the window."
        #expect(Self.call(socketPath, "POST", "/learn", body: note).status == 400)
        #expect(Self.call(socketPath, "POST", "/classify?user=../escape", body: note).status == 400)
        let learned = Self.call(socketPath, "POST", "/learn?label=spam&user=alice", body: note)
        #expect(learned.status == 200 && learned.body == "{\"learned\": \"spam\"}\n", "\(learned)")
        let alice = Self.call(socketPath, "POST", "/classify?user=alice", body: note)
        #expect(
            alice.body.contains("\"verdict\": \"spam\"")
                && alice.body.contains("\"reason\": \"learned-spam\""), "\(alice)")
        #expect(
            Self.call(socketPath, "POST", "/classify?user=bob", body: note).body.contains(
                "\"verdict\": \"ham\""))
        #expect(Self.call(socketPath, "POST", "/classify", body: note).body.contains("\"verdict\": \"ham\""))
        let unlearned = Self.call(socketPath, "POST", "/unlearn?user=alice", body: note)
        #expect(unlearned.body == "{\"unlearned\": 1}\n", "\(unlearned)")
        #expect(
            Self.call(socketPath, "POST", "/classify?user=alice", body: note).body.contains(
                "\"verdict\": \"ham\""))
    }
}
