/// Embedding (V,E) → LSTM (E,H), many-to-one: the hidden state after each sequence's last real token →
/// Dense (H,1) → sigmoid. The spam classifier's network.
///
/// Parameter order in `parameters` (one flat buffer, so Adam is one loop):
///
///     embedding  (V,E)    row v is token v's vector
///     lstm Wx    (E,4H)   gate blocks [i f g o]
///     lstm Wh    (H,4H)
///     lstm b     (4H)
///     dense w    (H)      (H,1)
///     dense b    (1)
///
/// Ids outside 0..<V are read as id 0. Not thread-safe: the network reuses internal scratch buffers;
/// give each thread its own copy (`probabilities(batch:threads:)` manages its own second thread).
///
/// A scoring-only network can read its embedding rows on demand from an `EmbeddingRowReader`
/// instead (`init(shape:tailParameters:embeddingRows:)`): a process that scores one message then
/// decodes only that message's rows, not the whole (V,E) table.
public final class LSTMClassifierNetwork {
    public let shape: ClassifierShape
    /// All parameters, in the order documented on the type; for a network that reads its embedding
    /// from an `EmbeddingRowReader`, everything after the embedding (LSTM, then Dense).
    public var parameters: [Float] {
        didSet { projectionCache.invalidate() }
    }
    /// Where embedding rows come from when they are not in `parameters` (scoring-only networks).
    private let embeddingRows: EmbeddingRowReader?

    let embedding: EmbeddingLayer
    let lstm: LSTMLayer
    let dense: DenseLayer

    private let mainWorkspace: ScoringWorkspace
    private var secondWorkspace: ScoringWorkspace?
    private let mainTrainingWorkspace: TrainingWorkspace
    private var secondTrainingWorkspace: TrainingWorkspace?
    private var gradientBuffer: [Float] = []
    private var secondGradients: [Float] = []
    private let projectionCache: ProjectionCache
    /// How many messages `probability(ids:)` scored (see there: the first one skips the cache).
    private var messagesScoredAlone = 0

    /// Number of parameters for `shape`: V·E + 4H(E+H+1) + H + 1.
    public static func parameterCount(_ shape: ClassifierShape) -> Int {
        shape.vocabularySize * shape.embeddingDim
            + LSTMLayer.parameterCount(inputSize: shape.embeddingDim, hiddenSize: shape.hiddenSize)
            + shape.hiddenSize + 1
    }

    /// Writes token `id`'s embedding row (E floats) to `row`; `id` is in 0..<V. Called once per id
    /// while the projection cache keeps the id's row; it must be safe to call from two threads
    /// (batched scoring without the cache), which a pure decoder of immutable bytes is.
    public typealias EmbeddingRowReader = (_ id: Int, _ row: UnsafeMutablePointer<Float>) -> Void

    /// A freshly initialized network: embedding uniform in ±0.05, Glorot-uniform Wx and dense w,
    /// orthogonal Wh, zero biases except the forget gate's (1). Deterministic for a given seed.
    public init(shape: ClassifierShape, seed: UInt64) {
        precondition((try? shape.validate()) != nil, "LSTMClassifierNetwork: invalid shape \(shape)")
        self.shape = shape
        (embedding, lstm, dense) = Self.layers(shape, embeddingInline: true)
        embeddingRows = nil
        projectionCache = ProjectionCache(vocabularySize: shape.vocabularySize, width: 4 * shape.hiddenSize)
        mainWorkspace = ScoringWorkspace(lstm: lstm)
        mainTrainingWorkspace = TrainingWorkspace(lstm: lstm)
        var params = [Float](repeating: 0, count: Self.parameterCount(shape))
        var generator = SeededGenerator(seed: seed)
        let (embedding, lstm, dense) = (self.embedding, self.lstm, self.dense)
        params.withUnsafeMutableBufferPointer { pb in
            let p = pb.baseAddress!
            fillUniform(
                p + embedding.offset, count: embedding.parameterCount, limit: 0.05, generator: &generator)
            initializeLSTM(lstm, p, generator: &generator)
            fillGlorotUniform(p + dense.offset, fanIn: dense.inputSize, fanOut: 1, generator: &generator)
            p[dense.biasOffset] = 0
        }
        parameters = params
    }

