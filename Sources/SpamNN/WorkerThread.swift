#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A POSIX thread that runs one closure while the caller continues; `join` waits for it to finish
/// and hands back what the closure returned.
///
/// Used only by the opt-in two-thread paths (scoring, tokenizing a batch); every piece of work it
/// runs writes to memory no other thread touches, so results do not depend on scheduling. The
/// closure is `@Sendable` so the compiler checks what crosses to the thread; state the compiler
/// cannot see is split (scratch, output slots by index range) crosses in a `WorkerShare`.
public final class WorkerThread<Result: Sendable> {
    /// Where the thread leaves the closure's result. It writes before it exits and the caller
    /// reads only after `pthread_join`, which orders the two.
    private final class ResultSlot: @unchecked Sendable {
        var value: Result?
    }

    private let result = ResultSlot()
    private var thread = pthread_t()
    private var joined = false

    /// Starts `body` on a new thread; nil if the thread could not be created (run it inline then).
    public init?(_ body: @escaping @Sendable () -> Result) {
        let slot = result
        // The thread owns one reference until it has run the closure.
        let context = Unmanaged.passRetained(ThreadEntry { slot.value = body() }).toOpaque()
        let status = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<ThreadEntry>.fromOpaque(raw).takeRetainedValue().run()
                return nil
            }, context)
        if status != 0 {
            Unmanaged<ThreadEntry>.fromOpaque(context).release()
            return nil
        }
    }

    /// Waits for the closure to return; its result.
    @discardableResult
    public func join() -> Result {
        if !joined {
            pthread_join(thread, nil)
            joined = true
        }
        return result.value!
    }

    deinit { join() }
}

/// The closure a new thread starts with; not generic, because a C function pointer (the thread's
/// start routine) cannot depend on a generic parameter.
private final class ThreadEntry: Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}

/// What a caller shares with a `WorkerThread` that the compiler cannot prove safe to share: the
/// caller promises that, until `join`, the two threads only read it or touch disjoint parts of it
/// (each thread its own workspace and its own output slots).
public struct WorkerShare<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}
