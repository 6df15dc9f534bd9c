public import SpamIO
public import SpamModel
import SpamStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The model file versions whose checksum a delivery verified, kept beside the store
/// (`<store>-verified-model`), or in the user's cache folder when the store has no folder yet
/// (`forDelivery`), so that the next deliveries skip the two passes over the whole
/// model file (checksum, finite weights): most of loading it. One line per model path,
/// `<checksum hex><TAB><FileIdentity text><TAB><path>`, the latest first, at most
/// `maxEntries` (a user who sometimes names another model with `--model` does not make every
/// delivery check the default one again). Replaced atomically without fsync: losing or garbling
/// it costs one full check, nothing else; a model file written since (in place or replaced) has
/// another identity and is checked in full again.
public struct VerifiedModelRecord: Sendable {
    public let path: String
    /// Whether `write` may create the record's folder (the cache folder may; a store's may not).
    public let createsFolder: Bool
    public static let maxEntries = 8
    public static let settleSeconds: Int64 = 2

    public init(storePath: String) {
        path = storePath + "-verified-model"
        createsFolder = false
    }

    /// A record in the cache folder `directory`, which `write` creates when it is missing.
    public init(cacheDirectory directory: String) {
        path = FilePath.join(directory, "verified-model")
        createsFolder = true
    }

    /// The record a delivery keeps: beside the store at `storePath` when the store's folder
    /// exists (the first logged delivery makes it), else in the user's cache folder
    /// (`StoreLocation.cacheDirectory`). A delivery never makes the store's folder for a cache,
    /// but without any record a user who runs `--no-log` from the start paid the full check on
    /// every delivery: 4.0–5.6 ms of CPU for a 4 KB mail against 2.5–3.2 ms (2026-12-04).
    public static func forDelivery(
        storePath: String, environment: (String) -> String? = ProcessInfoLite.environment
    ) -> VerifiedModelRecord {
        if FileIO.exists(FilePath.directory(of: storePath)) {
            return VerifiedModelRecord(storePath: storePath)
        }
        return VerifiedModelRecord(cacheDirectory: StoreLocation.cacheDirectory(environment: environment))
    }

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
    /// store's folder exists (a cache folder is created, `createsFolder`). Not for a version
    /// changed less than `settleSeconds` ago (by its ctime against `now`, default the clock): on a file system with
    /// coarse timestamps, a same-size rewrite in place within the same tick would keep the
    /// identity, so a version is trusted only once it has been still for a while (git treats
    /// its "racily clean" index entries the same way).
    public func write(
        _ verified: VerifiedModelFile, modelPath: String, now: Int64? = nil
    ) throws(SystemError) {
        let now = now ?? Int64(time(nil))
        guard now - verified.identity.changed.seconds >= Self.settleSeconds else { return }
        let folder = FilePath.directory(of: path)
        if createsFolder {
            try FileIO.makeDirectories(folder)
        } else {
            guard FileIO.exists(folder) else { return }
        }
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
