import Testing

@testable import SpamNN

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

@Suite struct NetworkTests {
    private func randomBatch(count: Int, vocabulary: Int, maxLength: Int, generator: inout SeededGenerator)
        -> [[Int32]]
    {
        (0..<count).map { _ in
            (0..<generator.nextInt(below: maxLength + 1)).map { _ in
                Int32(generator.nextInt(below: vocabulary))
            }
        }
    }

    @Test func paddingDoesNotChangeScores() {
        // H = 16: 4H = 64 exercises both the 4-row tiles and the single-row path of the matmul.
        let shape = ClassifierShape(vocabularySize: 50, embeddingDim: 8, hiddenSize: 16)
        let network = LSTMClassifierNetwork(shape: shape, seed: 1)
        var g = SeededGenerator(seed: 2)
        network.parameters = network.parameters.map { $0 + g.nextFloat(in: -0.1, 0.1) }
        let batch = randomBatch(count: 23, vocabulary: 50, maxLength: 25, generator: &g) + [[]]
        let together = network.probabilities(batch: batch)
        #expect(together.count == batch.count)
        for (i, ids) in batch.enumerated() {
            let alone = network.probability(ids: ids)
            #expect(abs(alone - together[i]) <= 1e-5, "sequence \(i) of length \(ids.count)")
        }
        // A batch of one and a permuted batch agree as well.
        #expect(network.probabilities(batch: [batch[3]]) == [network.probability(ids: batch[3])])
        let reversed = network.probabilities(batch: batch.reversed())
        for i in batch.indices { #expect(abs(reversed[batch.count - 1 - i] - together[i]) <= 1e-5) }
    }

    /// One pass reads every opening of a message: the score of its first t tokens equals that of
    /// those tokens scored alone, bit for bit, with or without the projection cache.
    @Test func openingsOfOnePassEqualTheOpeningsScoredAlone() {
        let shape = ClassifierShape(vocabularySize: 50, embeddingDim: 8, hiddenSize: 16)
        let network = LSTMClassifierNetwork(shape: shape, seed: 3)
        var g = SeededGenerator(seed: 5)
        network.parameters = network.parameters.map { $0 + g.nextFloat(in: -0.1, 0.1) }
        let ids = (0..<40).map { _ in Int32(g.nextInt(below: 50)) }
        for _ in 0..<2 {  // the first call in a process skips the cache, the second uses it
            let read = network.openingProbabilities(ids: ids, ends: [1, 16, 32, 40, 41, 0])
            #expect(read == [1, 16, 32, 40].map { network.probability(ids: Array(ids.prefix($0))) })
        }
    }

    /// Openings followed by a mark (a mail's windows end with its mark) come from the same pass,
    /// one step more each: every one equals its tokens and the mark scored alone, bit for bit,
    /// with or without the projection cache; the last is the whole message with the mark.
    @Test func markedOpeningsOfOnePassEqualThemScoredAlone() {
        for hidden in [16, 32] {
            let shape = ClassifierShape(vocabularySize: 50, embeddingDim: 8, hiddenSize: hidden)
            let network = LSTMClassifierNetwork(shape: shape, seed: 3)
            var g = SeededGenerator(seed: 9)
            network.parameters = network.parameters.map { $0 + g.nextFloat(in: -0.1, 0.1) }
            let ids = (0..<40).map { _ in Int32(g.nextInt(below: 50)) }
            let mark: Int32 = 49
            for _ in 0..<2 {  // the first call in a process skips the cache, the second uses it
                let read = network.openingProbabilities(
                    ids: ids, ends: [1, 16, 32, 40, 41, 0], followedBy: mark)
                let alone = [1, 16, 32, 40].map { network.probability(ids: Array(ids.prefix($0)) + [mark]) }
                #expect(read == alone, "H = \(hidden)")
                // The mark is read: the marked openings are not the plain ones.
                #expect(read != network.openingProbabilities(ids: ids, ends: [1, 16, 32, 40]))
            }
        }
    }

    /// A batch reads each message's openings in the pass that scores it: each equals that
    /// opening scored alone, bit for bit, on one thread or two, and the whole equals the batch
    /// read without openings.
    @Test func openingsOfABatchEqualTheOpeningsScoredAlone() {
        let shape = ClassifierShape(vocabularySize: 50, embeddingDim: 8, hiddenSize: 16)
        let network = LSTMClassifierNetwork(shape: shape, seed: 3)
        var g = SeededGenerator(seed: 7)
        network.parameters = network.parameters.map { $0 + g.nextFloat(in: -0.1, 0.1) }
        // Lengths around the stride (15, 16, 17, 32, 33 …) and enough messages for two threads.
        let batch = (0..<70).map { k in (0..<(1 + (k * 7) % 50)).map { _ in Int32(g.nextInt(below: 50)) } }
        let plain = network.probabilities(batch: batch, threads: 1)
        // Messages no longer than the stride have no openings.
        let short: [[Int32]] = [[1, 2, 3], [4], Array(repeating: 5, count: 16)]
        let shortRead = network.probabilities(batch: short, openingStride: 16)
        #expect(shortRead.whole == network.probabilities(batch: short))
        #expect(shortRead.openings.isEmpty && shortRead.firstOpening == [0, 0, 0, 0])
        for threads in [1, 2] {
            let read = network.probabilities(batch: batch, openingStride: 16, threads: threads)
            #expect(read.whole == plain)
            for (i, ids) in batch.enumerated() {
                let openings = Array(read.openings[read.firstOpening[i]..<read.firstOpening[i + 1]])
                let ends = Array(stride(from: 16, to: ids.count, by: 16))
                #expect(
                    openings == ends.map { network.probability(ids: Array(ids.prefix($0))) }, "\(ids.count)")
            }
        }
    }

