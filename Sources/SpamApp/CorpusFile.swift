import SpamIO
public import SpamText

/// A `label<TAB>text` corpus file read by the one `LabeledCorpus` reader: `train`, `evaluate`,
/// `retrain --base-corpus`, `vocab` and `bench` read the same file the same way.
public enum CorpusFile {
    /// The file's bytes (for its digest) and its labelled messages.
    public static func read(path: String) throws -> (bytes: [UInt8], messages: [LabeledMessage]) {
        let bytes = try FileIO.read(path: path)
        return (bytes, try named(path) { try LabeledCorpus.parse(bytes) })
    }

    /// The labelled messages only.
    public static func messages(path: String) throws -> [LabeledMessage] { try read(path: path).messages }

    /// Every line with its number (and sender column, if the file has one).
    public static func lines(path: String) throws -> [LabeledLine] {
        let bytes = try FileIO.read(path: path)
        return try named(path) { try LabeledCorpus.lines(bytes) }
    }

    /// A bad line is a data error (exit 3) that names the file: `corpus.tsv: line 3: …`.
    private static func named<T>(_ path: String, _ parse: () throws -> T) throws -> T {
        do {
            return try parse()
        } catch let error as CorpusError {
            throw CorpusFileError(description: "\(path): \(error)")
        }
    }
}

/// A corpus file with a line that is not `label<TAB>text`.
public struct CorpusFileError: Error, CustomStringConvertible, Sendable {
    public let description: String
}
