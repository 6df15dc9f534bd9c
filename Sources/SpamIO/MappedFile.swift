#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The bytes of a whole file, memory-mapped read-only when the file is a regular one (pages are
/// read from the page cache only when touched, so a process that scores one message pays for the
/// few embedding rows it uses, not for the whole model), else read into memory.
///
/// smsfilter replaces files by atomic rename, but an operator's `cp`, `install` or `truncate`
/// writes into the inode a process has mapped: pages then change under it, and a truncation
/// turns the next touch of a lost page into SIGBUS. So only short-lived readers map (one
/// delivery, which loads and scores within milliseconds); long runs ask for a `copy`, read
/// into memory of their own once. Immutable after init, hence safe to share between threads.
public final class MappedFile: @unchecked Sendable {
    public let path: String
    /// Valid for the object's lifetime.
    public let bytes: UnsafeRawBufferPointer
    /// The file's identity when it was opened, for a regular file (nil: a stream).
    public let identity: FileIdentity?
    private let isMapped: Bool

    /// Maps a regular file; anything else (a FIFO, a device) is refused, unless `allowStreams`
    /// (messages, which may come from a pipe), when it is read whole instead. `copy`: read the
    /// file into memory instead of mapping it (copy-on-load).
    public init(path: String, allowStreams: Bool = false, copy: Bool = false) throws(SystemError) {
        self.path = path
        let fd: Int32
        var info = stat()
        var known = false
        if allowStreams {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 { throw SystemError("open", path: path) }
        } else {
            (fd, info) = try FileIO.openRegularFileWithStatus(path)
            known = true
        }
        defer { close(fd) }
        if !known && fstat(fd, &info) != 0 { info.st_mode = 0 }
        identity = (info.st_mode & S_IFMT) == S_IFREG ? FileIdentity(info) : nil
        if !copy, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0,
            let address = mmap(nil, Int(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED
        {
            bytes = UnsafeRawBufferPointer(start: address, count: Int(info.st_size))
            isMapped = true
            return
        }
        if copy, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 {
            // Straight into a buffer of the file's size: one allocation, one copy.
            let size = Int(info.st_size)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
            var filled = 0
            while filled < size {
                let n = read(fd, buffer.baseAddress! + filled, size - filled)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    let failure = n < 0 ? SystemError("read", path: path) : nil
                    if let failure {
                        buffer.deallocate()
                        throw failure
                    }
                    break  // shrank meanwhile: what was there (the checksum will tell)
                }
                filled += n
            }
            bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<filled])
            isMapped = false
            return
        }
        // Not mappable (a pipe, /dev/stdin, an empty file): read it.
        let contents = try FileIO.readAll(fileDescriptor: fd, path: path)
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(contents.count, 1), alignment: 16)
        contents.withUnsafeBytes { copy.copyMemory(from: $0) }
        bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(copy)[0..<contents.count])
        isMapped = false
    }

    deinit {
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
        } else {
            UnsafeMutableRawPointer(mutating: bytes.baseAddress)?.deallocate()
        }
    }
}
