/// Per-token LSTM input projections b + embedding[v]·Wx (4H floats each), computed on first use and
/// kept until the parameters change, so scoring does one (1,H)·(H,4H) product per token instead of two.
///
/// Memory for V·4H floats is reserved on first use but only rows actually computed are touched, so a
/// single-message run pays only for its own tokens.
final class ProjectionCache {
    private let vocabularySize: Int
    private let width: Int
    private var table: UnsafeMutablePointer<Float>?
    /// stamps[v] == generation ⇔ row v is valid.
    private var stamps: UnsafeMutablePointer<UInt32>?
    private var generation: UInt32 = 1

    /// False when V·4H is too large to reserve (over 2^26 floats); callers then compute rows directly.
    let isEnabled: Bool

    init(vocabularySize: Int, width: Int) {
        self.vocabularySize = vocabularySize
        self.width = width
        isEnabled = vocabularySize.multipliedReportingOverflow(by: width).partialValue <= 1 << 26
            && vocabularySize * width > 0
    }

    deinit {
        table?.deallocate()
        stamps?.deallocate()
    }

    /// Forgets every row (call when the parameters change).
    func invalidate() {
        generation &+= 1
        if generation == 0 {
            stamps?.update(repeating: 0, count: vocabularySize)
            generation = 1
        }
    }

    /// The projection row for token `id` (0..<V), computing it with `compute` if it is not cached.
    /// Requires `isEnabled`.
    @inline(__always) func row(_ id: Int, compute: (UnsafeMutablePointer<Float>) -> Void) -> UnsafePointer<Float> {
        if table == nil {
            // Left uninitialized on purpose: untouched pages cost no memory.
            table = .allocate(capacity: vocabularySize * width)
            let s = UnsafeMutablePointer<UInt32>.allocate(capacity: vocabularySize)
            s.initialize(repeating: 0, count: vocabularySize)
            stamps = s
        }
        let row = table! + id * width
        if stamps![id] != generation {
            compute(row)
            stamps![id] = generation
        }
        return UnsafePointer(row)
    }
}
