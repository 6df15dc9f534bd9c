import SpamText

/// `tokenize`: the tokens the classifier would see, one per line (a debugging aid).
public enum TokenListing {
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
