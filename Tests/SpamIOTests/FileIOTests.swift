import Testing
import SpamIO
#if canImport(Glibc)
import Glibc
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
