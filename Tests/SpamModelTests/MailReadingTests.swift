import SpamIO
import SpamNN
import SpamTestSupport
import SpamText
import Testing

@testable import SpamModel

/// SMS where prize words mean spam, and mails of today where an account notice is legitimate
/// and a lure is not: written for these tests.
private func corpora() -> (sms: [TrainingExample], mails: [TrainingExample]) {
    var state: UInt64 = 7
    func next(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(n))
    }
    func text(_ words: [String]) -> String {
        (0..<(5 + next(6))).map { _ in words[next(words.count)] }.joined(separator: " ")
    }
    let prize = ["win", "prize", "claim", "cash", "free", "urgent", "account", "verify"]
    let chat = ["see", "you", "later", "dinner", "tonight", "love", "home", "ok"]
    let notice = ["your", "statement", "is", "ready", "account", "sign", "in", "app", "order", "shipped"]
    let lure = ["verify", "account", "suspended", "click", "unlock", "now", "wallet", "seed", "phrase"]
    let sms = (0..<120).map { i in
        i % 3 == 0
            ? TrainingExample(text: text(prize), isSpam: true)
            : TrainingExample(text: text(chat), isSpam: false)
    }
    // Mails as long as the reading reads (`MailReading.minimumLength`).
    func mail(_ words: [String]) -> String {
        var body = text(words)
        while body.unicodeScalars.count < MailReading.minimumLength { body += " " + text(words) }
        return body
    }
    let mails = (0..<80).map { i in
        TrainingExample(
            text: mail(i % 2 == 0 ? lure : notice), isSpam: i % 2 == 0, trainsMailReadingOnly: true)
    }
    return (sms, mails)
}

private func options() -> TrainingOptions {
    var options = tinyOptions()
    options.folds = 2
    options.thresholdFolds = 2
    options.maxEpochs = 4
    options.ngramWeight = 5
    options.minimumMailsToReadApart = 20
    options.mailNgramWeight = 40
    return options
}

@Test func mailThatTrainsTheMailReadingOnlyLeavesEverySMSScoreAsItWas() throws {
    let (sms, mails) = corpora()
    let (alone, _) = try ClassifierTrainer.train(examples: sms, options: options())
    let (both, report) = try ClassifierTrainer.train(examples: sms + mails, options: options())
    #expect(alone.mailNgram == nil)
    let mailNgram = try #require(both.mailNgram)
    #expect(mailNgram.mixWeight == options().mailNgramWeight)
    #expect(both.networks == alone.networks)
    #expect(both.vocabulary.tokens == alone.vocabulary.tokens)
    #expect(both.threshold == alone.threshold)
    let (a, b) = (try SpamClassifier(model: alone), try SpamClassifier(model: both))
    let texts = sms.prefix(20).map(\.text) + ["your statement is ready sign in"]
    #expect(texts.map { b.spamProbability(of: $0) } == texts.map { a.spamProbability(of: $0) })
    // Every mail has a held-out score from the mail reading, marked as such.
    #expect(report.heldOutIsMailReading.count { $0 } == mails.count)
    #expect(report.heldOutScores.count == sms.count + mails.count)
    // The mail reading learned the mails: the notice is legitimate there, the lure spam.
    let notice = Array(repeating: "your statement is ready sign in to the app", count: 8).joined(
        separator: " ")
    let lure = Array(repeating: "verify your account now click to unlock", count: 8).joined(separator: " ")
    #expect(b.spamProbability(of: notice, asMail: true) < b.threshold)
    #expect(b.spamProbability(of: lure, asMail: true) >= b.threshold)
    #expect(
        b.spamProbabilities(of: [notice, lure], asMail: [true, true]).map { $0 >= b.threshold } == [
            false, true,
        ])
    // A short mail is read as an SMS is, by the model without the mail reading.
    let short = "your statement is ready"
    #expect(!MailReading.reads(short) && MailReading.reads(notice))
    #expect(b.spamProbability(of: short, asMail: true) == a.spamProbability(of: short, asMail: true))
    #expect(
        b.spamProbabilities(of: [short], asMail: [true]) == a.spamProbabilities(of: [short], asMail: [true]))
    // Too few mails of a label: mail is read as before.
    var strict = options()
    strict.minimumMailsToReadApart = 41
    #expect(try ClassifierTrainer.train(examples: sms + mails, options: strict).model.mailNgram == nil)
    strict = options()
    strict.mailNgramWeight = 0
    #expect(try ClassifierTrainer.train(examples: sms + mails, options: strict).model.mailNgram == nil)
}

