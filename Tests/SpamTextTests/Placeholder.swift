import Testing

@Test func placeholderSpamTextTests() { #expect(Bool(true)) }
