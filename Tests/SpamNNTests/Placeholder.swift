import Testing

@Test func placeholderSpamNNTests() { #expect(Bool(true)) }
