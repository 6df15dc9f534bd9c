/// A growable scratch buffer of floats owned by a layer, reused across calls to avoid allocations.
///
/// Contents are unspecified after `reserve` grows the buffer; callers overwrite what they read.
final class FloatBuffer {
    private(set) var pointer: UnsafeMutablePointer<Float>
    private(set) var capacity: Int

    init(capacity: Int = 0) {
        self.capacity = max(capacity, 1)
        pointer = .allocate(capacity: self.capacity)
        pointer.initialize(repeating: 0, count: self.capacity)
    }

    deinit { pointer.deallocate() }

    /// Returns storage for at least `count` floats.
    @inline(__always) func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity { grow(count) }
        return pointer
    }

    private func grow(_ count: Int) {
        pointer.deallocate()
        capacity = max(count, capacity * 2)
        pointer = .allocate(capacity: capacity)
        pointer.initialize(repeating: 0, count: capacity)
    }
}
