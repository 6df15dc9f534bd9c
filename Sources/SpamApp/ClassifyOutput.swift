import SpamIO
import SpamMail

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Standard streams and output files for `classify`.
enum ClassifyOutput {
    /// gammu-smsd starts `RunOnReceive` with stdin, stdout and stderr closed. Reopen any closed
    /// one on /dev/null so a file we open later (the model, a log) cannot become fd 1 and
    /// receive our output. Returns the descriptors that were closed: a mail filter whose stdin
    /// is closed has no message, and one whose stdout is closed would lose it (both errors).
    @discardableResult
    static func ensureStandardDescriptors() -> Set<Int32> {
        var closed: Set<Int32> = []
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            closed.insert(fd)
            _ = open("/dev/null", O_RDWR)
        }
        // A reader that goes away (EPIPE) must be an error we see, not a silent death by signal.
        StandardOutput.reportBrokenPipes()
        return closed
    }

    /// Writes the pass-through pieces without copying the original.
    static func write(_ output: PassThroughOutput, original: [UInt8], to fd: Int32) throws(SystemError) {
        for piece in output.pieces {
            switch piece {
            case .original(let range):
                try writeRaw(original, range, to: fd)
            case .inserted(let bytes):
                try writeRaw(bytes, 0..<bytes.count, to: fd)
            }
        }
    }

    static func writeRaw(_ bytes: [UInt8], _ range: Range<Int>, to fd: Int32) throws(SystemError) {
        var offset = range.lowerBound
        while offset < range.upperBound {
            let n = bytes.withUnsafeBytes { raw in
                systemWrite(fd, raw.baseAddress! + offset, range.upperBound - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError("write", path: fd == 1 ? "<stdout>" : "fd \(fd)")
            }
            offset += n
        }
    }

    /// Appends one line to a file (created 0600 if missing), with O_APPEND so concurrent
    /// RunOnReceive scripts do not interleave within a line.
    static func appendLine(_ line: String, to path: String) throws(SystemError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        if fd < 0 { throw SystemError("open", path: path) }
        defer { close(fd) }
        let bytes = Array((line + "\n").utf8)
        try writeRaw(bytes, 0..<bytes.count, to: fd)
    }

    /// Buffers text lines and writes them in large chunks (bulk modes).
    struct LineWriter {
        let fd: Int32
        var buffer: [UInt8] = []

        init(fd: Int32) {
            self.fd = fd
            buffer.reserveCapacity(1 << 16)
        }

        /// Appends to a file (created 0600); the descriptor stays open until the process ends.
        init(appendingTo path: String) throws(SystemError) {
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            if fd < 0 { throw SystemError("open", path: path) }
            self.init(fd: fd)
        }

        mutating func line(_ text: String) throws(SystemError) {
            buffer.append(contentsOf: text.utf8)
            buffer.append(0x0A)
            if buffer.count >= 1 << 16 { try flush() }
        }

        mutating func flush() throws(SystemError) {
            try ClassifyOutput.writeRaw(buffer, 0..<buffer.count, to: fd)
            buffer.removeAll(keepingCapacity: true)
        }
    }
}

/// write(2) under a name that the enum's own `write` does not shadow (and no `Glibc.` prefix,
/// which would not build against Musl).
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
