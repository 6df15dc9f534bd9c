import SpamIO
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

@Test func atomicWriteThenReadRoundTrips() throws {
    let dir = "/tmp/spamio-test-\(getpid())"
    try FileIO.makeDirectories(dir + "/a/b")
    let path = dir + "/a/b/file.bin"
    let bytes: [UInt8] = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    try FileIO.writeAtomically(bytes, to: path)
    #expect(try FileIO.read(path: path) == bytes)
    #expect(!FileIO.exists(path + ".tmp.\(getpid())"))
}

@Test func readingAMissingFileNamesThePath() {
    #expect(throws: SystemError.self) { try FileIO.read(path: "/nonexistent/smsfilter/x") }
    do {
        _ = try FileIO.read(path: "/nonexistent/smsfilter/x")
    } catch {
        #expect(error.description.contains("/nonexistent/smsfilter/x"))
    }
}

@Test func directoryOfPath() {
    #expect(FilePath.directory(of: "a/b/c") == "a/b")
    #expect(FilePath.directory(of: "c") == ".")
    #expect(FilePath.directory(of: "/c") == "/")
    #expect(FilePath.join("a/", "b") == "a/b")
}

/// Model, store, pointer, journal and config are opened only as regular files: a FIFO with no
/// writer would block the read forever, a device never ends.
@Test func onlyRegularFilesAreOpened() throws {
    let dir = "/tmp/spamio-regular-\(getpid())"
    try FileIO.makeDirectories(dir)
    defer { _ = system("rm -rf '\(dir)'") }
    let fifo = dir + "/fifo"
    #expect(mkfifo(fifo, 0o600) == 0)
    for (path, kind) in [(fifo, "a FIFO"), ("/dev/zero", "a character device"), (dir, "is a directory")] {
        do {
            _ = try FileIO.readRegularFile(path: path)
            Issue.record("\(path) was read")
        } catch {
            #expect(error.description.contains(kind), "\(error)")
        }
    }
    // Opened for appending, as the verdict journal is: a FIFO without a reader is refused too.
    #expect(throws: SystemError.self) {
        try FileIO.openRegularFile(fifo, flags: O_WRONLY | O_APPEND | O_CREAT)
    }
    try FileIO.writeAtomically(Array("abc".utf8), to: dir + "/file")
    #expect(try FileIO.readRegularFile(path: dir + "/file") == Array("abc".utf8))
    #expect(throws: SystemError.self) { try FileIO.readRegularFile(path: dir + "/file", limit: 2) }
}
