public import SpamIO
public import SpamModel
import SpamStore

/// The last model file version whose checksum a delivery verified, kept beside the store
/// (`<store>-verified-model`), so that the next deliveries skip the two passes over the whole
/// model file (checksum, finite weights): most of loading it. One line,
/// `<checksum hex><TAB><FileIdentity text><TAB><path>`, replaced atomically. Losing or garbling
/// it costs one full check, nothing else; a model file written since (in place or replaced) has
/// another identity and is checked in full again.
public struct VerifiedModelRecord: Sendable {
    public let path: String

    public init(storePath: String) { path = storePath + "-verified-model" }

    /// The recorded version of the model file at `modelPath`, or nil.
    public func read(modelPath: String) -> VerifiedModelFile? {
        guard let bytes = try? FileIO.readRegularFile(path: path, limit: 16 * 1024),
            bytes.last == UInt8(ascii: "\n")
        else { return nil }
        let fields = String(decoding: bytes.dropLast(), as: UTF8.self)
            .split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, fields[2] == modelPath, let checksum = UInt64(fields[0], radix: 16),
            let identity = FileIdentity(text: fields[1])
        else { return nil }
        return VerifiedModelFile(identity: identity, checksum: checksum)
    }

    /// Records `verified` for `modelPath`. Only where the store's folder exists: a delivery never
    /// creates folders for a cache.
    public func write(_ verified: VerifiedModelFile, modelPath: String) throws(SystemError) {
        guard FileIO.exists(FilePath.directory(of: path)) else { return }
        let line =
            String(verified.checksum, radix: 16) + "\t" + verified.identity.text + "\t" + modelPath + "\n"
        try FileIO.writeAtomically(Array(line.utf8), to: path, mode: 0o600)
    }
}
