#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Points the per-user data, configuration and cache directories of every `smsfilter` these tests
/// start at a scratch directory, once per test process, so that a test that forgets `--db` can
/// never write into the developer's own store or read their configuration.
let userDataIsolated: Void = {
    var template = Array("/tmp/smsfilter-e2e-home-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
    let home = made.map { String(cString: $0) } ?? "/tmp/smsfilter-e2e-home-\(getpid())"
    setenv("XDG_DATA_HOME", home + "/data", 1)
    setenv("XDG_CONFIG_HOME", home + "/config", 1)
    setenv("XDG_CACHE_HOME", home + "/cache", 1)
    unsetenv("SMSFILTER_DB")
    unsetenv("SMSFILTER_CONFIG")
}()

/// The built `smsfilter` next to the test runner (or `$SMSFILTER_BIN`).
func storeBinaryPath() -> String? {
    _ = userDataIsolated
    if let explicit = getenv("SMSFILTER_BIN") { return String(cString: explicit) }
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard n > 0 else { return nil }
    let runner = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    guard let slash = runner.lastIndex(of: "/") else { return nil }
    let path = String(runner[..<slash]) + "/smsfilter"
    return access(path, X_OK) == 0 ? path : nil
}

/// A scratch directory for one end-to-end store test.
struct StoreScratch {
    let path: String

    init(_ name: String) {
        var template = Array("/tmp/smsfilter-e2e-\(name)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        path = made.map { String(cString: $0) } ?? "/tmp/smsfilter-e2e-\(name)-\(getpid())"
        if made == nil { mkdir(path, 0o700) }
    }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ name: String, _ text: String) {
        let fd = open(file(name), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    func read(_ name: String) -> String {
        let fd = open(file(name), O_RDONLY)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func cleanUp() { _ = system("chmod -R u+rwX '\(path)' 2>/dev/null; rm -rf '\(path)'") }
}

/// A child process whose stdout and stderr go to files in the scratch directory.
struct StoreChild {
    let pid: pid_t
    let outFile: String
    let errFile: String
}

/// Starts `argv` with stdin from `stdinFile` (or /dev/null); stdout/stderr to `<tag>.out/.err`.
func storeSpawn(_ argv: [String], scratch: StoreScratch, tag: String, stdinFile: String? = nil) -> StoreChild? {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdinFile ?? "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, scratch.file(tag + ".out"), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, scratch.file(tag + ".err"), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
    cArgs.append(nil)
    defer { for p in cArgs { free(p) } }
    var pid: pid_t = 0
    let rc = posix_spawnp(&pid, argv[0], &actions, nil, cArgs, environ)
    guard rc == 0 else { return nil }
    return StoreChild(pid: pid, outFile: tag + ".out", errFile: tag + ".err")
}

/// The exit status of a child (128 + signal number when killed by a signal).
func storeWait(_ child: StoreChild) -> Int32 {
    var status: Int32 = 0
    while waitpid(child.pid, &status, 0) < 0 && errno == EINTR {}
    if status & 0x7f == 0 { return (status >> 8) & 0xff }
    return 128 + (status & 0x7f)
}

/// Runs a command to completion: (exit status, stdout, stderr).
func storeRun(
    _ argv: [String], scratch: StoreScratch, tag: String = "run", stdin: String? = nil
) -> (status: Int32, out: String, err: String) {
    var stdinFile: String?
    if let stdin {
        scratch.write(tag + ".in", stdin)
        stdinFile = scratch.file(tag + ".in")
    }
    guard let child = storeSpawn(argv, scratch: scratch, tag: tag, stdinFile: stdinFile) else {
        return (-1, "", "spawn failed: \(argv[0])")
    }
    let status = storeWait(child)
    return (status, scratch.read(child.outFile), scratch.read(child.errFile))
}
