/// Per-token LSTM input projections b + embedding[v]·Wx (4H floats each), computed on first use and
/// kept until the parameters change, so scoring does one (1,H)·(H,4H) product per token instead of two.
///
/// Rows are stored densely in the order they are first needed (in fixed chunks, so a row never
/// moves once handed out), not at their id's place in a V·4H table: a process that scores one
/// message touches a few pages for its few dozen tokens instead of one page per token, which
/// mattered on the one-process-per-mail path (a page fault per row was the biggest single cost).
final class ProjectionCache {
    private let vocabularySize: Int
    private let width: Int
    /// stamps[v] == generation ⇔ row v is valid, at slot slots[v].
    private var stamps: UnsafeMutablePointer<UInt32>?
    private var slots: UnsafeMutablePointer<Int32>?
    private var generation: UInt32 = 1
    /// Slot s lives in chunks[s / rowsPerChunk], row s % rowsPerChunk.
    private var chunks: [UnsafeMutablePointer<Float>] = []
    private var slotsUsed = 0
    private static let rowsPerChunk = 64

    /// False when V·4H is too large to cache (over 2^26 floats); callers then compute rows directly.
    let isEnabled: Bool

    init(vocabularySize: Int, width: Int) {
        self.vocabularySize = vocabularySize
        self.width = width
        isEnabled =
            vocabularySize.multipliedReportingOverflow(by: width).partialValue <= 1 << 26
            && vocabularySize * width > 0
    }

    deinit {
        stamps?.deallocate()
        slots?.deallocate()
        for chunk in chunks { chunk.deallocate() }
    }

    /// Forgets every row (call when the parameters change). The chunks are kept for reuse.
    func invalidate() {
        slotsUsed = 0
        generation &+= 1
        if generation == 0 {
            stamps?.update(repeating: 0, count: vocabularySize)
            generation = 1
        }
    }

    /// The projection row for token `id` (0..<V), computing it with `compute` if it is not cached.
    /// The pointer stays valid until `invalidate`. Requires `isEnabled`.
    @inline(__always) func row(_ id: Int, compute: (UnsafeMutablePointer<Float>) -> Void) -> UnsafePointer<
        Float
    > {
        if let stamps, stamps[id] == generation { return UnsafePointer(place(Int(slots![id]))) }
        let row = claim(id)!
        compute(row)
        return UnsafePointer(row)
    }

    /// The slot to fill for token `id` (0..<V) if it is not cached yet, else nil. The row counts as
    /// cached from now on, so the caller must fill it before anyone reads it. Requires `isEnabled`.
    func claim(_ id: Int) -> UnsafeMutablePointer<Float>? {
        if stamps == nil {
            let s = UnsafeMutablePointer<UInt32>.allocate(capacity: vocabularySize)
            s.initialize(repeating: 0, count: vocabularySize)
            stamps = s
            slots = .allocate(capacity: vocabularySize)
        }
        if stamps![id] == generation { return nil }
        let slot = slotsUsed
        slotsUsed += 1
        if slot / Self.rowsPerChunk == chunks.count {
            chunks.append(.allocate(capacity: Self.rowsPerChunk * width))
        }
        stamps![id] = generation
        slots![id] = Int32(slot)
        return place(slot)
    }

    @inline(__always) private func place(_ slot: Int) -> UnsafeMutablePointer<Float> {
        chunks[slot / Self.rowsPerChunk] + (slot % Self.rowsPerChunk) * width
    }
}
