import SpamApp
import SpamMail

/// An HTTP request as `smsfilter serve --http` reads it, without the socket: the head found and
/// parsed (or refused), the body cut to its Content-Length, judged by the filter engine with a
/// score drawn from the input, and answered. Checks:
/// - a refusal and an answer are each one response: a status line with a 3-digit status, a
///   `Content-Length` equal to the body's length, and a body that is one line of JSON;
/// - a request taken has a path, no query in it, and a body within the limit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    guard let end = SpamdProtocol.headEnd(in: input) else { return 0 }
    let reply: [UInt8]
    do {
        let request = try HTTPProtocol.parse(head: input[0..<end], maxBody: 4096)
        precondition(request.path.hasPrefix("/") && !request.path.contains("?"), request.path)
        precondition((0...4096).contains(request.contentLength))
        let message = Array(input[end...].prefix(request.contentLength))
        var options = FilterOptions()
        options.passThrough = true
        options.maxSize = 2048
        options.version = "fuzz"
        let probability = Double(message.count % 101) / 100
        let outcome = FilterEngine.run(input: message, options: options) { text in
            if text.count % 7 == 3 { throw FuzzError() }
            return ModelScore(probability: probability, modelID: "fuzz", threshold: 0.5)
        }
        reply = HTTPProtocol.verdictResponse(outcome, spamCutoff: 0.5)
    } catch {
        reply = HTTPProtocol.failureResponse(error)
    }
    check(reply)
    return 0
}

struct FuzzError: Error {}

/// One well-formed response.
func check(_ reply: [UInt8]) {
    let blank = Array("\r\n\r\n".utf8)
    guard let split = (0...(reply.count - 4)).first(where: { Array(reply[$0..<($0 + 4)]) == blank }) else {
        preconditionFailure("no end of the head")
    }
    let head = String(decoding: reply[0..<split], as: UTF8.self)
    let body = Array(reply[(split + 4)...])
    let status = head.dropFirst("HTTP/1.1 ".count).prefix(3)
    precondition(head.hasPrefix("HTTP/1.1 ") && status.allSatisfy(\.isNumber), head)
    guard let range = head.firstRange(of: "Content-Length: ") else { preconditionFailure(head) }
    let digits = head[range.upperBound...].prefix(while: { $0.isNumber })
    precondition(Int(digits) == body.count, "\(head) / \(body.count)")
    precondition(body.first == UInt8(ascii: "{") && body.last == 0x0A, "body")
    precondition(body.dropLast().allSatisfy { $0 != 0x0A && $0 != 0x0D }, "one line")
}
