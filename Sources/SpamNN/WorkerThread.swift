import Glibc

/// A POSIX thread that runs one closure while the caller continues; `join` waits for it to finish.
///
/// Used only by the opt-in two-thread paths (scoring, tokenizing a batch); every piece of work it
/// runs writes to memory no other thread touches, so results do not depend on scheduling.
public final class WorkerThread {
    private final class Work {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    private var thread = pthread_t()
    private var joined = false

    /// Starts `body` on a new thread; nil if the thread could not be created (run it inline then).
    public init?(_ body: @escaping () -> Void) {
        let context = Unmanaged.passRetained(Work(body)).toOpaque()
        let status = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<Work>.fromOpaque(raw).takeRetainedValue().body()
            return nil
        }, context)
        if status != 0 {
            Unmanaged<Work>.fromOpaque(context).release()
            return nil
        }
    }

    /// Waits for the closure to return.
    public func join() {
        if joined { return }
        pthread_join(thread, nil)
        joined = true
    }

    deinit { join() }
}
