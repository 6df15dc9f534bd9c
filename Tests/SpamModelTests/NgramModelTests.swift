import SpamIO
import SpamNN
import SpamText
import Testing

@testable import SpamModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

@Test func ngramCountsAreUniqueCaseFoldedAndSplitIntoTheirViews() {
    let counts = NgramFeatures.counts(of: "Call 09061 NOW now")
    #expect(Set(counts.map(\.bucket)).count == counts.count)
    let inRange = counts.allSatisfy { (0..<Int32(NgramFeatures.featureCount)).contains($0.bucket) }
    #expect(inRange)
    // Case folded: the same buckets as the lowercase text.
    #expect(counts.map(\.bucket) == NgramFeatures.counts(of: "call 09061 now now").map(\.bucket))
    // "now" twice: its word, and each of its character grams, count 2.
    let twice = counts.contains { $0.count == 2 }
    #expect(twice)
    // Words view: call, 09061, now (twice), and the pairs call·09061, 09061·now, now·now.
    let words = counts.filter { $0.bucket < Int32(NgramFeatures.bucketsPerView) }
    #expect(words.reduce(0) { $0 + $1.count } == 7)
    // A one-letter word is no word, but its padded characters (" a", "a ", " a ") are grams.
    let single = NgramFeatures.counts(of: "a")
    let characters = single.allSatisfy { $0.bucket >= Int32(NgramFeatures.bucketsPerView) }
    #expect(characters)
    #expect(single.reduce(0) { $0 + $1.count } == 3)
    #expect(NgramFeatures.counts(of: "").isEmpty)
    #expect(NgramFeatures.counts(of: " \n\t ").isEmpty)
}

@Test func aTallyCountsEachBucketOnceInOrderOfFirstOccurrence() {
    var generator = SeededGenerator(seed: 7)
    for count in [0, 1, 15, 16, 1000, 20_000] {
        // Few distinct buckets (many repeats), then as many as the table's half.
        for distinct in [3, count + 1] {
            let buckets = (0..<count).map { _ in
                UInt32.random(in: 0..<UInt32(distinct), using: &generator) &* 40_503
                    % UInt32(NgramFeatures.featureCount)
            }
            var expected: [UInt32: Int32] = [:]
            var order: [UInt32] = []
            for b in buckets {
                if expected[b] == nil { order.append(b) }
                expected[b, default: 0] += 1
            }
            var counter = NgramFeatures.Tally(expected: buckets.count)
            for b in buckets { counter.add(b) }
            let tally = counter.entries
            #expect(tally.map { UInt32($0.bucket) } == order)
            #expect(tally.allSatisfy { expected[UInt32($0.bucket)] == $0.count })
        }
    }
}

/// The n-grams of a reading as the definition in `NgramFeatures` gives them, counted plainly:
/// each word of two or more word characters and each pair of neighbouring ones, then the 2- to
/// 5-grams of each space-padded chunk; each bucket once, in order of first occurrence.
private func referenceCounts(of scalars: [UInt32]) -> [(bucket: Int32, count: Int32)] {
    var order: [UInt32] = []
    var counts: [UInt32: Int32] = [:]
    func add(_ b: UInt32) {
        if counts[b] == nil { order.append(b) }
        counts[b, default: 0] += 1
    }
    var words: [[UInt32]] = [[]]
    for v in scalars {
        if NgramFeatures.isWordScalar(v) { words[words.count - 1].append(v) } else { words.append([]) }
    }
    var previous: UInt64? = nil
    for word in words where word.count >= 2 {
        let h = word.reduce(NgramFeatures.step(NgramFeatures.offsetBasis, 0x57), NgramFeatures.step)
        add(NgramFeatures.bucket(h, view: 0))
        if let previous {
            let pair = NgramFeatures.step(NgramFeatures.step(previous, 0x20), UInt32(truncatingIfNeeded: h))
            add(NgramFeatures.bucket(pair, view: 0))
        }
        previous = h
    }
    for chunk in scalars.split(separator: 0x20) {
        let padded = [0x20] + chunk + [0x20]
        for start in 0..<(padded.count - 1) {
            for n in 2...5 where start + n <= padded.count {
                add(
                    NgramFeatures.bucket(
                        padded[start..<(start + n)].reduce(NgramFeatures.offsetBasis, NgramFeatures.step),
                        view: 1))
            }
        }
    }
    return order.map { (Int32($0), counts[$0]!) }
}