    /// Scoring reads cached per-token projections; training computes them. Both must agree, and the
    /// cache must follow parameter changes.
    @Test func scoringMatchesTheTrainingForwardPassAndFollowsParameterChanges() throws {
        let shape = ClassifierShape(vocabularySize: 40, embeddingDim: 8, hiddenSize: 16)
        let network = LSTMClassifierNetwork(shape: shape, seed: 4)
        var g = SeededGenerator(seed: 6)
        let ids: [Int32] = [3, 9, 27, 3, 3, 14]
        func trainingProbability() -> Float {
            // Loss for label 1 is −log p.
            let loss = network.lossAndGradients(batch: [ids], labels: [1], weights: nil, generator: &g).loss
            return expf(-loss)
        }
        #expect(abs(network.probability(ids: ids) - trainingProbability()) < 1e-5)
        var optimizer = AdamOptimizer(parameterCount: network.parameters.count, learningRate: 0.05)
        network.trainStep(batch: [ids], labels: [0], weights: nil, optimizer: &optimizer, generator: &g)
        let afterStep = network.probability(ids: ids)
        #expect(abs(afterStep - trainingProbability()) < 1e-5)
        let fresh = try LSTMClassifierNetwork(shape: shape, parameters: network.parameters)
        #expect(afterStep == fresh.probability(ids: ids))
        // Direct edits of one embedding value are seen too.
        network.parameters[3 * 8] += 0.5
        #expect(network.probability(ids: ids) != afterStep)
        #expect(abs(network.probability(ids: ids) - trainingProbability()) < 1e-5)
    }

    @Test func longMessagesScoreConsistently() {
        let shape = ClassifierShape(vocabularySize: 30, embeddingDim: 4, hiddenSize: 8)
        let network = LSTMClassifierNetwork(shape: shape, seed: 2)
        let long = (0..<3000).map { Int32($0 % 29) }
        let alone = network.probability(ids: long)
        #expect(alone.isFinite && alone > 0 && alone < 1)
        let together = network.probabilities(batch: [[1, 2], long, [5]])
        #expect(abs(together[1] - alone) <= 1e-5)
    }

    @Test func twoThreadScoringIsIdenticalToOneThread() throws {
        let shape = ClassifierShape(vocabularySize: 60, embeddingDim: 8, hiddenSize: 16)
        let network = LSTMClassifierNetwork(shape: shape, seed: 8)
        var g = SeededGenerator(seed: 8)
        let batch = randomBatch(count: 150, vocabulary: 60, maxLength: 30, generator: &g)
        let one = network.probabilities(batch: batch)
        // A fresh network (cold cache) and a warm one, twice each.
        let fresh = try LSTMClassifierNetwork(shape: shape, parameters: network.parameters)
        #expect(fresh.probabilities(batch: batch, threads: 2) == one)
        #expect(network.probabilities(batch: batch, threads: 2) == one)
        #expect(network.probabilities(batch: batch, threads: 2) == one)
        for i in stride(from: 0, to: batch.count, by: 37) {
            #expect(network.probability(ids: batch[i]) == one[i])
        }
    }

