#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A fresh directory under /tmp for one test (`/tmp/smsfilter-test-NAME-XXXXXX`); `remove()`
/// deletes it, read-only parts included.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(_ name: String = "scratch") {
        var template = Array("/tmp/smsfilter-test-\(name)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }
        }
        path = made.map { String(cString: $0) } ?? "/tmp/smsfilter-test-\(name)-\(getpid())"
        if made == nil { mkdir(path, 0o700) }
    }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Writes `text` to `name` inside the directory.
    public func write(_ name: String, _ text: String) { writeFile(file(name), Array(text.utf8), mode: 0o644) }

    /// The text of `name` inside the directory ("" when missing).
    public func read(_ name: String) -> String { String(decoding: readFile(file(name)) ?? [], as: UTF8.self) }

    /// Creates a Maildir (new/, cur/, tmp/) at `relative`.
    public func makeMaildir(_ relative: String) {
        for folder in ["new", "cur", "tmp"] {
            _ = shell("mkdir -p \(quoted(path + "/" + relative + "/" + folder))")
        }
    }

    /// The files delivered to a Maildir's new/ folder.
    public func delivered(_ relative: String) -> [[UInt8]] {
        let directory = path + "/" + relative + "/new"
        return listDirectory(directory).compactMap { readFile(directory + "/" + $0) }
    }

    public func remove() { _ = shell("chmod -R u+rwX \(quoted(path)) 2>/dev/null; rm -rf \(quoted(path))") }
}
