import SpamSenders
import Testing

@Suite struct SenderAddressTests {
    func normal(_ text: String, _ country: Int? = nil) -> String? {
        SenderAddress(text, countryCode: country)?.value
    }

    @Test func nationalNumbersTakeTheDefaultCountryCode() {
        #expect(normal("07700 900123", 44) == "+447700900123")
        #expect(normal("07700-900-123", 44) == "+447700900123")
        #expect(SenderAddress("07700 900123", countryCode: 44)?.kind == .international)
        #expect(normal("(202) 555-0143", 1) == "+12025550143")
        #expect(normal("1 202 555 0143", 1) == "+12025550143")
        #expect(normal("011 44 7700 900123", 1) == "+447700900123")
        // Italy keeps the 0 of its landline numbers.
        #expect(normal("06 1234 5678", 39) == "+390612345678")
        // The country code written without `+` or `00`; a national number without its 0.
        #expect(normal("447700900123", 44) == "+447700900123")
        #expect(normal("7700 900123", 44) == "+447700900123")
    }

    @Test func internationalFormsAgree() {
        for form in [
            "+447700900123", "+44 7700 900123", "0044 7700 900123", "+44 (0)7700 900123",
            "+44(0)7700-900123", "tel:+44-7700-900123", "tel:+44-7700-900123;ext=5", " +44 7700 900123 ",
        ] {
            #expect(normal(form, 44) == "+447700900123", "\(form)")
            // The country code does not matter once the number is international.
            #expect(normal(form, 1) == "+447700900123", "\(form)")
        }
    }

    @Test func withoutADefaultCountryNumbersStayDigits() {
        #expect(normal("07700 900123") == "07700900123")
        #expect(SenderAddress("07700 900123")?.kind == .national)
        #expect(normal("07700-900123") == normal("(07700) 900 123"))
        #expect(normal("(202) 555-0143") == "2025550143")
        #expect(normal("+44 7700 900123") == "+447700900123")
    }

    @Test func shortCodesAndSenderIDs() {
        #expect(normal("86688", 44) == "86688")
        #expect(SenderAddress("86688", countryCode: 44)?.kind == .shortCode)
        #expect(normal("Barclays", 44) == "barclays")
        #expect(normal("HMRC") == "hmrc")
        #expect(normal("  Royal  Mail ") == "royal mail")
        #expect(SenderAddress("HMRC")?.kind == .alphanumeric)
    }

    @Test func emailDomainsAreLowerCasedLocalPartsKept() {
        #expect(normal("Bob.Smith@Example.ORG") == "Bob.Smith@example.org")
        #expect(normal("<bob@example.org>") == "bob@example.org")
        #expect(normal("mailto:bob@EXAMPLE.org") == "bob@example.org")
        #expect(SenderAddress("bob@example.org")?.kind == .email)
    }

    @Test func notSenders() {
        for text in ["", "   ", "+", "--", "()", "@example.org", "bob@", String(repeating: "9", count: 400)] {
            #expect(SenderAddress(text, countryCode: 44) == nil, "\(text)")
        }
        // A plus in the middle is not a number.
        #expect(SenderAddress("44+7700", countryCode: 44)?.kind == .alphanumeric)
    }
}

@Suite struct SenderListTests {
    @Test func encodesSortedAndLooksUp() throws {
        let bytes = SenderList.encode([
            ("+447700900123", .allowed), ("hmrc", .blocked), ("a@b.org", .allowed),
        ])
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "smsfilter-senders v1\n+447700900123\tallowed\na@b.org\tallowed\nhmrc\tblocked\n")
        let list = try #require(SenderList(bytes: bytes))
        #expect(list.state(of: "hmrc") == .blocked)
        #expect(list.state(of: "+447700900123") == .allowed)
        #expect(list.state(of: "+44770090012") == nil)
        #expect(list.state(of: "hmr") == nil)
        #expect(list.state(of: "") == nil)
        #expect(list.table() == ["+447700900123": .allowed, "a@b.org": .allowed, "hmrc": .blocked])
        #expect(list.count == 3)
    }

    @Test func refusesTornOrForeignFiles() {
        #expect(SenderList(bytes: Array("smsfilter-senders v1\nhmrc\tblocked".utf8)) == nil)
        #expect(SenderList(bytes: Array("hmrc\tblocked\n".utf8)) == nil)
        #expect(SenderList(bytes: []) == nil)
        #expect(SenderList.empty.count == 0)
    }
}
