/// Inputs (B,T,F) → LSTM (F,H), last hidden state → Dense (H,O), linear output; with
/// `linearPathSteps` K > 0, plus a Dense (K·F,O) from the last K steps' inputs straight to the
/// outputs (zero at the start, so training begins from the plain network; when T < K the first
/// step stands in for the missing ones). The volume forecaster's network; it shares `LSTMLayer`
/// with the classifier.
///
/// Parameter order in `parameters`:
///
///     lstm Wx    (F,4H)   gate blocks [i f g o]
///     lstm Wh    (H,4H)
///     lstm b     (4H)
///     dense w    (H,O)
///     dense b    (O)
///     linear w   (K·F,O)  only with K > 0
///     linear b   (O)      only with K > 0
///
/// Not thread-safe: the network reuses internal scratch buffers.
public final class LSTMRegressorNetwork {
    /// F.
    public let inputSize: Int
    /// H.
    public let hiddenSize: Int
    /// O.
    public let outputSize: Int
    /// K: steps the linear path reads (0: none).
    public let linearPathSteps: Int
    /// All parameters, in the order documented on the type.
    public var parameters: [Float]

    let lstm: LSTMLayer
    let dense: DenseLayer
    /// The linear path from the last K steps' inputs straight to the outputs (nil: none).
    let linearPath: DenseLayer?

    private let timeMajor = FloatBuffer()  // (T,B,F)
    private let outputs = FloatBuffer()  // (B,O)
    private let outputGradient = FloatBuffer()  // (B,O)
    private let hiddenGradient = FloatBuffer()  // (B,H)
    private let linearOutputs = FloatBuffer()  // (B,O)
    private let lastInputs = FloatBuffer()  // (B,K·F)

    /// Number of parameters: 4H(F+H+1) + H·O + O (+ K·F·O + O with a linear path over K steps).
    public static func parameterCount(
        inputSize: Int, hiddenSize: Int, outputSize: Int, linearPathSteps: Int = 0
    ) -> Int {
        LSTMLayer.parameterCount(inputSize: inputSize, hiddenSize: hiddenSize) + hiddenSize * outputSize
            + outputSize + (linearPathSteps > 0 ? linearPathSteps * inputSize * outputSize + outputSize : 0)
    }

    /// A freshly initialized network (Glorot-uniform Wx and dense w, orthogonal Wh, forget bias 1).
    public init(inputSize: Int, hiddenSize: Int, outputSize: Int, linearPathSteps: Int = 0, seed: UInt64) {
        precondition(
            inputSize > 0 && hiddenSize > 0 && outputSize > 0 && linearPathSteps >= 0,
            "LSTMRegressorNetwork: sizes must be positive")
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.outputSize = outputSize
        self.linearPathSteps = linearPathSteps
        lstm = LSTMLayer(inputSize: inputSize, hiddenSize: hiddenSize, offset: 0)
        dense = DenseLayer(
            inputSize: hiddenSize, outputSize: outputSize,
            offset: LSTMLayer.parameterCount(inputSize: inputSize, hiddenSize: hiddenSize))
        self.linearPath =
            linearPathSteps > 0
            ? DenseLayer(
                inputSize: linearPathSteps * inputSize, outputSize: outputSize,
                offset: dense.offset + dense.parameterCount)
            : nil
        var params = [Float](
            repeating: 0,
            count: Self.parameterCount(
                inputSize: inputSize, hiddenSize: hiddenSize, outputSize: outputSize,
                linearPathSteps: linearPathSteps))
        var generator = SeededGenerator(seed: seed)
        let (lstm, dense) = (self.lstm, self.dense)
        params.withUnsafeMutableBufferPointer { pb in
            let p = pb.baseAddress!
            initializeLSTM(lstm, p, generator: &generator)
            fillGlorotUniform(p + dense.offset, fanIn: hiddenSize, fanOut: outputSize, generator: &generator)
        }
        parameters = params
    }

    /// A network with the given parameters (e.g. loaded from a model file).
    public init(
        inputSize: Int, hiddenSize: Int, outputSize: Int, linearPathSteps: Int = 0, parameters: [Float]
    )
        throws(NetworkError)
    {
        for (name, value) in [
            ("inputSize", inputSize), ("hiddenSize", hiddenSize), ("outputSize", outputSize),
        ]
        where value < 1 || value > (1 << 20) {
            throw .invalidShape("\(name) = \(value), expected 1...\(1 << 20)")
        }
        guard (0...1024).contains(linearPathSteps) else {
            throw .invalidShape("linearPathSteps = \(linearPathSteps), expected 0...1024")
        }
        let expected = Self.parameterCount(
            inputSize: inputSize, hiddenSize: hiddenSize, outputSize: outputSize,
            linearPathSteps: linearPathSteps)
        guard parameters.count == expected else {
            throw .parameterCountMismatch(expected: expected, actual: parameters.count)
        }
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.outputSize = outputSize
        self.linearPathSteps = linearPathSteps
        lstm = LSTMLayer(inputSize: inputSize, hiddenSize: hiddenSize, offset: 0)
        dense = DenseLayer(
            inputSize: hiddenSize, outputSize: outputSize,
            offset: LSTMLayer.parameterCount(inputSize: inputSize, hiddenSize: hiddenSize))
        self.linearPath =
            linearPathSteps > 0
            ? DenseLayer(
                inputSize: linearPathSteps * inputSize, outputSize: outputSize,
                offset: dense.offset + dense.parameterCount)
            : nil
        self.parameters = parameters
    }

