import Testing

@Test func placeholderSpamForecastTests() { #expect(Bool(true)) }
