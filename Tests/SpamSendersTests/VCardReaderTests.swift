import SpamTestSupport
import Testing

@testable import SpamSenders

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

func fixture(_ name: String) -> [UInt8] { TestEnvironment.fixture("vcard/" + name) }

@Suite struct VCardReaderTests {
    @Test func readsVersion3And4WithGroupsURIsAndFolding() throws {
        let result = VCardReader.read(fixture("phone-export.vcf"))
        #expect(result.problems.isEmpty)
        try #require(result.contacts.count == 2)
        let alice = result.contacts[0]
        #expect(alice.name == "Alice Example")
        #expect(alice.line == 1)
        #expect(alice.telephones.map(\.text) == ["07700 900123", "+44 (0)20 7946 0018", "0044 7700 900456"])
        #expect(alice.telephones.map(\.line) == [5, 6, 7])
        #expect(alice.emails.map(\.text) == ["Alice.Example@Mail.Example.ORG"])
        let bob = result.contacts[1]
        #expect(bob.name == "Bob Builder")  // folded line: the break and one blank removed
        #expect(bob.telephones.map(\.text) == ["+1-202-555-0143", "+44-7700-900789"])
        let normalized = result.contacts.flatMap(\.telephones).compactMap {
            SenderAddress($0.text, countryCode: 44)?.value
        }
        #expect(
            normalized == [
                "+447700900123", "+442079460018", "+447700900456", "+12025550143", "+447700900789",
            ])
    }

    @Test func aMalformedCardIsReportedWithItsLineAndSkipped() throws {
        let result = VCardReader.read(fixture("malformed.vcf"))
        #expect(result.contacts.map(\.name) == ["Carol", "Eve Erin"])
        try #require(result.problems.count == 1)
        #expect(result.problems[0].line == 9)
        #expect(result.problems[0].description.hasPrefix("line 9: malformed line"))
        // vCard 2.1: quoted-printable with a soft line break, bare type parameters.
        #expect(result.contacts[1].telephones.map(\.text) == ["07700 900333"])
        #expect(result.contacts[1].emails.map(\.text) == ["eve@example.net"])
    }

    @Test func unterminatedCardsAreSkipped() {
        let result = VCardReader.read(fixture("unterminated.vcf"))
        #expect(result.contacts.map(\.name) == ["Grace"])
        #expect(result.problems.map(\.line) == [1, 10])
    }

    @Test func strayLinesAndEmptyInput() {
        #expect(VCardReader.read([]) == VCardReader.Result(contacts: [], problems: []))
        let result = VCardReader.read(Array("hello\nEND:VCARD\n\nBEGIN:VCARD\r\nTEL:1\r\nEND:VCARD".utf8))
        #expect(result.problems.map(\.line) == [1, 2])
        #expect(result.contacts.count == 1)
        // Binary junk never traps.
        _ = VCardReader.read((0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 7919) })
    }
}
