import Testing

@testable import SpamForecast

@Test func daysFromCivilKnownDates() {
    #expect(Timestamp.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
    #expect(Timestamp.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
    #expect(Timestamp.daysFromCivil(year: 1600, month: 2, day: 29) == -135_081)
    #expect(Timestamp.daysFromCivil(year: 2400, month: 12, day: 31) == 157_419)
}

@Test func civilFromDaysInvertsDaysFromCivil() {
    for days in stride(from: -800_000, through: 800_000, by: 997) {
        let (y, m, d) = Timestamp.civilFromDays(days)
        #expect(Timestamp.daysFromCivil(year: y, month: m, day: d) == days)
        #expect(d >= 1 && d <= Timestamp.daysInMonth(year: y, month: m))
    }
}

@Test func parsesAllThreeFormats() {
    let expected = 1_424_986_973  // 2015-02-26 21:42:53 UTC
    #expect(Timestamp.parse("2015-02-26 21:42:53") == expected)
    #expect(Timestamp.parse("2015-02-26T21:42:53") == expected)
    #expect(Timestamp.parse("2015-02-26T21:42:53Z") == expected)
    #expect(Timestamp.parse("2015-02-26T22:42:53+01:00") == expected)
    #expect(Timestamp.parse("2015-02-26T16:42:53-0500") == expected)
    #expect(Timestamp.parse("2015-02-26T21:42:53.999Z") == expected)
    #expect(Timestamp.parse("1424986973") == expected)
    #expect(Timestamp.parse("1424986973.25") == expected)
    #expect(Timestamp.parse("\"2015-02-26 21:42:53\"") == expected)
    #expect(Timestamp.parse("2015-02-26T21:42") == expected - 53)
    #expect(Timestamp.parse("2015-02-26") == expected - (21 * 3600 + 42 * 60 + 53))
    #expect(Timestamp.parse("-1.5") == -2)
    #expect(Timestamp.parse("2015/02/26 21:42:53") == expected)
}

@Test func unixTimeInFinerUnitsIsToldApartByMagnitude() {
    let expected = 1_424_986_973
    #expect(Timestamp.parse("1424986973250") == expected)  // milliseconds
    #expect(Timestamp.parse("1424986973250123") == expected)  // microseconds
    #expect(Timestamp.parse("1424986973250123456") == expected)  // nanoseconds
    #expect(Timestamp.parse("1424986973000.5") == expected)
    // The largest plausible seconds (year 5138) stay seconds; the next power of ten is milliseconds.
    #expect(Timestamp.parse("99999999999") == 99_999_999_999)
    #expect(Timestamp.parse("100000000000") == 100_000_000)
    // Before 1970, floored like seconds.
    #expect(Timestamp.parse("-100000000001") == -100_000_001)
    #expect(Timestamp.parse("-100000000000.5") == -100_000_001)
}

@Test func rejectsImpossibleOrMalformedTimestamps() {
    for text in [
        "", "2015-02-29 00:00:00", "2015-13-01", "2015-02-26 24:30:00", "2015-02-26 21:60:00",
        "26/02/2015 21:42", "2015/02-26", "2015-02/26", "2015-2-26", "2015-02-26 21:42:53 junk", "12a",
        "2015-02-26T21:42:53+25:00",
        "99999999999999999999",
    ] {
        #expect(Timestamp.parse(text) == nil, "\(text)")
    }
    #expect(Timestamp.parse("2016-02-29 00:00:00") != nil)  // leap year
}

@Test func formatsAndKnowsWeekdays() {
    #expect(Timestamp.format(1_424_986_973) == "2015-02-26 21:42:53")
    #expect(Timestamp.formatISO(0) == "1970-01-01T00:00:00Z")
    #expect(Timestamp.format(-1) == "1969-12-31 23:59:59")
    #expect(Timestamp.dayOfWeek(1_424_986_973) == 4)  // Thursday
    #expect(Timestamp.dayOfWeek(-1) == 3)  // Wednesday
}
