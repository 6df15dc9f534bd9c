#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Reads a whole file with stdio (the tests link no Foundation); nil when it cannot be opened.
public func readFile(_ path: String) -> [UInt8]? {
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

/// Writes (replaces) a file and sets its permission bits.
public func writeFile(_ path: String, _ data: [UInt8], mode: UInt32 = 0o600) {
    guard let file = fopen(path, "wb") else { return }
    _ = data.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
    chmod(path, mode_t(mode))
}

/// The names of the files in a directory (sorted, hidden files skipped).
public func listDirectory(_ path: String) -> [String] {
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

/// The permission bits of a path (0 when it does not exist).
public func permissionBits(of path: String) -> UInt32 {
    var info = stat()
    guard stat(path, &info) == 0 else { return 0 }
    return UInt32(info.st_mode & 0o777)
}

/// The message with every line starting with one of `prefixes` removed, line breaks (CRLF, LF or
/// CR) kept as they are: what is left of a filtered message must equal what was sent.
public func removingLines(startingWith prefixes: [String], from output: [UInt8]) -> [UInt8] {
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

/// The text of a file ("" when it cannot be read).
public func readText(_ path: String) -> String { String(decoding: readFile(path) ?? [], as: UTF8.self) }

/// Writes (replaces) a text file, readable by all.
public func writeText(_ path: String, _ text: String) { writeFile(path, Array(text.utf8), mode: 0o644) }

/// Whether anything exists at `path`.
public func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }
