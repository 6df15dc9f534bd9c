import SpamMail
import Testing

@Suite struct DecodingTests {
    @Test func base64IsTolerant() {
        #expect(Base64.decode(bytes("SGVsbG8sIHdvcmxk")) == bytes("Hello, world"))
        #expect(Base64.decode(bytes("SGVs\nbG8s IHdv\r\ncmxk")) == bytes("Hello, world"))
        // Junk characters are skipped; padding ends a group; a partial group keeps its bytes.
        #expect(Base64.decode(bytes("SGVsbG8g!!d29y*bGQ=")) == bytes("Hello world"))
        #expect(Base64.decode(bytes("QQ==QkM=")) == bytes("ABC"))
        #expect(Base64.decode(bytes("QUJ")) == bytes("AB"))
        #expect(Base64.decode(bytes("Q")) == [])
        #expect(Base64.decode(bytes("QUJDREVG"), 0..<8, limit: 4) == bytes("ABCD"))
    }

    @Test func quotedPrintableIsTolerant() {
        #expect(QuotedPrintable.decode(bytes("caf=C3=A9")) == bytes("café"))
        #expect(QuotedPrintable.decode(bytes("soft=\nbreak")) == bytes("softbreak"))
        #expect(QuotedPrintable.decode(bytes("soft=  \r\nbreak")) == bytes("softbreak"))
        #expect(QuotedPrintable.decode(bytes("bad =ZZ and lone = sign")) == bytes("bad =ZZ and lone = sign"))
        #expect(QuotedPrintable.decode(bytes("trailing =4")) == bytes("trailing =4"))
        #expect(QuotedPrintable.decode(bytes("end=")) == bytes("end"))
        #expect(QuotedPrintable.decode(bytes("a_b"), 0..<3, underscoreIsSpace: true) == bytes("a b"))
    }

    @Test func encodedWords() {
        #expect(EncodedWords.decode(bytes("=?ISO-8859-1?Q?Caf=E9_au_lait?=")) == "Café au lait")
        #expect(EncodedWords.decode(bytes("=?utf-8?B?0L/RgNC40LLQtdGC?=")) == "привет")
        // Blanks between adjacent encoded words vanish; around plain text they stay.
        #expect(EncodedWords.decode(bytes("=?utf-8?Q?a?= =?utf-8?Q?b?= c =?utf-8?Q?d?=")) == "ab c d")
        // Malformed words stay literal.
        #expect(
            EncodedWords.decode(bytes("=?utf-8?X?abc?= =?utf-8?Q?unclosed"))
                == "=?utf-8?X?abc?= =?utf-8?Q?unclosed")
        // RFC 2231 language suffix and an unknown charset.
        #expect(EncodedWords.decode(bytes("=?utf-8*en?Q?hi?=")) == "hi")
        #expect(EncodedWords.decode(bytes("=?x-no-such-charset?Q?plain?=")) == "plain")
    }

    @Test func encodedSubjectsFixture() {
        let input = fixture("encoded-subjects.eml")
        let text = MessageText.extract(from: input)
        #expect(text.hasPrefix("Café au lait and Приветмир\n"))
        let header = HeaderBlock.parse(input, in: 0..<input.count, allowFromLine: true)
        let split = header.field(named: "x-split", in: input)!
        // A Shift_JIS character cut between two encoded words is joined before conversion.
        #expect(EncodedWords.decode(HeaderBlock.unfoldedValue(of: split, in: input)) == "日本語のテキスト")
    }

    @Test(arguments: [
        ("iso-8859-1", "Café crème brûlée"), ("iso-8859-15", "Prix: 5 € seulement"),
        ("windows-1251", "Привет, как дела?"), ("koi8-r", "Привет, как дела?"),
        ("shift_jis", "日本語のテキスト"), ("gb2312", "中文短信测试"), ("gbk", "中文短信测试"),
        ("big5", "中文簡訊測試"), ("utf-16", "Hello UTF-16 Ωμέγα"),
    ])
    func charsetsBecomeUTF8(charset: String, expected: String) {
        let text = MessageText.extract(from: fixture("charset-\(charset).eml"))
        #expect(text == "charset test\n" + expected)
    }

    @Test func charsetDecoderFallbacks() {
        // Valid UTF-8 unlabelled; Latin-1 for invalid unlabelled bytes; replacement when declared UTF-8.
        #expect(CharsetDecoder.decode(bytes("grüße"), charset: nil) == "grüße")
        #expect(CharsetDecoder.decode([0x47, 0x72, 0xFC, 0xDF, 0x65], charset: nil) == "Grüße")
        #expect(CharsetDecoder.decode([0x61, 0xFF, 0x62], charset: "utf-8") == "a\u{FFFD}b")
        #expect(CharsetDecoder.decode(bytes("plain"), charset: "x-unknown-charset-42") == "plain")
        #expect(CharsetDecoder.decode([0x61, 0xE9], charset: "no-such") == "aé")
        #expect(CharsetDecoder.decode(bytes("x"), charset: "bad\u{0}name; rm -rf") == "x")
        #expect(CharsetDecoder.decode([0xCF, 0xF0], charset: "\"Windows-1251\"") == "Пр")
        // UTF-8 cut inside its last character (a size cap) stays UTF-8.
        #expect(CharsetDecoder.utf8OrLatin1(Array("año€".utf8).dropLast(1), truncated: true) == "año")
        #expect(CharsetDecoder.utf8OrLatin1([0x61, 0xE9], truncated: false) == "aé")
        #expect(CharsetDecoder.utf8OrLatin1([0x61, 0xE9, 0x62, 0xE9]) == "aébé")
    }

    @Test func eightBitHeadersAreReadAsUTF8OrLatin1() {
        let text = MessageText.extract(from: fixture("8bit-headers.eml"))
        #expect(text == "Grüße aus Köln\nBody with latin-1: naïve\n")
    }
}
