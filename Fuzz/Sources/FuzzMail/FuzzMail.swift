import FuzzMailOracle
import SpamMail

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// One message through the filter engine in pass-through mode, as `smsfilter -p` runs it, with a
/// stub scorer (no model: the fuzzer explores the reader, not the network). Checks the contract
/// of hooks/README.md: the output is the input, byte for byte, with only our header lines added
/// and forged verdict fields removed; the body bytes come out unchanged at the end.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMail(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    checkPassThrough(input)
    for range in MboxReader.messages(in: input) {
        guard range.lowerBound >= 0, range.upperBound <= input.count else {
            fail("mbox range \(range) out of bounds")
        }
    }
    return 0
}

/// A deterministic score from the text, sometimes a scorer error, so every engine path runs.
func stubScore(_ text: String) throws -> ModelScore {
    var hash: UInt64 = 1_469_598_103_934_665_603
    for b in text.utf8 { hash = (hash ^ UInt64(b)) &* 1_099_511_628_211 }
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
    // Whatever was dropped must be whole X-SMSFilter / X-Spam-Flag fields before the first
    // empty line (where MDAs see the header end; issue 17, item 6), and only when our lines went
    // after the header rather than in front of the whole input.
    let all = output.bytes(original: input)
    var startsWithOurs = false
    if case .inserted = output.pieces.first { startsWithOurs = true }
    let prefixed = startsWithOurs && all.count > input.count && Array(all.suffix(input.count)) == input
    if prefixed {
        guard kept == input else { fail("prefixed output dropped bytes") }
    } else {
        var expected: [UInt8] = []
        var copyFrom = 0
        for field in ByteView.forgedFields(input) {
            expected += input[copyFrom..<field.lowerBound]
            copyFrom = field.upperBound
        }
        expected += input[copyFrom...]
        guard kept == expected else {
            fail("original bytes changed: kept \(kept.count), expected \(expected.count)")
        }
    }

    // The brief's check, stated directly: the body is the output's suffix (the whole input when
    // our lines went in front; after the header's empty line otherwise; a header ended by a
    // line that is not a field has no body of its own for this check, the bytes were checked
    // above).
    guard prefixed || header.endedWithEmptyLine else { return }
    let body = prefixed ? input : Array(input[min(header.bodyStart, input.count)...])
    guard all.count >= body.count, Array(all.suffix(body.count)) == body else {
        fail("body bytes not at the end")
    }
}