    /// A network with the given parameters (e.g. loaded from a model file).
    public init(shape: ClassifierShape, parameters: [Float]) throws(NetworkError) {
        try shape.validate()
        let expected = Self.parameterCount(shape)
        guard parameters.count == expected else {
            throw .parameterCountMismatch(expected: expected, actual: parameters.count)
        }
        self.shape = shape
        (embedding, lstm, dense) = Self.layers(shape, embeddingInline: true)
        embeddingRows = nil
        projectionCache = ProjectionCache(vocabularySize: shape.vocabularySize, width: 4 * shape.hiddenSize)
        mainWorkspace = ScoringWorkspace(lstm: lstm)
        mainTrainingWorkspace = TrainingWorkspace(lstm: lstm)
        self.parameters = parameters
    }

    /// A scoring-only network: `tailParameters` are the LSTM and Dense parameters (the flat layout
    /// without its embedding block) and embedding rows are read on demand from `embeddingRows`.
    /// Scores are bit for bit those of the same weights given whole to `init(shape:parameters:)`.
    /// Such a network cannot be trained.
    public init(shape: ClassifierShape, tailParameters: [Float], embeddingRows: @escaping EmbeddingRowReader)
        throws(NetworkError)
    {
        try shape.validate()
        let expected = Self.parameterCount(shape) - shape.vocabularySize * shape.embeddingDim
        guard tailParameters.count == expected else {
            throw .parameterCountMismatch(expected: expected, actual: tailParameters.count)
        }
        self.shape = shape
        (embedding, lstm, dense) = Self.layers(shape, embeddingInline: false)
        self.embeddingRows = embeddingRows
        projectionCache = ProjectionCache(vocabularySize: shape.vocabularySize, width: 4 * shape.hiddenSize)
        mainWorkspace = ScoringWorkspace(lstm: lstm)
        mainTrainingWorkspace = TrainingWorkspace(lstm: lstm)
        parameters = tailParameters
    }

    /// A network with the same weights (shared, not copied) and scratch and projection cache of its
    /// own, for scoring on another thread. Its scores equal this network's bit for bit.
    public func scoringCopy() -> LSTMClassifierNetwork {
        if let embeddingRows {
            // The shape and count were checked when this network was made.
            return try! LSTMClassifierNetwork(
                shape: shape, tailParameters: parameters, embeddingRows: embeddingRows)
        }
        return try! LSTMClassifierNetwork(shape: shape, parameters: parameters)
    }

    /// The layers' offsets in `parameters`: the documented layout, or without the embedding block.
    private static func layers(_ shape: ClassifierShape, embeddingInline: Bool) -> (
        EmbeddingLayer, LSTMLayer, DenseLayer
    ) {
        let embedding = EmbeddingLayer(
            vocabularySize: shape.vocabularySize, dimension: shape.embeddingDim, offset: 0)
        let lstmOffset = embeddingInline ? embedding.parameterCount : 0
        let lstm = LSTMLayer(inputSize: shape.embeddingDim, hiddenSize: shape.hiddenSize, offset: lstmOffset)
        let dense = DenseLayer(
            inputSize: shape.hiddenSize, outputSize: 1,
            offset: lstmOffset
                + LSTMLayer.parameterCount(inputSize: shape.embeddingDim, hiddenSize: shape.hiddenSize))
        return (embedding, lstm, dense)
    }

    // MARK: Inference

    /// P(spam) for one message's token ids; an empty message scores σ(dense b).
    public func probability(ids: [Int32]) -> Float {
        let (layout, workspace, useCache) = packAlone(ids)
        return scoreAlone(layout: layout, workspace: workspace, useCache: useCache)
    }

