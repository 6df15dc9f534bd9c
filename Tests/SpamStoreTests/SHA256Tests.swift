import SpamStore
import Testing

@Test func sha256MatchesFIPSVectors() {
    #expect(SHA256.hex(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
        SHA256.hex(of: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(
        SHA256.hex(
            of:
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        )
            == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
}

@Test func sha256IncrementalEqualsOneShot() {
    let bytes: [UInt8] = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    var hasher = SHA256()
    hasher.update(bytes[0..<63])
    hasher.update(bytes[63..<64])
    hasher.update(bytes[64...])
    #expect(
        SHA256.hex(of: bytes)
            == hasher.finalize().map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined())
}

/// Contiguous bytes are hashed a block at a time, other sequences a byte at a time: both give
/// the same digest however the input is split (FIPS 180-4's million-`a` vector among them).
@Test func sha256OfContiguousAndByteAtATimeInputAgree() {
    #expect(
        SHA256.hex(of: [UInt8](repeating: 0x61, count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    let bytes: [UInt8] = (0..<700).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 5) }
    for cuts in [[0], [1, 64], [63, 64, 65], [64, 128, 500], [7, 200, 201, 699]] {
        var contiguous = SHA256()
        var oneByOne = SHA256()
        var start = 0
        for cut in cuts + [bytes.count] {
            contiguous.update(bytes[start..<cut])
            oneByOne.update(bytes[start..<cut].lazy.map { $0 })
            start = cut
        }
        #expect(contiguous.finalize() == oneByOne.finalize())
        #expect(contiguous.finalizeHex() == SHA256.hex(of: bytes))
    }
}
