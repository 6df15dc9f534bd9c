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

    /// Threshold groups: the chosen corpora without a cap of their own share group 0 (the pooled
    /// cap); each capped corpus has its own; a corpus not chosen has none.
    @Test func cappedCorporaGetAGroupOfTheirOwn() {
        let (caps, groups) = TrainRun.thresholdGroups(
            records: ["uci", "thai", "modern", "written"], chosen: ["uci", "modern", "written"],
            caps: ["modern": 0.03, "written": 0.02], pooledCap: 0.003)
        #expect(caps == [0.003, 0.03, 0.02])
        #expect(groups == [0, nil, 1, 2])
    }

    @Test func aCapNamesACorpusAndARate() throws {
        let specs = try CorpusSpecs(["a=x.tsv", "b=y.tsv"], weights: [], option: "--corpus")
        #expect(try specs.falsePositiveCaps(["b=0.02"]) == ["b": 0.02])
        for bad in ["c=0.02", "b=2", "b=-0.1", "b", "b=x"] {
            #expect(throws: UsageError.self) { try specs.falsePositiveCaps([bad]) }
        }
    }

    @Test func trainNamesCorporaByFileOrByName() {
        #expect(CorpusSpecs.nameAndPath("data/uci.tsv") == ("uci.tsv", "data/uci.tsv"))
        #expect(CorpusSpecs.nameAndPath("uci=data/uci.tsv") == ("uci", "data/uci.tsv"))
        // A `=` inside a path is not a name.
        #expect(CorpusSpecs.nameAndPath("data/a=b.tsv") == ("a=b.tsv", "data/a=b.tsv"))
    }
}