    /// P(spam) of a few short sequences (a message's windows further in), each scored alone
    /// with its projection rows computed into scratch: the same values as `probability(ids:)`,
    /// without building the projection cache, which a batch warms for every id it meets and
    /// which costs a delivery more in page faults than the windows' arithmetic.
    public func probabilitiesAlone(_ sequences: [[Int32]]) -> [Float] {
        sequences.map { ids in
            let (layout, workspace, _) = packAlone(ids, counting: false)
            return scoreAlone(layout: layout, workspace: workspace, useCache: false)
        }
    }

    /// The dense layer's P(spam) over the final hidden state of the message `packAlone` packed.
    private func scoreAlone(layout: PackedLayout, workspace: ScoringWorkspace, useCache: Bool) -> Float {
        parameters.withUnsafeBufferPointer { pb in
            let hidden = inferHidden(
                pb.baseAddress!, layout: layout, workspace: workspace, useCache: useCache)
            let z = workspace.logits.reserve(1)
            dense.forward(parameters: pb.baseAddress!, input: hidden, batchSize: 1, output: z)
            return 1 / (1 + expFloat(-z[0]))
        }
    }

    /// P(spam) of a message's openings, its first `ends[k]` tokens for each k, in one pass over
    /// `ids`: each equals `probability(ids: Array(ids.prefix(ends[k])))` bit for bit (the
    /// state after t tokens is the final state of the first t). Ends outside 1...ids.count are
    /// left out. With `mark`, each opening is followed by it (a mail's windows end with its
    /// mark): one step more from the opening's state, equal to `probability(ids:
    /// Array(ids.prefix(ends[k])) + [mark])` bit for bit, where scoring each alone read every
    /// opening again from its first token.
    public func openingProbabilities(ids: [Int32], ends: [Int], followedBy mark: Int32? = nil) -> [Float] {
        let (layout, workspace, useCache) = packAlone(ids)
        var results: [Float] = []
        results.reserveCapacity(ends.count)
        let dense = self.dense
        let lstm = workspace.lstm
        let h = shape.hiddenSize
        let v = Int32(truncatingIfNeeded: shape.vocabularySize)
        parameters.withUnsafeBufferPointer { pb in
            let p = pb.baseAddress!
            // The mark's projection row, then the state after it and the step's 4H preactivations.
            let scratch = workspace.markStep.reserve(mark == nil ? 0 : 4 * h + 2 * h + 4 * h)
            if let mark { project(Int(mark >= 0 && mark < v ? mark : 0), parameters: p, into: scratch) }
            _ = inferHidden(
                p, layout: layout, workspace: workspace, useCache: useCache,
                observe: { t, _, _, hidden, cell in
                    guard ends.contains(t + 1) else { return }
                    var last = hidden
                    if mark != nil {
                        let hiddenOut = scratch + 4 * h
                        lstm.stepAlone(
                            parameters: p, input: UnsafePointer(scratch), hidden: hidden, cell: cell,
                            hiddenOut: hiddenOut, cellOut: hiddenOut + h, z: hiddenOut + 2 * h)
                        last = UnsafePointer(hiddenOut)
                    }
                    let z = workspace.logits.reserve(1)
                    dense.forward(parameters: p, input: last, batchSize: 1, output: z)
                    results.append(1 / (1 + expFloat(-z[0])))
                })
        }
        return results
    }

    /// One message packed into the main workspace for scoring alone, and whether to use the
    /// projection cache. The first message scored alone computes its projection rows into
    /// scratch: a process that scores one message (a delivery) then never builds the cache (a
    /// stamp per vocabulary entry and a 32 KB chunk of rows per network, a sixth of a delivery's
    /// page faults). Later ones use it. The rows are the same bits either way.
    private func packAlone(_ ids: [Int32], counting: Bool = true) -> (
        PackedLayout, ScoringWorkspace, useCache: Bool
    ) {
        let v = Int32(truncatingIfNeeded: shape.vocabularySize)
        let workspace = mainWorkspace
        workspace.packedIds.removeAll(keepingCapacity: true)
        for id in ids { workspace.packedIds.append(id >= 0 && id < v ? id : 0) }
        let useCache = messagesScoredAlone > 0
        if counting { messagesScoredAlone += 1 }
        return (PackedLayout(sortedLengths: [ids.count]), workspace, useCache)
    }