    /// A batch fills the projection cache 64 rows per matrix product; one message alone fills it a
    /// row at a time. Both must give the same rows, so the same scores bit for bit.
    @Test func batchFilledProjectionsMatchRowAtATimeOnes() throws {
        let shape = ClassifierShape(vocabularySize: 200, embeddingDim: 8, hiddenSize: 12)
        let trained = LSTMClassifierNetwork(shape: shape, seed: 3)
        var g = SeededGenerator(seed: 9)
        // More distinct ids than one 64-row group, an out-of-range id and an empty message.
        var batch = randomBatch(count: 90, vocabulary: 200, maxLength: 20, generator: &g)
        batch.append([])
        batch.append([500, -1, 7])
        let batched = try LSTMClassifierNetwork(shape: shape, parameters: trained.parameters)
        let together = batched.probabilities(batch: batch)
        for (i, ids) in batch.enumerated() {
            let alone = try LSTMClassifierNetwork(shape: shape, parameters: trained.parameters)
            #expect(alone.probability(ids: ids) == together[i], "message \(i)")
        }
        // One network scoring one message after another: the first computes its rows into
        // scratch (a delivery builds no cache), the rest go through the cache; all the same bits.
        let oneByOne = try LSTMClassifierNetwork(shape: shape, parameters: trained.parameters)
        for (i, ids) in batch.enumerated() {
            #expect(oneByOne.probability(ids: ids) == together[i], "message \(i) one by one")
        }
        #expect(oneByOne.probability(ids: batch[0]) == together[0])
    }

    /// V·4H over 2^26 floats disables the projection cache; scores must not change.
    @Test func scoringWithoutProjectionCache() {
        let shape = ClassifierShape(vocabularySize: 300_000, embeddingDim: 2, hiddenSize: 64)
        let network = LSTMClassifierNetwork(shape: shape, seed: 5)
        let batch: [[Int32]] = [[1, 299_999, 5], [7], [], [123_456, 2, 3, 4, 5, 6]]
        var g = SeededGenerator(seed: 1)
        let together = network.probabilities(batch: batch)
        for (i, ids) in batch.enumerated() {
            #expect(network.probability(ids: ids) == together[i])
            let loss = network.lossAndGradients(batch: [ids], labels: [1], weights: nil, generator: &g).loss
            #expect(abs(expf(-loss) - together[i]) < 1e-5)
        }
        // Two scoring threads without a cache: each computes its own projections.
        let many = randomBatch(count: 70, vocabulary: 300_000, maxLength: 8, generator: &g)
        #expect(network.probabilities(batch: many, threads: 2) == network.probabilities(batch: many))
    }

    @Test func emptySequenceScoresDenseBias() {
        let shape = ClassifierShape(vocabularySize: 10, embeddingDim: 4, hiddenSize: 3)
        let network = LSTMClassifierNetwork(shape: shape, seed: 1)
        network.parameters[network.parameters.count - 1] = 0.7
        let expected: Float = 1 / (1 + expf(-0.7))
        #expect(abs(network.probability(ids: []) - expected) < 1e-6)
    }

    @Test func outOfRangeIdsReadAsZero() {
        let shape = ClassifierShape(vocabularySize: 10, embeddingDim: 4, hiddenSize: 3)
        let network = LSTMClassifierNetwork(shape: shape, seed: 1)
        #expect(network.probability(ids: [3, -1, 10, 99]) == network.probability(ids: [3, 0, 0, 0]))
    }

