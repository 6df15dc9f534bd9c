import SpamApp
import SpamMail
import SpamTestSupport
import Testing

/// The spamd protocol without a socket: heads parsed (CRLF or bare LF), bad requests refused
/// with spamd's codes, and each method's response made from a filtered message.
@Suite struct SpamdProtocolTests {
    static func head(_ text: String) -> ArraySlice<UInt8> { Array(text.utf8)[...] }

    @Test func aHeadIsFoundAndParsed() throws {
        let bytes = Array("CHECK SPAMC/1.5\r\nContent-length: 12\r\nUser: bob\r\n\r\nHello there!".utf8)
        let end = try #require(SpamdProtocol.headEnd(in: bytes))
        #expect(String(decoding: bytes[end...], as: UTF8.self) == "Hello there!")
        let request = try SpamdProtocol.parse(head: bytes[0..<end], maxBody: 100)
        #expect(request.method == .check)
        #expect(request.version == "1.5")
        #expect(request.contentLength == 12)
        #expect(request.headers["user"] == "bob")
        // A lax client's bare line feeds, and a request without a body.
        let lax = try SpamdProtocol.parse(
            head: Self.head("PROCESS SPAMC/1.2\nContent-length:3\n\n"), maxBody: 100)
        #expect(lax.method == .process && lax.contentLength == 3)
        let ping = try SpamdProtocol.parse(head: Self.head("PING SPAMC/1.5\r\n\r\n"), maxBody: 100)
        #expect(ping.method == .ping && ping.contentLength == nil)
        #expect(SpamdProtocol.headEnd(in: Array("CHECK SPAMC/1.5\r\nContent-length: 1\r\n".utf8)) == nil)
    }

    @Test func badRequestsGetSpamdsCodes() {
        func code(_ head: String, maxBody: Int = 100) -> Int? {
            do {
                _ = try SpamdProtocol.parse(head: Self.head(head), maxBody: maxBody)
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code("GET / HTTP/1.1\r\n\r\n") == 76)
        #expect(code("FROB SPAMC/1.5\r\n\r\n") == 76)
        #expect(code("CHECK SPAMC/1.5\r\n\r\n") == 76)  // no Content-length
        #expect(code("CHECK SPAMC/1.5\r\nContent-length: ten\r\n\r\n") == 76)
        #expect(code("CHECK SPAMC/1.5\r\nContent-length: -1\r\n\r\n") == 76)
        #expect(code("CHECK SPAMC/1.5\r\nno colon here\r\nContent-length: 1\r\n\r\n") == 76)
        #expect(code("CHECK SPAMC/1.5\r\nContent-length: 101\r\n\r\n") == 65)
        #expect(code("CHECK SPAMC/1.5\r\nContent-length: 5\r\nCompress: zlib\r\n\r\n") == 76)
        let failure = SpamdProtocol.Failure(code: 76, message: "bad request line: x")
        #expect(
            String(decoding: SpamdProtocol.failureResponse(failure), as: UTF8.self)
                == "SPAMD/1.5 76 EX_PROTOCOL bad request line: x\r\n\r\n")
    }

    /// Requests cut, spliced and sprinkled with stray bytes (seeded): the parser answers each
    /// with a request or a refusal, never a crash, and every request it takes names a method,
    /// a length within the limit exactly when its method has a body, and no compression.
    @Test func mangledHeadsAreRequestsOrRefusals() {
        let valid = [
            "CHECK SPAMC/1.5\r\nContent-length: 12\r\nUser: bob\r\n\r\n",
            "PROCESS SPAMC/1.5\nContent-length: 400\n\n",
            "TELL SPAMC/1.5\r\nMessage-class: spam\r\nSet: local\r\nContent-length: 9\r\n\r\n",
            "PING SPAMC/1.5\r\n\r\n",
        ].map { Array($0.utf8) }
        let stray: [UInt8] = [0x00, 0x0A, 0x0D, 0x20, 0x3A, 0x2D, 0x39, 0xFF, 0xC3, 0x2F]
        var taken = 0
        for bytes in mangledInputs(from: valid, stray: stray, seed: 43, count: 20_000) {
            guard let end = SpamdProtocol.headEnd(in: bytes) else { continue }
            guard let request = try? SpamdProtocol.parse(head: bytes[0..<end], maxBody: 100) else { continue }
            taken += 1
            let bodied = request.method != .ping && request.method != .skip
            #expect((request.contentLength != nil) == bodied, "\(request)")
            #expect((request.contentLength ?? 0) <= 100, "\(request)")
            #expect(request.headers["compress"]?.isEmpty ?? true, "\(request)")
        }
        #expect(taken > 1_000)
    }

