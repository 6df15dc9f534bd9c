import SpamMail

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Bytes of a string, for building messages inline.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The package's Tests/Fixtures folder, found from this file's path.
func fixturesDirectory() -> String {
    var path = #filePath
    for _ in 0..<2 {
        if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
    }
    return path + "/Fixtures"
}

/// Reads a whole file with stdio (tests link no Foundation either).
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

func fixture(_ name: String) -> [UInt8] {
    readFile(fixturesDirectory() + "/mail/" + name) ?? []
}

/// The names of the files in a directory (sorted, hidden files skipped).
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

/// A scorer returning a fixed probability and recording the text it saw.
final class FixedScorer: @unchecked Sendable {
    var probability: Double
    var texts: [String] = []
    init(_ probability: Double) { self.probability = probability }
    func score(_ text: String) throws -> ModelScore {
        texts.append(text)
        return ModelScore(probability: probability, modelID: "test-model", threshold: 0.5)
    }
}

struct ModelMissing: Error, CustomStringConvertible {
    var description: String { "cannot open model /nonexistent/model.smsmodel: No such file or directory" }
}

func passThroughOptions() -> FilterOptions {
    var options = FilterOptions()
    options.passThrough = true
    options.version = "1.0-test"
    return options
}

/// The output of `-p` with the given probability.
func filtered(_ input: [UInt8], probability: Double = 0.99, options: FilterOptions = passThroughOptions())
    -> [UInt8]
{
    let scorer = FixedScorer(probability)
    let outcome = FilterEngine.run(input: input, options: options, scorer: scorer.score)
    return outcome.passThrough?.bytes(original: input) ?? []
}

/// Removes every line that starts with one of `prefixes` (an added header), keeping the rest
/// byte for byte; used to check that nothing else changed.
func removingLines(startingWith prefixes: [String], from output: [UInt8]) -> [UInt8] {
    var result: [UInt8] = []
    var start = 0
    while start < output.count {
        var end = start
        while end < output.count && output[end] != 0x0A && output[end] != 0x0D { end += 1 }
        // Include the line break (CRLF, LF or CR).
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

/// Writes a file (for regenerating golden files with SMSFILTER_UPDATE_GOLDEN=1).
func writeFile(_ path: String, _ data: [UInt8]) {
    guard let file = fopen(path, "wb") else { return }
    _ = data.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
}
