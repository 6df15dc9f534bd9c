import SpamIO

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
        let file: MappedFile
        do {
            file = try MappedFile(path: path, copy: inMemory)
        } catch {
            throw ModelLoadError(path: path, reason: error.description)
        }
        do {
            return try SpamClassifier(file: file)
        } catch {
            throw ModelLoadError(path: path, reason: error.description)
        }
    }
}

/// A model that could not be loaded, with the path and the reason.
public struct ModelLoadError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "cannot load model \(path): \(reason)" }
}