    /// P(spam) for each message of a ragged batch, in input order. Each result equals
    /// `probability(ids:)` of that message alone: the batch is packed, never padded.
    public func probabilities(batch: [[Int32]]) -> [Float] {
        probabilities(batch: batch, threads: 1)
    }

    /// `probabilities(batch:)` on up to two threads (opt-in; `threads` is clamped to 1...2 and batches
    /// under 64 messages use one). The results are bitwise identical to the single-threaded ones: each
    /// message's score depends only on its own tokens, and each thread writes its own messages' slots.
    public func probabilities(batch: [[Int32]], threads: Int) -> [Float] {
        if batch.isEmpty { return [] }
        var result = [Float](repeating: 0, count: batch.count)
        result.withUnsafeMutableBufferPointer { scoreAll(batch, threads: threads, into: $0.baseAddress!) }
        return result
    }

    /// Where `score` writes the openings of each message: `firstSlot[i]` is message i's first.
    private typealias OpeningSlots = (stride: Int, firstSlot: [Int], out: UnsafeMutablePointer<Float>)

    /// Scores the whole batch into `out` (and `openings`), the second half on a second thread
    /// when `threads` asks for it and the batch has 64 messages or more.
    private func scoreAll(
        _ batch: [[Int32]], threads: Int, into out: UnsafeMutablePointer<Float>, openings: OpeningSlots? = nil
    ) {
        parameters.withUnsafeBufferPointer { pb in
            let p = pb.baseAddress!
            // Fill the projection cache first: many rows per product, and two threads only read it.
            if batch.count > 1 { warmProjectionCache(batch, parameters: p) }
            guard threads >= 2 && batch.count >= 64 else {
                score(
                    batch, 0..<batch.count, parameters: p, workspace: mainWorkspace, into: out,
                    openings: openings)
                return
            }
            let half = batch.count / 2
            let second =
                secondWorkspace
                ?? ScoringWorkspace(lstm: Self.layers(shape, embeddingInline: embeddingRows == nil).1)
            secondWorkspace = second
            // The worker writes only the second half's slots and uses only the second workspace.
            let shared = WorkerShare(
                (network: self, parameters: p, workspace: second, out: out, openings: openings))
            let worker = WorkerThread {
                let s = shared.value
                s.network.score(
                    batch, half..<batch.count, parameters: s.parameters, workspace: s.workspace, into: s.out,
                    openings: s.openings)
            }
            score(batch, 0..<half, parameters: p, workspace: mainWorkspace, into: out, openings: openings)
            if let worker {
                worker.join()
            } else {
                score(
                    batch, half..<batch.count, parameters: p, workspace: second, into: out, openings: openings
                )
            }
        }
    }

    /// Scores batch[range] into out[range] with one workspace; with `openings`, also each
    /// message's openings (`probabilities(batch:openingStride:threads:)`) into their slots.
    private func score(
        _ batch: [[Int32]], _ range: Range<Int>, parameters p: UnsafePointer<Float>,
        workspace: ScoringWorkspace, into out: UnsafeMutablePointer<Float>, openings: OpeningSlots? = nil
    ) {
        let (indices, layout) = Self.pack(
            batch, range, vocabularySize: shape.vocabularySize, into: &workspace.packedIds)
        let b = range.count
        var observe: LSTMLayer.StepObserver?
        if let openings {
            let h = shape.hiddenSize
            let dense = self.dense
            let z = workspace.logits.reserve(1)
            observe = { t, first, rows, hidden, _ in
                guard (t + 1) % openings.stride == 0 else { return }
                for r in 0..<rows where t + 1 < layout.lengths[first + r] {
                    dense.forward(parameters: p, input: hidden + r * h, batchSize: 1, output: z)
                    let slot = openings.firstSlot[indices[first + r]] + (t + 1) / openings.stride - 1
                    openings.out[slot] = 1 / (1 + expFloat(-z[0]))
                }
            }
        }
        let hidden = inferHidden(p, layout: layout, workspace: workspace, observe: observe)
        let z = workspace.logits.reserve(b)
        dense.forward(parameters: p, input: hidden, batchSize: b, output: z)
        for r in 0..<b { out[indices[r]] = 1 / (1 + expFloat(-z[r])) }
    }

