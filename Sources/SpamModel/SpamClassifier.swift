public import SpamIO
public import SpamNN
public import SpamText

/// A loaded model ready to score messages: tokenizer, vocabulary and network(s).
/// Not thread-safe (it reuses one ICU iterator and the networks' scratch); one per thread.
public final class SpamClassifier {
    /// Spam probability at and above which a message is spam, chosen on validation at training.
    public let threshold: Double
    /// A short identifier of the model file (its checksum).
    public let modelID: String
    public let shape: ClassifierShape
    public let metadata: ModelMetadata
    /// Networks averaged per message.
    public var networkCount: Int { networks.count }
    private let vocabulary: Vocabulary
    private let maxLength: Int
    private let prefixFallback: Bool
    private let seesThroughDisguises: Bool
    private let tokenizer: Tokenizer
    private var secondScorer: (tokenizer: Tokenizer, networks: [LSTMClassifierNetwork])?
    private let tokenizerOptions: TokenizerOptions
    private let networks: [LSTMClassifierNetwork]
    /// The id of `ShapeToken.mail` when the model was trained on mail beside SMS: every window
    /// of a mail is read followed by it. Nil for every other model, which reads mail as it always
    /// did.
    private let mailMark: Int32?
    /// The n-gram model read beside the networks, if the model file has one (`NgramModel`).
    public let ngram: NgramModel?
    /// The n-gram model that reads mail in `ngram`'s place, if the file has one.
    public let mailNgram: NgramModel?

    public convenience init(model: ClassifierModel, modelID: String = "memory") throws(ModelFileError) {
        var networks: [LSTMClassifierNetwork] = []
        for parameters in model.networks {
            guard let network = try? LSTMClassifierNetwork(shape: model.shape, parameters: parameters) else {
                throw .malformed("weights do not fit the network shape")
            }
            networks.append(network)
        }
        try self.init(
            tokenizerOptions: model.tokenizerOptions, vocabulary: model.vocabulary,
            maxLength: model.maxLength,
            prefixFallback: model.prefixFallback, seesThroughDisguises: model.seesThroughDisguises,
            shape: model.shape, threshold: model.threshold,
            metadata: model.metadata, networks: networks, ngram: model.ngram, mailNgram: model.mailNgram,
            modelID: modelID)
    }

    /// Loads a model from the bytes of a model file.
    public convenience init(fileBytes: [UInt8]) throws(ModelFileError) {
        try self.init(
            model: try ModelFile.model(from: fileBytes), modelID: ModelFile.identifier(of: fileBytes))
    }

    /// Scores straight from a (memory-mapped) model file: the LSTM and Dense weights are decoded
    /// now, embedding rows only when a message uses them. Scores equal those of
    /// `init(fileBytes:)` on the same file bit for bit; the file is checked (checksum, sizes,
    /// finite weights) just as thoroughly, unless `verifiedBefore`: then the two passes over
    /// every byte (checksum, finite embedding weights) are left out, for a file whose checksum
    /// was verified and which has not been written since (`ModelLocator.load(path:verified:)`).
    /// Its sizes and the decoded LSTM and Dense weights are checked all the same, and a non-finite
    /// embedding row would make a non-finite score, which every caller refuses.
    public convenience init(file: MappedFile, verifiedBefore: Bool = false) throws(ModelFileError) {
        let raw = file.bytes
        let contents = try ModelFile.contents(of: raw, verifyChecksum: !verifiedBefore, mapping: file)
        let shape = contents.shape
        let width = contents.encoding.width
        let e = shape.embeddingDim
        let embeddingCount = shape.vocabularySize * e
        let tailCount = contents.parameterCount - embeddingCount
        var networks: [LSTMClassifierNetwork] = []
        for offset in contents.weightOffsets {
            let embeddingBytes = UnsafeRawBufferPointer(
                rebasing: raw[offset..<(offset + embeddingCount * width)])
            let tailBytes = UnsafeRawBufferPointer(rebasing: raw[(offset + embeddingCount * width)...])
            let tail = ModelFile.decodeWeights(tailBytes, count: tailCount, width: width)
            guard tail.allSatisfy(\.isFinite),
                verifiedBefore
                    || ModelFile.encodedWeightsAreFinite(embeddingBytes, count: embeddingCount, width: width)
            else { throw .malformed("non-finite weight in the network at byte \(offset)") }
            // The closure keeps the mapping alive as long as the network.
            let network = try? LSTMClassifierNetwork(shape: shape, tailParameters: tail) { id, row in
                withExtendedLifetime(file) {
                    ModelFile.decodeWeights(
                        UnsafeRawBufferPointer(rebasing: embeddingBytes[(id * e * width)...]), count: e,
                        width: width,
                        into: row)
                }
            }
            guard let network else { throw .malformed("weights do not fit the network shape") }
            networks.append(network)
        }
        let id = ModelFile.identifier(ofFile: raw)
        try self.init(
            tokenizerOptions: contents.tokenizerOptions, vocabulary: contents.vocabulary,
            maxLength: contents.maxLength, prefixFallback: contents.prefixFallback,
            seesThroughDisguises: contents.seesThroughDisguises, shape: shape,
            threshold: contents.threshold, metadata: contents.metadata, networks: networks,
            ngram: try contents.ngramModel(in: raw, owner: file, checkWeights: !verifiedBefore),
            mailNgram: try contents.mailNgramModel(in: raw, owner: file, checkWeights: !verifiedBefore),
            modelID: id)
    }

