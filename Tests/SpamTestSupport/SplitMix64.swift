/// A small deterministic generator (SplitMix64), so every run of a test that mutates or damages
/// its input does so the same way.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64

    public init(state: UInt64) {
        self.state = state
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<n (0 when n ≤ 0).
    public mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
}

/// `count` inputs made from `valid` ones (seeded): each a valid input with up to three edits, a
/// stray byte put in, a byte taken out, or the rest replaced by another valid input from a
/// random point on; for the tests that throw mangled requests at a protocol's reader.
public func mangledInputs(from valid: [[UInt8]], stray: [UInt8], seed: UInt64, count: Int) -> [[UInt8]] {
    var generator = SplitMix64(state: seed)
    var inputs: [[UInt8]] = []
    inputs.reserveCapacity(count)
    for _ in 0..<count {
        var bytes = valid[Int(generator.next() % UInt64(valid.count))]
        for _ in 0..<Int(generator.next() % 4) {
            let position = Int(generator.next() % UInt64(bytes.count + 1))
            switch generator.next() % 3 {
            case 0: bytes.insert(stray[Int(generator.next() % UInt64(stray.count))], at: position)
            case 1: if position < bytes.count { bytes.remove(at: position) }
            default: bytes = Array(bytes[..<position]) + valid[Int(generator.next() % UInt64(valid.count))]
            }
        }
        inputs.append(bytes)
    }
    return inputs
}
