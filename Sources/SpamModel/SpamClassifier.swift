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
            metadata: model.metadata, networks: networks, modelID: modelID)
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
        let contents = try ModelFile.contents(of: raw, verifyChecksum: !verifiedBefore)
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
            threshold: contents.threshold, metadata: contents.metadata, networks: networks, modelID: id)
    }

    private init(
        tokenizerOptions: TokenizerOptions, vocabulary: Vocabulary, maxLength: Int, prefixFallback: Bool,
        seesThroughDisguises: Bool, shape: ClassifierShape, threshold: Double, metadata: ModelMetadata,
        networks: [LSTMClassifierNetwork],
        modelID: String
    ) throws(ModelFileError) {
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
    }

    /// The token ids a message is scored on: tokenized, encoded, cut to `maxLength`.
    public func ids(of text: String) -> [Int32] {
        Array(scoredIDs(of: text, with: tokenizer, readsFurtherIn: false).prefix(maxLength))
    }

    /// The ids of the tokens a score reads: all of them (the tokenizer stops at `maxTokens`)
    /// for the windows further in, else the first `maxLength` + 1 (the first window, and whether
    /// the message is longer).
    private func scoredIDs(of text: String, with tokenizer: Tokenizer, readsFurtherIn: Bool = true) -> [Int32]
    {
        Self.ids(
            tokens: tokenizer.tokens(text), vocabulary: vocabulary,
            maxLength: readsFurtherIn ? Int.max : maxLength + 1,
            prefixFallback: prefixFallback, seesThroughDisguises: seesThroughDisguises)
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
    /// itself. A longer one is scored on its openings, its first 16, 32, 48 and `maxLength`
    /// tokens, and its score is the highest. The network reads a message to its last token, so
    /// what follows a lure decides its score: a lure with innocent text appended (the oldest
    /// padding trick) read as ham at the 64th token, whatever came first. Scoring the openings
    /// on their own catches that. Windows further in were tried and left out: an SMS model
    /// finds spam-like text in the footers and digests of ordinary long mail (docs/ROBUSTNESS.md).
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
    /// tokens after it otherwise. They count only when they read as spam with confidence
    /// (`innerWindowCutoff`).
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

    /// The lowest score at which a window further in decides a message's score (and never below
    /// the model's threshold). Every 16 tokens over a whole message, the plain threshold flagged
    /// long legitimate text (footers, digests: 3 to 10 of 150 concatenations of 24 messages). On
    /// concatenations of training ham (1,500, 3 to 48 messages each) no window further in scored
    /// above 0.80, while lures behind filler reach 0.9 and more (docs/ROBUSTNESS.md).
    public static let innerWindowCutoff = 0.9

    /// A long message's score: its most spam-like opening, or a window further in that scores
    /// higher and at least `innerWindowCutoff`.
    func combinedScore(openings: Double, inner: Double) -> Double {
        inner >= max(Self.innerWindowCutoff, threshold) && inner > openings ? inner : openings
    }

    /// The spam probability of one message (the mean over the ensemble's networks; for a long
    /// message the highest over its openings, `windows(of:maxLength:stride:)`, or with
    /// `readsFurtherIn` a window further in that is confidently spam,
    /// `innerWindows(of:maxLength:stride:)`). A mail's text is read without the windows further
    /// in: there they find the machine-written parts of legitimate mail (a bounce's list of
    /// failed addresses, a mailing list's unsubscribe footer) as spam-like as a lure.
    public func spamProbability(of text: String, readsFurtherIn: Bool = true) -> Double {
        let all = scoredIDs(of: text, with: tokenizer, readsFurtherIn: readsFurtherIn)
        guard all.count > maxLength else { return spamProbability(ids: all) }
        // One pass per network over the first window reads every opening (the windows are its
        // prefixes); the same values as scoring each opening alone.
        let ends = Self.windows(of: all, maxLength: maxLength).map(\.count)
        var sums = [Double](repeating: 0, count: ends.count)
        for network in networks {
            for (k, p) in network.openingProbabilities(ids: Array(all.prefix(maxLength)), ends: ends)
                .enumerated()
            {
                sums[k] += Double(p)
            }
        }
        let openings = sums.map { $0 / Double(networks.count) }.max() ?? 0
        guard readsFurtherIn else { return openings }
        let inner = Self.meanProbabilities(
            ids: Self.innerWindows(of: all, maxLength: maxLength).map(Array.init), networks: networks)
        return combinedScore(openings: openings, inner: inner.max() ?? 0)
    }

    public func spamProbability(ids: [Int32]) -> Double {
        var sum = 0.0
        for network in networks { sum += Double(network.probability(ids: ids)) }
        return sum / Double(networks.count)
    }

    /// Spam probabilities of many messages, batched for speed; same values as one at a time.
    /// With two threads (and 64 messages or more), each thread tokenizes and scores its half with
    /// a tokenizer and network copies of its own: one hand-off, no shared scratch.
    public func spamProbabilities(of texts: [String], threads: Int = 1) -> [Double] {
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
    private func windowedProbabilities(
        _ texts: ArraySlice<String>, tokenizer: Tokenizer, networks: [LSTMClassifierNetwork]
    ) -> [Double] {
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
            let all = scoredIDs(of: text, with: tokenizer)
            if all.count <= maxLength {
                batch.append(all)
                firstInner.append(batch.count)
            } else {
                batch += Self.windows(of: all, maxLength: maxLength).map(Array.init)
                firstInner.append(batch.count)
                batch += Self.innerWindows(of: all, maxLength: maxLength).map(Array.init)
            }
        }
        firstWindow.append(batch.count)
        let scores = Self.meanProbabilities(ids: batch, networks: networks)
        guard batch.count > texts.count else { return scores }
        return (0..<texts.count).map { k in
            let openings = scores[firstWindow[k]..<firstInner[k]].max() ?? 0
            let inner = scores[firstInner[k]..<firstWindow[k + 1]].max() ?? 0
            return combinedScore(openings: openings, inner: inner)
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

    /// The second thread's tokenizer and networks (ICU iterators and network scratch are not
    /// shareable), made on first use; nil if ICU cannot open another iterator.
    private func secondThreadScorer() -> (tokenizer: Tokenizer, networks: [LSTMClassifierNetwork])? {
        if let secondScorer { return secondScorer }
        guard let tokenizer = try? Tokenizer(options: tokenizerOptions) else { return nil }
        secondScorer = (tokenizer, networks.map { $0.scoringCopy() })
        return secondScorer
    }
}
