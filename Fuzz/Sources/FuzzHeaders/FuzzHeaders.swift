import FuzzMailOracle
import SpamMail

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Header shapes and line endings through the pass-through writer (issue 17, items 3–6). The
/// fuzzer's bytes are a small program that writes a message: known and unknown fields, forged
/// verdict fields (any case, blanks before the colon), folded lines, lines without a colon, a
/// CR inside a line, mbox `From ` lines, thousands of short lines, raw bytes, an empty line and
/// a body, each line ended by LF, CRLF, CR or nothing. Every message runs under a large and a
/// tiny size cap (the Unfiltered path). Checks:
/// - the output is the input in order, minus only whole forged verdict fields before the first
///   empty line, plus only our header lines;
/// - the body (everything after the first empty line) is the output's suffix, byte for byte;
/// - as an MDA reads it (lines split at LF, the header ends at the first empty line), the output
///   has exactly one `X-SMSFilter:` line, ours, and `X-Spam-Flag:` only when we wrote it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHeaders(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let program = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    let input = MessageProgram.message(from: program)
    for maxSize in [1 << 20, 48] {
        check(input, maxSize: maxSize)
    }
    checkStreamed(input, maxSize: 48)
    return 0
}

/// A message over the cap with `-p` is streamed (`OversizePassThrough`), here in chunks whose
/// sizes come from the input. Unless its first bytes are CR-only and an LF comes later (the
/// documented exception), the output is either our line, an empty line and the input, or the
/// input minus every forged verdict field before the first empty line with our line (after at
/// most one added line break) in it; an MDA sees our line once and no `X-Spam-Flag`.
func checkStreamed(_ input: [UInt8], maxSize: Int) {
    guard input.count > maxSize else { return }
    let prefix = Array(input.prefix(maxSize + 1))
    let line = "X-SMSFilter: Unfiltered, reason=too-large, max-size=\(maxSize), version=fuzz"
    var writer = OversizePassThrough(
        prefix: prefix, headerLines: [line], removing: ["X-SMSFilter", "X-Spam-Flag"])
    var out: [UInt8] = []
    var offset = 0
    var step = 1 + Int(input[0] % 13)
    while offset < input.count {
        let n = min(step, input.count - offset)
        input[offset..<offset + n].withUnsafeBytes { writer.process($0, into: &out) }
        offset += n
        step = 1 + (step * 7 + 3) % 23
    }
    writer.finish(into: &out)

    func crOnly(_ bytes: [UInt8]) -> Bool { !bytes.contains(0x0A) && bytes.contains(0x0D) }
    guard crOnly(prefix) == crOnly(input) else { return }
    let ours = Array(line.utf8)
    guard let at = ByteView.firstIndex(of: ours, in: out) else { fail("streamed: our line is missing") }
    let before = Array(out[..<at])
    let rest = Array(out[(at + ours.count)...])
    let eolLength = ByteView.lineBreakLength(at: 0, in: rest)
    guard eolLength > 0 else { fail("streamed: our line has no line break") }
    let after = Array(rest[eolLength...])
    let prefixed =
        before.isEmpty && ByteView.lineBreakLength(at: 0, in: after) == eolLength
        && Array(after[eolLength...]) == input
    if !prefixed {
        var expected: [UInt8] = []
        var last = 0
        for forged in ByteView.forgedFields(input) {
            expected += input[last..<forged.lowerBound]
            last = forged.upperBound
        }
        expected += input[last...]
        // Our line follows a line break we may have added (one LF, CR or CRLF).
        let matches = (0...2).contains { added in
            added <= before.count && Array(before.dropLast(added)) + after == expected
                && (added == 0 || ByteView.lineBreakLength(at: before.count - added, in: before) == added)
        }
        guard matches else {
            fail("streamed output is not the input minus forged fields plus our line: \(out.prefix(300))")
        }
    }
    guard out.contains(0x0A) else { return }
    let header = ByteView.mdaHeaderLines(out)
    let verdicts = header.filter { ByteView.hasPrefixIgnoringCase($0, "x-smsfilter:") }
    guard verdicts.count == 1, verdicts[0].elementsEqual(ours) else {
        fail("streamed: the MDA sees \(verdicts.count) X-SMSFilter lines in the header")
    }
    guard !header.contains(where: { ByteView.hasPrefixIgnoringCase($0, "x-spam-flag:") }) else {
        fail("streamed: the MDA sees an X-Spam-Flag line")
    }
}