@Test func ngramCountsAreThePlainlyCountedNgrams() {
    let texts = [
        "", "a", "Call 09061 NOW now", "WINNER!! Claim your £900 prize: txt WIN to 87066 www.win-now.icu",
        "ok... see u at 5pm :) x", "Ваш код 4821. Никому не сообщайте", "รหัส OTP ของคุณคือ 123456",
        String(repeating: "free entry to win the cup final tickets ", count: 300),
    ]
    for text in texts {
        let reading = NgramFeatures.reading(of: text)
        let scalars = NgramFeatures.Reading(text, budget: NgramFeatures.maxScalars).scalars
        let expected = referenceCounts(of: scalars)
        #expect(reading.counts.map(\.bucket) == expected.map(\.bucket), "\(text.prefix(30))")
        #expect(reading.counts.map(\.count) == expected.map(\.count), "\(text.prefix(30))")
    }
}

@Test func ngramCountsReadAtMostTheirScalarBudget() {
    let long = (0..<10_000).map { "w\($0)" }.joined(separator: " ")
    let capped = String(long.unicodeScalars.prefix(NgramFeatures.maxScalars))
    #expect(NgramFeatures.counts(of: long).map(\.count) == NgramFeatures.counts(of: capped).map(\.count))
}

@Test func ngramFeaturesAreUnitLengthPerView() {
    let idf = NgramTable((0..<NgramFeatures.featureCount).map { Float(1 + $0 % 7) })
    let features = NgramModel.features(NgramFeatures.counts(of: "win a free prize now, win"), idf: idf)
    for view in 0..<2 {
        let part = features.filter { Int($0.bucket) / NgramFeatures.bucketsPerView == view }
        let length = part.reduce(Float(0)) { $0 + $1.value * $1.value }.squareRoot()
        #expect(abs(length - 1) < 1e-5)
    }
}

@Test func theDecisionValueIsTheWeightsDotTheFeatures() {
    var generator = SeededGenerator(seed: 3)
    let weights = (0..<NgramFeatures.featureCount).map { _ in Float.random(in: -1...1, using: &generator) }
    let idf = (0..<NgramFeatures.featureCount).map { _ in Float.random(in: 1...9, using: &generator) }
    let model = NgramModel(
        weights: NgramTable(weights), inverseFrequencies: NgramTable(idf), bias: 0.25, mixWeight: 1)
    for text in ["win win win a FREE prize now", "ok", "", "Your code is 482913. Do not share it."] {
        let features = NgramModel.features(NgramFeatures.counts(of: text), idf: NgramTable(idf))
        let expected = features.reduce(Float(0.25)) { $0 + weights[Int($1.bucket)] * $1.value }
        // Shrunk by the reading's length: n / (n + evidenceLength).
        let n = Double(NgramFeatures.reading(of: text).length)
        let shrunk = n == 0 ? 0 : Double(expected) * n / (n + NgramModel.evidenceLength)
        #expect(abs(model.decisionValue(of: text) - shrunk) < 1e-5)
    }
}

@Test func aShortReadingCountsLessOfItsMargin() {
    // Every bucket weighs 1: each view of unit length adds its length (1) to the bias (0).
    let ones = NgramTable([Float](repeating: 1, count: NgramFeatures.featureCount))
    let model = NgramModel(weights: ones, inverseFrequencies: ones, bias: 0, mixWeight: 1)
    let short = NgramFeatures.reading(of: "hi")
    let long = NgramFeatures.reading(of: "hello there, see you at the station at six")
    #expect(short.length == 2 && long.length == 42)
    // The unshrunk value is the same for both (sum of the two views' lengths weighed by their
    // L1/L2 ratio); the short one keeps 2/12 of it, the long one 42/52.
    let raw = { (r: NgramFeatures.Counts) in model.decisionValue(counts: r.counts) }
    #expect(abs(model.decisionValue(of: "hi") - raw(short) * 2 / 12) < 1e-6)
    #expect(
        abs(model.decisionValue(of: "hello there, see you at the station at six") - raw(long) * 42 / 52)
            < 1e-6)
    #expect(model.decisionValue(of: "") == 0)
}

