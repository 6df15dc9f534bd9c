#if canImport(Glibc)
public import Glibc
#elseif canImport(Musl)
public import Musl
#endif

/// An operating-system failure, with the path and the `strerror` text a user can act on.
public struct SystemError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let path: String
    public let code: Int32

    public init(_ operation: String, path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String {
        "cannot \(operation) \(path): \(String(cString: strerror(code)))"
    }
}

/// Small, Foundation-free file helpers: the executable links no Foundation so that one process
/// per delivered message starts fast.
public enum FileIO {
    /// Reads all bytes from a file descriptor until end of file, retrying on EINTR.
    /// `limit` stops reading after that many bytes (the result then has `limit + 1` bytes at most,
    /// so callers can tell "exactly at the cap" from "over it").
    public static func readAll(fileDescriptor fd: Int32, limit: Int = Int.max, path: String = "<stdin>")
        throws(SystemError) -> [UInt8]
    {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError("read", path: path)
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    /// The first `limit` bytes from a file descriptor and the size of everything it delivers:
    /// the rest is read and dropped, so the writer (an MDA piping the message in) is not cut
    /// off, yet memory stays bounded by `limit` whatever the input's size.
    public static func readPrefix(fileDescriptor fd: Int32, limit: Int, path: String = "<stdin>")
        throws(SystemError) -> (bytes: [UInt8], size: Int)
    {
        var bytes = try readAll(fileDescriptor: fd, limit: limit, path: path)
        guard bytes.count > limit else { return (bytes, bytes.count) }
        var size = bytes.count
        bytes.removeSubrange(limit...)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError("read", path: path)
            }
            if n == 0 { break }
            size += n
        }
        return (bytes, size)
    }

    /// `readPrefix` of a file.
    public static func readPrefix(path: String, limit: Int) throws(SystemError) -> (bytes: [UInt8], size: Int) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw SystemError("open", path: path) }
        defer { close(fd) }
        return try readPrefix(fileDescriptor: fd, limit: limit, path: path)
    }

    /// Reads a whole file. A regular file is read straight into a buffer of its size (one
    /// allocation, no regrowth: model files are read on every delivery).
    public static func read(path: String) throws(SystemError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw SystemError("open", path: path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else {
            return try readAll(fileDescriptor: fd, path: path)
        }
        let size = Int(info.st_size)
        var failure: SystemError?
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while initialized < size {
                let n = Glibc.read(fd, buffer.baseAddress! + initialized, size - initialized)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = SystemError("read", path: path)
                    return
                }
                if n == 0 { break }
                initialized += n
            }
        }
        if let failure { throw failure }
        // A file that grew while being read: take the rest too.
        if bytes.count == size { bytes += try readAll(fileDescriptor: fd, path: path) }
        return bytes
    }

    /// Writes all bytes to a file descriptor, retrying on EINTR and short writes.
    public static func writeAll(_ bytes: some Collection<UInt8>, to fd: Int32, path: String = "<stdout>")
        throws(SystemError)
    {
        let contiguous = Array(bytes)
        var offset = 0
        while offset < contiguous.count {
            let n = contiguous.withUnsafeBytes {
                write(fd, $0.baseAddress! + offset, $0.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError("write", path: path)
            }
            offset += n
        }
    }

    /// Writes a file so that a reader sees the old contents or the new, never half of either:
    /// a temporary file in the same directory, fsync, rename, fsync of the directory.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644)
        throws(SystemError)
    {
        let temporary = path + ".tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        if fd < 0 { throw SystemError("create", path: temporary) }
        do throws(SystemError) {
            try writeAll(bytes, to: fd, path: temporary)
            if fsync(fd) != 0 { throw SystemError("fsync", path: temporary) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        if rename(temporary, path) != 0 {
            let failure = SystemError("rename to", path: path)
            unlink(temporary)
            throw failure
        }
        let directory = FilePath.directory(of: path)
        let dirfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 {
            fsync(dirfd)
            close(dirfd)
        }
    }

    /// True when something exists at `path`.
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Creates a directory and its parents (like `mkdir -p`).
    public static func makeDirectories(_ path: String, mode: mode_t = 0o700) throws(SystemError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, mode) != 0 && errno != EEXIST {
                throw SystemError("create directory", path: prefix)
            }
            prefix += "/"
        }
    }
}

/// Path string helpers (no Foundation URL on the hot path).
public enum FilePath {
    /// The directory part of a path: "a/b/c" → "a/b", "c" → ".", "/c" → "/".
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// Joins two path parts with one slash.
    public static func join(_ base: String, _ name: String) -> String {
        base.hasSuffix("/") ? base + name : base + "/" + name
    }
}

/// The process environment, standard error and the executable's own location.
public enum ProcessInfoLite {
    /// An environment variable, or nil when unset or empty.
    public static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let string = String(cString: value)
        return string.isEmpty ? nil : string
    }

    /// The absolute path of the running executable (from /proc/self/exe).
    public static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Writes a line to standard error.
    public static func printError(_ message: String) {
        var line = message
        if !line.hasSuffix("\n") { line += "\n" }
        try? FileIO.writeAll(Array(line.utf8), to: 2, path: "<stderr>")
    }

    /// Seconds since the Unix epoch, from the realtime clock.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Seconds from a monotonic clock, for measuring durations.
    public static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