    private init(
        tokenizerOptions: TokenizerOptions, vocabulary: Vocabulary, maxLength: Int, prefixFallback: Bool,
        seesThroughDisguises: Bool, shape: ClassifierShape, threshold: Double, metadata: ModelMetadata,
        networks: [LSTMClassifierNetwork], ngram: NgramModel?, mailNgram: NgramModel?,
        modelID: String
    ) throws(ModelFileError) {
        self.ngram = ngram
        self.mailNgram = mailNgram
        self.tokenizerOptions = tokenizerOptions
        do {
            tokenizer = try Tokenizer(options: tokenizerOptions)
        } catch {
            throw .malformed(error.description)
        }
        self.vocabulary = vocabulary
        self.maxLength = maxLength
        self.prefixFallback = prefixFallback
        self.seesThroughDisguises = seesThroughDisguises
        self.shape = shape
        self.threshold = threshold
        self.metadata = metadata
        self.networks = networks
        self.modelID = modelID
        mailMark = vocabulary.contains(ShapeToken.mail) ? vocabulary.id(of: ShapeToken.mail) : nil
    }

    /// The same model for another thread: weights, vocabulary and n-gram models shared (read
    /// only), a tokenizer and network scratch of its own, so the two can score at once. Its scores
    /// equal this classifier's bit for bit.
    public func scoringCopy() throws(ModelFileError) -> SpamClassifier {
        try SpamClassifier(
            tokenizerOptions: tokenizerOptions, vocabulary: vocabulary, maxLength: maxLength,
            prefixFallback: prefixFallback, seesThroughDisguises: seesThroughDisguises, shape: shape,
            threshold: threshold, metadata: metadata, networks: networks.map { $0.scoringCopy() },
            ngram: ngram, mailNgram: mailNgram, modelID: modelID)
    }

    /// The token ids a message is scored on: tokenized, encoded, cut to `maxLength`.
    public func ids(of text: String, asMail: Bool = false) -> [Int32] {
        Array(scoredIDs(of: text, with: tokenizer, readsFurtherIn: false).prefix(maxLength)) + mark(asMail)
    }

    /// Whether a mail's windows are read followed by `ShapeToken.mail` (a model trained on mail).
    public var marksMail: Bool { mailMark != nil }

    /// What follows each window of a message: the mail mark for a mail, when the model has one.
    private func mark(_ asMail: Bool) -> [Int32] {
        guard asMail, let mailMark else { return [] }
        return [mailMark]
    }

    /// Every token id a score reads further in (tests compare with the windows they make).
    public func idsReadFurtherIn(of text: String) -> [Int32] { scoredIDs(of: text, with: tokenizer) }

    /// The ids of the tokens a score reads: all of them (the tokenizer stops at `maxTokens`)
    /// for the windows further in, else the first `maxLength` + 1 (the first window, and whether
    /// the message is longer).
    private func scoredIDs(of text: String, with tokenizer: Tokenizer, readsFurtherIn: Bool = true) -> [Int32]
    {
        reading(of: text, with: tokenizer, readsFurtherIn: readsFurtherIn).ids
    }

    /// `scoredIDs`, and how many tokens the tokenizer kept (whether it stopped at its cap).
    private func reading(of text: String, with tokenizer: Tokenizer, readsFurtherIn: Bool = true)
        -> (ids: [Int32], tokenCount: Int)
    {
        let tokens = tokenizer.tokens(text)
        let ids = Self.ids(
            tokens: tokens, vocabulary: vocabulary, maxLength: readsFurtherIn ? Int.max : maxLength + 1,
            prefixFallback: prefixFallback, seesThroughDisguises: seesThroughDisguises)
        return (ids, tokens.count)
    }

    static func ids(
        tokens: [String], vocabulary: Vocabulary, maxLength: Int, prefixFallback: Bool,
        seesThroughDisguises: Bool = false
    ) -> [Int32] {
        guard seesThroughDisguises else {
            let kept = tokens.prefix(maxLength)
            var ids: [Int32] = []
            ids.reserveCapacity(kept.count)
            for token in kept {
                ids.append(
                    prefixFallback ? vocabulary.idFallingBackToPrefix(of: token) : vocabulary.id(of: token))
            }
            return ids
        }
        let read = DisguisedWords.joiningSpelledOutWords(tokens, isKnown: vocabulary.contains)
        return read.prefix(maxLength).map { vocabulary.idSeeingThroughDisguise(of: $0) }
    }

