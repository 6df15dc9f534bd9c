#if canImport(Glibc)
import Glibc
#endif
import SpamMail

/// One message through the filter engine in pass-through mode, as `smsfilter -p` runs it, with a
/// stub scorer (no model: the fuzzer explores the reader, not the network). Checks the contract
/// of hooks/README.md: the output is the input, byte for byte, with only our header lines added
/// and forged verdict fields removed; the body bytes come out unchanged at the end.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMail(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    checkPassThrough(input)
    for range in MboxReader.messages(in: input) {
        guard range.lowerBound >= 0, range.upperBound <= input.count else { fail("mbox range \(range) out of bounds") }
    }
    return 0
}

/// A deterministic score from the text, sometimes a scorer error, so every engine path runs.
func stubScore(_ text: String) throws -> ModelScore {
    var hash: UInt64 = 1469598103934665603
    for b in text.utf8 { hash = (hash ^ UInt64(b)) &* 1099511628211 }
    if hash % 17 == 0 { throw StubError() }
    return ModelScore(probability: Double(hash % 1001) / 1000, modelID: "fuzz", threshold: 0.5)
}

struct StubError: Error, CustomStringConvertible {
    var description: String { "stub scorer failure\nwith a line break" }
}

func checkPassThrough(_ input: [UInt8]) {
    var options = FilterOptions()
    options.passThrough = true
    options.version = "fuzz"
    options.maxSize = 1 << 20
    let outcome = FilterEngine.run(input: input, options: options, scorer: stubScore)
    guard let output = outcome.passThrough else { fail("pass-through mode produced no output") }

    // The pieces: original ranges in order and in bounds; inserted pieces are only our lines.
    let header = HeaderBlock.parse(input, in: 0..<input.count, allowFromLine: true)
    var kept: [UInt8] = []
    var last = 0
    for piece in output.pieces {
        switch piece {
        case .original(let range):
            guard range.lowerBound >= last, range.upperBound <= input.count else {
                fail("original piece \(range) out of order or bounds (input \(input.count) bytes)")
            }
            kept += input[range]
            last = range.upperBound
        case .inserted(let bytes):
            checkInserted(bytes)
        }
    }
    // Whatever was dropped must be whole X-SMSFilter / X-Spam-Flag fields.
    var expected: [UInt8] = []
    var copyFrom = 0
    if header.looksLikeMail(input) {
        for field in header.fields {
            let name = String(decoding: input[field.name], as: UTF8.self).lowercased()
            if name == "x-smsfilter" || name == "x-spam-flag" {
                expected += input[copyFrom..<field.range.lowerBound]
                copyFrom = field.range.upperBound
            }
        }
    }
    expected += input[copyFrom...]
    guard kept == expected else { fail("original bytes changed: kept \(kept.count), expected \(expected.count)") }

    // The brief's check, stated directly: the body is a suffix of the output.
    let all = output.bytes(original: input)
    let body = header.looksLikeMail(input) ? Array(input[min(header.bodyStart, input.count)...]) : input
    guard all.count >= body.count, Array(all.suffix(body.count)) == body else { fail("body bytes not at the end") }
}

/// Inserted bytes: lines that start with our header names, and line breaks.
func checkInserted(_ bytes: [UInt8]) {
    var start = 0
    var i = 0
    while i <= bytes.count {
        if i == bytes.count || bytes[i] == 0x0A || bytes[i] == 0x0D {
            let line = String(decoding: bytes[start..<i], as: UTF8.self)
            if !line.isEmpty && !line.hasPrefix("X-SMSFilter: ") && !line.hasPrefix("X-Spam-Flag: YES") {
                fail("inserted a foreign line: \(line.debugDescription)")
            }
            if line.contains(where: { $0.isNewline }) { fail("inserted line contains a line break") }
            start = i + 1
        }
        i += 1
    }
}

func fail(_ message: String) -> Never {
    let line = "FuzzMail: \(message)\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    abort()
}
