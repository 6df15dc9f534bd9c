import SpamApp
import SpamMail

/// A spamd request as `smsfilter serve` reads it, without the socket: the head found and parsed
/// (or refused), the body cut to its Content-length, judged by the filter engine with a score
/// drawn from the input, and answered. Checks:
/// - a refused request gets one status line with a sysexits code and nothing after the blank line;
/// - an answer starts `SPAMD/1.5 0 EX_OK`, has a `Spam:` header, and when it carries a body its
///   `Content-length` is the body's length;
/// - PROCESS returns the message itself with at most our header lines added: the input's bytes,
///   in order, are a subsequence of what comes back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSpamd(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    guard let end = SpamdProtocol.headEnd(in: input) else { return 0 }
    let request: SpamdProtocol.Request
    do {
        request = try SpamdProtocol.parse(head: input[0..<end], maxBody: 4096)
    } catch {
        let text = String(decoding: SpamdProtocol.failureResponse(error), as: UTF8.self)
        precondition(text.hasPrefix("SPAMD/1.5 \(error.code) ") && text.hasSuffix("\r\n\r\n"), text)
        precondition(!text.dropLast(4).contains("\r\n\r\n"), text)
        return 0
    }
    let message = Array(input[end...].prefix(request.contentLength ?? 0))
    var options = FilterOptions()
    options.passThrough = true
    options.maxSize = 2048
    options.version = "fuzz"
    let probability = Double(message.count % 101) / 100
    let outcome = FilterEngine.run(input: message, options: options) { _ in
        ModelScore(probability: probability, modelID: "fuzz", threshold: 0.5)
    }
    let reply = SpamdProtocol.response(
        to: request.method, outcome: outcome, message: message, spamCutoff: 0.5)
    let blank = Array("\r\n\r\n".utf8)
    guard let split = (0...(reply.count - 4)).first(where: { Array(reply[$0..<($0 + 4)]) == blank }) else {
        preconditionFailure("no end of the head")
    }
    let head = String(decoding: reply[0..<split], as: UTF8.self)
    let body = Array(reply[(split + 4)...])
    precondition(head.hasPrefix("SPAMD/1.5 0 EX_OK\r\n") && head.contains("\r\nSpam: "), head)
    if let range = head.firstRange(of: "Content-length: ") {
        let digits = head[range.upperBound...].prefix(while: { $0.isNumber })
        precondition(Int(digits) == body.count, "\(head) / \(body.count)")
    } else {
        precondition(body.isEmpty, head)
    }
    if request.method == .process {
        var i = 0
        for byte in body where i < message.count && byte == message[i] { i += 1 }
        precondition(i == message.count, "the message is not inside the reply")
    }
    return 0
}
