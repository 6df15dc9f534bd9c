import SpamIO
import SpamText

/// `vocab build` and `vocab show`: vocabulary files from a corpus, and their tokens.
public enum VocabularyBuild {
    /// Counts the corpus's tokens, writes the vocabulary and says how big it came out.
    public static func build(corpus: String, minCount: Int, maxSize: Int, out: String) throws -> String {
        let messages = try CorpusFile.messages(path: corpus)
        let tokenizer = try Tokenizer()
        var counts = TokenCounts()
        for message in messages { counts.add(tokenizer.tokens(message.text)) }
        let vocabulary = Vocabulary(counts: counts, minCount: minCount, maxSize: maxSize)
        try FileIO.writeAtomically(vocabulary.fileBytes(), to: out)
        return
            "\(vocabulary.count) tokens (of \(counts.counts.count) distinct in \(messages.count) messages) → \(out)"
    }

    /// `id<TAB>token` lines.
    public static func show(file: String) throws -> String {
        let vocabulary = try Vocabulary(fileBytes: try FileIO.read(path: file))
        var out = ""
        for (id, token) in vocabulary.tokens.enumerated() { out += "\(id)\t\(token)\n" }
        return out
    }
}
