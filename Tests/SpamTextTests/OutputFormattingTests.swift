import SpamText
import Testing

@Test func fixedRoundsToTheGivenPlaces() {
    #expect(fixed(0.98765) == "0.9877")
    #expect(fixed(-1.5, decimals: 1) == "-1.5")
    #expect(fixed(2, decimals: 0) == "2")
    #expect(fixed(0.05, decimals: 3) == "0.050")
    // A negative value that rounds to zero has no sign.
    #expect(fixed(-0.00001, decimals: 2) == "0.00")
    #expect(fixed(.nan) == "nan")
    #expect(fixed(-.infinity) == "-inf")
    // Too large for the integer split: exact, not trapped.
    #expect(fixed(1e300, decimals: 2) == "1e+300")
}

@Test func jsonEscapesControlCharactersAndDropsNonFiniteNumbers() {
    let document = JSONValue.object([
        ("text", .string("a\"b\\c\td\u{1}\u{7F}é")),
        ("nan", .number(.nan)),
        ("inf", .number(-.infinity, decimals: 2)),
        ("rounded", .number(0.123456, decimals: 3)),
        ("count", .int(3)),
        ("list", .array([.bool(true), .null, .number(nil)])),
    ])
    #expect(
        document.text
            == #"{"text": "a\"b\\c\td\u0001\u007fé", "nan": null, "inf": null, "rounded": 0.123, "count": 3, "list": [true, null, null]}"#
    )
}
