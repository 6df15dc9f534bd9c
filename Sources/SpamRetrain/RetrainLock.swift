#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// An exclusive `flock` on a lock file, so two retrains never run at once. The kernel drops the
/// lock when the process dies, even by `kill -9`, so a crashed retrain never blocks the next.
public final class RetrainLock {
    public let path: String
    private var fd: Int32

    /// Takes the lock without waiting; throws `.busy` when another process holds it.
    public init(path: String) throws(RetrainError) {
        self.path = path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 {
            throw .file("cannot open lock file \(path): " + String(cString: strerror(errno)))
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            close(fd)
            fd = -1
            if code == EWOULDBLOCK { throw .busy(lockPath: path) }
            throw .file("cannot lock \(path): " + String(cString: strerror(code)))
        }
    }

    /// Releases the lock (also done on deinit).
    public func release() {
        if fd >= 0 {
            flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }

    deinit { release() }
}