    /// Where the openings of a long message end: every `windowStride` tokens.
    public static let windowStride = 16

    /// The windows a message is scored on. A message of at most `maxLength` tokens is one window,
    /// itself (its openings, every 16 tokens, count as windows further in: `openingEnds`). A
    /// longer one is scored on its openings, its first 16, 32, 48 and `maxLength` tokens, and
    /// its score is the highest. The network reads a message to its last token, so
    /// what follows a lure decides its score: a lure with innocent text appended (the oldest
    /// padding trick) read as ham at the 64th token, whatever came first. Scoring the openings
    /// on their own catches that. Filler in front of a lure is the other way round: the windows
    /// further in (`innerWindows`, `furtherIn`).
    public static func windows(of ids: [Int32], maxLength: Int, stride: Int = windowStride)
        -> [ArraySlice<Int32>]
    {
        guard ids.count > maxLength else { return [ids[...]] }
        var windows: [ArraySlice<Int32>] = []
        var end = stride
        while end < maxLength {
            windows.append(ids[..<end])
            end += stride
        }
        windows.append(ids[..<maxLength])
        return windows
    }

    /// Where the windows further in end: every 32 tokens. Every 16 caught more lures with chat
    /// on both sides (56 against 42 of 300 built from training text), as many with the lure
    /// last (116), for twice the work: bulk scoring of SMS took 4.7 % more CPU time than
    /// without windows further in, against 2.1 % every 32 tokens.
    public static let innerWindowStride = 32

    /// The windows further into a long message: `maxLength` tokens each, ending every `stride`
    /// tokens after the first window and at the message's last token. What comes last in a
    /// window has the last word, so filler in front of a lure that starts after the first
    /// window hid it; one of these windows ends on the lure when it is last, within `stride`
    /// tokens after it otherwise. A text's windows are also read at their openings (every 16
    /// tokens, from the same pass), so a lure in the middle of chat is read without the chat
    /// after it. They count only when they read as spam with confidence (`innerWindowCutoff`).
    public static func innerWindows(of ids: [Int32], maxLength: Int, stride: Int = innerWindowStride)
        -> [ArraySlice<Int32>]
    {
        guard ids.count > maxLength else { return [] }
        var windows: [ArraySlice<Int32>] = []
        var end = maxLength + stride
        while end < ids.count {
            windows.append(ids[(end - maxLength)..<end])
            end += stride
        }
        windows.append(ids[(ids.count - maxLength)...])
        return windows
    }

