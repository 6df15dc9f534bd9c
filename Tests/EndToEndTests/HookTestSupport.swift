#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Helpers for the end-to-end tests of the built `smsfilter` binary and the hooks/ recipes.
/// No Foundation: processes run through /bin/sh, files through stdio.
enum HookEnvironment {
    /// The package root, found from this file's path (Tests/EndToEndTests/…).
    static let packageRoot: String = {
        var path = #filePath
        for _ in 0..<3 {
            if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
        }
        return path
    }()

    /// The `smsfilter` binary built next to the test bundle, or nil.
    static let binary: String? = {
        _ = userDataIsolated
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let exe = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = exe.lastIndex(of: "/") else { return nil }
        let candidate = String(exe[..<slash]) + "/smsfilter"
        return access(candidate, X_OK) == 0 ? candidate : nil
    }()

    /// The model for tests that need real verdicts: $SMSFILTER_TEST_MODEL, else the bundled
    /// models/default.smsmodel; nil when neither exists (those tests then skip).
    static let model: String? = {
        if let value = getenv("SMSFILTER_TEST_MODEL") {
            let path = String(cString: value)
            if access(path, R_OK) == 0 { return path }
        }
        let bundled = packageRoot + "/models/default.smsmodel"
        return access(bundled, R_OK) == 0 ? bundled : nil
    }()

    /// The full path of a program on PATH, or nil.
    static func which(_ program: String) -> String? {
        for directory in ["/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin"] {
            let path = directory + "/" + program
            if access(path, X_OK) == 0 { return path }
        }
        return nil
    }

    static func fixture(_ name: String) -> [UInt8] {
        readFile(packageRoot + "/Tests/Fixtures/" + name) ?? []
    }
}

/// A temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init?() {
        var template = Array("/tmp/smsfilter-e2e-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            return nil
        }
        path = String(cString: made)
    }

    func remove() { _ = shell("rm -rf '\(path)'") }

    /// Creates a Maildir (new/, cur/, tmp/) at `relative`.
    func makeMaildir(_ relative: String) {
        for folder in ["new", "cur", "tmp"] { _ = shell("mkdir -p '\(path)/\(relative)/\(folder)'") }
    }

    /// The files delivered to a Maildir's new/ folder.
    func delivered(_ relative: String) -> [[UInt8]] {
        let directory = path + "/" + relative + "/new"
        return listDirectory(directory).compactMap { readFile(directory + "/" + $0) }
    }
}

/// Runs a shell command; returns its exit status (or 128+signal).
func shell(_ command: String) -> Int32 {
    let status = system(command)
    if status == -1 { return -1 }
    if status & 0x7F == 0 { return (status >> 8) & 0xFF }
    return 128 + (status & 0x7F)
}

/// Shell quoting for one argument.
func quoted(_ text: String) -> String {
    "'" + text.replacing("'", with: "'\\''") + "'"
}

/// The result of running the binary on some input.
struct RunResult {
    var status: Int32
    var stdout: [UInt8]
    var stderr: String
}

/// Runs `smsfilter ARGS < input` (SMSFILTER_MODEL unset) and collects its output.
func runFilter(
    _ binary: String, _ arguments: String, input: [UInt8], in directory: TemporaryDirectory, prefix: String = ""
) -> RunResult {
    let inputPath = directory.path + "/input"
    writeFile(inputPath, input)
    return runFilter(binary, arguments, inputPath: inputPath, in: directory, prefix: prefix)
}

/// `prefix` adds environment assignments (`NAME=value ...`) for the binary.
func runFilter(
    _ binary: String, _ arguments: String, inputPath: String, in directory: TemporaryDirectory, prefix: String = ""
) -> RunResult {
    let out = directory.path + "/stdout"
    let err = directory.path + "/stderr"
    // The verdict log goes to a store inside the temporary directory, never the user's.
    let store = directory.path + "/store.sqlite"
    let status = shell("env -u SMSFILTER_MODEL SMSFILTER_DB=\(quoted(store)) HOME=\(quoted(directory.path)) \(prefix) \(quoted(binary)) \(arguments) < \(quoted(inputPath)) > \(quoted(out)) 2> \(quoted(err))")
    return RunResult(
        status: status, stdout: readFile(out) ?? [],
        stderr: String(decoding: readFile(err) ?? [], as: UTF8.self))
}

func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var result: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, file)
        if n <= 0 { break }
        result.append(contentsOf: buffer[0..<n])
    }
    return result
}

func writeFile(_ path: String, _ data: [UInt8], mode: mode_t = 0o600) {
    guard let file = fopen(path, "wb") else { return }
    _ = data.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
    chmod(path, mode)
}

func listDirectory(_ path: String) -> [String] {
    guard let handle = opendir(path) else { return [] }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) {
            String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
        if !name.hasPrefix(".") { names.append(name) }
    }
    return names.sorted()
}

/// The message with every line starting with one of `prefixes` removed (line breaks kept as
/// they are): what is left must equal what was sent.
func removingLines(startingWith prefixes: [String], from output: [UInt8]) -> [UInt8] {
    var result: [UInt8] = []
    var start = 0
    while start < output.count {
        var end = start
        while end < output.count && output[end] != 0x0A && output[end] != 0x0D { end += 1 }
        if end < output.count {
            if output[end] == 0x0D && end + 1 < output.count && output[end + 1] == 0x0A {
                end += 2
            } else {
                end += 1
            }
        }
        let line = Array(output[start..<end])
        if !prefixes.contains(where: { line.starts(with: Array($0.utf8)) }) { result += line }
        start = end
    }
    return result
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

let verdictHeaders = ["X-SMSFilter:", "X-Spam-Flag:"]
