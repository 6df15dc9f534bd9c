import SpamApp
import SpamMail

/// A milter session as `smsfilter serve --milter` reads it, without the socket: packets framed
/// by their length prefix, each read as a command and handed to the session, messages judged by
/// the filter engine with a score drawn from the input. Checks:
/// - every reply is one well-formed packet (its length counts its code and data);
/// - only negotiation, continue, header delete and header add replies are made, and a 550
///   rejection alone when `--reject-above` is on: never a discard or a change of the body;
/// - a deleted field is one of the verdict's; an added field's name and value hold no NUL,
///   CR or LF (no header injection).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMilter(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    var options = FilterOptions()
    options.passThrough = true
    options.maxSize = 2048
    options.version = "fuzz"
    let removing = FilterEngine.verdictFieldNames(options)
    // Every other input rejects confident spam (`--reject-above 0.9`).
    var session = MilterFrontEnd.Session(
        maxSize: options.maxSize, removing: removing, rejectAbove: input.count % 2 == 0 ? 0.9 : nil,
        readsRecipients: input.count % 3 == 0)
    var at = 0
    while at + 4 <= input.count {
        guard let length = try? MilterProtocol.packetLength(Array(input[at..<at + 4])),
            at + 4 + length <= input.count
        else { return 0 }
        let packet = Array(input[(at + 4)..<(at + 4 + length)])
        at += 4 + length
        guard let command = try? MilterProtocol.command(packet) else { return 0 }
        let replies = session.handle(command) { message, size, _ in
            let probability = Double(size % 101) / 100
            return FilterEngine.run(input: message, inputSize: size, options: options) { _ in
                ModelScore(probability: probability, modelID: "fuzz", threshold: 0.5)
            }
        }
        guard let replies else { return 0 }
        for reply in replies {
            precondition(reply.count >= 5, "short reply")
            let announced = reply[0..<4].reduce(0) { $0 << 8 | Int($1) }
            precondition(
                announced == reply.count - 4, "reply length \(announced) for \(reply.count - 4) bytes")
            let body = Array(reply.dropFirst(5))
            switch reply[4] {
            case UInt8(ascii: "O"): precondition(body.count == 12)
            case UInt8(ascii: "c"): precondition(body.isEmpty)
            case UInt8(ascii: "y"):
                precondition(
                    input.count % 2 == 0 && replies.count == 1, "a rejection alone, and only when asked")
                precondition(body.starts(with: Array("550 5.7.1 ".utf8)) && body.last == 0, "reply code")
                precondition(!body.contains(13) && !body.contains(10), "CR or LF in the reply")
            case UInt8(ascii: "m"):
                let name = String(decoding: body.dropFirst(4).prefix { $0 != 0 }, as: UTF8.self)
                precondition(removing.contains(name), "deleted \(name)")
                precondition(body.suffix(2) == [0, 0], "a delete carries an empty value")
            case UInt8(ascii: "h"):
                precondition(body.last == 0 && body.filter { $0 == 0 }.count == 2, "field \(body)")
                precondition(!body.contains(13) && !body.contains(10), "CR or LF in an added field")
            default: preconditionFailure("reply \(reply[4])")
            }
        }
    }
    return 0
}
