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
/// give each thread its own copy.
public final class LSTMClassifierNetwork {
    public let shape: ClassifierShape
    /// All parameters, in the order documented on the type.
    public var parameters: [Float] {
        didSet { projectionCache.invalidate() }
    }

    let embedding: EmbeddingLayer
    let lstm: LSTMLayer
    let dense: DenseLayer

    private var packedIds: [Int32] = []
    private let embedded = FloatBuffer()  // (N,E)
    private let embeddedGradient = FloatBuffer()  // (N,E)
    private let droppedHidden = FloatBuffer()  // (B,H)
    private let dropMask = FloatBuffer()  // (B,H)
    private let hiddenGradient = FloatBuffer()  // (B,H)
    private let logits = FloatBuffer()  // (B)
    private let logitGradient = FloatBuffer()  // (B)
    private var gradientBuffer: [Float] = []
    private let projectionCache: ProjectionCache

    /// Number of parameters for `shape`: V·E + 4H(E+H+1) + H + 1.
    public static func parameterCount(_ shape: ClassifierShape) -> Int {
        shape.vocabularySize * shape.embeddingDim
            + LSTMLayer.parameterCount(inputSize: shape.embeddingDim, hiddenSize: shape.hiddenSize)
            + shape.hiddenSize + 1
    }

    /// A freshly initialized network: embedding uniform in ±0.05, Glorot-uniform Wx and dense w,
    /// orthogonal Wh, zero biases except the forget gate's (1). Deterministic for a given seed.
    public init(shape: ClassifierShape, seed: UInt64) {
        precondition((try? shape.validate()) != nil, "LSTMClassifierNetwork: invalid shape \(shape)")
        self.shape = shape
        (embedding, lstm, dense) = Self.layers(shape)
        projectionCache = ProjectionCache(vocabularySize: shape.vocabularySize, width: 4 * shape.hiddenSize)
        var params = [Float](repeating: 0, count: Self.parameterCount(shape))
        var generator = SeededGenerator(seed: seed)
        let (embedding, lstm, dense) = (self.embedding, self.lstm, self.dense)
        params.withUnsafeMutableBufferPointer { pb in
            let p = pb.baseAddress!
            fillUniform(p + embedding.offset, count: embedding.parameterCount, limit: 0.05, generator: &generator)
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
        (embedding, lstm, dense) = Self.layers(shape)
        projectionCache = ProjectionCache(vocabularySize: shape.vocabularySize, width: 4 * shape.hiddenSize)
        self.parameters = parameters
    }

    private static func layers(_ shape: ClassifierShape) -> (EmbeddingLayer, LSTMLayer, DenseLayer) {
        let embedding = EmbeddingLayer(
            vocabularySize: shape.vocabularySize, dimension: shape.embeddingDim, offset: 0)
        let lstm = LSTMLayer(
            inputSize: shape.embeddingDim, hiddenSize: shape.hiddenSize, offset: embedding.parameterCount)
        let dense = DenseLayer(
            inputSize: shape.hiddenSize, outputSize: 1,
            offset: embedding.parameterCount
                + LSTMLayer.parameterCount(inputSize: shape.embeddingDim, hiddenSize: shape.hiddenSize))
        return (embedding, lstm, dense)
    }

    // MARK: Inference

    /// P(spam) for one message's token ids; an empty message scores σ(dense b).
    public func probability(ids: [Int32]) -> Float {
        let layout = PackedLayout(sortedLengths: [ids.count])
        let v = Int32(truncatingIfNeeded: shape.vocabularySize)
        packedIds.removeAll(keepingCapacity: true)
        for id in ids { packedIds.append(id >= 0 && id < v ? id : 0) }
        return parameters.withUnsafeBufferPointer { pb in
            let hidden = inferHidden(pb.baseAddress!, layout: layout)
            let z = logits.reserve(1)
            dense.forward(parameters: pb.baseAddress!, input: hidden, batchSize: 1, output: z)
            return 1 / (1 + expFloat(-z[0]))
        }
    }

    /// P(spam) for each message of a ragged batch, in input order. Each result equals
    /// `probability(ids:)` of that message alone: the batch is packed, never padded.
    public func probabilities(batch: [[Int32]]) -> [Float] {
        if batch.isEmpty { return [] }
        let order = pack(batch)
        let b = batch.count
        return parameters.withUnsafeBufferPointer { pb in
            let p = pb.baseAddress!
            let hidden = inferHidden(p, layout: order.layout)
            let z = logits.reserve(b)
            dense.forward(parameters: p, input: hidden, batchSize: b, output: z)
            var result = [Float](repeating: 0, count: b)
            for r in 0..<b { result[order.indices[r]] = 1 / (1 + expFloat(-z[r])) }
            return result
        }
    }

    // MARK: Training

    /// Weighted mean binary cross-entropy of the batch and its gradient with respect to `parameters`
    /// (same layout), by backpropagation through each whole sequence.
    ///
    /// `labels` are 0 (ham) or 1 (spam), one per sequence; `weights` (optional) one per sequence.
    /// With `dropout` > 0, inverted dropout on the LSTM output before Dense, masks drawn from `generator`.
    public func lossAndGradients(
        batch: [[Int32]], labels: [Float], weights: [Float]?, dropout: Float = 0,
        generator: inout SeededGenerator
    ) -> (loss: Float, gradients: [Float]) {
        var gradients = [Float](repeating: 0, count: parameters.count)
        let loss = accumulateGradients(
            batch: batch, labels: labels, weights: weights, dropout: dropout, generator: &generator,
            into: &gradients)
        return (loss, gradients)
    }

    /// One Adam step on the batch; returns the batch loss before the step.
    @discardableResult
    public func trainStep(
        batch: [[Int32]], labels: [Float], weights: [Float]?, optimizer: inout AdamOptimizer,
        dropout: Float = 0, generator: inout SeededGenerator
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
            into: &gradients)
        optimizer.step(parameters: &parameters, gradients: gradients)
        gradientBuffer = gradients
        return loss
    }

