import SpamIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The classification log's inbox: one text line per verdict, appended by each filter process,
/// folded into the store's `classification_log` table by the next process that opens the store
/// for writing (and read alongside the table by read-only ones).
///
/// Why not insert into SQLite directly: a delivery is one short process, and opening the store
/// costs a WAL-index rebuild from the whole write-ahead log plus a write transaction, about 1.5 ms
/// per message (as much as all the rest of the filtering). An append is one `write` under a shared
/// `flock`: a few microseconds, no fsync (the same durability as the store's WAL with
/// `synchronous = NORMAL`: a power cut can lose the last lines, never damage the store).
///
/// Exactly once: each line carries a random key, and the table has a unique index on it, so a
/// fold interrupted between its commit and the truncation of the journal imports nothing twice.
/// Appenders hold a shared lock and the folder an exclusive one, so a line is never written into
/// a journal that is being truncated; an appender whose file was replaced meanwhile (the inode
/// at the path changed) reopens it.
///
/// Line format (tab-separated, newline-terminated):
/// `v1 <key> <time> <digest> <verdict> <score> <model id or ->`.
public struct VerdictJournal: Sendable {
    public let path: String

    /// The journal beside the store at `storePath`.
    public init(storePath: String) { path = storePath + "-verdicts" }

    /// Journal size past which the appending process folds it into the store itself, so that a
    /// store nobody opens for writing (no cron retrain) still keeps its journal small: about
    /// 7,000 verdicts, one fold (a few tens of milliseconds) per 7,000 deliveries.
    public static let foldBytes = 1 << 20

    /// Appends one verdict; returns the journal's size after the append. Creates the journal
    /// (0600) and its directory (0700) when missing.
    @discardableResult
    public func append(_ entry: ClassificationEntry) throws(StoreError) -> Int {
        let line = Array(Self.line(for: entry, key: Self.newKey()).utf8)
        for _ in 0..<3 {
            let fd = try openForAppend()
            defer { close(fd) }
            while flock(fd, LOCK_SH) != 0 {
                if errno != EINTR { throw Self.failure(errno, path: path, doing: "lock") }
            }
            // A fold may have replaced the file between our open and our lock: then write to the new one.
            var opened = stat()
            var current = stat()
            guard fstat(fd, &opened) == 0, stat(path, &current) == 0, opened.st_ino == current.st_ino,
                opened.st_dev == current.st_dev
            else { continue }
            do {
                try FileIO.writeAll(line, to: fd, path: path)
            } catch {
                throw Self.failure(error.code, path: path, doing: "write")
            }
            var written = stat()
            return fstat(fd, &written) == 0 ? Int(written.st_size) : 0
        }
        throw StoreError.locked(path: path)
    }

    /// The verdicts waiting in the journal (none when it does not exist). Lines that do not parse
    /// (a torn last line after a crash) are skipped.
    public func pendingEntries() throws(StoreError) -> [(key: String, entry: ClassificationEntry)] {
        let fd = try Self.open(path, flags: O_RDONLY)
        if fd < 0 { return [] }
        defer { close(fd) }
        while flock(fd, LOCK_SH) != 0 {
            if errno != EINTR { throw Self.failure(errno, path: path, doing: "lock") }
        }
        return try Self.parse(Self.readAll(fd, path: path))
    }

    /// Hands every pending verdict to `importEntries` (which must commit them, ignoring keys it
    /// already has) under an exclusive lock, then empties the journal. Returns how many lines
    /// were handed over.
    @discardableResult
    func fold(into importEntries: ([(key: String, entry: ClassificationEntry)]) throws(StoreError) -> Void)
        throws(StoreError) -> Int
    {
        let fd = try Self.open(path, flags: O_RDWR)
        if fd < 0 { return 0 }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw Self.failure(errno, path: path, doing: "lock") }
        }
        let bytes = try Self.readAll(fd, path: path)
        if bytes.isEmpty { return 0 }
        let entries = Self.parse(bytes)
        if !entries.isEmpty { try importEntries(entries) }
        // Committed: only now empty the journal (a crash before this re-imports, harmlessly).
        if ftruncate(fd, 0) != 0 { throw Self.failure(errno, path: path, doing: "truncate") }
        return entries.count
    }

    // MARK: Format

    static func line(for entry: ClassificationEntry, key: String) -> String {
        func clean(_ field: String) -> String {
            String(field.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
        }
        let model = entry.modelID.map(clean) ?? "-"
        return
            "v1\t\(key)\t\(entry.time)\t\(clean(entry.digest))\t\(clean(entry.verdict))\t\(entry.score)\t\(model)\n"
    }

    static func parse(_ bytes: [UInt8]) -> [(key: String, entry: ClassificationEntry)] {
        var result: [(key: String, entry: ClassificationEntry)] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            let fields = bytes[start..<index].split(
                separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false
            )
            .map { String(decoding: $0, as: UTF8.self) }
            start = index + 1
            guard fields.count == 7, fields[0] == "v1", !fields[1].isEmpty,
                let time = Double(fields[2]), time.isFinite, let score = Double(fields[5]), score.isFinite
            else { continue }
            result.append(
                (
                    fields[1],
                    ClassificationEntry(
                        time: time, digest: fields[3], verdict: fields[4], score: score,
                        modelID: fields[6] == "-" ? nil : fields[6])
                ))
        }
        return result
    }

    /// 128 random bits in hex: unique across processes without coordination.
    static func newKey() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = String(generator.next() as UInt64, radix: 16)
        let low = String(generator.next() as UInt64, radix: 16)
        return String(repeating: "0", count: 16 - high.count) + high
            + String(repeating: "0", count: 16 - low.count) + low
    }

    // MARK: Files

    private func openForAppend() throws(StoreError) -> Int32 {
        var fd = try Self.open(path, flags: O_WRONLY | O_APPEND | O_CREAT)
        if fd < 0 {
            let directory = FilePath.directory(of: path)
            do {
                try FileIO.makeDirectories(directory, mode: 0o700)
            } catch {
                throw Self.failure(error.code, path: directory, doing: "create directory")
            }
            fd = try Self.open(path, flags: O_WRONLY | O_APPEND | O_CREAT)
        }
        if fd < 0 { throw Self.failure(ENOENT, path: path, doing: "open") }
        return fd
    }

    /// Opens the journal only if it is a regular file (a FIFO there would hang the delivery after
    /// the message was written); -1 when it does not exist.
    private static func open(_ path: String, flags: Int32) throws(StoreError) -> Int32 {
        do {
            return try FileIO.openRegularFile(path, flags: flags)
        } catch {
            if error.code == ENOENT { return -1 }
            if let reason = error.reason {
                throw StoreError.cannotOpen(path: path, detail: "journal: " + reason)
            }
            throw failure(error.code, path: path, doing: "open")
        }
    }

    private static func readAll(_ fd: Int32, path: String) throws(StoreError) -> [UInt8] {
        do {
            return try FileIO.readAll(fileDescriptor: fd, path: path)
        } catch {
            throw failure(error.code, path: path, doing: "read")
        }
    }

    private static func failure(_ code: Int32, path: String, doing operation: String) -> StoreError {
        let message = "cannot \(operation) \(path): " + String(cString: strerror(code))
        if code == EACCES || code == EROFS || code == EPERM { return .readOnly(path: path, detail: message) }
        if code == ENOSPC || code == EDQUOT { return .full(path: path) }
        return .cannotOpen(path: path, detail: message)
    }
}
