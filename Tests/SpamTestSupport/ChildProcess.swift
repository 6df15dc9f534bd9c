#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A started child process whose stdout and stderr go to files in a temporary directory.
public struct ChildProcess: Sendable {
    public let pid: Int32
    /// The names (inside the directory) of the files holding its stdout and stderr.
    public let outFile: String
    public let errFile: String

    /// Starts `argv` (found on PATH) with stdin from `stdinFile` (or /dev/null), stdout and stderr
    /// to `<tag>.out` and `<tag>.err` in `directory`, and `environment` (NAME=value) added to this
    /// process's own; nil when it cannot be started.
    public static func start(
        _ argv: [String], in directory: TemporaryDirectory, tag: String, stdinFile: String? = nil,
        environment: [String] = []
    ) -> ChildProcess? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinFile ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(
            &actions, 1, directory.file(tag + ".out"), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(
            &actions, 2, directory.file(tag + ".err"), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        cArgs.append(nil)
        var cEnvironment: [UnsafeMutablePointer<CChar>?] = []
        var index = 0
        while let entry = environ[index] {
            cEnvironment.append(strdup(entry))
            index += 1
        }
        cEnvironment += environment.map { strdup($0) }
        cEnvironment.append(nil)
        defer { for p in cArgs + cEnvironment { free(p) } }
        var pid: pid_t = 0
        guard posix_spawnp(&pid, argv[0], &actions, nil, cArgs, cEnvironment) == 0 else { return nil }
        return ChildProcess(pid: pid, outFile: tag + ".out", errFile: tag + ".err")
    }

    /// Waits for the child; its exit status (128 + signal number when killed by a signal).
    public func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }

    /// Runs `argv` to completion: its exit status, stdout and stderr (status -1 when it could not
    /// be started). `stdin` is written to `<tag>.in` first.
    public static func run(
        _ argv: [String], in directory: TemporaryDirectory, tag: String = "run", stdin: String? = nil,
        environment: [String] = []
    ) -> (status: Int32, out: String, err: String) {
        var stdinFile: String?
        if let stdin {
            directory.write(tag + ".in", stdin)
            stdinFile = directory.file(tag + ".in")
        }
        guard let child = start(argv, in: directory, tag: tag, stdinFile: stdinFile, environment: environment)
        else {
            return (-1, "", "cannot start \(argv[0])")
        }
        let status = child.wait()
        return (status, directory.read(child.outFile), directory.read(child.errFile))
    }
}

/// Runs a shell command; its exit status (or 128 + signal).
public func shell(_ command: String) -> Int32 {
    let status = system(command)
    if status == -1 { return -1 }
    if status & 0x7F == 0 { return (status >> 8) & 0xFF }
    return 128 + (status & 0x7F)
}

/// Shell quoting for one argument.
public func quoted(_ text: String) -> String {
    "'" + text.replacing("'", with: "'\\''") + "'"
}

private final class ThreadBody: @unchecked Sendable {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

/// Runs `body(i)` for i in 0..<count on `count` real threads at once, and waits for all.
/// (Swift tasks would share two cores' worth of pool threads and never reach 32-way contention.)
public func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    var threads: [pthread_t] = []
    for i in 0..<count {
        let box = Unmanaged.passRetained(ThreadBody { body(i) }).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(
            &thread, nil,
            { argument in
                guard let argument else { return nil }
                Unmanaged<ThreadBody>.fromOpaque(argument).takeRetainedValue().run()
                return nil
            }, box)
        if rc == 0 { threads.append(thread) } else { Unmanaged<ThreadBody>.fromOpaque(box).release() }
    }
    for thread in threads { pthread_join(thread, nil) }
}

/// Runs a `sh -c` command line: its exit status and its stdout with stderr.
public func shellOutput(_ command: String) -> (status: Int32, output: String) {
    guard let pipe = popen("(\(command)) 2>&1", "r") else { return (-1, "popen failed") }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = fread(&chunk, 1, chunk.count, pipe)
        if n <= 0 { break }
        bytes += chunk[0..<n]
    }
    let status = pclose(pipe)
    let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (code, String(decoding: bytes, as: UTF8.self))
}
