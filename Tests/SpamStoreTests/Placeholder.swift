import Testing

@Test func placeholderSpamStoreTests() { #expect(Bool(true)) }