    @Test func parameterCountAndMismatchError() throws {
        let shape = ClassifierShape(vocabularySize: 8000, embeddingDim: 32, hiddenSize: 64)
        #expect(LSTMClassifierNetwork.parameterCount(shape) == 8000 * 32 + 4 * 64 * (32 + 64 + 1) + 64 + 1)
        #expect(
            throws: NetworkError.parameterCountMismatch(
                expected: 1 * 3 + 4 * 2 * (3 + 2 + 1) + 2 + 1, actual: 5)
        ) {
            _ = try LSTMClassifierNetwork(
                shape: ClassifierShape(vocabularySize: 1, embeddingDim: 3, hiddenSize: 2),
                parameters: [1, 2, 3, 4, 5])
        }
        #expect(throws: NetworkError.self) {
            _ = try LSTMClassifierNetwork(
                shape: ClassifierShape(vocabularySize: 0, embeddingDim: 3, hiddenSize: 2), parameters: [])
        }
        #expect(throws: NetworkError.self) {
            _ = try LSTMRegressorNetwork(inputSize: 1, hiddenSize: 2, outputSize: 1, parameters: [0])
        }
        let small = LSTMClassifierNetwork(
            shape: ClassifierShape(vocabularySize: 5, embeddingDim: 3, hiddenSize: 2), seed: 3)
        let copy = try LSTMClassifierNetwork(shape: small.shape, parameters: small.parameters)
        #expect(copy.probability(ids: [1, 2, 3]) == small.probability(ids: [1, 2, 3]))
    }

    @Test func initializationFollowsTheDocumentedScheme() {
        let shape = ClassifierShape(vocabularySize: 20, embeddingDim: 8, hiddenSize: 16)
        let p = LSTMClassifierNetwork(shape: shape, seed: 5).parameters
        let e = 20 * 8
        #expect(p[0..<e].allSatisfy { abs($0) <= 0.05 })
        let wxEnd = e + 8 * 64
        let limit = (6.0 / Float(8 + 64)).squareRoot()
        #expect(p[e..<wxEnd].allSatisfy { abs($0) <= limit })
        // Wh (16,64) has orthonormal rows.
        for a in 0..<16 {
            for b in 0..<16 {
                var dot: Float = 0
                for c in 0..<64 { dot += p[wxEnd + a * 64 + c] * p[wxEnd + b * 64 + c] }
                #expect(abs(dot - (a == b ? 1 : 0)) < 1e-4)
            }
        }
        let biasStart = wxEnd + 16 * 64
        #expect(p[biasStart..<(biasStart + 16)].allSatisfy { $0 == 0 })
        #expect(p[(biasStart + 16)..<(biasStart + 32)].allSatisfy { $0 == 1 })
        #expect(p[(biasStart + 32)..<(biasStart + 64)].allSatisfy { $0 == 0 })
    }

    @Test func overfitsATinyDataset() {
        let shape = ClassifierShape(vocabularySize: 20, embeddingDim: 8, hiddenSize: 8)
        let network = LSTMClassifierNetwork(shape: shape, seed: 3)
        // Label depends on whether token 7 occurs early; lengths differ, so masking matters.
        let batch: [[Int32]] = [
            [7, 1, 2, 3], [1, 2, 3, 4, 5], [7, 9], [9, 9, 9, 9, 9, 9, 7],
            [3, 7, 4, 4, 4, 4], [5, 6], [7], [2, 3, 4, 5, 6, 8, 10, 11],
        ]
        let labels: [Float] = [1, 0, 1, 0, 1, 0, 1, 0]
        var optimizer = AdamOptimizer(parameterCount: network.parameters.count, learningRate: 0.02)
        var g = SeededGenerator(seed: 1)
        let first = network.trainStep(
            batch: batch, labels: labels, weights: nil, optimizer: &optimizer, generator: &g)
        var loss = first
        for _ in 0..<150 {
            loss = network.trainStep(
                batch: batch, labels: labels, weights: nil, optimizer: &optimizer, generator: &g)
        }
        #expect(first > 0.5)
        #expect(loss < 0.05, "final loss \(loss)")
        let probabilities = network.probabilities(batch: batch)
        for i in batch.indices { #expect(abs(probabilities[i] - labels[i]) < 0.2) }
    }

    @Test func trainingIsDeterministic() {
        func train() -> [Float] {
            let shape = ClassifierShape(vocabularySize: 30, embeddingDim: 8, hiddenSize: 16)
            let network = LSTMClassifierNetwork(shape: shape, seed: 42)
            var g = SeededGenerator(seed: 9)
            var optimizer = AdamOptimizer(parameterCount: network.parameters.count, clipNorm: 1)
            for _ in 0..<5 {
                let batch = randomBatch(count: 8, vocabulary: 30, maxLength: 12, generator: &g)
                let labels = (0..<8).map { _ in Float(g.nextInt(below: 2)) }
                network.trainStep(
                    batch: batch, labels: labels, weights: nil, optimizer: &optimizer, dropout: 0.3,
                    generator: &g)
            }
            return network.parameters
        }
        let a = train()
        let b = train()
        #expect(a == b)
        let shape = ClassifierShape(vocabularySize: 30, embeddingDim: 8, hiddenSize: 16)
        #expect(a != LSTMClassifierNetwork(shape: shape, seed: 42).parameters)
        #expect(
            LSTMClassifierNetwork(shape: shape, seed: 1).parameters
                != LSTMClassifierNetwork(shape: shape, seed: 2).parameters)
    }

    @Test func dropoutIsSeededAndOnlyAffectsTraining() {
        let shape = ClassifierShape(vocabularySize: 10, embeddingDim: 4, hiddenSize: 16)
        let network = LSTMClassifierNetwork(shape: shape, seed: 1)
        let batch: [[Int32]] = [[1, 2, 3], [4, 5], [6, 7, 8, 9]]
        let labels: [Float] = [1, 0, 1]
        func loss(dropout: Float, seed: UInt64) -> Float {
            var g = SeededGenerator(seed: seed)
            return network.lossAndGradients(
                batch: batch, labels: labels, weights: nil, dropout: dropout, generator: &g
            ).loss
        }
        let before = network.probabilities(batch: batch)
        #expect(loss(dropout: 0.5, seed: 3) == loss(dropout: 0.5, seed: 3))
        #expect(loss(dropout: 0.5, seed: 3) != loss(dropout: 0.5, seed: 4))
        #expect(loss(dropout: 0.5, seed: 3) != loss(dropout: 0, seed: 3))
        // Without dropout the generator is not consulted.
        #expect(loss(dropout: 0, seed: 3) == loss(dropout: 0, seed: 4))
        #expect(network.probabilities(batch: batch) == before)
    }

    @Test func twoThreadTrainingMatchesOneThreadAndIsDeterministic() {
        let shape = ClassifierShape(vocabularySize: 40, embeddingDim: 8, hiddenSize: 16)
        var g = SeededGenerator(seed: 21)
        let batch = randomBatch(count: 40, vocabulary: 40, maxLength: 20, generator: &g)
        let labels = (0..<40).map { _ in Float(g.nextInt(below: 2)) }
        let weights = (0..<40).map { _ in g.nextFloat(in: 0.5, 2) }
        let network = LSTMClassifierNetwork(shape: shape, seed: 3)
        var g1 = SeededGenerator(seed: 1)
        var g2 = SeededGenerator(seed: 1)
        let one = network.lossAndGradients(batch: batch, labels: labels, weights: weights, generator: &g1)
        let two = network.lossAndGradients(
            batch: batch, labels: labels, weights: weights, generator: &g2, threads: 2)
        #expect(abs(one.loss - two.loss) < 1e-6)
        var diff: Double = 0
        var norm: Double = 0
        for i in one.gradients.indices {
            diff += Double(one.gradients[i] - two.gradients[i]) * Double(one.gradients[i] - two.gradients[i])
            norm += Double(one.gradients[i]) * Double(one.gradients[i])
        }
        #expect(norm > 0 && (diff / norm).squareRoot() < 1e-5)

        func train(threads: Int) -> [Float] {
            let net = LSTMClassifierNetwork(shape: shape, seed: 3)
            var optimizer = AdamOptimizer(parameterCount: net.parameters.count)
            var gen = SeededGenerator(seed: 4)
            for _ in 0..<3 {
                net.trainStep(
                    batch: batch, labels: labels, weights: weights, optimizer: &optimizer, dropout: 0.2,
                    generator: &gen, threads: threads)
            }
            return net.parameters
        }
        #expect(train(threads: 2) == train(threads: 2))
        #expect(train(threads: 1) == train(threads: 1))
    }

    @Test func weightsScaleTheLoss() {
        let shape = ClassifierShape(vocabularySize: 10, embeddingDim: 4, hiddenSize: 4)
        let network = LSTMClassifierNetwork(shape: shape, seed: 1)
        var g = SeededGenerator(seed: 1)
        let batch: [[Int32]] = [[1, 2], [3, 4, 5]]
        let l0 = network.lossAndGradients(batch: [batch[0]], labels: [1], weights: nil, generator: &g).loss
        let l1 = network.lossAndGradients(batch: [batch[1]], labels: [0], weights: nil, generator: &g).loss
        let weighted = network.lossAndGradients(
            batch: batch, labels: [1, 0], weights: [3, 1], generator: &g
        ).loss
        #expect(abs(weighted - (3 * l0 + l1) / 4) < 1e-6)
        let unweighted = network.lossAndGradients(batch: batch, labels: [1, 0], weights: nil, generator: &g)
            .loss
        #expect(abs(unweighted - (l0 + l1) / 2) < 1e-6)
    }

    @Test func regressorLearnsASimpleFunction() {
        // Target: mean of the sequence and its last value.
        let f = 1
        let t = 6
        let b = 16
        let network = LSTMRegressorNetwork(inputSize: f, hiddenSize: 8, outputSize: 2, seed: 5)
        var optimizer = AdamOptimizer(parameterCount: network.parameters.count, learningRate: 0.02)
        var g = SeededGenerator(seed: 3)
        func makeBatch() -> ([Float], [Float]) {
            var inputs: [Float] = []
            var targets: [Float] = []
            for _ in 0..<b {
                let xs = (0..<t).map { _ in g.nextFloat(in: -1, 1) }
                inputs += xs
                targets += [xs.reduce(0, +) / Float(t), xs[t - 1]]
            }
            return (inputs, targets)
        }
        let (testInputs, testTargets) = makeBatch()
        let initial = network.lossAndGradients(
            inputs: testInputs, targets: testTargets, batchSize: b, steps: t
        ).loss
        for _ in 0..<150 {
            let (inputs, targets) = makeBatch()
            network.trainStep(inputs: inputs, targets: targets, batchSize: b, steps: t, optimizer: &optimizer)
        }
        let final = network.lossAndGradients(inputs: testInputs, targets: testTargets, batchSize: b, steps: t)
            .loss
        #expect(final < 0.01, "final MSE \(final)")
        #expect(final < initial / 10)
        let predictions = network.predict(inputs: testInputs, batchSize: b, steps: t)
        #expect(predictions.count == b * 2)
        // Predicting one sample alone gives the same result as inside the batch.
        let one = network.predict(inputs: Array(testInputs[0..<t]), batchSize: 1, steps: t)
        #expect(abs(one[0] - predictions[0]) < 1e-6 && abs(one[1] - predictions[1]) < 1e-6)
    }
}

