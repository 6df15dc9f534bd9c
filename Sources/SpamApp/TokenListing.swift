import SpamIO
import SpamText

/// `tokenize`: the tokens the classifier would see, one per line (a debugging aid).
public enum TokenListing {
    /// The tokens of each file, or of standard input when there are none.
    public static func lines(ofFiles paths: [String], maxTokens: Int, keepRawShapes: Bool) throws -> String {
        let inputs =
            paths.isEmpty
            ? [try FileIO.readAll(fileDescriptor: 0)] : try paths.map { try FileIO.read(path: $0) }
        return try lines(of: inputs, maxTokens: maxTokens, keepRawShapes: keepRawShapes)
    }

    public static func lines(of inputs: [[UInt8]], maxTokens: Int, keepRawShapes: Bool) throws -> String {
        let tokenizer = try Tokenizer(
            options: TokenizerOptions(maxTokens: maxTokens, keepRawShapes: keepRawShapes, urlTraits: true))
        var output = ""
        for bytes in inputs {
            for token in tokenizer.tokens(utf8: bytes) {
                output += token
                output += "\n"
            }
        }
        return output
    }
}
