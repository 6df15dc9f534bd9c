import SpamTestSupport

/// The result of running the binary on some input.
struct RunResult {
    var status: Int32
    var stdout: [UInt8]
    var stderr: String
}

/// Runs `smsfilter ARGS < input` (SMSFILTER_MODEL unset) and collects its output.
func runFilter(
    _ binary: String, _ arguments: String, input: [UInt8], in directory: TemporaryDirectory,
    prefix: String = ""
) -> RunResult {
    let inputPath = directory.path + "/input"
    writeFile(inputPath, input)
    return runFilter(binary, arguments, inputPath: inputPath, in: directory, prefix: prefix)
}

/// `prefix` adds environment assignments (`NAME=value ...`) for the binary.
func runFilter(
    _ binary: String, _ arguments: String, inputPath: String, in directory: TemporaryDirectory,
    prefix: String = ""
) -> RunResult {
    let out = directory.path + "/stdout"
    let err = directory.path + "/stderr"
    // The verdict log goes to a store inside the temporary directory, never the user's.
    let store = directory.path + "/store.sqlite"
    let status = shell(
        "env -u SMSFILTER_MODEL SMSFILTER_DB=\(quoted(store)) HOME=\(quoted(directory.path)) \(prefix) \(quoted(binary)) \(arguments) < \(quoted(inputPath)) > \(quoted(out)) 2> \(quoted(err))"
    )
    return RunResult(
        status: status, stdout: readFile(out) ?? [],
        stderr: String(decoding: readFile(err) ?? [], as: UTF8.self))
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

let verdictHeaders = ["X-SMSFilter:", "X-Spam-Flag:"]
