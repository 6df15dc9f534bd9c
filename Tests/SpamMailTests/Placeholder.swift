import Testing

@Test func placeholderSpamMailTests() { #expect(Bool(true)) }