@Test func networkReadingEmbeddingRowsOnDemandScoresLikeTheWholeNetwork() throws {
    let shape = ClassifierShape(vocabularySize: 40, embeddingDim: 6, hiddenSize: 5)
    let whole = LSTMClassifierNetwork(shape: shape, seed: 3)
    let embeddingCount = shape.vocabularySize * shape.embeddingDim
    let table = Array(whole.parameters[0..<embeddingCount])
    var requested: [Int] = []
    let lazy = try LSTMClassifierNetwork(
        shape: shape, tailParameters: Array(whole.parameters[embeddingCount...])
    ) {
        id, row in
        requested.append(id)
        for j in 0..<shape.embeddingDim { row[j] = table[id * shape.embeddingDim + j] }
    }
    let batch: [[Int32]] = [[3, 7, 7, 39], [1], [], [5, 5, 5, 5, 5, 2], [12, 0, 99]]
    for ids in batch { #expect(lazy.probability(ids: ids) == whole.probability(ids: ids)) }
    #expect(lazy.probabilities(batch: batch) == whole.probabilities(batch: batch))
    // Only rows that were used are read. The first message scored alone reads its rows at each
    // position (3, 7, 7, 39: no cache for a process that scores one message); from then on the
    // projection cache keeps every row it computes, so each is read once: 1, then 5 and 2, then
    // 12 and 0, then 3, 7 and 39 for the batch.
    #expect(requested == [3, 7, 7, 39, 1, 5, 2, 12, 0] + requested.suffix(3))
    #expect(Set(requested.suffix(3)) == [3, 7, 39])
    #expect(Set(requested) == [0, 1, 2, 3, 5, 7, 12, 39])
    #expect(throws: NetworkError.self) {
        try LSTMClassifierNetwork(shape: shape, tailParameters: [1, 2, 3]) { _, _ in }
    }
}
