#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A fresh scratch directory under /tmp.
struct RetrainScratch {
    let path: String

    init(_ name: String) {
        var template = Array("/tmp/smsfilter-retrain-\(name)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        path = made.map { String(cString: $0) } ?? "/tmp/smsfilter-retrain-\(name)-\(getpid())"
        if made == nil { mkdir(path, 0o700) }
    }

    func file(_ name: String) -> String { path + "/" + name }

    func cleanUp() { _ = system("rm -rf '\(path)'") }
}
