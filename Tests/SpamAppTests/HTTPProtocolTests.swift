import SpamApp
import SpamMail
import SpamTestSupport
import Testing

/// The HTTP API without a socket: heads parsed (query decoded), bad requests refused with their
/// status, and each verdict answered as JSON.
@Suite struct HTTPProtocolTests {
    static func head(_ text: String) -> ArraySlice<UInt8> { Array(text.utf8)[...] }

    static func status(_ head: String, maxBody: Int = 100) -> Int? {
        do {
            _ = try HTTPProtocol.parse(head: Self.head(head), maxBody: maxBody)
            return nil
        } catch {
            return error.status
        }
    }

    @Test func aRequestIsParsed() throws {
        let text =
            "POST /classify?sender=%2B447700900123&user=alice+b HTTP/1.1\r\nHost: x\r\n"
            + "Content-Length: 12\r\nExpect: 100-continue\r\n\r\n"
        let request = try HTTPProtocol.parse(head: Self.head(text), maxBody: 100)
        #expect(request.method == "POST" && request.path == "/classify")
        #expect(request.query == ["sender": "+447700900123", "user": "alice b"])
        #expect(request.contentLength == 12 && request.expectsContinue)
        let health = try HTTPProtocol.parse(head: Self.head("GET /health HTTP/1.0\n\n"), maxBody: 100)
        #expect(health.path == "/health" && health.contentLength == 0 && health.query.isEmpty)
        // A POST without a Content-Length has no body.
        #expect(
            try HTTPProtocol.parse(head: Self.head("POST /unlearn HTTP/1.1\r\n\r\n"), maxBody: 1)
                .contentLength == 0)
    }

    @Test func badRequestsGetTheirStatus() {
        #expect(Self.status("GET /health\r\n\r\n") == 400)
        #expect(Self.status("get /health HTTP/1.1\r\n\r\n") == 400)
        #expect(Self.status("GET health HTTP/1.1\r\n\r\n") == 400)
        #expect(Self.status("GET /health HTTP/2.0\r\n\r\n") == 505)
        #expect(Self.status("GET /health HTTP/1.1\r\nno colon\r\n\r\n") == 400)
        #expect(Self.status("GET /health HTTP/1.1\r\nBad Name: x\r\n\r\n") == 400)
        #expect(Self.status("POST /classify HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n") == 411)
        #expect(Self.status("POST /classify HTTP/1.1\r\nContent-Length: 101\r\n\r\n") == 413)
        #expect(Self.status("POST /classify HTTP/1.1\r\nContent-Length: -1\r\n\r\n") == 400)
        #expect(
            Self.status("POST /classify HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n") == 400)
        #expect(Self.status("POST /classify?x=%zz HTTP/1.1\r\n\r\n") == 400)
        #expect(Self.status("POST /classify?x=%ff HTTP/1.1\r\n\r\n") == 400)
        let refused = String(
            decoding: HTTPProtocol.failureResponse(.init(status: 404, message: "no such endpoint: /x")),
            as: UTF8.self)
        #expect(
            refused
                == "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 34\r\n"
                + "Connection: close\r\n\r\n{\"error\": \"no such endpoint: /x\"}\n")
    }

    @Test func verdictsAreJSON() {
        let message = Array("Pay the fee now at www.example.com".utf8)
        var options = FilterOptions()
        options.passThrough = true
        func body(_ outcome: FilterOutcome) -> String {
            let text = String(
                decoding: HTTPProtocol.verdictResponse(outcome, spamCutoff: 0.5637), as: UTF8.self)
            return String(text[text.firstRange(of: "\r\n\r\n")!.upperBound...])
        }
        let spam = FilterEngine.run(input: message, options: options) { _ in
            ModelScore(probability: 0.95432, modelID: "m1", threshold: 0.5637)
        }
        #expect(
            body(spam)
                == "{\"verdict\": \"spam\", \"score\": 0.9543, \"threshold\": 0.5637, \"model\": \"m1\"}\n")
        let learned = FilterEngine.run(
            input: message, options: options,
            scorer: { _ in ModelScore(probability: 0.01, modelID: "m1", threshold: 0.5637) },
            marked: { _ in true })
        #expect(body(learned).hasSuffix(", \"reason\": \"learned-spam\"}\n"), "\(body(learned))")
        let empty = FilterEngine.run(input: [], options: options) { _ in
            ModelScore(probability: 0.9, modelID: "m1", threshold: 0.5)
        }
        #expect(body(empty) == "{\"verdict\": \"unsure\", \"reason\": \"no-text\"}\n")
        options.maxSize = 10
        let large = FilterEngine.run(input: message, options: options) { _ in
            ModelScore(probability: 0.9, modelID: "m1", threshold: 0.5)
        }
        #expect(body(large) == "{\"verdict\": \"unfiltered\", \"reason\": \"too-large\", \"size\": 34}\n")
        struct Broken: Error {}
        options.maxSize = 1000
        let failed = FilterEngine.run(input: message, options: options) { _ in throw Broken() }
        #expect(
            String(decoding: HTTPProtocol.verdictResponse(failed, spamCutoff: 0.5), as: UTF8.self).hasPrefix(
                "HTTP/1.1 503 "))
    }

    /// Heads cut, spliced and sprinkled with stray bytes (seeded): each is a request or a
    /// refusal, never a crash, and a request taken has a path, a body within the limit, and no
    /// chunked upload.
    @Test func mangledHeadsAreRequestsOrRefusals() {
        let valid = [
            "POST /classify?sender=%2B44&user=a HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n",
            "GET /health HTTP/1.0\n\n",
            "POST /learn?label=spam HTTP/1.1\r\nContent-Length: 40\r\nExpect: 100-continue\r\n\r\n",
        ].map { Array($0.utf8) }
        let stray: [UInt8] = [0x00, 0x0A, 0x0D, 0x20, 0x3A, 0x25, 0x3F, 0x26, 0xFF, 0x2F, 0x39]
        var taken = 0
        for bytes in mangledInputs(from: valid, stray: stray, seed: 45, count: 20_000) {
            guard let end = SpamdProtocol.headEnd(in: bytes) else { continue }
            guard let request = try? HTTPProtocol.parse(head: bytes[0..<end], maxBody: 100) else { continue }
            taken += 1
            #expect(request.path.hasPrefix("/") && !request.path.contains("?"), "\(request)")
            #expect((0...100).contains(request.contentLength), "\(request)")
            #expect(request.headers["transfer-encoding"] == nil, "\(request)")
        }
        #expect(taken > 1_000)
    }
}