@Test func paddingIsLeftOutOfTheReading() {
    let lure = "WINNER!! Call 09061701461 to claim £1000 now"
    let plain = NgramFeatures.reading(of: lure)
    // A run of one character: left out whole.
    for padding in [".", " ", "🔥", "\u{A0}", "!"] {
        let padded = NgramFeatures.reading(of: String(repeating: padding, count: 100_000) + lure)
        #expect(padded.length == plain.length, "\(padding)")
        #expect(padded.counts.map(\.bucket) == plain.counts.map(\.bucket), "\(padding)")
        #expect(padded.counts.map(\.count) == plain.counts.map(\.count), "\(padding)")
    }
    // Repeated words or blocks of words: two copies are read, however many there were.
    for unit in ["- ", "ok ", "see you soon ", "🔥🔥 "] {
        let padded = NgramFeatures.reading(of: String(repeating: unit, count: 20_000) + lure)
        let twice = NgramFeatures.reading(of: unit + unit + lure)
        #expect(padded.length == twice.length, "\(unit)")
        #expect(padded.counts.map(\.bucket) == twice.counts.map(\.bucket), "\(unit)")
        #expect(padded.counts.map(\.count) == twice.counts.map(\.count), "\(unit)")
    }
    // A run of a letter is kept to three, of a digit whole; two or three of a mark stay.
    #expect(
        NgramFeatures.Reading("Sooooo GOOD!!! £1000000 ...", budget: 100).scalars
            == Array("sooo good!!! £1000000 ...".unicodeScalars.map(\.value)))
    // Repeats: a third copy of a word or a block of words goes, two stay.
    #expect(
        NgramFeatures.Reading("no no no no yes ok then ok then ok then", budget: 100).scalars
            == Array("no no yes ok then ok then".unicodeScalars.map(\.value)))
    // Case folded beyond ASCII.
    #expect(
        NgramFeatures.counts(of: "ÉTÉ À PARIS").map(\.bucket)
            == NgramFeatures.counts(of: "été à paris").map(\.bucket))
}

@Test func ngramModelSeparatesASyntheticCorpusAndIsSeeded() {
    let corpus = syntheticCorpus(count: 200)
    let train = Array(corpus.prefix(150))
    let held = Array(corpus.dropFirst(150))
    func fit(seed: UInt64) -> NgramModel {
        NgramTrainer.train(
            texts: train.map(\.text), isSpam: train.map(\.isSpam), weights: train.map { _ in 1 },
            mixWeight: 2,
            seed: seed)
    }
    let model = fit(seed: 1)
    for example in held {
        let z = model.decisionValue(of: example.text)
        #expect(example.isSpam ? z > 0 : z < 0, "\(example.text): \(z)")
    }
    #expect(values(fit(seed: 1).weights) == values(model.weights))
    // An example of weight 0 is left out, not a division by zero.
    let withZero = NgramTrainer.train(
        texts: train.map(\.text) + ["x"], isSpam: train.map(\.isSpam) + [true],
        weights: train.map { _ in 1 } + [0], mixWeight: 1, seed: 1)
    let finite = values(withZero.weights).allSatisfy { $0.isFinite }
    #expect(finite)
}

@Test func mixingAddsTheWeightedDecisionValueToTheLogit() {
    let model = NgramModel(
        weights: NgramTable([0]), inverseFrequencies: NgramTable([1]), bias: 0, mixWeight: 2)
    #expect(abs(model.mixed(networkProbability: 0.5, decisionValue: 0) - 0.5) < 1e-12)
    // logit 0 + 2 · 1 = 2.
    #expect(abs(model.mixed(networkProbability: 0.5, decisionValue: 1) - 1 / (1 + exp(-2))) < 1e-12)
    // A network sure to the last bit is still moved.
    #expect(model.mixed(networkProbability: 1, decisionValue: -10) < 0.5)
    #expect(model.mixed(networkProbability: 0, decisionValue: 10) > 0.5)
}

/// A tiny classifier with an n-gram model trained beside its network.
private func tinyModelWithNgrams(weight: Float) throws -> ClassifierModel {
    var options = tinyOptions()
    options.ngramWeight = weight
    return try ClassifierTrainer.train(examples: syntheticCorpus(count: 160), options: options).model
}