    /// P(spam) of each message of a ragged batch (`probabilities(batch:threads:)`) and of its
    /// openings: its first `openingStride`, 2 × `openingStride`, … tokens short of the whole,
    /// in that order, message i's at `openings[firstOpening[i]..<firstOpening[i + 1]]` (one flat
    /// array: a bulk run scores tens of thousands of messages, an array for each). Each equals
    /// `probability(ids:)` of that opening alone, bit for bit (the state after t tokens is the
    /// final state of the first t), and costs one dense row: a message's openings come from the
    /// one pass that scores it.
    public func probabilities(batch: [[Int32]], openingStride: Int, threads: Int = 1)
        -> (whole: [Float], openings: [Float], firstOpening: [Int])
    {
        precondition(openingStride > 0, "openingStride must be positive")
        if batch.isEmpty { return ([], [], [0]) }
        var firstSlot: [Int] = []
        firstSlot.reserveCapacity(batch.count + 1)
        var slots = 0
        for ids in batch {
            firstSlot.append(slots)
            slots += max(0, (ids.count - 1) / openingStride)
        }
        firstSlot.append(slots)
        var whole = [Float](repeating: 0, count: batch.count)
        // One slot more than needed: a batch of messages no longer than the stride has none.
        var flat = [Float](repeating: 0, count: slots + 1)
        whole.withUnsafeMutableBufferPointer { wb in
            flat.withUnsafeMutableBufferPointer { fb in
                scoreAll(
                    batch, threads: threads, into: wb.baseAddress!,
                    openings: (stride: openingStride, firstSlot: firstSlot, out: fb.baseAddress!))
            }
        }
        flat.removeLast()
        return (whole, flat, firstSlot)
    }

    /// Computes every projection row the batch needs that is not cached yet, many rows per matrix
    /// product (a row-at-a-time product is several times slower). Each element sums the same
    /// products in the same order as `project`, so rows are bit for bit the same either way.
    private func warmProjectionCache(_ batch: [[Int32]], parameters p: UnsafePointer<Float>) {
        let cache = projectionCache
        guard cache.isEnabled else { return }
        let g4 = 4 * shape.hiddenSize
        let e = shape.embeddingDim
        let group = 64
        var ids: [Int] = []
        var destinations: [UnsafeMutablePointer<Float>] = []
        ids.reserveCapacity(group)
        destinations.reserveCapacity(group)
        let inputs = UnsafeMutablePointer<Float>.allocate(capacity: group * e)
        let rows = UnsafeMutablePointer<Float>.allocate(capacity: group * g4)
        defer {
            inputs.deallocate()
            rows.deallocate()
        }
        func flush() {
            let m = ids.count
            if m == 0 { return }
            for (r, id) in ids.enumerated() {
                if let embeddingRows {
                    embeddingRows(id, inputs + r * e)
                } else {
                    (inputs + r * e).update(from: p + embedding.offset + id * e, count: e)
                }
                (rows + r * g4).update(from: p + lstm.biasOffset, count: g4)
            }
            matmulAccumulate(
                m: m, n: g4, k: e, a: inputs, aRowStride: e, aColStride: 1,
                b: p + lstm.inputWeightsOffset, ldb: g4, c: rows, ldc: g4)
            for (r, destination) in destinations.enumerated() {
                destination.update(from: rows + r * g4, count: g4)
            }
            ids.removeAll(keepingCapacity: true)
            destinations.removeAll(keepingCapacity: true)
        }
        for message in batch {
            for raw in message {
                let id = raw >= 0 && Int(raw) < shape.vocabularySize ? Int(raw) : 0
                guard let destination = cache.claim(id) else { continue }
                ids.append(id)
                destinations.append(destination)
                if ids.count == group { flush() }
            }
        }
        flush()
    }

    // MARK: Training

