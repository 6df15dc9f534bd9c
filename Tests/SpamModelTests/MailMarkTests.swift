import SpamModel
import SpamText
import Testing

/// The same words mean spam in an SMS and nothing in a mail (a long report in a text message is
/// unusual; in mail it is everyday): a corpus where only the channel tells them apart. Written
/// for these tests.
private func twoChannelCorpus(count: Int) -> [TrainingExample] {
    let report = ["report", "agenda", "minutes", "attached", "review", "draft", "notes", "figures"]
    let chat = ["see", "you", "later", "dinner", "tonight", "love", "home", "ok"]
    let prize = ["win", "prize", "claim", "cash", "free", "urgent"]
    var state: UInt64 = 99
    func next(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(n))
    }
    func text(_ words: [String]) -> String {
        (0..<(4 + next(5))).map { _ in words[next(words.count)] }.joined(separator: " ")
    }
    var examples: [TrainingExample] = []
    for i in 0..<count {
        switch i % 5 {
        case 0: examples.append(TrainingExample(text: text(report), isSpam: true))
        case 1: examples.append(TrainingExample(text: text(report), isSpam: false, isMail: true))
        case 2: examples.append(TrainingExample(text: text(chat), isSpam: false))
        case 3: examples.append(TrainingExample(text: text(prize), isSpam: true, isMail: i % 2 == 0))
        default: examples.append(TrainingExample(text: text(chat), isSpam: false, isMail: true))
        }
    }
    return examples
}

/// `tinyOptions` (ClassifierTrainerTests) trained a little longer: two channels to learn apart.
private func options() -> TrainingOptions {
    var options = tinyOptions()
    options.maxEpochs = 12
    options.learningRate = 0.02
    options.validationFraction = 0.2
    return options
}

@Test func aModelTrainedOnMailReadsAMailAfterItsMark() throws {
    let (model, _) = try ClassifierTrainer.train(examples: twoChannelCorpus(count: 300), options: options())
    #expect(model.vocabulary.contains(ShapeToken.mail))
    let classifier = try SpamClassifier(model: model)
    #expect(classifier.marksMail)
    let text = "please review the attached draft report"
    // A mail's window ends on the mark, where the network's last step reads it.
    #expect(classifier.ids(of: text, asMail: true).last == model.vocabulary.id(of: ShapeToken.mail))
    #expect(classifier.ids(of: text, asMail: true).dropLast().elementsEqual(classifier.ids(of: text)))
    let asSMS = classifier.spamProbability(of: text)
    let asMail = classifier.spamProbability(of: text, asMail: true)
    #expect(asSMS > 0.5 && asMail < 0.5, "SMS \(asSMS), mail \(asMail)")
    // Spam in both channels stays spam in both.
    #expect(classifier.spamProbability(of: "claim your free cash prize", asMail: true) > 0.5)
    // Batched with the kinds mixed, each scores as it does alone.
    let long = Array(repeating: "review the minutes and the figures", count: 6).joined(separator: " ")
    let texts = [
        text, text, "see you later love", "claim your free cash prize", long, long + " claim free cash",
    ]
    let kinds = [false, true, true, false, true, true]
    let batched = classifier.spamProbabilities(of: texts, asMail: kinds)
    for k in texts.indices {
        #expect(abs(batched[k] - classifier.spamProbability(of: texts[k], asMail: kinds[k])) <= 1e-6)
    }
}

@Test func aModelTrainedWithoutMailReadsMailAsText() throws {
    let examples = twoChannelCorpus(count: 100).map {
        TrainingExample(text: $0.text, isSpam: $0.isSpam, weight: $0.weight)
    }
    let (model, _) = try ClassifierTrainer.train(examples: examples, options: options())
    #expect(!model.vocabulary.contains(ShapeToken.mail))
    let classifier = try SpamClassifier(model: model)
    #expect(!classifier.marksMail)
    let text = "please review the attached draft report"
    #expect(classifier.spamProbability(of: text, asMail: true) == classifier.spamProbability(of: text))
    #expect(classifier.ids(of: text, asMail: true) == classifier.ids(of: text))
}

/// A mail of one window is read at its openings, each followed by the mark, as a text is read
/// at its openings: a lure followed by chat in a short mail read as the chat (the window ends
/// on it), and an opening that is the lure now counts from the mail's cutoff (0.97).
@Test func aShortMailIsReadAtItsOpeningsAfterTheMark() throws {
    var options = options()
    options.maxLength = 40
    let (model, _) = try ClassifierTrainer.train(examples: twoChannelCorpus(count: 300), options: options)
    let classifier = try SpamClassifier(model: model)
    let lure = "claim your free cash prize urgent win cash prize claim free urgent win prize cash claim"
    let chat = "see you later love dinner tonight home ok see you later love dinner tonight home ok"
    let mail = lure + " " + chat
    #expect(classifier.ids(of: lure).count == 16)
    #expect(classifier.ids(of: mail).count <= 40)
    let mark = [model.vocabulary.id(of: ShapeToken.mail)]
    let whole = classifier.spamProbability(ids: classifier.ids(of: mail) + mark)
    let opening = classifier.spamProbability(ids: classifier.ids(of: lure) + mark)
    #expect(whole < SpamClassifier.mailInnerWindowCutoff, "\(whole)")
    #expect(opening >= max(SpamClassifier.mailInnerWindowCutoff, classifier.threshold), "\(opening)")
    let score = classifier.spamProbability(of: mail, furtherIn: .mail, asMail: true)
    #expect(abs(score - opening) <= 1e-6, "\(score) \(opening)")
    // Chat alone: no opening reaches the cutoff, so the whole decides, with the mark.
    #expect(
        classifier.spamProbability(of: chat, furtherIn: .mail, asMail: true)
            == classifier.spamProbability(ids: classifier.ids(of: chat) + mark))
}
