#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The bytes of a whole file, memory-mapped read-only when the file is a regular one (pages are
/// read from the page cache only when touched, so a process that scores one message pays for the
/// few embedding rows it uses, not for the whole model), else read into memory.
///
/// Files are replaced by atomic rename everywhere in smsfilter, so the mapped inode never changes
/// under a running process. Immutable after init, hence safe to share between threads.
public final class MappedFile: @unchecked Sendable {
    public let path: String
    /// Valid for the object's lifetime.
    public let bytes: UnsafeRawBufferPointer
    private let isMapped: Bool

    public init(path: String) throws(SystemError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw SystemError("open", path: path) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0,
            let address = mmap(nil, Int(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED
        {
            bytes = UnsafeRawBufferPointer(start: address, count: Int(info.st_size))
            isMapped = true
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