    /// Weighted mean binary cross-entropy of the batch and its gradient with respect to `parameters`
    /// (same layout), by backpropagation through each whole sequence.
    ///
    /// Loss = Σ wᵢ·ℓᵢ / Σ wᵢ (plain mean without weights). `labels` are 0 (ham) or 1 (spam), one per
    /// sequence; `weights` (optional) one per sequence. With `dropout` > 0, inverted dropout on the LSTM
    /// output before Dense, masks drawn from `generator` (not consulted otherwise). `threads` (1 or 2):
    /// see `trainStep`.
    public func lossAndGradients(
        batch: [[Int32]], labels: [Float], weights: [Float]?, dropout: Float = 0,
        generator: inout SeededGenerator, threads: Int = 1
    ) -> (loss: Float, gradients: [Float]) {
        var gradients = [Float](repeating: 0, count: parameters.count)
        let loss = accumulateGradients(
            batch: batch, labels: labels, weights: weights, dropout: dropout, generator: &generator,
            threads: threads, into: &gradients)
        return (loss, gradients)
    }

    /// One Adam step on the batch; returns the batch loss before the step.
    ///
    /// `threads: 2` (opt-in) splits the batch in two halves computed in parallel and adds the second
    /// half's gradients to the first's; it is deterministic for a given thread count, but its rounding
    /// differs slightly from `threads: 1`. Batches under 16 sequences always use one thread.
    @discardableResult
    public func trainStep(
        batch: [[Int32]], labels: [Float], weights: [Float]?, optimizer: inout AdamOptimizer,
        dropout: Float = 0, generator: inout SeededGenerator, threads: Int = 1
    ) -> Float {
        var gradients = gradientBuffer
        gradientBuffer = []
        if gradients.count != parameters.count {
            gradients = [Float](repeating: 0, count: parameters.count)
        } else {
            gradients.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        let loss = accumulateGradients(
            batch: batch, labels: labels, weights: weights, dropout: dropout, generator: &generator,
            threads: threads, into: &gradients)
        optimizer.step(parameters: &parameters, gradients: gradients)
        gradientBuffer = gradients
        return loss
    }

    /// Adds the batch's gradients to `gradients` and returns its loss.
    private func accumulateGradients(
        batch: [[Int32]], labels: [Float], weights: [Float]?, dropout: Float,
        generator: inout SeededGenerator, threads: Int, into gradients: inout [Float]
    ) -> Float {
        precondition(embeddingRows == nil, "a network reading its embedding on demand cannot be trained")
        precondition(
            labels.count == batch.count, "lossAndGradients: \(batch.count) sequences, \(labels.count) labels")
        precondition(weights == nil || weights!.count == batch.count, "lossAndGradients: weights count")
        precondition(dropout >= 0 && dropout < 1, "lossAndGradients: dropout must be in [0, 1)")
        if batch.isEmpty { return 0 }
        let b = batch.count
        let h = shape.hiddenSize
        var weightTotal: Double = 0
        for i in 0..<b { weightTotal += Double(weights?[i] ?? 1) }
        guard weightTotal > 0 else { return 0 }
        let split = threads >= 2 && b >= 16 ? b / 2 : b
        let ranges = split == b ? [0..<b] : [0..<split, split..<b]
        // Dropout masks for each part, drawn up front in a fixed order (position i of a part's mask
        // belongs to its packed row i / H, unit i % H).
        var masks: [[Float]] = []
        if dropout > 0 {
            let keep = 1 / (1 - dropout)
            for range in ranges {
                masks.append(
                    (0..<(range.count * h)).map { _ in generator.nextUnitFloat() < dropout ? 0 : keep })
            }
        }
        let parts = ranges.count
        if parts == 2 && secondTrainingWorkspace == nil {
            secondTrainingWorkspace = TrainingWorkspace(
                lstm: Self.layers(shape, embeddingInline: embeddingRows == nil).1)
        }
        let workspaces =
            parts == 2 ? [mainTrainingWorkspace, secondTrainingWorkspace!] : [mainTrainingWorkspace]
        // The second part's gradients are kept all zero between steps; only what it touched is added
        // to `gradients` and cleared afterwards (its embedding rows and the dense LSTM/Dense tail).
        if parts == 2 && secondGradients.count != parameters.count {
            secondGradients = [Float](repeating: 0, count: parameters.count)
        }
        var sums = [Double](repeating: 0, count: parts)
        parameters.withUnsafeBufferPointer { pb in
            gradients.withUnsafeMutableBufferPointer { gb in
                secondGradients.withUnsafeMutableBufferPointer { sb in
                    sums.withUnsafeMutableBufferPointer { sumsBuffer in
                        let p = pb.baseAddress!
                        let targets = [gb.baseAddress!, sb.baseAddress ?? gb.baseAddress!]
                        let out = sumsBuffer.baseAddress!
                        func run(_ part: Int) {
                            out[part] = trainingPass(
                                batch: batch, range: ranges[part], labels: labels, weights: weights,
                                weightTotal: weightTotal, mask: masks.isEmpty ? nil : masks[part],
                                workspace: workspaces[part], parameters: p, gradients: targets[part])
                        }
                        if parts == 1 {
                            run(0)
                            return
                        }
                        // Part 1 has its own workspace, gradient buffer and sum slot.
                        let part = WorkerShare(run)
                        let worker = WorkerThread { part.value(1) }
                        run(0)
                        if let worker { worker.join() } else { run(1) }
                        let (g, s) = (gb.baseAddress!, sb.baseAddress!)
                        let e = shape.embeddingDim
                        for id in workspaces[1].packedIds {
                            // Repeated ids add zeros after the first time.
                            let row = Int(id) * e
                            addInPlace(g + row, UnsafePointer(s + row), count: e)
                            (s + row).update(repeating: 0, count: e)
                        }
                        let tail = embedding.parameterCount
                        addInPlace(g + tail, UnsafePointer(s + tail), count: gb.count - tail)
                        (s + tail).update(repeating: 0, count: gb.count - tail)
                    }
                }
            }
        }
        return Float(sums.reduce(0, +) / weightTotal)
    }

    /// Forward and backward over batch[range]: adds its gradients, already divided by the whole batch's
    /// weight total, into `g`, and returns Σ wᵢ·ℓᵢ over the range. `mask` is the part's dropout mask.
    private func trainingPass(
        batch: [[Int32]], range: Range<Int>, labels: [Float], weights: [Float]?, weightTotal: Double,
        mask: [Float]?, workspace: TrainingWorkspace, parameters p: UnsafePointer<Float>,
        gradients g: UnsafeMutablePointer<Float>
    ) -> Double {
        let (indices, layout) = Self.pack(
            batch, range, vocabularySize: shape.vocabularySize, into: &workspace.packedIds)
        let b = range.count
        let h = shape.hiddenSize
        let e = shape.embeddingDim
        var sortedLabels = [Float](repeating: 0, count: b)
        var sortedWeights = [Float](repeating: 1, count: b)
        for r in 0..<b {
            sortedLabels[r] = labels[indices[r]]
            if let weights { sortedWeights[r] = weights[indices[r]] }
        }
        let (embedding, dense) = (self.embedding, self.dense)
        let lstm = workspace.lstm
        // Embed and run the LSTM.
        let rows = layout.rowCount
        let x = workspace.embedded.reserve(rows * e)
        workspace.packedIds.withUnsafeBufferPointer { ids in
            if let base = ids.baseAddress {
                embedding.forward(parameters: p, ids: base, count: rows, output: x)
            }
        }
        var hidden = lstm.forward(parameters: p, input: UnsafePointer(x), layout: layout)
        if let mask {
            let dropped = workspace.droppedHidden.reserve(b * h)
            for i in 0..<(b * h) { dropped[i] = hidden[i] * mask[i] }
            hidden = UnsafePointer(dropped)
        }
        let z = workspace.logits.reserve(b)
        let dz = workspace.logitGradient.reserve(b)
        dense.forward(parameters: p, input: hidden, batchSize: b, output: z)
        let lossSum = sortedLabels.withUnsafeBufferPointer { yb in
            sortedWeights.withUnsafeBufferPointer { wb in
                binaryCrossEntropyWithLogits(
                    logits: z, labels: yb.baseAddress!, weights: wb.baseAddress!, count: b,
                    weightTotal: weightTotal, gradient: dz)
            }
        }
        let dh = workspace.hiddenGradient.reserve(b * h)
        dense.backward(
            parameters: p, gradients: g, input: hidden, outputGradient: dz, batchSize: b, inputGradient: dh)
        if let mask {
            for i in 0..<(b * h) { dh[i] *= mask[i] }
        }
        let dx = workspace.embeddedGradient.reserve(rows * e)
        lstm.backward(
            parameters: p, gradients: g, input: x, layout: layout, hiddenGradient: dh, inputGradient: dx)
        workspace.packedIds.withUnsafeBufferPointer { ids in
            if let base = ids.baseAddress {
                embedding.backward(gradients: g, ids: base, count: rows, outputGradient: dx)
            }
        }
        return lossSum
    }

    // MARK: Shared forward

    /// Sorts batch[range] longest first (ties by input position) and writes its ids time-major into
    /// `ids`, ids outside 0..<V read as 0. Returns the batch indices in packed order and the layout.
    private static func pack(
        _ batch: [[Int32]], _ range: Range<Int>, vocabularySize: Int, into ids: inout [Int32]
    ) -> (indices: [Int], layout: PackedLayout) {
        let indices = range.sorted { a, b in
            batch[a].count != batch[b].count ? batch[a].count > batch[b].count : a < b
        }
        let layout = PackedLayout(sortedLengths: indices.map { batch[$0].count })
        let v = Int32(truncatingIfNeeded: vocabularySize)
        ids.removeAll(keepingCapacity: true)
        ids.reserveCapacity(layout.rowCount)
        for t in 0..<layout.steps {
            for r in 0..<layout.active[t] {
                let id = batch[indices[r]][t]
                ids.append(id >= 0 && id < v ? id : 0)
            }
        }
        return (indices, layout)
    }

    /// b + embedding[id]·Wx into `out` (4H), the same arithmetic as LSTMLayer.forward: bias first, then
    /// x·Wx accumulated in order, so cached and computed rows agree bit for bit.
    @inline(__always) private func project(
        _ id: Int, parameters p: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>
    ) {
        let g4 = 4 * shape.hiddenSize
        let e = shape.embeddingDim
        out.update(from: p + lstm.biasOffset, count: g4)
        guard let embeddingRows else {
            matmulAccumulate(
                m: 1, n: g4, k: e, a: p + embedding.offset + id * e, aRowStride: e, aColStride: 1,
                b: p + lstm.inputWeightsOffset, ldb: g4, c: out, ldc: g4)
            return
        }
        // On the stack: scoring threads may project rows concurrently when the cache is off.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: e) { row in
            embeddingRows(id, row.baseAddress!)
            matmulAccumulate(
                m: 1, n: g4, k: e, a: row.baseAddress!, aRowStride: e, aColStride: 1,
                b: p + lstm.inputWeightsOffset, ldb: g4, c: out, ldc: g4)
        }
    }

    /// Inference forward pass: input projections from the per-token cache, then the recurrence; returns
    /// the final hidden states (B,H), packed order.
    private func inferHidden(
        _ p: UnsafePointer<Float>, layout: PackedLayout, workspace: ScoringWorkspace, useCache: Bool = true,
        observe: LSTMLayer.StepObserver? = nil
    )
        -> UnsafePointer<Float>
    {
        let g4 = 4 * shape.hiddenSize
        let cache = projectionCache
        let scratch = cache.isEnabled && useCache ? nil : workspace.projections.reserve(layout.batchSize * g4)
        return workspace.packedIds.withUnsafeBufferPointer { ids in
            workspace.lstm.infer(parameters: p, layout: layout, observe: observe) { t, r in
                let id = Int(ids[layout.offsets[t] + r])
                guard let scratch else {
                    return cache.row(id) { out in project(id, parameters: p, into: out) }
                }
                project(id, parameters: p, into: scratch + r * g4)
                return UnsafePointer(scratch + r * g4)
            }
        }
    }
}