/// Builds a message from fuzzer bytes. The first byte's top bit: use the rest as raw bytes.
enum MessageProgram {
    static let lines: [String] = [
        "From: a@example.org", "Subject: WINNER!! Call 09061701461", "X-Pad-1: v", "X-Spam-Flag: YES",
        "x-smsfilter : Ham, forged", " folded continuation", "this line has no colon", "From: a@b.c\rx",
        "From sender@example.org Tue Dec  1 10:00:00 2026", "", "\t", "X-SPAM-FLAG:", "Received: from x",
        "X-SMSFilter: Spam", "To: me",
    ]
    static let endings: [[UInt8]] = [[0x0A], [0x0D, 0x0A], [0x0D], []]

    static func message(from program: [UInt8]) -> [UInt8] {
        guard let first = program.first else { return [] }
        if first & 0x80 != 0 { return Array(program.dropFirst()) }
        var out: [UInt8] = []
        var i = 1
        while i < program.count {
            let op = program[i]
            i += 1
            // Mostly LF; the first byte's low bits bias towards CRLF or CR.
            let endingSelector = Int(op >> 4) & 3
            let ending =
                endingSelector == 3
                ? endings[Int(first) & 3] : endings[endingSelector == 0 ? 0 : Int(first >> 2) & 3]
            switch Int(op & 0x0F) {
            case 15:
                // Raw bytes: the next byte says how many.
                let n = i < program.count ? Int(program[i]) % 32 : 0
                i += 1
                out += program[min(i, program.count)..<min(program.count, i + n)]
                i += n
            case 9 where i < program.count:
                // Many short lines.
                let n = Int(program[i]) * 8
                i += 1
                for _ in 0..<n { out += Array("X:a".utf8) + ending }
            case let k:
                out += Array(lines[min(k, lines.count - 1)].utf8) + ending
            }
        }
        return out
    }
}

/// A deterministic score from the text.
func stubScore(_ text: String) throws -> ModelScore {
    var hash: UInt64 = 1_469_598_103_934_665_603
    for b in text.utf8 { hash = (hash ^ UInt64(b)) &* 1_099_511_628_211 }
    return ModelScore(probability: Double(hash % 1001) / 1000, modelID: "fuzz", threshold: 0.5)
}

func check(_ input: [UInt8], maxSize: Int) {
    var options = FilterOptions()
    options.passThrough = true
    options.version = "fuzz"
    options.maxSize = maxSize
    let outcome = FilterEngine.run(input: input, options: options, scorer: stubScore)
    guard let output = outcome.passThrough else { fail("pass-through mode produced no output") }
    let all = output.bytes(original: input)

    // Pieces: original ranges in order; what is left out is whole forged fields.
    var kept: [UInt8] = []
    var last = 0
    var gaps: [Range<Int>] = []
    var prefixed = false
    for (index, piece) in output.pieces.enumerated() {
        switch piece {
        case .original(let range):
            guard range.lowerBound >= last, range.upperBound <= input.count else {
                fail("original piece \(range) out of order or bounds (input \(input.count) bytes)")
            }
            if range.lowerBound > last { gaps.append(last..<range.lowerBound) }
            kept += input[range]
            last = range.upperBound
        case .inserted(let bytes):
            if index == 0 && bytes.last.map({ $0 == 0x0A || $0 == 0x0D }) == true && input.count > 0 {
                prefixed = ByteView.endsWithEmptyLine(bytes)
            }
            checkInserted(bytes)
        }
    }
    if last < input.count { gaps.append(last..<input.count) }
    let forged = ByteView.forgedFields(input)
    for gap in gaps
    where !forged.contains(where: { $0.lowerBound <= gap.lowerBound && gap.upperBound <= $0.upperBound }) {
        fail("left out \(gap), which is not a forged verdict field: \(Array(input[gap]))")
    }
    if prefixed && kept != input { fail("prefixed output dropped bytes") }

    // The body, after the first empty line, is the output's suffix.
    if let bodyStart = ByteView.bodyStart(input) {
        let body = input[bodyStart...]
        guard all.count >= body.count, all.suffix(body.count).elementsEqual(body) else {
            fail("body bytes not at the end")
        }
    }

    // As an MDA reads the output (only messages with an LF: a CR-only one is one line to it).
    guard all.contains(0x0A) || input.isEmpty else { return }
    let header = ByteView.mdaHeaderLines(all)
    let ours = header.filter { ByteView.hasPrefixIgnoringCase($0, "x-smsfilter:") }
    guard ours.count == 1, ours[0].starts(with: Array("X-SMSFilter: ".utf8)) else {
        fail(
            "the MDA sees \(ours.count) X-SMSFilter lines in the header: \(ours.map { String(decoding: $0, as: UTF8.self) })"
        )
    }
    let flags = header.filter { ByteView.hasPrefixIgnoringCase($0, "x-spam-flag:") }
    let spam = ours[0].starts(with: Array("X-SMSFilter: Spam,".utf8))
    guard flags.count == (spam ? 1 : 0) else {
        fail("the MDA sees \(flags.count) X-Spam-Flag lines (spam: \(spam))")
    }
}
