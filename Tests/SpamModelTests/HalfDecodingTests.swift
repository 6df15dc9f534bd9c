import SpamText
import Testing

@testable import SpamModel

/// The vectorized half → float decoder agrees with the scalar one on every 16-bit pattern (zeros,
/// subnormals, normals, infinities, NaNs), at every position of an 8-lane block.
@Test func halfDecodingMatchesTheScalarConversionForEveryPattern() {
    let patterns = Array(0...UInt16.max) + [0x3C00, 0x8001, 0x7C01]  // count not a multiple of 8
    let bytes = patterns.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let decoded = bytes.withUnsafeBytes { ModelFile.decodeWeights($0, count: patterns.count, width: 2) }
    var mismatches = 0
    for (pattern, value) in zip(patterns, decoded)
    where value.bitPattern != floatFromHalfBits(pattern).bitPattern {
        mismatches += 1
    }
    #expect(decoded.count == patterns.count)
    #expect(mismatches == 0)
}
