import SpamTestSupport
import Testing

@testable import SpamMail

/// The streaming writer for messages over the size cap (issue 17, items 4 and 5) must give the
/// same bytes as the whole-message writer, chunk boundaries anywhere.
@Suite struct OversizePassThroughTests {
    let names = ["X-SMSFilter", "X-Spam-Flag"]
    let ours = ["X-SMSFilter: Unfiltered, reason=too-large, max-size=10, version=t"]

    /// Whole-message writer output: the reference.
    func reference(_ message: [UInt8]) -> [UInt8] {
        let header = HeaderBlock.parse(message, in: 0..<message.count, allowFromLine: true, keepFields: false)
        return PassThroughWriter.insert(
            headerLines: ours, into: message, header: header, removing: names, oversize: true
        ).bytes(original: message)
    }

    func streamed(_ message: [UInt8], prefixLength: Int, chunkSizes: [Int]) -> [UInt8] {
        var writer = OversizePassThrough(
            prefix: Array(message.prefix(prefixLength)), headerLines: ours, removing: names)
        var out: [UInt8] = []
        var offset = 0
        var k = 0
        while offset < message.count {
            let size = min(chunkSizes[k % chunkSizes.count], message.count - offset)
            message[offset..<offset + size].withUnsafeBytes { writer.process($0, into: &out) }
            offset += size
            k += 1
        }
        writer.finish(into: &out)
        return out
    }

    /// The decisions the streaming writer takes on the prefix equal those on the whole message
    /// (the documented exception: a prefix that misleads about them).
    func prefixDecidesAlike(_ message: [UInt8], prefixLength: Int) -> Bool {
        let prefix = Array(message.prefix(prefixLength))
        let mode = LineMode.detect(prefix, in: 0..<prefix.count)
        guard mode == LineMode.detect(message, in: 0..<message.count) else { return false }
        var cut = prefix.count
        while cut > 0 && !(prefix[cut - 1] == .lf || (prefix[cut - 1] == .cr && mode == .cr)) { cut -= 1 }
        let whole = Array(prefix[..<cut])
        let partHeader = HeaderBlock.parse(whole, in: 0..<whole.count, allowFromLine: true, keepFields: false)
        let fullHeader = HeaderBlock.parse(
            message, in: 0..<message.count, allowFromLine: true, keepFields: false)
        let partIsHeader = PassThroughWriter.isHeader(partHeader, of: whole, oversize: true)
        guard partIsHeader == PassThroughWriter.isHeader(fullHeader, of: message, oversize: true) else {
            return false
        }
        if partIsHeader {
            return HeaderScan(whole, header: partHeader, removing: names).eol
                == HeaderScan(message, header: fullHeader, removing: names).eol
        }
        return PassThroughWriter.lineEnding(of: prefix, in: 0..<prefix.count, mode: mode)
            == PassThroughWriter.lineEnding(of: message, in: 0..<message.count, mode: mode)
    }

    @Test func randomHeaderShapesMatchTheWholeMessageWriter() {
        let lines = [
            "From a@b Thu Jan 1", "From: a@example.org", "To: me", "X-Spam-Flag: YES", "x-smsfilter : Spam",
            "X-SMSFilter: Ham", " folded", "\tfolded", "no colon here", "", "Subject: hello", "X:a",
            "X-Spam-Flagged: no", "Received: from x", "body text", "é: x", "a: b:c",
        ]
        let endings: [[UInt8]] = [[.lf], [.cr, .lf], [.cr]]
        var random = SplitMix64(state: 17)
        var compared = 0
        for _ in 0..<3000 {
            var message: [UInt8] = []
            let style = Int(random.next() % 4)  // all LF, all CRLF, all CR, mixed
            for _ in 0..<Int(random.next() % 14) {
                message += Array(lines[Int(random.next() % UInt64(lines.count))].utf8)
                let ending = style < 3 ? endings[style] : endings[Int(random.next() % 3)]
                message += ending
            }
            if random.next() % 3 == 0 { message += Array("tail".utf8) }
            let prefixLength = 1 + Int(random.next() % UInt64(message.count + 1))
            guard prefixDecidesAlike(message, prefixLength: prefixLength) else { continue }
            compared += 1
            let chunks = [1 + Int(random.next() % 7), 1 + Int(random.next() % 40), 1]
            let got = streamed(message, prefixLength: prefixLength, chunkSizes: chunks)
            let want = reference(message)
            let same = got == want
            #expect(
                same,
                "\(String(decoding: message, as: UTF8.self).debugDescription) prefix \(prefixLength): got \(String(decoding: got, as: UTF8.self).debugDescription)"
            )
            if got != want { return }
        }
        // Most cases must be compared, or the test proves little.
        #expect(compared > 2000, "only \(compared) of 3000 compared")
    }

    /// Item 5: a header block larger than the cap keeps its place; ours goes at its end.
    @Test func headerLargerThanThePrefixKeepsItsPlace() {
        var message: [UInt8] = Array("From: a@example.org\n".utf8)
        for i in 0..<2000 { message += Array("X-Pad-\(i): aaaa\n".utf8) }
        message += Array("X-Spam-Flag: YES\nSubject: s\n\nbody\n".utf8)
        let got = streamed(message, prefixLength: 100, chunkSizes: [4096])
        var want: [UInt8] = Array("From: a@example.org\n".utf8)
        for i in 0..<2000 { want += Array("X-Pad-\(i): aaaa\n".utf8) }
        want += Array("Subject: s\n".utf8) + Array((ours[0] + "\n").utf8) + Array("\nbody\n".utf8)
        let same = got == want
        #expect(same)
    }
}
