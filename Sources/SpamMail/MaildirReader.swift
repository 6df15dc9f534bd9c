#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A Maildir listing failure, with the path.
public struct MaildirError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "cannot read maildir \(path): \(reason)" }
}

/// Lists the messages of a Maildir: the files in `new/` and `cur/` (hidden files skipped), as
/// paths relative to the Maildir, sorted so the output order is stable. This is an edge of the
/// library (it reads a directory); parsing the files is left to the caller.
public enum MaildirReader {
    public static func messagePaths(in directory: String) throws(MaildirError) -> [String] {
        var found: [String] = []
        var sawFolder = false
        for folder in ["new", "cur"] {
            let path = directory.hasSuffix("/") ? directory + folder : directory + "/" + folder
            guard let handle = opendir(path) else { continue }
            sawFolder = true
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
                    let bytes = raw.prefix { $0 != 0 }
                    return String(decoding: bytes, as: UTF8.self)
                }
                let type = entry.pointee.d_type
                if name.hasPrefix(".")
                    || (type != UInt8(DT_REG) && type != UInt8(DT_UNKNOWN) && type != UInt8(DT_LNK))
                {
                    continue
                }
                found.append(folder + "/" + name)
            }
        }
        guard sawFolder else {
            throw MaildirError(path: directory, reason: "no new/ or cur/ folder (is it a Maildir?)")
        }
        return found.sorted()
    }
}
