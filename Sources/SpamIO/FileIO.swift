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
    /// Said instead of `strerror(code)` when the system's text would mislead ("not a regular
    /// file (a FIFO)" rather than "No such device or address").
    public let reason: String?

    public init(_ operation: String, path: String, code: Int32 = errno, reason: String? = nil) {
        self.operation = operation
        self.path = path
        self.code = code
        self.reason = reason
    }

    public var description: String {
        "cannot \(operation) \(path): \(reason ?? String(cString: strerror(code)))"
    }
}

/// read(2), named apart so that `FileIO.read` does not hide it inside the enum (a `Glibc.read`
/// would not build against Musl).
@inline(__always)
private func readDescriptor(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
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
        // Not zeroed: read(2) fills what is used, and zeroing 64 KB touched 16 fresh pages per
        // delivery (a page fault each) to read a message of a few.
        var chunk = [UInt8](unsafeUninitializedCapacity: 1 << 16) { _, initialized in initialized = 1 << 16 }
        while bytes.count <= limit {
            let n = chunk.withUnsafeMutableBytes { readDescriptor(fd, $0.baseAddress, $0.count) }
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
            let n = chunk.withUnsafeMutableBytes { readDescriptor(fd, $0.baseAddress, $0.count) }
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
    public static func readPrefix(path: String, limit: Int) throws(SystemError) -> (bytes: [UInt8], size: Int)
    {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw SystemError("open", path: path) }
        defer { close(fd) }
        return try readPrefix(fileDescriptor: fd, limit: limit, path: path)
    }

    /// The first bytes of an input that may be too large to hold: all of it when it has at
    /// most `limit` bytes, otherwise more than `limit` bytes (a regular file: `limit` + 1) with
    /// the descriptor left after them, so the caller can stream the rest.
    public static func readHead(fileDescriptor fd: Int32, limit: Int, path: String = "<stdin>")
        throws(SystemError) -> [UInt8]
    {
        try read(openFile: fd, path: path, limit: limit)
    }

    /// One read(2) into `buffer` (retried on EINTR): the number of bytes read, 0 at the end.
    public static func readSome(
        fileDescriptor fd: Int32, into buffer: inout [UInt8], path: String = "<stdin>"
    )
        throws(SystemError) -> Int
    {
        while true {
            let n = buffer.withUnsafeMutableBytes { readDescriptor(fd, $0.baseAddress, $0.count) }
            if n >= 0 { return n }
            if errno != EINTR { throw SystemError("read", path: path) }
        }
    }

    /// Opens an input file (a message: a regular file, or a FIFO some MDA wrote) for reading.
    public static func openForReading(_ path: String) throws(SystemError) -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw SystemError("open", path: path) }
        return fd
    }

    /// The size of an open regular file, or nil for a pipe, FIFO or device.
    public static func regularFileSize(_ fd: Int32) -> Int? {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Reads a whole file. A regular file is read straight into a buffer of its size (one
    /// allocation, no regrowth: model files are read on every delivery).
    public static func read(path: String) throws(SystemError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw SystemError("open", path: path) }
        defer { close(fd) }
        return try read(openFile: fd, path: path)
    }

    /// The rest of an open file: a regular file straight into a buffer of its size.
    /// `status`: the file's fstat when the caller has it already (one syscall less).
    private static func read(openFile fd: Int32, path: String, limit: Int = Int.max, status: stat? = nil)
        throws(SystemError) -> [UInt8]
    {
        var info = status ?? stat()
        guard status != nil || fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0
        else {
            return try readAll(fileDescriptor: fd, limit: limit, path: path)
        }
        let size = min(Int(info.st_size), limit == Int.max ? Int.max : limit + 1)
        var failure: SystemError?
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while initialized < size {
                let n = readDescriptor(fd, buffer.baseAddress! + initialized, size - initialized)
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
        // A file that grew while being read: take the rest too (up to the limit).
        if bytes.count == size && size <= limit {
            bytes += try readAll(fileDescriptor: fd, limit: limit - size, path: path)
        }
        return bytes
    }

    /// Opens a file that must be a regular one: the model, the store, the active-model pointer,
    /// the verdict journal, the config file. A FIFO would block the open or the first read (the
    /// filter hangs in the middle of a delivery) and a device such as /dev/zero never ends, so
    /// the file is opened with O_NONBLOCK, checked with fstat, and only then read or written;
    /// anything else is refused with a `SystemError` that says what it is. `flags` are
    /// open(2)'s (O_RDONLY, O_WRONLY | O_APPEND | O_CREAT, …).
    public static func openRegularFile(_ path: String, flags: Int32 = O_RDONLY, mode: mode_t = 0o600)
        throws(SystemError) -> Int32
    {
        try openRegularFileWithStatus(path, flags: flags, mode: mode).fd
    }

    /// `openRegularFile`, with the fstat it made (its size: no second fstat on the delivery path).
    public static func openRegularFileWithStatus(
        _ path: String, flags: Int32 = O_RDONLY, mode: mode_t = 0o600
    )
        throws(SystemError) -> (fd: Int32, status: stat)
    {
        let fd = open(path, flags | O_NONBLOCK | O_CLOEXEC, mode)
        if fd < 0 {
            let code = errno
            // A FIFO opened for writing with no reader fails with ENXIO: say what it is.
            if code == ENXIO || code == EWOULDBLOCK, let kind = kind(ofPath: path), kind != "a regular file" {
                throw SystemError("open", path: path, code: code, reason: "not a regular file (\(kind))")
            }
            throw SystemError("open", path: path, code: code)
        }
        var info = stat()
        if fstat(fd, &info) != 0 {
            let failure = SystemError("stat", path: path)
            close(fd)
            throw failure
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            let kind = kind(ofMode: info.st_mode)
            if kind == "a directory" {
                throw SystemError("open", path: path, code: EISDIR, reason: "is a directory")
            }
            throw SystemError("open", path: path, code: EINVAL, reason: "not a regular file (\(kind))")
        }
        // O_NONBLOCK stays: it changes nothing for a regular file (reads and writes of one
        // never return EAGAIN), and two fcntl calls less count on the per-delivery path.
        return (fd, info)
    }

    /// Reads a whole file that must be a regular file (see `openRegularFile`), at most `limit`
    /// bytes (a larger file is refused, not cut).
    public static func readRegularFile(path: String, limit: Int = Int.max) throws(SystemError) -> [UInt8] {
        let (fd, status) = try openRegularFileWithStatus(path)
        defer { close(fd) }
        let bytes = try read(openFile: fd, path: path, limit: limit, status: status)
        if bytes.count > limit {
            throw SystemError("read", path: path, code: EFBIG, reason: "larger than \(limit) bytes")
        }
        return bytes
    }

    /// Refuses a path that exists but is not a regular file (nil when it is one or is missing):
    /// for files handed to a library that opens them itself (SQLite).
    public static func checkRegularIfPresent(_ path: String) throws(SystemError) {
        var info = stat()
        if stat(path, &info) != 0 {
            let code = errno
            if code == ENOENT {
                // A dangling symbolic link: say so, whoever asks.
                var link = stat()
                if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
                    throw SystemError(
                        "open", path: path, code: ENOENT, reason: "a symbolic link to a missing file")
                }
                return
            }
            throw SystemError("open", path: path, code: code)
        }
        let kind = kind(ofMode: info.st_mode)
        if kind == "a directory" {
            throw SystemError("open", path: path, code: EISDIR, reason: "is a directory")
        }
        if kind != "a regular file" {
            throw SystemError("open", path: path, code: EINVAL, reason: "not a regular file (\(kind))")
        }
    }

    private static func kind(ofPath path: String) -> String? {
        var info = stat()
        return stat(path, &info) == 0 ? kind(ofMode: info.st_mode) : nil
    }

    private static func kind(ofMode mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: "a regular file"
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a file"
        }
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
    /// `durable: false` leaves out both fsyncs, for a cache whose loss in a crash costs nothing
    /// but recomputing it (the rename still makes it all-or-nothing).
    public static func writeAtomically(
        _ bytes: [UInt8], to path: String, mode: mode_t = 0o644, durable: Bool = true
    )
        throws(SystemError)
    {
        let temporary = path + ".tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        if fd < 0 { throw SystemError("create", path: temporary) }
        do throws(SystemError) {
            try writeAll(bytes, to: fd, path: temporary)
            if durable && fsync(fd) != 0 { throw SystemError("fsync", path: temporary) }
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
        guard durable else { return }
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

    /// The names in a directory (without `.` and `..`), sorted; nil when it cannot be opened.
    public static func entryNames(in directory: String) -> [String]? {
        guard let handle = opendir(directory) else { return nil }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
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

    /// The last part of a path: "a/b/c.tsv" → "c.tsv".
    public static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
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

    /// The user's home: `$HOME`, else the password entry's home directory (cron, `env -i`,
    /// some MDAs run without HOME; falling back to the current directory put the store wherever
    /// the process happened to start), else `/nonexistent`, where nothing can be created.
    public static func homeDirectory(environment: (String) -> String? = ProcessInfoLite.environment) -> String
    {
        if let home = environment("HOME") { return home }
        if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
            let home = String(cString: directory)
            if home.hasPrefix("/") { return home }
        }
        return "/nonexistent"
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