    /// `ids` with every run of a repeated token, or of a repeated block of up to `period` tokens,
    /// cut to two copies (`🎉` 150 times, `ok ok ok …`, `x y x y x y …`): the cheapest padding.
    /// A reader skips such a run; a window of 64 tokens that is mostly the run reads as the
    /// run, so a short lure after it hid in every window. Long messages are also read this way
    /// (as more windows further in, `furtherIn`); a message without such a run reads the same.
    public static func withoutRepeats(_ ids: [Int32], period: Int = 4) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(ids.count)
        var i = 0
        while i < ids.count {
            var skipped = false
            for p in 1...period where out.count >= 2 * p && i + p <= ids.count {
                let n = out.count
                if out[(n - p)..<n].elementsEqual(out[(n - 2 * p)..<(n - p)])
                    && ids[i..<(i + p)].elementsEqual(out[(n - p)..<n])
                {
                    i += p
                    skipped = true
                    break
                }
            }
            if !skipped {
                out.append(ids[i])
                i += 1
            }
        }
        return out
    }

    /// The reading a long message's openings are scored on: `ids`, or, when it has a run of
    /// repeats, its reading without them (`cut`, `withoutRepeats`), as a reader skips the run.
    /// Read plainly, a window that is mostly the run reads as the run, and the run alone decided:
    /// 150 emoji or 200 digits before a friend's message made 41 and 60 of 60 held-out ham Spam
    /// for `3225a114` (13 and 0 for `717a5ac9`; docs/ROBUSTNESS.md, "Runs of repeats read as skipped").
    public static func openingReading(_ ids: [Int32], cut: [Int32]) -> [Int32] {
        cut.count < ids.count ? cut : ids
    }

    /// The windows further into a long message than its openings: those (`innerWindows`) of
    /// the reading its openings come from (`openingReading`). A window of the plain reading
    /// that lies in a run reads as the run, never as what the run hides, so none is scored:
    /// counted from the cutoff they still made 41 of 60 held-out ham after 150 emoji Spam.
    public static func furtherIn(
        _ ids: [Int32], maxLength: Int, stride: Int = innerWindowStride, cut: [Int32]? = nil
    ) -> [[Int32]] {
        let reading = openingReading(ids, cut: cut ?? withoutRepeats(ids))
        return innerWindows(of: reading, maxLength: maxLength, stride: stride).map(Array.init)
    }

    /// The reading of `text` without its runs of repeats: `withoutRepeats(ids)`, or, when a run
    /// filled the usual reading (`ids`, every id read further in, reached the tokenizer's cap
    /// and the runs took at least a window's worth of it), the text read again dropping repeats
    /// as it goes (`Tokenizer.tokensWithoutRepeats`, up to 1 MiB: a bounded cost, paid only by
    /// such padding), so a lure behind thousands of emoji is found.
    func cutReading(of text: String, ids: [Int32], tokenizer: Tokenizer) -> [Int32] {
        let cut = Self.withoutRepeats(ids)
        guard ids.count >= tokenizer.options.maxTokens, cut.count <= tokenizer.options.maxTokens - maxLength
        else { return cut }
        let read = Self.ids(
            tokens: tokenizer.tokensWithoutRepeats(text, maxBytes: 1 << 20), vocabulary: vocabulary,
            maxLength: Int.max, prefixFallback: prefixFallback, seesThroughDisguises: seesThroughDisguises)
        return Self.withoutRepeats(read)
    }

    /// Bytes at the end of a long text that are read on their own when the usual reading stopped
    /// before the end (the tokenizer keeps `maxTokens` tokens of at most `maxInputBytes` bytes).
    /// The oldest padding trick, innocent text in front of a lure, needed nothing cleverer than
    /// being long: behind 24 held-out chat messages (about 400 tokens) a lure was never read, and
    /// 7 of 60 were caught; read, 39 (`scripts/padding-recall.py`; docs/ROBUSTNESS.md, "Every
    /// window read at its openings"). A kilobyte is two windows of English, one or more of Thai.
    public static let tailBytes = 1024

    /// The reading of the last `tailBytes` of `text` (from the first white space in them, so no
    /// word is read in half), without runs of repeats; empty when `tokenCount`, the tokens the
    /// usual reading kept, shows it reached the end. If those bytes fill the tokenizer's cap
    /// themselves (digits or emoji are a token for every two to four bytes), half as many are
    /// read, down to 64.
    func tailReading(of text: String, tokenCount: Int, tokenizer: Tokenizer) -> [Int32] {
        let options = tokenizer.options
        let utf8 = text.utf8
        guard tokenCount >= options.maxTokens || utf8.count > options.maxInputBytes else { return [] }
        for bytes in [1, 2, 4, 8, 16].map({ Self.tailBytes / $0 }) where utf8.count > bytes {
            var start = utf8.index(utf8.endIndex, offsetBy: -bytes)
            if let space = utf8[start...].prefix(64).firstIndex(where: {
                $0 == 0x20 || $0 == 0x0A || $0 == 0x09
            }) {
                start = utf8.index(after: space)
            }
            let tokens = tokenizer.tokens(utf8: utf8[start...])
            guard tokens.count < options.maxTokens else { continue }
            let ids = Self.ids(
                tokens: tokens, vocabulary: vocabulary, maxLength: Int.max, prefixFallback: prefixFallback,
                seesThroughDisguises: seesThroughDisguises)
            return Self.withoutRepeats(ids)
        }
        return []
    }

    /// The windows a tail reading (`tailReading`) is scored on, among the windows further in:
    /// the last `maxLength` tokens, and with a `stride` shorter than the reading, every window
    /// of it that `innerWindows` would make, the first included.
    static func tailWindows(_ tail: [Int32], maxLength: Int, stride: Int) -> [[Int32]] {
        guard !tail.isEmpty else { return [] }
        guard tail.count > maxLength else { return [tail] }
        guard stride < FurtherIn.lastWindowOnly else { return [Array(tail.suffix(maxLength))] }
        return [Array(tail.prefix(maxLength))]
            + innerWindows(of: tail, maxLength: maxLength, stride: stride).map(Array.init)
    }

    /// The last 16, 32 and 48 tokens of a long text's reading, as windows further in. The network
    /// reads a window to its last token, and what it read first still counts: a 10-token lure
    /// after 54 tokens of chat read as ham (README's first lure behind a paragraph of chat: 0.02),
    /// the same lure after 6 of them as spam (0.93). With these, lures last among 6, 12 or 24
    /// chat messages built from training text were caught 101, 118 and 111 times of 150 against
    /// 74, 86 and 81, and none of 1,600 such concatenations of ham was flagged that was not
    /// before (docs/ROBUSTNESS.md, "Every window read at its openings").
    public static func closingWindows(_ reading: [Int32], maxLength: Int) -> [[Int32]] {
        Swift.stride(from: windowStride, to: maxLength, by: windowStride).compactMap { n in
            n < reading.count ? Array(reading.suffix(n)) : nil
        }
    }

    /// The lowest score at which a window further in decides a message's score (and never below
    /// the model's threshold). Every 16 tokens over a whole message, the plain threshold flagged
    /// long legitimate text (footers, digests: 3 to 10 of 150 concatenations of 24 messages). On
    /// concatenations of training ham (1,500, 3 to 48 messages each) no window further in scored
    /// above 0.80, while lures behind filler reach 0.9 and more (docs/ROBUSTNESS.md).
    public static let innerWindowCutoff = 0.9

    /// The same for a mail's text. Long legitimate mail has machine-written parts that an SMS
    /// model finds spam-like: on 545 real test mails, windows further in scored two bounces'
    /// lists of failed addresses 0.947, a Chinese newsletter and a parser's test message 0.935,
    /// and nothing that is not spam 0.97 or more, while 64 % of held-out lures score 0.97 or
    /// more alone (docs/ROBUSTNESS.md, "Filler before a lure in mail"). In a mail the mail
    /// reading reads, such a window decides only when the n-gram model reads the mail's end as
    /// spam too (`MailReading.endingReadsAsSpam`): today's legitimate footers score 0.97–0.995.
    public static let mailInnerWindowCutoff = 0.97

    /// How far a score reads into a long message past its openings: windows further in every
    /// `stride` tokens, counted from `cutoff` up.
    public struct FurtherIn: Sendable {
        public var cutoff: Double
        public var stride: Int
        /// Whether a text is read closely: every window also at its openings (`openingEnds`),
        /// and the end of a text longer than the tokenizer reads (`tailReading`). The last 16,
        /// 32 and 48 tokens (`closingWindows`), and the openings of a message of one window
        /// (a mail's each followed by its mark), are read either way.
        public var readsClosely: Bool

        public init(cutoff: Double, stride: Int, readsClosely: Bool = true) {
            self.cutoff = cutoff
            self.stride = stride
            self.readsClosely = readsClosely
        }

        /// A text message: windows every 32 tokens, from 0.9, read closely.
        public static let text = FurtherIn(cutoff: innerWindowCutoff, stride: innerWindowStride)
        /// A mail: from 0.97, and only the window that ends at the last token read (a stride
        /// longer than any reading). Mail is longer, and every window further in costs a delivery
        /// the first network's reading of it: windows every 64 tokens took 6 % more CPU per 4 KB
        /// mail, the last window alone 2–3 %, and the lures caught were the same.
        ///
        /// A mail is not read closely: its end is a list's or a shop's footer more often than a
        /// lure. Read, the end past the tokenizer's cap flagged one more of 1,367 held-out
        /// legitimate mails (a newsletter's unsubscribe footer) and caught one more of 614 spam;
        /// of the 2,783 legitimate mails of the SpamAssassin corpus's training part, reading the
        /// windows further in at their openings flagged 12 more, every 32 tokens 12 more, both 25
        /// more (each followed by the mark, from 0.97).
        ///
        /// What is read besides, each followed by the mark: the last 16, 32 and 48 tokens
        /// (visible filler before a lure in HTML mail hid it less, `scripts/mail-attacks.py`: 18
        /// and 19 of 40 caught, 23 and 30 with them), and the openings of a mail of one window,
        /// one step more from each opening's state (chat after a lure in a short mail hid it,
        /// `scripts/mail-padding.py`: 11 of 40 caught, 27 with them). Neither changed the verdict
        /// of any legitimate mail of that training part.
        public static let mail = FurtherIn(
            cutoff: mailInnerWindowCutoff, stride: lastWindowOnly, readsClosely: false)

        /// A stride past any message's end: of the windows further in, only the last is read.
        public static let lastWindowOnly = 1 << 30
    }

    /// A long message's score: its most spam-like opening, or a window further in that scores
    /// higher and at least `cutoff` (and the threshold).
    func combinedScore(openings: Double, inner: Double, cutoff: Double = innerWindowCutoff) -> Double {
        inner >= max(cutoff, threshold) && inner > openings ? inner : openings
    }

    /// The highest score of `windows` that can reach `bar`, else 0; with `readsOpenings`, each
    /// window's openings (every `windowStride` tokens) count too. The ensemble's mean reaches
    /// `bar` only where the first network gives at least n·bar − (n − 1) (the others give at
    /// most 1 each), so the other networks read only the windows the first one passes: on
    /// ordinary long text that is none, and the result is the same as scoring every window
    /// with every network.
    private func innerMax(_ windows: [[Int32]], reaching bar: Double, readsOpenings: Bool) -> Double {
        guard let first = networks.first, !windows.isEmpty else { return 0 }
        let n = Double(networks.count)
        let least = n * bar - (n - 1) - 1e-6
        func scores(_ network: LSTMClassifierNetwork, _ windows: [[Int32]]) -> [[Float]] {
            guard readsOpenings else { return network.probabilitiesAlone(windows).map { [$0] } }
            return windows.map { network.openingProbabilities(ids: $0, ends: Self.openingEnds(of: $0.count)) }
        }
        let firstScores = scores(first, windows)
        let passed = windows.indices.filter { firstScores[$0].contains { Double($0) >= least } }
        guard !passed.isEmpty else { return 0 }
        var sums = passed.map { firstScores[$0].map(Double.init) }
        let kept = passed.map { windows[$0] }
        for network in networks.dropFirst() {
            for (i, ends) in scores(network, kept).enumerated() {
                for (k, p) in ends.enumerated() { sums[i][k] += Double(p) }
            }
        }
        return sums.map { ($0.max() ?? 0) / n }.max() ?? 0
    }

    /// Where a window of `count` tokens is read: every `windowStride` tokens, and at its end.
    public static func openingEnds(of count: Int) -> [Int] {
        Array(Swift.stride(from: windowStride, to: count, by: windowStride)) + [count]
    }

    /// The spam probability of one message (the mean over the ensemble's networks; for a long
    /// message the highest over its openings, `windows(of:maxLength:stride:)`, or a window
    /// further in that scores at least the cutoff of `furtherIn`, `furtherIn(_:maxLength:stride:)`;
    /// nil reads the openings only). A mail's text is read with `FurtherIn.mail`: there windows
    /// further in also find the machine-written parts of legitimate mail (a bounce's list of
    /// failed addresses, a mailing list's unsubscribe footer) spam-like.
    public func spamProbability(of text: String, furtherIn: FurtherIn? = .text, asMail: Bool = false)
        -> Double
    {
        let mark = mark(asMail)
        let (all, tokenCount) = reading(of: text, with: tokenizer, readsFurtherIn: furtherIn != nil)
        let readsClosely = furtherIn?.readsClosely == true && mark.isEmpty
        guard all.count > maxLength else {
            // A message of one window is read at its openings (a mail's each followed by its mark).
            guard let furtherIn, readsClosely || !mark.isEmpty, all.count > Self.windowStride else {
                return mixed(spamProbability(ids: all + mark), text: text, asMail: asMail)
            }
            let ends = openingMeans(all, mark: mark)
            return combinedScore(
                openings: mixed(ends.last ?? 0, text: text, asMail: asMail),
                inner: ends.dropLast().max() ?? 0,
                cutoff: furtherIn.cutoff)
        }
        guard let furtherIn else { return mixed(openingsScore(all, mark: mark), text: text, asMail: asMail) }
        let cut = cutReading(of: text, ids: all, tokenizer: tokenizer)
        let opening = Self.openingReading(all, cut: cut)
        let openings = mixed(openingsScore(opening, mark: mark), text: text, asMail: asMail)
        var inner = Self.furtherIn(all, maxLength: maxLength, stride: furtherIn.stride, cut: cut)
        let tail = readsClosely ? tailReading(of: text, tokenCount: tokenCount, tokenizer: tokenizer) : []
        inner += Self.tailWindows(tail, maxLength: maxLength, stride: furtherIn.stride)
        inner += Self.closingWindows(tail.isEmpty ? opening : tail, maxLength: maxLength)
        if !mark.isEmpty { inner = inner.map { $0 + mark } }
        var innerScore = innerMax(
            inner, reaching: max(furtherIn.cutoff, threshold), readsOpenings: readsClosely)
        // A mail the mail reading reads: the networks' windows at its end decide only with the
        // n-gram model's reading of that end (`MailReading.endingReadsAsSpam`).
        if asMail, mailNgram != nil, innerScore > openings, MailReading.reads(text),
            !MailReading.endingReadsAsSpam(
                of: text, wordsRead: tokenCount >= tokenizer.options.maxTokens ? all.count : nil, ngram: ngram
            )
        {
            innerScore = 0
        }
        return combinedScore(openings: openings, inner: innerScore, cutoff: furtherIn.cutoff)
    }

    /// A message's score from the networks' score `p` of its whole, or of its openings, and its
    /// text: `p` moved by the n-gram model's reading of the text (`NgramModel.mixed`,
    /// `NgramModel.decisionValue(of:asMail:)`), or `p` itself without one. Windows further in
    /// are the networks' alone: they count only from a cutoff measured on their scores.
    /// A mail is read by the mail n-gram model when the file has one, whole, as it was trained
    /// and its cut chosen (`MailReading`); the networks still read a mail's openings.
    func mixed(_ p: Double, text: String, asMail: Bool) -> Double {
        if asMail, let mailNgram, MailReading.reads(text) {
            return MailReading.score(of: text, networkProbability: p, reading: mailNgram, ngram: ngram)
        }
        guard let ngram else { return p }
        return ngram.mixed(
            networkProbability: p, decisionValue: ngram.decisionValue(of: text, asMail: asMail))
    }

    /// The highest score of the openings of `ids` (`windows(of:maxLength:stride:)`), each
    /// followed by `mark` (a mail's, or none): one pass per network over the first window reads
    /// every opening (the windows are its prefixes; the same values as scoring each alone, the
    /// mark read by one step more from each opening's state).
    private func openingsScore(_ ids: [Int32], mark: [Int32]) -> Double {
        guard ids.count > maxLength else { return spamProbability(ids: ids + mark) }
        return openingMeans(Array(ids.prefix(maxLength)), mark: mark).max() ?? 0
    }

    /// The ensemble's mean score of each opening of `ids` (`openingEnds`), the whole last; each
    /// followed by `mark`, when there is one.
    private func openingMeans(_ ids: [Int32], mark: [Int32] = []) -> [Double] {
        let ends = Self.openingEnds(of: ids.count)
        var sums = [Double](repeating: 0, count: ends.count)
        for network in networks {
            for (k, p) in network.openingProbabilities(ids: ids, ends: ends, followedBy: mark.first)
                .enumerated()
            {
                sums[k] += Double(p)
            }
        }
        return sums.map { $0 / Double(networks.count) }
    }

    public func spamProbability(ids: [Int32]) -> Double {
        var sum = 0.0
        for network in networks { sum += Double(network.probability(ids: ids)) }
        return sum / Double(networks.count)
    }

    /// Spam probabilities of many messages, batched for speed; same values as one at a time.
    /// With two threads (and 64 messages or more), each thread tokenizes and scores its half with
    /// a tokenizer and network copies of its own: one hand-off, no shared scratch.
    /// `asMail`: which texts are mails (`ShapeToken.mail`); nil for none.
    public func spamProbabilities(of texts: [String], threads: Int = 1, asMail: [Bool]? = nil) -> [Double] {
        if let asMail, mailMark != nil || mailNgram != nil, asMail.contains(true) {
            // The two kinds apart (a nested threshold's mixed parts), then back in order.
            let mails = texts.indices.filter { asMail[$0] }
            let others = texts.indices.filter { !asMail[$0] }
            var scores = [Double](repeating: 0, count: texts.count)
            let mailScores = windowedProbabilities(
                mails.map { texts[$0] }[...], tokenizer: tokenizer, networks: networks, asMail: true)
            for (k, i) in mails.enumerated() { scores[i] = mailScores[k] }
            for (k, s) in spamProbabilities(of: others.map { texts[$0] }, threads: threads).enumerated() {
                scores[others[k]] = s
            }
            return scores
        }
        guard threads >= 2, texts.count >= 64, let helper = secondThreadScorer() else {
            return windowedProbabilities(texts[...], tokenizer: tokenizer, networks: networks)
        }
        let half = texts.count / 2
        // The worker only reads the vocabulary and uses the helper's tokenizer and networks.
        let shared = WorkerShare((classifier: self, helper: helper))
        let worker = WorkerThread {
            let (classifier, helper) = shared.value
            return classifier.windowedProbabilities(
                texts[half...], tokenizer: helper.tokenizer, networks: helper.networks)
        }
        guard let worker else {
            return windowedProbabilities(texts[...], tokenizer: tokenizer, networks: networks)
        }
        let firstHalf = windowedProbabilities(texts[..<half], tokenizer: tokenizer, networks: networks)
        return firstHalf + worker.join()
    }

    /// Each message's windows scored in one batch, and each message's score from its windows.
    /// A text's windows are also read at their openings (every `windowStride` tokens), from the
    /// one pass that scores each: a long text's openings are those of its first window, and
    /// the openings of a short text and of the windows further in count as windows further in.
    /// A mail's windows end with its mark, so each opening is a window of its own; a short
    /// mail is read whole only (a delivery also reads its openings, `spamProbability(of:)`).
    private func windowedProbabilities(
        _ texts: ArraySlice<String>, tokenizer: Tokenizer, networks: [LSTMClassifierNetwork],
        asMail: Bool = false
    ) -> [Double] {
        let mark = mark(asMail)
        let readsOpenings = mark.isEmpty
        var batch: [[Int32]] = []
        batch.reserveCapacity(texts.count)
        // Message k's openings are batch[firstWindow[k]..<firstInner[k]], its windows further in
        // batch[firstInner[k]..<firstWindow[k + 1]].
        var firstWindow: [Int] = []
        var firstInner: [Int] = []
        firstWindow.reserveCapacity(texts.count + 1)
        firstInner.reserveCapacity(texts.count)
        for text in texts {
            firstWindow.append(batch.count)
            let (all, tokenCount) = reading(of: text, with: tokenizer)
            if all.count <= maxLength {
                batch.append(all + mark)
                firstInner.append(batch.count)
            } else {
                let cut = cutReading(of: text, ids: all, tokenizer: tokenizer)
                let opening = Self.openingReading(all, cut: cut)
                if readsOpenings {
                    batch.append(Array(opening.prefix(maxLength)))
                } else {
                    batch += Self.windows(of: opening, maxLength: maxLength).map { Array($0) + mark }
                }
                firstInner.append(batch.count)
                batch += Self.furtherIn(all, maxLength: maxLength, cut: cut).map { $0 + mark }
                // A text, read closely (`FurtherIn.readsClosely`). A mail batched here (a nested
                // threshold's parts) is read as it was before a delivery read a mail's last
                // tokens and a short mail's openings: the threshold is chosen on texts, and the
                // recorded counts stay put.
                if readsOpenings {
                    let tail = tailReading(of: text, tokenCount: tokenCount, tokenizer: tokenizer)
                    batch += Self.tailWindows(tail, maxLength: maxLength, stride: Self.innerWindowStride)
                    batch += Self.closingWindows(tail.isEmpty ? opening : tail, maxLength: maxLength)
                }
            }
        }
        firstWindow.append(batch.count)
        let (scores, openings) = Self.meanProbabilities(
            ids: batch, networks: networks, readsOpenings: readsOpenings)
        func best(_ i: Int) -> Double { max(scores[i], openings[i]) }
        return (0..<texts.count).map { k in
            let first = firstWindow[k]
            let text = texts[texts.startIndex + k]
            if firstInner[k] == firstWindow[k + 1] {
                // A short text (one window, none further in): the whole, or one of its openings
                // as a window further in.
                return combinedScore(
                    openings: mixed(scores[first], text: text, asMail: asMail), inner: openings[first])
            }
            let openingScore = (first..<firstInner[k]).map(best).max() ?? 0
            let inner = (firstInner[k]..<firstWindow[k + 1]).map(best).max() ?? 0
            return combinedScore(openings: mixed(openingScore, text: text, asMail: asMail), inner: inner)
        }
    }

    public func spamProbabilities(ids: [[Int32]], threads: Int = 1) -> [Double] {
        Self.meanProbabilities(ids: ids, networks: networks, threads: threads)
    }

    private static func meanProbabilities(ids: [[Int32]], networks: [LSTMClassifierNetwork], threads: Int = 1)
        -> [Double]
    {
        var sums = [Double](repeating: 0, count: ids.count)
        for network in networks {
            for (i, p) in network.probabilities(batch: ids, threads: threads).enumerated() {
                sums[i] += Double(p)
            }
        }
        return sums.map { $0 / Double(networks.count) }
    }

    /// The ensemble's mean score of each sequence and, with `readsOpenings`, the highest mean
    /// score of its openings (every `windowStride` tokens short of the whole; 0 without any).
    private static func meanProbabilities(
        ids: [[Int32]], networks: [LSTMClassifierNetwork], readsOpenings: Bool
    ) -> (whole: [Double], bestOpening: [Double]) {
        guard readsOpenings, !ids.isEmpty else {
            return (meanProbabilities(ids: ids, networks: networks), [Double](repeating: 0, count: ids.count))
        }
        var whole = [Double](repeating: 0, count: ids.count)
        var openings: [Double] = []
        var firstOpening: [Int] = []
        for network in networks {
            let scores = network.probabilities(batch: ids, openingStride: windowStride)
            if openings.isEmpty {
                openings = [Double](repeating: 0, count: scores.openings.count)
                firstOpening = scores.firstOpening
            }
            for i in ids.indices { whole[i] += Double(scores.whole[i]) }
            for k in scores.openings.indices { openings[k] += Double(scores.openings[k]) }
        }
        let n = Double(networks.count)
        let best = ids.indices.map { i in
            (firstOpening[i]..<firstOpening[i + 1]).reduce(0.0) { max($0, openings[$1]) } / n
        }
        return (whole.map { $0 / n }, best)
    }

    /// The second thread's tokenizer and networks (ICU iterators and network scratch are not
    /// shareable), made on first use; nil if ICU cannot open another iterator.
    private func secondThreadScorer() -> (tokenizer: Tokenizer, networks: [LSTMClassifierNetwork])? {
        if let secondScorer { return secondScorer }
        guard let tokenizer = try? Tokenizer(options: tokenizerOptions) else { return nil }
        secondScorer = (tokenizer, networks.map { $0.scoringCopy() })
        return secondScorer
    }
}
