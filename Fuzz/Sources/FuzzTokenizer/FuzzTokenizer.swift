import SpamText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The tokenizer on arbitrary bytes. The first byte picks the options (raw shapes, "!", shouting
/// mark, a small or the default token cap); the rest is the message.
nonisolated(unsafe) var tokenizers: [Int: Tokenizer] = [:]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let selector = Int(data[0] & 0x0F)
    let options = TokenizerOptions(
        maxTokens: selector & 8 != 0 ? 16 : TokenizerOptions().maxTokens, keepRawShapes: selector & 1 != 0,
        keepExclamation: selector & 2 != 0, markShouting: selector & 4 != 0)
    let tokenizer: Tokenizer
    if let cached = tokenizers[selector] {
        tokenizer = cached
    } else {
        guard let made = try? Tokenizer(options: options) else { fail("ICU unavailable") }
        tokenizers[selector] = made
        tokenizer = made
    }
    let message = UnsafeBufferPointer(start: data + 1, count: size - 1)
    let tokens = tokenizer.tokens(utf8: message)
    // The cap holds (plus at most the shouting marker).
    guard tokens.count <= options.maxTokens + 1 else {
        fail("\(tokens.count) tokens over the cap \(options.maxTokens)")
    }
    for token in tokens where token.isEmpty { fail("empty token") }
    // Same input, same tokens (the iterator is reused; no state may leak between messages).
    guard tokenizer.tokens(utf8: message) == tokens else { fail("tokenizing twice gave different tokens") }
    return 0
}

func fail(_ message: String) -> Never {
    let line = "FuzzTokenizer: \(message)\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    abort()
}
