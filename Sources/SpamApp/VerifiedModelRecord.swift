public import SpamIO
public import SpamModel
import SpamStore

/// The model file versions whose checksum a delivery verified, kept beside the store
/// (`<store>-verified-model`), so that the next deliveries skip the two passes over the whole
/// model file (checksum, finite weights): most of loading it. One line per model path,
/// `<checksum hex><TAB><FileIdentity text><TAB><path>`, the latest first, at most
/// `maxEntries` (a user who sometimes names another model with `--model` does not make every
/// delivery check the default one again). Replaced atomically without fsync: losing or garbling
/// it costs one full check, nothing else; a model file written since (in place or replaced) has
/// another identity and is checked in full again.
public struct VerifiedModelRecord: Sendable {
    public let path: String
    public static let maxEntries = 8

    public init(storePath: String) { path = storePath + "-verified-model" }

    /// The recorded version of the model file at `modelPath`, or nil.
    public func read(modelPath: String) -> VerifiedModelFile? {
        for line in lines() {
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, fields[2] == modelPath else { continue }
            guard let checksum = UInt64(fields[0], radix: 16), let identity = FileIdentity(text: fields[1])
            else { return nil }
            return VerifiedModelFile(identity: identity, checksum: checksum)
        }
        return nil
    }

    /// Records `verified` for `modelPath`, in front of the other paths' entries. Only where the
    /// store's folder exists: a delivery never creates folders for a cache.
    public func write(_ verified: VerifiedModelFile, modelPath: String) throws(SystemError) {
        guard FileIO.exists(FilePath.directory(of: path)) else { return }
        let entry = String(verified.checksum, radix: 16) + "\t" + verified.identity.text + "\t" + modelPath
        let others = lines().filter { !$0.hasSuffix("\t" + modelPath) }.prefix(Self.maxEntries - 1)
        let text = ([Substring(entry)] + others).joined(separator: "\n") + "\n"
        try FileIO.writeAtomically(Array(text.utf8), to: path, mode: 0o600, durable: false)
    }

    /// The file's complete lines (a torn last line, without its newline, is left out).
    private func lines() -> [Substring] {
        guard let bytes = try? FileIO.readRegularFile(path: path, limit: 64 * 1024) else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        if !text.hasSuffix("\n"), !lines.isEmpty { lines.removeLast() }
        return lines
    }
}
