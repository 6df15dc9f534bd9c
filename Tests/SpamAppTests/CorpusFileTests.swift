import SpamApp
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Corpus files are read by the one `label<TAB>text` reader, and a bad line names its file.
struct CorpusFileTests {
    static func corpusFile(_ text: String) -> String {
        var template = Array("/tmp/spamapp-corpus-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        _ = text.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress!, $0.count - 1) }
        close(fd)
        return String(cString: template)
    }

    @Test func aBadLineNamesTheFileAndLine() throws {
        let path = Self.corpusFile("# comment\nham\tfine\nspam\tWIN\nmaybe\twho knows\n")
        defer { unlink(path) }
        #expect(throws: CorpusFileError.self) { try CorpusFile.messages(path: path) }
        do {
            _ = try CorpusFile.messages(path: path)
        } catch {
            #expect("\(error)" == "\(path): line 4: label must be 'ham' or 'spam', found 'maybe'")
        }
    }

    @Test func trainNamesCorporaByFileOrByName() {
        #expect(CorpusSpecs.nameAndPath("data/uci.tsv") == ("uci.tsv", "data/uci.tsv"))
        #expect(CorpusSpecs.nameAndPath("uci=data/uci.tsv") == ("uci", "data/uci.tsv"))
        // A `=` inside a path is not a name.
        #expect(CorpusSpecs.nameAndPath("data/a=b.tsv") == ("a=b.tsv", "data/a=b.tsv"))
    }
}