    /// Predictions (B,O) for inputs (B,T,F), row-major.
    public func predict(inputs: [Float], batchSize: Int, steps: Int) -> [Float] {
        checkInputs(inputs, batchSize: batchSize, steps: steps)
        let layout = PackedLayout(batchSize: batchSize, steps: steps)
        let o = outputSize
        return parameters.withUnsafeBufferPointer { pb in
            let p = pb.baseAddress!
            let y = forward(p, inputs: inputs, layout: layout).outputs
            return [Float](UnsafeBufferPointer(start: y, count: batchSize * o))
        }
    }

    /// The loss (mean over all B·O outputs; squared error unless `loss` says otherwise) and its
    /// gradient with respect to `parameters`. `targets` is (B,O).
    public func lossAndGradients(
        inputs: [Float], targets: [Float], batchSize: Int, steps: Int, loss: RegressionLoss = .squared
    ) -> (loss: Float, gradients: [Float]) {
        var gradients = [Float](repeating: 0, count: parameters.count)
        let value = accumulateGradients(
            inputs: inputs, targets: targets, batchSize: batchSize, steps: steps, loss: loss, into: &gradients
        )
        return (value, gradients)
    }

    /// One Adam step on the batch; returns the batch loss before the step.
    @discardableResult
    public func trainStep(
        inputs: [Float], targets: [Float], batchSize: Int, steps: Int, loss: RegressionLoss = .squared,
        optimizer: inout AdamOptimizer
    ) -> Float {
        let (value, gradients) = lossAndGradients(
            inputs: inputs, targets: targets, batchSize: batchSize, steps: steps, loss: loss)
        optimizer.step(parameters: &parameters, gradients: gradients)
        return value
    }

    private func accumulateGradients(
        inputs: [Float], targets: [Float], batchSize: Int, steps: Int, loss kind: RegressionLoss,
        into gradients: inout [Float]
    ) -> Float {
        checkInputs(inputs, batchSize: batchSize, steps: steps)
        precondition(
            targets.count == batchSize * outputSize,
            "LSTMRegressorNetwork: expected \(batchSize * outputSize) targets (B·O), got \(targets.count)")
        if batchSize == 0 { return 0 }
        let layout = PackedLayout(batchSize: batchSize, steps: steps)
        let (lstm, dense) = (self.lstm, self.dense)
        let count = batchSize * outputSize
        return parameters.withUnsafeBufferPointer { pb in
            gradients.withUnsafeMutableBufferPointer { gb in
                targets.withUnsafeBufferPointer { tb in
                    let p = pb.baseAddress!
                    let g = gb.baseAddress!
                    let (x, hidden, y) = forward(p, inputs: inputs, layout: layout)
                    let dy = outputGradient.reserve(count)
                    let loss: Float
                    switch kind {
                    case .squared:
                        loss = meanSquaredError(
                            predictions: y, targets: tb.baseAddress!, count: count, gradient: dy)
                    case .huber(let delta):
                        loss = meanHuberLoss(
                            predictions: y, targets: tb.baseAddress!, count: count, delta: delta, gradient: dy
                        )
                    }
                    let dh = hiddenGradient.reserve(batchSize * hiddenSize)
                    dense.backward(
                        parameters: p, gradients: g, input: hidden, outputGradient: dy, batchSize: batchSize,
                        inputGradient: dh)
                    if let linearPath {
                        linearPath.backward(
                            parameters: p, gradients: g, input: lastInputs.pointer, outputGradient: dy,
                            batchSize: batchSize, inputGradient: nil)
                    }
                    lstm.backward(
                        parameters: p, gradients: g, input: x, layout: layout, hiddenGradient: dh,
                        inputGradient: nil)
                    return loss
                }
            }
        }
    }

    /// Transposes inputs to time-major (T,B,F), runs LSTM and Dense.
    private func forward(_ p: UnsafePointer<Float>, inputs: [Float], layout: PackedLayout)
        -> (input: UnsafePointer<Float>, hidden: UnsafePointer<Float>, outputs: UnsafePointer<Float>)
    {
        let b = layout.batchSize
        let t = layout.steps
        let f = inputSize
        let x = timeMajor.reserve(b * t * f)
        inputs.withUnsafeBufferPointer { ib in
            guard let src = ib.baseAddress else { return }
            for s in 0..<t {
                for r in 0..<b {
                    (x + (s * b + r) * f).update(from: src + (r * t + s) * f, count: f)
                }
            }
        }
        let hidden = lstm.forward(parameters: p, input: UnsafePointer(x), layout: layout)
        let y = outputs.reserve(b * outputSize)
        dense.forward(parameters: p, input: hidden, batchSize: b, output: y)
        if let linearPath, t > 0 {
            // The last K steps' inputs reach the outputs linearly too (rows (B, K·F), oldest step first).
            let k = linearPath.inputSize / f
            let last = lastInputs.reserve(b * f * k)
            for r in 0..<b {
                for j in 0..<k {
                    let s = max(0, t - k + j)
                    (last + (r * k + j) * f).update(from: x + (s * b + r) * f, count: f)
                }
            }
            let z = linearOutputs.reserve(b * outputSize)
            linearPath.forward(parameters: p, input: last, batchSize: b, output: z)
            for i in 0..<(b * outputSize) { y[i] += z[i] }
        }
        return (UnsafePointer(x), hidden, UnsafePointer(y))
    }

    private func checkInputs(_ inputs: [Float], batchSize: Int, steps: Int) {
        precondition(batchSize >= 0 && steps >= 0, "LSTMRegressorNetwork: negative batch size or steps")
        precondition(
            inputs.count == batchSize * steps * inputSize,
            "LSTMRegressorNetwork: expected \(batchSize * steps * inputSize) inputs (B·T·F), got \(inputs.count)"
        )
    }
}
