#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Which version of a file this is, as the kernel keeps it: device, inode, size, modification
/// and status-change times to the nanosecond. Rewriting a file in place changes its ctime (which
/// no user can set back), replacing it by rename changes its inode, so two equal identities mean
/// the bytes were not written in between (short of writing the disk under the file system).
public struct FileIdentity: Equatable, Sendable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    public var modified: Timestamp
    public var changed: Timestamp

    public struct Timestamp: Equatable, Sendable {
        public var seconds: Int64
        public var nanoseconds: Int64
        public init(seconds: Int64, nanoseconds: Int64) {
            self.seconds = seconds
            self.nanoseconds = nanoseconds
        }
    }

    public init(device: UInt64, inode: UInt64, size: Int64, modified: Timestamp, changed: Timestamp) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
    }

    init(_ info: stat) {
        self.init(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modified: Timestamp(
                seconds: Int64(info.st_mtim.tv_sec), nanoseconds: Int64(info.st_mtim.tv_nsec)),
            changed: Timestamp(seconds: Int64(info.st_ctim.tv_sec), nanoseconds: Int64(info.st_ctim.tv_nsec)))
    }

    /// Five space-separated fields, e.g. `2049 1835012 1005678 1764115200.123456789 1764115200.123456789`.
    public var text: String {
        "\(device) \(inode) \(size) \(modified.seconds).\(modified.nanoseconds) \(changed.seconds).\(changed.nanoseconds)"
    }

    /// Parses `text`; nil for anything else.
    /// The identity of the file at `path` (symbolic links followed), or nil when it cannot be read.
    public static func of(path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(info)
    }

    public init?(text: Substring) {
        let fields = text.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 5, let device = UInt64(fields[0]), let inode = UInt64(fields[1]),
            let size = Int64(fields[2]), let modified = Self.timestamp(fields[3]),
            let changed = Self.timestamp(fields[4])
        else { return nil }
        self.init(device: device, inode: inode, size: size, modified: modified, changed: changed)
    }

    private static func timestamp(_ field: Substring) -> Timestamp? {
        let parts = field.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let seconds = Int64(parts[0]), let nanoseconds = Int64(parts[1]) else {
            return nil
        }
        return Timestamp(seconds: seconds, nanoseconds: nanoseconds)
    }
}
