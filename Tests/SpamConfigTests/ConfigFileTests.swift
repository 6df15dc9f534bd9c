import Testing

@testable import SpamConfig

@Suite struct ConfigFileTests {
    func parse(_ text: String) throws(ConfigError) -> ConfigFile {
        try ConfigFile.parse(Array(text.utf8), path: "cfg")
    }

    @Test func keyValueLinesCommentsAndBlankLines() throws {
        let file = try parse(
            """
            # a comment
              # an indented comment

            model = /srv/m.smsmodel
            spam_cutoff=0.9
            \theader_name\t=\tX-SMS   # trailing comment
            """)
        #expect(file.entries.map(\.key) == ["model", "spam_cutoff", "header_name"])
        #expect(file.entry(for: "model")?.value == "/srv/m.smsmodel")
        #expect(file.entry(for: "model")?.line == 4)
        #expect(file.entry(for: "spam_cutoff")?.value == "0.9")
        #expect(file.entry(for: "header_name")?.value == "X-SMS")
        #expect(file.warnings.isEmpty)
    }

    @Test func crlfLineEndingsAreAccepted() throws {
        let file = try parse("model = /a\r\ndb = /b\r\n")
        #expect(file.entry(for: "model")?.value == "/a")
        #expect(file.entry(for: "db")?.value == "/b")
        #expect(file.entry(for: "db")?.line == 2)
    }

    @Test func hashInsideAValueIsKeptUnlessAfterWhitespace() throws {
        let file = try parse("model = /a#b/c\ndb = /x # gone\nbase_corpus = \"/with space #kept\"  # gone\n")
        #expect(file.entry(for: "model")?.value == "/a#b/c")
        #expect(file.entry(for: "db")?.value == "/x")
        #expect(file.entry(for: "base_corpus")?.value == "/with space #kept")
    }

    @Test func quotedValuesUnescape() throws {
        let file = try parse(#"header_name = "X-\"q\"\\""# + "\n")
        #expect(file.entry(for: "header_name")?.value == #"X-"q"\"#)
    }

    @Test func malformedLinesAreErrorsWithTheirLineNumbers() {
        #expect {
            try parse("model = /a\nno equals sign here\n= 3\ndb = \"open\nbad key = 1\nx = \"a\" b\n")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.problems.count == 5
                && error.problems[0].hasPrefix("cfg:2: expected `key = value`")
                && error.problems[1].hasPrefix("cfg:3: missing key")
                && error.problems[2] == "cfg:4: missing closing quote"
                && error.problems[3].hasPrefix("cfg:5: `bad key` is not a key")
                && error.problems[4] == "cfg:6: text after the closing quote"
        }
    }

    @Test func unknownKeysWarnWithASuggestionAndAreIgnored() throws {
        let file = try parse("spam_cutof = 0.9\nflavour = mint\n")
        #expect(file.entries.isEmpty)
        #expect(
            file.warnings == [
                "cfg:1: unknown key `spam_cutof` ignored (did you mean `spam_cutoff`?)",
                "cfg:2: unknown key `flavour` ignored",
            ])
    }

    @Test func repeatedKeysWarnAndTheLastWins() throws {
        let file = try parse("db = /one\ndb = /two\n")
        #expect(file.entry(for: "db")?.value == "/two")
        #expect(file.warnings == ["cfg:2: `db` already set on line 1; this line wins"])
    }

    @Test func retrainKeysPassThroughWithoutWarning() throws {
        let file = try parse("keep_models = 3\nmin_new = 10\n")
        #expect(file.warnings.isEmpty)
        #expect(file.entry(for: "keep_models")?.value == "3")
    }

    @Test func emptyAndBinaryInputDoNotCrash() throws {
        #expect(try parse("").entries.isEmpty)
        let bytes: [UInt8] = [0xFF, 0xFE, 0x00, 0x0A, 0x3D, 0x0A, 0x80, 0x3D, 0x31]
        #expect(throws: ConfigError.self) { try ConfigFile.parse(bytes, path: "bin") }
    }
}