@Test func theMailReadingKeepsItsVerdictsWhenTheThresholdMoves() throws {
    let (sms, mails) = corpora()
    let (model, _) = try ClassifierTrainer.train(examples: sms + mails, options: options())
    let texts = mails.map(\.text)
    let before = try SpamClassifier(model: model)
    let verdicts = before.spamProbabilities(of: texts, asMail: texts.map { _ in true }).map {
        $0 >= before.threshold
    }
    for threshold in [0.2, 0.9] {
        var moved = model
        moved.movingThreshold(to: threshold)
        #expect(moved.threshold == threshold)
        let after = try SpamClassifier(model: moved)
        let scores = after.spamProbabilities(of: texts, asMail: texts.map { _ in true })
        // The same verdicts, up to a score that sits on the cut to float precision.
        let changed = zip(scores.map { $0 >= threshold }, verdicts).count { $0 != $1 }
        #expect(changed <= 1, "\(changed) verdicts changed at \(threshold)")
        // SMS are not read by it: their scores stay.
        #expect(after.spamProbability(of: sms[0].text) == before.spamProbability(of: sms[0].text))
    }
}

@Test func aModelWithAMailReadingKeepsItThroughItsFile() throws {
    let (sms, mails) = corpora()
    let model = try ClassifierTrainer.train(examples: sms + mails, options: options()).model
    let mail = try #require(model.mailNgram)
    let directory = TemporaryDirectory("mail-reading")
    defer { directory.remove() }
    for encoding in [ModelFile.WeightEncoding.float16, .float32] {
        let bytes = ModelFile.bytes(of: model, encoding: encoding)
        let read = try #require(try ModelFile.model(from: bytes).mailNgram)
        #expect(read.bias == mail.bias && read.mixWeight == mail.mixWeight)
        let path = directory.file("model-\(encoding.rawValue)")
        try FileIO.writeAtomically(bytes, to: path)
        let decoded = try SpamClassifier(fileBytes: bytes)
        let mapped = try SpamClassifier(file: try MappedFile(path: path))
        let texts = mails.prefix(10).map(\.text)
        let asMail = texts.map { _ in true }
        #expect(
            texts.map { mapped.spamProbability(of: $0, asMail: true) }
                == texts.map {
                    decoded.spamProbability(of: $0, asMail: true)
                })
        #expect(
            mapped.spamProbabilities(of: texts, asMail: asMail)
                == decoded.spamProbabilities(of: texts, asMail: asMail))
    }
    // A file that claims a mail reading without the n-gram model it follows is refused.
    var bytes = ModelFile.bytes(of: model, encoding: .float32)
    let flagsAt = 8 + 4 + 4
    bytes[flagsAt] &= ~UInt8(128)
    let body = Array(bytes.dropLast(8))
    bytes = body + withUnsafeBytes(of: Checksum64.checksum(body).littleEndian, Array.init)
    #expect(throws: ModelFileError.self) { try ModelFile.model(from: bytes) }
}

/// A model's two n-gram readings, and a mail that opens with an SMS prize lure followed by a
/// long notice (and the notice alone).
private func lureBeforeNotice() throws -> (
    reading: NgramModel, ngram: NgramModel, notice: String, text: String
) {
    let (sms, mails) = corpora()
    let model = try ClassifierTrainer.train(examples: sms + mails, options: options()).model
    let lure = Array(repeating: "win prize claim cash free urgent", count: 7).joined(separator: " ")
    let notice = Array(repeating: "your statement is ready sign in to the app", count: 12).joined(
        separator: " ")
    return (try #require(model.mailNgram), try #require(model.ngram), notice, lure + " " + notice)
}

@Test func aMailIsScoredByItsReadingOrBySpamLikeOpening() throws {
    // A prize lure of SMS, then a long notice: read whole by the mail reading it is a notice.
    let (reading, ngram, notice, text) = try lureBeforeNotice()
    let whole = reading.mixed(networkProbability: 0.5, decisionValue: reading.decisionValue(of: text))
    let score = MailReading.score(of: text, networkProbability: 0.5, reading: reading, ngram: ngram)
    // Its opening, read by the n-gram model that knows the SMS lure, counts.
    let opening = try #require(NgramFeatures.mailReadings(of: text).opening)
    let z = ngram.decisionValue(opening)
    #expect(z >= MailReading.openingMargin)
    #expect(score == max(whole, ngram.mixed(networkProbability: 0.5, decisionValue: z)))
    #expect(score > whole)
    // Without a spam-like opening, the reading's score alone.
    let plain = notice + " " + notice
    let plainOpening = try #require(NgramFeatures.mailReadings(of: plain).opening)
    #expect(ngram.decisionValue(plainOpening) < MailReading.openingMargin)
    #expect(
        MailReading.score(of: plain, networkProbability: 0.5, reading: reading, ngram: ngram)
            == reading.mixed(networkProbability: 0.5, decisionValue: reading.decisionValue(of: plain)))
}

