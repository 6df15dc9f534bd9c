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

/// Places for numbers of a given size: counts keep the minimum, small values get significant digits.
@Test func decimalsFollowTheMagnitude() {
    #expect(decimals(forMagnitude: 28_048, significant: 4, atLeast: 1) == 1)
    #expect(decimals(forMagnitude: 0.5, significant: 4, atLeast: 1) == 4)
    #expect(decimals(forMagnitude: 0.0012, significant: 4, atLeast: 1) == 6)
    #expect(decimals(forMagnitude: -0.0012, significant: 4, atLeast: 1) == 6)
    #expect(decimals(forMagnitude: 0, significant: 4, atLeast: 3) == 3)
    #expect(decimals(forMagnitude: .infinity, significant: 4, atLeast: 3) == 3)
    #expect(decimals(forMagnitude: .nan, significant: 4, atLeast: 3) == 3)
    #expect(decimals(forMagnitude: 1e-30, significant: 4, atLeast: 1) == 15)
    #expect(
        fixed(0.0000123456, decimals: decimals(forMagnitude: 0.0000123456, significant: 4, atLeast: 1))
            == "0.00001235")
}
