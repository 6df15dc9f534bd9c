import SpamIO
import SpamMail
import SpamText

/// `tokenize`: the tokens the classifier would see, one per line (a debugging aid). A mail is
/// read as `classify` reads it (decoded subject and body text, `MessageText`), not as raw
/// header lines, so the listing shows what a verdict was based on. The tokenizer is set as the
/// bundled model's (URL traits; bare lure domains not read as links, `TokenizerOptions`).
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
            let text = MessageText.extract(from: bytes)
            for token in tokenizer.tokens(utf8: Array(text.utf8)) {
                output += token
                output += "\n"
            }
        }
        return output
    }
}