    /// Adds the batch's gradients to `gradients` and returns its loss.
    private func accumulateGradients(
        batch: [[Int32]], labels: [Float], weights: [Float]?, dropout: Float,
        generator: inout SeededGenerator, into gradients: inout [Float]
    ) -> Float {
        precondition(labels.count == batch.count, "lossAndGradients: \(batch.count) sequences, \(labels.count) labels")
        precondition(weights == nil || weights!.count == batch.count, "lossAndGradients: weights count")
        precondition(dropout >= 0 && dropout < 1, "lossAndGradients: dropout must be in [0, 1)")
        if batch.isEmpty { return 0 }
        let order = pack(batch)
        let layout = order.layout
        let b = batch.count
        let h = shape.hiddenSize
        let e = shape.embeddingDim
        var sortedLabels = [Float](repeating: 0, count: b)
        var sortedWeights = [Float](repeating: 1, count: b)
        for r in 0..<b {
            sortedLabels[r] = labels[order.indices[r]]
            if let weights { sortedWeights[r] = weights[order.indices[r]] }
        }
        let (embedding, lstm, dense) = (self.embedding, self.lstm, self.dense)
        return parameters.withUnsafeBufferPointer { pb in
            gradients.withUnsafeMutableBufferPointer { gb in
                let p = pb.baseAddress!
                let g = gb.baseAddress!
                var hidden = forwardHidden(p, layout: layout)
                let mask = dropMask.reserve(b * h)
                if dropout > 0 {
                    let keep = 1 / (1 - dropout)
                    let dropped = droppedHidden.reserve(b * h)
                    for i in 0..<(b * h) {
                        mask[i] = generator.nextUnitFloat() < dropout ? 0 : keep
                        dropped[i] = hidden[i] * mask[i]
                    }
                    hidden = UnsafePointer(dropped)
                }
                let z = logits.reserve(b)
                let dz = logitGradient.reserve(b)
                dense.forward(parameters: p, input: hidden, batchSize: b, output: z)
                let loss = sortedLabels.withUnsafeBufferPointer { yb in
                    sortedWeights.withUnsafeBufferPointer { wb in
                        binaryCrossEntropyWithLogits(
                            logits: z, labels: yb.baseAddress!, weights: weights == nil ? nil : wb.baseAddress!,
                            count: b, gradient: dz)
                    }
                }
                let dh = hiddenGradient.reserve(b * h)
                dense.backward(
                    parameters: p, gradients: g, input: hidden, outputGradient: dz, batchSize: b,
                    inputGradient: dh)
                if dropout > 0 {
                    for i in 0..<(b * h) { dh[i] *= mask[i] }
                }
                let rows = layout.rowCount
                let x = embedded.reserve(rows * e)
                let dx = embeddedGradient.reserve(rows * e)
                lstm.backward(
                    parameters: p, gradients: g, input: x, layout: layout, hiddenGradient: dh,
                    inputGradient: dx)
                packedIds.withUnsafeBufferPointer { ids in
                    if let base = ids.baseAddress {
                        embedding.backward(gradients: g, ids: base, count: rows, outputGradient: dx)
                    }
                }
                return loss
            }
        }
    }

