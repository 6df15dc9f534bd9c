import SpamMail
import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Seeded mutations of every fixture (byte flips, MIME-ish insertions, cuts, duplications) go
/// through the engine in pass-through mode: each must come back intact apart from our headers.
/// SMSFILTER_FUZZ_ITERATIONS raises the count for a longer local run.
@Suite struct FuzzTests {
    static let tokens: [[UInt8]] = [
        "\n", "\r\n", "\r", "\n\n", ":", " ", "\t", "=", "=?", "?=", "=?utf-8?B?", "=?x?Q?", "--", "--b1",
        "--b1--", "Content-Type: multipart/mixed; boundary=b1\n", "Content-Type: text/html\n",
        "Content-Transfer-Encoding: base64\n", "Content-Transfer-Encoding: quoted-printable\n", "<", ">",
        "<script>", "&#", "&amp", "From ", "X-SMSFilter: Ham\n", "X-Spam-Flag: YES\n", "\u{0}", "\u{FF}",
        "charset=utf-16\n", "charset=\"\"", "message/rfc822\n",
    ].map { Array($0.utf8) }

    static func mutate(_ input: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + random.below(4)) {
            switch random.below(5) {
            case 0 where !bytes.isEmpty:
                bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
            case 1:
                let token = tokens[random.below(tokens.count)]
                bytes.insert(contentsOf: token, at: random.below(bytes.count + 1))
            case 2 where !bytes.isEmpty:
                bytes.removeLast(random.below(bytes.count))
            case 3 where !bytes.isEmpty:
                let start = random.below(bytes.count)
                let end = min(bytes.count, start + random.below(200))
                bytes.insert(contentsOf: bytes[start..<end], at: random.below(bytes.count + 1))
            default:
                let start = random.below(bytes.count + 1)
                bytes.removeSubrange(start..<min(bytes.count, start + random.below(50)))
            }
        }
        return bytes
    }

    @Test func mutatedFixturesComeBackIntact() {
        let iterations = getenv("SMSFILTER_FUZZ_ITERATIONS").flatMap { Int(String(cString: $0)) } ?? 1_500
        let mail = TestEnvironment.fixturesDirectory + "/mail"
        let seeds = listDirectory(mail).filter { $0.hasSuffix(".eml") || $0.hasSuffix(".txt") }.compactMap {
            readFile(mail + "/" + $0)
        }
        #expect(seeds.count > 20)
        var random = SplitMix64(state: 42)
        var options = passThroughOptions()
        options.limits = TextExtractionLimits(maxTextBytes: 4096, maxDepth: 8, maxParts: 100)
        for _ in 0..<iterations {
            let input = Self.mutate(seeds[random.below(seeds.count)], &random)
            let scorer = FixedScorer(Double(random.below(101)) / 100)
            let outcome = FilterEngine.run(input: input, options: options, scorer: scorer.score)
            let output = outcome.passThrough?.bytes(original: input) ?? []
            if !Self.isIntact(output: output, input: input) {
                Issue.record("mutated input changed:\n\(input)\noutput:\n\(output)")
                return
            }
        }
    }

    /// The output is the input with our lines inserted and forged verdict fields removed (before
    /// the first empty line, where MDAs see the header end), or, for input without a header
    /// block, our lines and an empty line in front.
    static func isIntact(output: [UInt8], input: [UInt8]) -> Bool {
        let header = HeaderBlock.parse(input, in: 0..<input.count, allowFromLine: true)
        let ours = ["X-SMSFilter:", "X-Spam-Flag:"]
        if output.count > input.count, Array(output.suffix(input.count)) == input {
            let prefix = Array(output.prefix(output.count - input.count))
            let rest = removingLines(startingWith: ours, from: prefix)
            if rest == [0x0A] || rest == [0x0D, 0x0A] || rest == [0x0D] { return true }
        }
        var expected: [UInt8] = []
        var copyFrom = 0
        for field in forgedFields(input) {
            expected += input[copyFrom..<field.lowerBound]
            copyFrom = field.upperBound
        }
        expected += input[copyFrom...]
        // Compare at the insertion point: everything before and after it must match exactly.
        let stripped = removingLines(startingWith: ours, from: output)
        if stripped == removingLines(startingWith: ours, from: expected) { return true }
        // An unterminated last header line gets a line break before our header.
        for eol: [UInt8] in [[0x0A], [0x0D, 0x0A], [0x0D]] {
            let cut = header.end - (input.count - expected.count)
            if cut >= 0, cut <= expected.count,
                stripped
                    == removingLines(
                        startingWith: ours, from: Array(expected[..<cut]) + eol + Array(expected[cut...]))
            {
                return true
            }
        }
        return false
    }

    /// `X-SMSFilter` and `X-Spam-Flag` fields (any case, blanks before the colon allowed) with
    /// their continuation lines, before the first empty line; lines split at LF (at CR too in a
    /// message without LF). Written apart from SpamMail's reader, as a second opinion.
    static func forgedFields(_ bytes: [UInt8]) -> [Range<Int>] {
        let lf = bytes.contains(0x0A)
        var result: [Range<Int>] = []
        var start = 0
        var inForged = false
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A && (lf || bytes[end] != 0x0D) { end += 1 }
            let contentEnd = lf && end > start && bytes[end - 1] == 0x0D ? end - 1 : end
            var next = min(bytes.count, end + 1)
            if !lf && end + 1 < bytes.count && bytes[end] == 0x0D && bytes[end + 1] == 0x0A { next += 1 }
            if contentEnd == start { break }
            let line = String(decoding: bytes[start..<contentEnd], as: UTF8.self).lowercased()
            if line.hasPrefix(" ") || line.hasPrefix("\t") {
                if inForged, let last = result.popLast() { result.append(last.lowerBound..<next) }
            } else {
                inForged = ["x-smsfilter", "x-spam-flag"].contains { name in
                    guard line.hasPrefix(name) else { return false }
                    return line.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }.hasPrefix(":")
                }
                if inForged { result.append(start..<next) }
            }
            start = next
        }
        return result
    }
}