@Test func aModelWithAnNgramModelKeepsItThroughItsFile() throws {
    let model = try tinyModelWithNgrams(weight: 3)
    let ngram = try #require(model.ngram)
    #expect(ngram.mixWeight == 3)
    for encoding in [ModelFile.WeightEncoding.float16, .float32] {
        let bytes = ModelFile.bytes(of: model, encoding: encoding)
        let read = try #require(try ModelFile.model(from: bytes).ngram)
        #expect(read.bias == ngram.bias && read.mixWeight == ngram.mixWeight)
        let tolerance: Float = encoding == .float16 ? 2e-3 : 0
        for i in stride(from: 0, to: NgramFeatures.featureCount, by: 97) {
            #expect(abs(read.weights[i] - ngram.weights[i]) <= tolerance * max(1, abs(ngram.weights[i])))
            #expect(
                abs(read.inverseFrequencies[i] - ngram.inverseFrequencies[i])
                    <= tolerance * max(1, ngram.inverseFrequencies[i]))
        }
        // Mapped or decoded, a file scores the same, and one message as in a batch.
        let path = "/tmp/smsfilter-ngram-\(getpid())-\(encoding.rawValue)"
        try FileIO.writeAtomically(bytes, to: path)
        defer { unlink(path) }
        let decoded = try SpamClassifier(fileBytes: bytes)
        let mapped = try SpamClassifier(file: try MappedFile(path: path))
        let texts = [
            "claim your free prize call 09061701461", "see you at dinner tonight", "", "ok ok ok ok",
        ]
        #expect(texts.map { mapped.spamProbability(of: $0) } == texts.map { decoded.spamProbability(of: $0) })
        #expect(decoded.spamProbabilities(of: texts) == texts.map { decoded.spamProbability(of: $0) })
    }
    // Without one, the file has no such section and the flag is off.
    var without = model
    without.ngram = nil
    #expect(try ModelFile.model(from: ModelFile.bytes(of: without)).ngram == nil)
    #expect(ModelFile.bytes(of: without).count < ModelFile.bytes(of: model).count)
}

@Test func theNgramModelMovesTheNetworksScore() throws {
    let model = try tinyModelWithNgrams(weight: 3)
    var networkOnly = model
    networkOnly.ngram = nil
    let mixed = try SpamClassifier(model: model)
    let alone = try SpamClassifier(model: networkOnly)
    let ngram = try #require(model.ngram)
    for text in ["claim your free prize call 09061701461", "see you at dinner tonight love"] {
        let expected = ngram.mixed(
            networkProbability: alone.spamProbability(of: text),
            decisionValue: ngram.windowedDecisionValue(of: text))
        #expect(abs(mixed.spamProbability(of: text) - expected) < 1e-12)
    }
    #expect(
        mixed.spamProbability(of: "claim your free prize call 09061701461")
            > mixed.spamProbability(of: "see you at dinner tonight love"))
}

@Test func anNgramModelOfAnotherSizeIsRefused() throws {
    var bytes = ModelFile.bytes(of: try tinyModelWithNgrams(weight: 1), encoding: .float32)
    let f = NgramFeatures.featureCount
    // The section's feature count sits before its bias, mix weight and two tables of F floats.
    let at = bytes.count - 8 - 2 * f * 4 - 8 - 4
    #expect(bytes[at..<(at + 4)].elementsEqual(withUnsafeBytes(of: UInt32(f).littleEndian, Array.init)))
    bytes[at] ^= 1
    let body = Array(bytes.dropLast(8))
    bytes = body + withUnsafeBytes(of: Checksum64.checksum(body).littleEndian, Array.init)
    #expect(throws: ModelFileError.self) { try ModelFile.model(from: bytes) }
}