/// An opening the n-gram model reads as only a little spam-like (a decision value between the
/// margin of a mail's end and the opening's own) does not decide a mail: today's legitimate mail
/// opens with a salesy subject that often (docs/ACCURACY.md, run Z39).
@Test func aMailsOpeningCountsOnlyFromItsOwnMargin() throws {
    let (reading, ngram, _, text) = try lureBeforeNotice()
    let whole = reading.mixed(networkProbability: 0.5, decisionValue: reading.decisionValue(of: text))
    let opening = try #require(NgramFeatures.mailReadings(of: text).opening)
    // The bias moved so that the opening reads as spam by `want` (a decision value is the
    // bias's plus the n-gram terms, times the reading's length factor).
    let factor = Double(opening.length) / (Double(opening.length) + NgramModel.evidenceLength)
    func score(openingValue want: Double) -> (Double, Double) {
        var moved = ngram
        moved.bias += Float((want - ngram.decisionValue(opening)) / factor)
        let z = moved.decisionValue(opening)
        return (z, MailReading.score(of: text, networkProbability: 0.5, reading: reading, ngram: moved))
    }
    // 0.35: spam-like by the margin a mail's end needs (0.25), which the opening had too.
    let between = 0.35
    #expect(NgramModel.openingMargin < between && between < MailReading.openingMargin)
    let (low, lowScore) = score(openingValue: between)
    #expect(abs(low - between) < 1e-3)
    #expect(lowScore == whole)
    let (high, highScore) = score(openingValue: MailReading.openingMargin + 0.2)
    #expect(high >= MailReading.openingMargin)
    #expect(highScore > whole)
}

@Test func aMailsEndingsAreItsLastWordsOrTheLastOfThoseTheNetworksRead() {
    let words = (0..<100).map { "w\($0)" }
    func reading(_ range: Range<Int>) -> NgramFeatures.Counts {
        NgramFeatures.reading(of: words[range].joined(separator: " "))
    }
    let text = words.joined(separator: "  ")
    let cases: [(Int?, [Range<Int>])] = [
        (nil, [84..<100, 68..<100]), (40, [24..<40, 8..<40]), (10, [0..<10, 0..<10]),
        (500, [84..<100, 68..<100]),
    ]
    #expect(NgramFeatures.endingWords == [16, 32])
    for (limit, ranges) in cases {
        let endings = NgramFeatures.endings(of: text, words: limit)
        #expect(endings.count == ranges.count)
        for (ending, range) in zip(endings, ranges) {
            let expected = reading(range)
            #expect(ending.length == expected.length)
            #expect(ending.counts.map(\.bucket) == expected.counts.map(\.bucket))
            #expect(ending.counts.map(\.count) == expected.counts.map(\.count))
        }
    }
    #expect(NgramFeatures.endings(of: "  ").isEmpty)
}

@Test func aWindowAtTheEndOfAMailDecidesOnlyWhenTheNgramModelReadsTheEndingAsSpam() throws {
    let (sms, mails) = corpora()
    var model = try ClassifierTrainer.train(examples: sms + mails, options: options()).model
    // A long chat that ends in SMS prize lures, in words the vocabulary knows and with no run of
    // repeats (which a reading skips): the networks find the lures at its end.
    func rotations(_ words: [String], _ count: Int) -> String {
        var sentences: [String] = []
        for r in 0..<count {
            let k = r % words.count
            let rotated: [String] = Array(words[k...]) + Array(words[..<k])
            sentences.append(rotated.joined(separator: " "))
        }
        return sentences.joined(separator: " ")
    }
    let notice = rotations(["see", "you", "later", "dinner", "tonight", "love", "home", "ok"], 12)
    let text = notice + " " + rotations(["win", "prize", "claim", "cash", "free", "urgent"], 4)
    let ngram = try #require(model.ngram)
    #expect(MailReading.endingReadsAsSpam(of: text, wordsRead: nil, ngram: ngram))
    #expect(!MailReading.endingReadsAsSpam(of: notice, wordsRead: nil, ngram: ngram))
    // When the networks read only the first words, the ending is theirs: the notice's.
    #expect(!MailReading.endingReadsAsSpam(of: text, wordsRead: 60, ngram: ngram))
    // Windows further in counted from any score, so that these small networks' count.
    model.threshold = 0.01
    let furtherIn = SpamClassifier.FurtherIn(
        cutoff: 0, stride: SpamClassifier.FurtherIn.lastWindowOnly, readsClosely: false)
    let read = try SpamClassifier(model: model)
    let openings = read.spamProbability(of: text, furtherIn: nil, asMail: true)
    #expect(read.spamProbability(of: text, furtherIn: furtherIn, asMail: true) > openings)
    // An n-gram model that reads no ending as spam: the windows at the end no longer decide.
    model.ngram?.bias -= 100
    let deaf = try SpamClassifier(model: model)
    #expect(!MailReading.endingReadsAsSpam(of: text, wordsRead: nil, ngram: try #require(model.ngram)))
    #expect(
        deaf.spamProbability(of: text, furtherIn: furtherIn, asMail: true)
            == deaf.spamProbability(of: text, furtherIn: nil, asMail: true))
}