    /// A blocked sender's message with no text is Spam by the sender list, and spamd says so
    /// (it was `Spam: False` with an Unsure summary).
    @Test func aBlockedSendersEmptyMessageIsSpam() {
        let message = Array("From: bad@example.net\nSubject: \n\n".utf8)
        var options = FilterOptions()
        options.passThrough = true
        let outcome = FilterEngine.run(
            input: message, options: options,
            scorer: { _ in ModelScore(probability: 0.1, modelID: "m1", threshold: 0.5) },
            senders: { _ in .blocked })
        let check = String(
            decoding: SpamdProtocol.response(to: .check, outcome: outcome, message: message, spamCutoff: 0.5),
            as: UTF8.self)
        #expect(check.hasPrefix("SPAMD/1.5 0 EX_OK\r\nSpam: True ; "), "\(check)")
        let symbols = String(
            decoding: SpamdProtocol.response(
                to: .symbols, outcome: outcome, message: message, spamCutoff: 0.5),
            as: UTF8.self)
        #expect(symbols.hasSuffix("SMSFILTER_SPAM"), "\(symbols)")
    }

    @Test func eachMethodAnswersFromTheVerdict() {
        let message = Array("From: a@example.test\nSubject: parcel\n\nPay the fee now\n".utf8)
        var options = FilterOptions()
        options.passThrough = true
        options.version = "test"
        let outcome = FilterEngine.run(input: message, options: options) { _ in
            ModelScore(probability: 0.9543, modelID: "m1", threshold: 0.5637)
        }
        func answer(_ method: SpamdProtocol.Method) -> String {
            String(
                decoding: SpamdProtocol.response(
                    to: method, outcome: outcome, message: message, spamCutoff: 0.5637),
                as: UTF8.self)
        }
        #expect(answer(.check) == "SPAMD/1.5 0 EX_OK\r\nSpam: True ; 9.5 / 5.6\r\n\r\n")
        #expect(
            answer(.symbols)
                == "SPAMD/1.5 0 EX_OK\r\nSpam: True ; 9.5 / 5.6\r\nContent-length: 14\r\n\r\nSMSFILTER_SPAM")
        let processed =
            "From: a@example.test\nSubject: parcel\n"
            + "X-SMSFilter: Spam, score=0.9543, model=m1, version=test\nX-Spam-Flag: YES\n\nPay the fee now\n"
        #expect(
            answer(.process)
                == "SPAMD/1.5 0 EX_OK\r\nSpam: True ; 9.5 / 5.6\r\nContent-length: \(processed.utf8.count)\r\n\r\n"
                + processed)
        let headers = String(processed.prefix(while: { $0 != "P" }))
        #expect(answer(.headers).hasSuffix("\r\n\r\n" + headers))
        #expect(answer(.report).contains("smsfilter: Spam, score=0.9543, model=m1"))

        let ham = FilterEngine.run(input: message, options: options) { _ in
            ModelScore(probability: 0.01, modelID: "m1", threshold: 0.5637)
        }
        let quiet = String(
            decoding: SpamdProtocol.response(
                to: .reportIfSpam, outcome: ham, message: message, spamCutoff: 0.5637), as: UTF8.self)
        #expect(quiet == "SPAMD/1.5 0 EX_OK\r\nSpam: False ; 0.1 / 5.6\r\n\r\n")
    }
}
