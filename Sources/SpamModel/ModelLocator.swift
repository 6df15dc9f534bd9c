public import SpamIO

/// Finds the bundled default model, so a fresh checkout and an installed binary both classify
/// without a training step.
public enum ModelLocator {
    public static let defaultModelFileName = "default.smsmodel"

    /// The places searched, in order: next to an installed binary (`PREFIX/bin/smsfilter` →
    /// `PREFIX/share/smsfilter/`), beside the binary, then the source checkout's `models/`
    /// (for `swift run` and tests).
    public static func candidatePaths() -> [String] {
        candidatePaths(executablePath: ProcessInfoLite.executablePath())
    }

    public static func candidatePaths(executablePath: String?) -> [String] {
        var paths: [String] = []
        if let executable = executablePath {
            let binDirectory = FilePath.directory(of: executable)
            let prefix = FilePath.directory(of: binDirectory)
            paths.append(FilePath.join(prefix, "share/smsfilter/" + defaultModelFileName))
            paths.append(FilePath.join(binDirectory, defaultModelFileName))
        }
        paths.append(FilePath.join(sourceCheckoutRoot(), "models/" + defaultModelFileName))
        return paths
    }

    /// The first existing default model, or nil.
    public static func defaultModelPath() -> String? {
        candidatePaths().first(where: FileIO.exists)
    }

    /// The guard set shipped with the bundled model, which `retrain` also judges a candidate on:
    /// today's messages the project wrote and never trains on (corpus/modern/holdout.tsv and
    /// corpus/modern-check/). Installed as `PREFIX/share/smsfilter/guard.tsv` (or `guard.tsv`
    /// beside the binary); in a source checkout, those files themselves. Empty when none is found.
    public static func guardSetFiles(executablePath: String? = ProcessInfoLite.executablePath()) -> [String] {
        if let installed = installedFile(guardSetFileName, executablePath: executablePath) {
            return [installed]
        }
        let corpus = FilePath.join(sourceCheckoutRoot(), "corpus")
        let check = FilePath.join(corpus, "modern-check")
        let checkFiles = (FileIO.entryNames(in: check) ?? []).filter { $0.hasSuffix(".tsv") }.map {
            FilePath.join(check, $0)
        }
        let holdout = FilePath.join(corpus, "modern/holdout.tsv")
        return FileIO.exists(holdout) ? [holdout] + checkFiles : checkFiles
    }

    public static let guardSetFileName = "guard.tsv"

    /// The mails of the guard set, which `retrain` reads as mail: the held-out third of the
    /// project's written mails of today (`corpus/modern-mail/guard.tsv`, their texts as `learn`
    /// stores them). A candidate that cannot read mail apart (a store with too few mails to
    /// train the mail reading, a base corpus without mail) flags four in ten of them, and the
    /// SMS of the guard set need not show it. Installed as
    /// `PREFIX/share/smsfilter/guard-mail.tsv` (or beside the binary); in a source checkout, that
    /// file itself. Empty when none is found.
    public static func mailGuardSetFiles(executablePath: String? = ProcessInfoLite.executablePath())
        -> [String]
    {
        if let installed = installedFile(mailGuardSetFileName, executablePath: executablePath) {
            return [installed]
        }
        let written = FilePath.join(sourceCheckoutRoot(), "corpus/modern-mail/guard.tsv")
        return FileIO.exists(written) ? [written] : []
    }

    public static let mailGuardSetFileName = "guard-mail.tsv"

    /// A data file `make install` put beside an installed binary: `PREFIX/share/smsfilter/NAME`
    /// for `PREFIX/bin/smsfilter`, or `NAME` in the binary's own directory; nil when neither exists.
    static func installedFile(_ name: String, executablePath: String?) -> String? {
        guard let executable = executablePath else { return nil }
        let binDirectory = FilePath.directory(of: executable)
        return [
            FilePath.join(FilePath.directory(of: binDirectory), "share/smsfilter/" + name),
            FilePath.join(binDirectory, name),
        ].first(where: FileIO.exists)
    }

    /// The package root this file was compiled from (Sources/SpamModel/ModelLocator.swift).
    static func sourceCheckoutRoot() -> String {
        let file = #filePath
        return FilePath.directory(of: FilePath.directory(of: FilePath.directory(of: file)))
    }
}

extension SpamClassifier {
    /// Loads a model file from disk; embedding rows are decoded when a message uses them.
    /// `inMemory`: read the file into memory of its own (a long run: nothing an operator does to
    /// the file later can change its scores or kill it with SIGBUS); else map it (one delivery:
    /// a few pages instead of all).
    public static func load(path: String, inMemory: Bool = false) throws -> SpamClassifier {
        try classifier(from: try open(path, copy: inMemory), path: path, verifiedBefore: false)
    }

    /// Loads for one delivery, trusting a checksum verified before: when `verified` names this
    /// very file version (same `FileIdentity`, same stored checksum), the passes over every byte
    /// are skipped (`SpamClassifier(file:verifiedBefore:)`); else the file is checked in full and
    /// the version just verified is returned, for the caller to keep for the next delivery.
    public static func load(path: String, verified: VerifiedModelFile?) throws -> (
        classifier: SpamClassifier, newlyVerified: VerifiedModelFile?
    ) {
        let file = try open(path, copy: false)
        let current = file.identity.map {
            VerifiedModelFile(identity: $0, checksum: ModelFile.storedChecksum(of: file.bytes))
        }
        let trusted = current != nil && current == verified
        return (try classifier(from: file, path: path, verifiedBefore: trusted), trusted ? nil : current)
    }

    private static func open(_ path: String, copy: Bool) throws(ModelLoadError) -> MappedFile {
        do {
            return try MappedFile(path: path, copy: copy)
        } catch {
            throw ModelLoadError(path: path, reason: error.description)
        }
    }

    private static func classifier(from file: MappedFile, path: String, verifiedBefore: Bool)
        throws(ModelLoadError) -> SpamClassifier
    {
        do {
            return try SpamClassifier(file: file, verifiedBefore: verifiedBefore)
        } catch {
            throw ModelLoadError(path: path, reason: error.description)
        }
    }
}

/// A model file version whose checksum was verified: its identity on disk and the checksum
/// stored at its end.
public struct VerifiedModelFile: Equatable, Sendable {
    public var identity: FileIdentity
    public var checksum: UInt64

    public init(identity: FileIdentity, checksum: UInt64) {
        self.identity = identity
        self.checksum = checksum
    }
}

/// A model that could not be loaded, with the path and the reason.
public struct ModelLoadError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "cannot load model \(path): \(reason)" }
}
