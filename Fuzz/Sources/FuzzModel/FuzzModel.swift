import SpamIO
import SpamModel
import SpamNN
import SpamText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The model loader on mutated model files. Each input is tried twice: as it is (the checksum
/// then rejects nearly every mutation) and with its last eight bytes replaced by the right
/// checksum, so mutations reach the header, vocabulary and weight parsing behind it. A file that
/// loads must also make a classifier that scores text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModel(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    load(input)
    if input.count >= 8 {
        var repaired = Array(input.dropLast(8))
        let checksum = Checksum64.checksum(repaired)
        withUnsafeBytes(of: checksum.littleEndian) { repaired.append(contentsOf: $0) }
        load(repaired)
    }
    return 0
}

/// The mapped loader (what the filter uses) must accept exactly the files the decoding loader
/// accepts, and score them identically.
let mappedPath = "/tmp/fuzz-model-\(getpid()).smsmodel"

func load(_ bytes: [UInt8]) {
    _ = ModelFile.identifier(of: bytes)
    try? FileIO.writeAtomically(bytes, to: mappedPath)
    let mapped = (try? MappedFile(path: mappedPath)).flatMap { try? SpamClassifier(file: $0) }
    // As a delivery loads a file version verified before: checksum, finiteness and the
    // vocabulary index unchecked. Whatever it accepts must score without a crash, every id in
    // range (a damaged index gives wrong ids, never a read out of bounds).
    if let trusted = (try? MappedFile(path: mappedPath)).flatMap({
        try? SpamClassifier(file: $0, verifiedBefore: true)
    }) {
        for text in ["", "win a free prize now!!! call 0800 123 456", "fr33 pr1ze \u{0430}nd s\u{0435}e"] {
            let ids = trusted.ids(of: text)
            guard ids.allSatisfy({ $0 >= 0 && Int($0) < trusted.shape.vocabularySize }) else {
                fail("id out of range from a trusted file")
            }
            _ = trusted.spamProbability(ids: ids)
        }
    }
    guard let model = try? ModelFile.model(from: bytes) else {
        if mapped != nil { fail("the mapped loader accepted a file the decoding loader rejects") }
        return
    }
    guard let mapped else { fail("the mapped loader rejected a file the decoding loader accepts") }
    guard model.vocabulary.count == model.shape.vocabularySize else { fail("vocabulary does not match V") }
    guard model.networks.allSatisfy({ $0.count == LSTMClassifierNetwork.parameterCount(model.shape) }) else {
        fail("network parameter count does not match the shape")
    }
    guard let classifier = try? SpamClassifier(fileBytes: bytes) else { return }
    for text in [
        "", "win a free prize now!!! call 0800 123 456", "see you at 5, bring the keys", "WINNER URGENT",
        "fr33 pr1ze, C A L L n0w \u{0430}nd s\u{0435}e y o u", "w i n w i n w i n w i n w i n w i n",
    ] {
        let ids = classifier.ids(of: text)
        guard ids.count <= model.maxLength else { fail("\(ids.count) ids over maxLength \(model.maxLength)") }
        guard ids.allSatisfy({ $0 >= 0 && Int($0) < model.shape.vocabularySize }) else {
            fail("id out of range")
        }
        // Extreme float32 weights may give NaN; the filter engine turns that into an error header.
        let p = classifier.spamProbability(ids: ids)
        let q = mapped.spamProbability(ids: ids)
        guard p == q || (p.isNaN && q.isNaN) else { fail("mapped score \(q) differs from decoded \(p)") }
    }
}

func fail(_ message: String) -> Never {
    let line = "FuzzModel: \(message)\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    abort()
}
