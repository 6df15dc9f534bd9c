import Testing

@Test func placeholderSpamModelTests() { #expect(Bool(true)) }
