/// How a ragged batch is laid out for the recurrence: sequences sorted longest first, stored time-major
/// and packed, so step t holds rows 0..<active[t] (the sequences still running) and no padding exists.
///
/// A sequence's state stops changing after its last token simply because its row is no longer
/// processed; its score therefore never depends on its batch neighbours.
struct PackedLayout {
    /// B: number of sequences.
    let batchSize: Int
    /// T: longest sequence length.
    let steps: Int
    /// Sequence lengths in sorted (descending) order, count B.
    let lengths: [Int]
    /// active[t]: number of sequences with length > t, count T.
    let active: [Int]
    /// offsets[t]: packed row of (step t, sequence 0); offsets[T] = N, the total number of tokens.
    let offsets: [Int]

    /// N: total number of packed rows (tokens).
    var rowCount: Int { offsets[steps] }

    /// `sortedLengths` must be non-increasing.
    init(sortedLengths: [Int]) {
        batchSize = sortedLengths.count
        let t = sortedLengths.first ?? 0
        steps = t
        lengths = sortedLengths
        var active = [Int](repeating: 0, count: t)
        var running = sortedLengths.count
        for step in 0..<t {
            while running > 0 && sortedLengths[running - 1] <= step { running -= 1 }
            active[step] = running
        }
        var offsets = [Int](repeating: 0, count: t + 1)
        for step in 0..<t { offsets[step + 1] = offsets[step] + active[step] }
        self.active = active
        self.offsets = offsets
    }

    /// All B sequences have length T.
    init(batchSize: Int, steps: Int) {
        self.init(sortedLengths: [Int](repeating: steps, count: batchSize))
    }
}