    // MARK: Shared forward

    /// Sorts the batch longest first (ties by input position) and fills `packedIds` time-major.
    private func pack(_ batch: [[Int32]]) -> (indices: [Int], layout: PackedLayout) {
        let indices = batch.indices.sorted { a, b in
            batch[a].count != batch[b].count ? batch[a].count > batch[b].count : a < b
        }
        let layout = PackedLayout(sortedLengths: indices.map { batch[$0].count })
        let v = Int32(truncatingIfNeeded: shape.vocabularySize)
        packedIds.removeAll(keepingCapacity: true)
        packedIds.reserveCapacity(layout.rowCount)
        for t in 0..<layout.steps {
            for r in 0..<layout.active[t] {
                let id = batch[indices[r]][t]
                packedIds.append(id >= 0 && id < v ? id : 0)
            }
        }
        return (indices, layout)
    }

    /// Inference forward pass: input projections from the per-token cache, then the recurrence; returns
    /// the final hidden states (B,H), packed order.
    private func inferHidden(_ p: UnsafePointer<Float>, layout: PackedLayout) -> UnsafePointer<Float> {
        let g4 = 4 * shape.hiddenSize
        let e = shape.embeddingDim
        let (embedding, lstm, cache) = (self.embedding, self.lstm, projectionCache)
        return packedIds.withUnsafeBufferPointer { ids in
            lstm.infer(parameters: p, layout: layout) { t, z in
                let base = layout.offsets[t]
                for r in 0..<layout.active[t] {
                    let id = Int(ids[base + r])
                    // Same arithmetic as LSTMLayer.forward: bias, then accumulate x·Wx.
                    @inline(__always) func project(_ out: UnsafeMutablePointer<Float>) {
                        out.update(from: p + lstm.biasOffset, count: g4)
                        matmulAccumulate(
                            m: 1, n: g4, k: e, a: p + embedding.offset + id * e, aRowStride: e, aColStride: 1,
                            b: p + lstm.inputWeightsOffset, ldb: g4, c: out, ldc: g4)
                    }
                    if cache.isEnabled {
                        (z + r * g4).update(from: cache.row(id, compute: project), count: g4)
                    } else {
                        project(z + r * g4)
                    }
                }
            }
        }
    }

    /// Embeds `packedIds` and runs the LSTM; returns the final hidden states (B,H), packed order.
    private func forwardHidden(_ p: UnsafePointer<Float>, layout: PackedLayout) -> UnsafePointer<Float> {
        let rows = layout.rowCount
        let x = embedded.reserve(rows * shape.embeddingDim)
        packedIds.withUnsafeBufferPointer { ids in
            if let base = ids.baseAddress {
                embedding.forward(parameters: p, ids: base, count: rows, output: x)
            }
        }
        return lstm.forward(parameters: p, input: UnsafePointer(x), layout: layout)
    }
}