@Test func aLongTextIsReadInWindowsOfWords() {
    let size = NgramFeatures.windowWords
    let step = NgramFeatures.windowStep
    // Three and a half windows' steps past one window: windows start at 0, step, 2·step, 3·step,
    // and the last ends at the last word.
    let count = size + 3 * step + step / 2
    let words = (0..<count).map { "w\($0)" }
    let windows = NgramFeatures.windowReadings(of: words.joined(separator: " ")).map(\.counts)
    #expect(windows.count == 5)
    let last = NgramFeatures.counts(of: words.suffix(size).joined(separator: "  "))
    #expect(windows[4].map(\.bucket) == last.map(\.bucket))
    #expect(
        windows[0].map(\.bucket)
            == NgramFeatures.counts(of: words.prefix(size).joined(separator: "\n")).map(\.bucket))
    let third = words[(2 * step)..<(2 * step + size)].joined(separator: " ")
    #expect(windows[2].map(\.bucket) == NgramFeatures.counts(of: third).map(\.bucket))
    #expect(
        NgramFeatures.windowReadings(of: words.joined(separator: " "))[2].length == third.unicodeScalars.count
    )
    // One window's worth or less is read whole.
    let short = words.prefix(size).joined(separator: " ")
    #expect(
        NgramFeatures.windowReadings(of: short).map { $0.counts.map(\.bucket) } == [
            NgramFeatures.counts(of: short).map(\.bucket)
        ])
}

/// An n-gram model of the synthetic corpus, a lure of 32 words and 180 words of chat.
private func lureAndChat() -> (model: NgramModel, lure: String, chat: String) {
    let corpus = syntheticCorpus(count: 200)
    let model = NgramTrainer.train(
        texts: corpus.map(\.text), isSpam: corpus.map(\.isSpam), weights: corpus.map { _ in 1 }, mixWeight: 1,
        seed: 1)
    let lure = Array(repeating: "claim your free prize call 09061701461 urgent cash", count: 4).joined(
        separator: " ")
    let chat = Array(repeating: "see you later at dinner tonight love ok thanks", count: 20).joined(
        separator: " ")
    return (model, lure, chat)
}

@Test func aLureAmongChatIsReadInItsOwnWindow() {
    let (model, lure, chat) = lureAndChat()
    let padded = lure + " " + chat
    #expect(model.decisionValue(of: padded) < 0)
    #expect(model.windowedDecisionValue(of: padded) > 0)
    #expect(model.windowedDecisionValue(of: lure) == model.decisionValue(of: lure))
}

/// A mail is read whole, or at its opening (its first 32 words) when that reads as spam on its
/// own: a lure before chat counts, and a mail's later windows do not (its footers).
@Test func aMailIsReadWholeOrAtASpamLikeOpening() {
    let (model, lure, chat) = lureAndChat()
    let words = { (text: String) in
        text.split(separator: " ").prefix(NgramFeatures.windowWords).joined(separator: " ")
    }
    // A lure first: the opening (the lure's first 32 words) counts.
    let lureFirst = lure + " " + chat
    #expect(model.decisionValue(of: lureFirst) < 0)
    let opening = model.decisionValue(of: words(lureFirst))
    #expect(opening >= NgramModel.openingMargin)
    #expect(model.mailDecisionValue(of: lureFirst) == opening)
    #expect(model.decisionValue(of: lureFirst, asMail: true) == opening)
    // The lure last: only the whole counts, however spam-like a later window reads.
    let lureLast = chat + " " + lure
    #expect(model.windowedDecisionValue(of: lureLast) > 0)
    #expect(model.mailDecisionValue(of: lureLast) == model.decisionValue(of: lureLast))
    // A mail of one window is read whole.
    #expect(model.mailDecisionValue(of: lure) == model.decisionValue(of: lure))
}

@Test func aMappedTableReadsEveryFiniteHalfAsTheDecoderDoes() {
    // Every float16 bit pattern with an exponent below all ones, as (weight, idf) pairs.
    let halves = (0..<UInt16.max).filter { $0 & 0x7C00 != 0x7C00 }
    var bytes: [UInt8] = []
    for h in halves {
        bytes += [UInt8(h & 0xFF), UInt8(h >> 8), 0, 0x3C]  // the weight, then 1.0
    }
    let owner = ByteBox(bytes)
    owner.bytes.withUnsafeBytes { raw in
        let weights = NgramTable(encoded: raw, width: 2, lane: 0, owner: owner)
        let idf = NgramTable(encoded: raw, width: 2, lane: 1, owner: owner)
        #expect(weights.count == halves.count)
        let same = halves.indices.allSatisfy {
            weights[$0].bitPattern == floatFromHalfBits(halves[$0]).bitPattern
        }
        #expect(same)
        #expect(idf[0] == 1 && idf[halves.count - 1] == 1)
    }
}

private final class ByteBox {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// Every value of a table.
private func values(_ table: NgramTable) -> [Float] { (0..<table.count).map { table[$0] } }
