import Testing

@testable import SpamNN

/// Central finite differences against the analytic gradient, per parameter tensor.
///
/// Float forward passes limit precision, so each tensor is judged by the relative error of the whole
/// gradient vector, ‖num − ana‖ / max(‖num‖ + ‖ana‖, tiny), over the checked entries.
private func relativeError(_ numeric: [Double], _ analytic: [Double]) -> Double {
    var diff = 0.0
    var numNorm = 0.0
    var anaNorm = 0.0
    for i in numeric.indices {
        diff += (numeric[i] - analytic[i]) * (numeric[i] - analytic[i])
        numNorm += numeric[i] * numeric[i]
        anaNorm += analytic[i] * analytic[i]
    }
    return diff.squareRoot() / max(numNorm.squareRoot() + anaNorm.squareRoot(), 1e-12)
}

private func checkTensor(
    name: String, indices: [Int], parameters: inout [Float], analytic: [Float], step: Float = 1e-2,
    tolerance: Double = 5e-3, loss: ([Float]) -> Float
) {
    var numeric: [Double] = []
    var expected: [Double] = []
    for i in indices {
        let saved = parameters[i]
        parameters[i] = saved + step
        let plus = Double(loss(parameters))
        parameters[i] = saved - step
        let minus = Double(loss(parameters))
        parameters[i] = saved
        numeric.append((plus - minus) / (2 * Double(step)))
        expected.append(Double(analytic[i]))
    }
    let error = relativeError(numeric, expected)
    let norm = expected.reduce(0) { $0 + $1 * $1 }.squareRoot()
    #expect(norm > 1e-6, "\(name): analytic gradient is zero, nothing checked")
    #expect(error < tolerance, "\(name): relative error \(error)")
}

@Suite struct GradientCheckTests {
    @Test func classifierGradientsMatchFiniteDifferences() throws {
        let shape = ClassifierShape(vocabularySize: 11, embeddingDim: 5, hiddenSize: 6)
        let network = LSTMClassifierNetwork(shape: shape, seed: 7)
        // Larger weights than the init so every gate is exercised away from its linear regime.
        var g = SeededGenerator(seed: 99)
        var parameters = network.parameters.map { $0 + g.nextFloat(in: -0.3, 0.3) }
        network.parameters = parameters
        let batch: [[Int32]] = [[1, 2, 3, 4, 5], [6, 7], [], [8, 9, 10, 1], [2, 2, 2, 2, 2, 3, 1]]
        let labels: [Float] = [1, 0, 1, 0, 1]
        let weights: [Float] = [1, 2, 0.5, 1, 1.5]
        var unused = SeededGenerator(seed: 1)
        let analytic = network.lossAndGradients(
            batch: batch, labels: labels, weights: weights, generator: &unused
        ).gradients
        let loss: ([Float]) -> Float = { p in
            network.parameters = p
            var gen = SeededGenerator(seed: 1)
            return network.lossAndGradients(batch: batch, labels: labels, weights: weights, generator: &gen)
                .loss
        }
        let v = shape.vocabularySize
        let e = shape.embeddingDim
        let h = shape.hiddenSize
        let embeddingEnd = v * e
        let wxEnd = embeddingEnd + e * 4 * h
        let whEnd = wxEnd + h * 4 * h
        let biasEnd = whEnd + 4 * h
        let denseWEnd = biasEnd + h
        #expect(denseWEnd + 1 == parameters.count)
        // Embedding rows 0 (never used) and 1...10 (used); unused rows must have zero gradient.
        for i in 0..<e { #expect(analytic[i] == 0, "embedding row 0 is unused") }
        checkTensor(
            name: "embedding", indices: Array(e..<embeddingEnd), parameters: &parameters,
            analytic: analytic, loss: loss)
        checkTensor(
            name: "lstm Wx", indices: Array(embeddingEnd..<wxEnd), parameters: &parameters,
            analytic: analytic, loss: loss)
        checkTensor(
            name: "lstm Wh", indices: Array(wxEnd..<whEnd), parameters: &parameters,
            analytic: analytic, loss: loss)
        checkTensor(
            name: "lstm b", indices: Array(whEnd..<biasEnd), parameters: &parameters,
            analytic: analytic, loss: loss)
        checkTensor(
            name: "dense w", indices: Array(biasEnd..<denseWEnd), parameters: &parameters,
            analytic: analytic, loss: loss)
        checkTensor(
            name: "dense b", indices: [denseWEnd], parameters: &parameters,
            analytic: analytic, loss: loss)
    }

    /// Hidden size 16 takes the vectorized 16-wide matmul tile; check it as well as the narrow path.
    @Test func classifierGradientsMatchAtVectorWidths() throws {
        let shape = ClassifierShape(vocabularySize: 6, embeddingDim: 16, hiddenSize: 16)
        let network = LSTMClassifierNetwork(shape: shape, seed: 3)
        var g = SeededGenerator(seed: 5)
        var parameters = network.parameters.map { $0 + g.nextFloat(in: -0.2, 0.2) }
        network.parameters = parameters
        let batch: [[Int32]] = [[1, 2, 3, 4, 5, 1], [5, 4], [3, 3, 3, 1], [2], [1, 5], [4, 4, 4, 4, 4]]
        let labels: [Float] = [1, 0, 1, 0, 1, 0]
        var unused = SeededGenerator(seed: 1)
        let analytic = network.lossAndGradients(
            batch: batch, labels: labels, weights: nil, generator: &unused
        )
        .gradients
        let loss: ([Float]) -> Float = { p in
            network.parameters = p
            var gen = SeededGenerator(seed: 1)
            return network.lossAndGradients(batch: batch, labels: labels, weights: nil, generator: &gen).loss
        }
        let e = 16
        let h = 16
        let embeddingEnd = 6 * e
        let wxEnd = embeddingEnd + e * 4 * h
        let whEnd = wxEnd + h * 4 * h
        let biasEnd = whEnd + 4 * h
        // A sparse stride keeps the test fast while touching every row and gate block.
        checkTensor(
            name: "embedding", indices: Array(stride(from: e, to: embeddingEnd, by: 7)),
            parameters: &parameters, analytic: analytic, loss: loss)
        checkTensor(
            name: "lstm Wx", indices: Array(stride(from: embeddingEnd, to: wxEnd, by: 23)),
            parameters: &parameters, analytic: analytic, loss: loss)
        checkTensor(
            name: "lstm Wh", indices: Array(stride(from: wxEnd, to: whEnd, by: 23)),
            parameters: &parameters, analytic: analytic, loss: loss)
        checkTensor(
            name: "lstm b", indices: Array(stride(from: whEnd, to: biasEnd, by: 3)), parameters: &parameters,
            analytic: analytic, loss: loss)
        checkTensor(
            name: "dense", indices: Array(biasEnd..<parameters.count), parameters: &parameters,
            analytic: analytic, loss: loss)
    }

    @Test func classifierDropoutGradientsMatchFiniteDifferences() throws {
        let shape = ClassifierShape(vocabularySize: 5, embeddingDim: 3, hiddenSize: 8)
        let network = LSTMClassifierNetwork(shape: shape, seed: 11)
        var g = SeededGenerator(seed: 12)
        var parameters = network.parameters.map { $0 + g.nextFloat(in: -0.3, 0.3) }
        network.parameters = parameters
        let batch: [[Int32]] = [[1, 2, 3], [4, 1], [2, 2, 2, 2]]
        let labels: [Float] = [1, 0, 1]
        var gen0 = SeededGenerator(seed: 42)
        let analytic = network.lossAndGradients(
            batch: batch, labels: labels, weights: nil, dropout: 0.5, generator: &gen0
        ).gradients
        // Same generator seed → same dropout mask in every evaluation.
        let loss: ([Float]) -> Float = { p in
            network.parameters = p
            var gen = SeededGenerator(seed: 42)
            return network.lossAndGradients(
                batch: batch, labels: labels, weights: nil, dropout: 0.5, generator: &gen
            )
            .loss
        }
        let denseStart = parameters.count - 9
        checkTensor(
            name: "dense w with dropout", indices: Array(denseStart..<parameters.count),
            parameters: &parameters, analytic: analytic, loss: loss)
        let whStart = 5 * 3 + 3 * 32
        checkTensor(
            name: "lstm Wh with dropout", indices: Array(whStart..<(whStart + 8 * 32)),
            parameters: &parameters, analytic: analytic, loss: loss)
    }

    @Test func regressorGradientsMatchFiniteDifferences() throws {
        let f = 3
        let h = 5
        let o = 2
        let network = LSTMRegressorNetwork(inputSize: f, hiddenSize: h, outputSize: o, seed: 4)
        var g = SeededGenerator(seed: 8)
        var parameters = network.parameters.map { $0 + g.nextFloat(in: -0.3, 0.3) }
        network.parameters = parameters
        let b = 4
        let t = 6
        let inputs = (0..<(b * t * f)).map { _ in g.nextFloat(in: -1, 1) }
        let targets = (0..<(b * o)).map { _ in g.nextFloat(in: -1, 1) }
        let analytic = network.lossAndGradients(inputs: inputs, targets: targets, batchSize: b, steps: t)
            .gradients
        let loss: ([Float]) -> Float = { p in
            network.parameters = p
            return network.lossAndGradients(inputs: inputs, targets: targets, batchSize: b, steps: t).loss
        }
        let wxEnd = f * 4 * h
        let whEnd = wxEnd + h * 4 * h
        let biasEnd = whEnd + 4 * h
        let denseWEnd = biasEnd + h * o
        #expect(denseWEnd + o == parameters.count)
        checkTensor(
            name: "regressor Wx", indices: Array(0..<wxEnd), parameters: &parameters,
            analytic: analytic, loss: loss)
        checkTensor(
            name: "regressor Wh", indices: Array(wxEnd..<whEnd), parameters: &parameters,
            analytic: analytic, loss: loss)
        checkTensor(
            name: "regressor b", indices: Array(whEnd..<biasEnd), parameters: &parameters,
            analytic: analytic, loss: loss)
        checkTensor(
            name: "regressor dense w", indices: Array(biasEnd..<denseWEnd), parameters: &parameters,
            analytic: analytic, loss: loss)
        checkTensor(
            name: "regressor dense b", indices: Array(denseWEnd..<parameters.count),
            parameters: &parameters, analytic: analytic, loss: loss)
    }

    @Test func regressorHuberGradientsMatchFiniteDifferences() throws {
        let (f, h, o, b, t) = (3, 4, 2, 4, 5)
        let network = LSTMRegressorNetwork(inputSize: f, hiddenSize: h, outputSize: o, seed: 5)
        var g = SeededGenerator(seed: 9)
        var parameters = network.parameters.map { $0 + g.nextFloat(in: -0.3, 0.3) }
        network.parameters = parameters
        let inputs = (0..<(b * t * f)).map { _ in g.nextFloat(in: -1, 1) }
        // Targets far from and near the outputs, so both the linear and the quadratic part count.
        let targets = (0..<(b * o)).map { i in
            i % 2 == 0 ? g.nextFloat(in: 2, 3) : g.nextFloat(in: -0.05, 0.05)
        }
        let huber = RegressionLoss.huber(delta: 0.5)
        let analytic = network.lossAndGradients(
            inputs: inputs, targets: targets, batchSize: b, steps: t, loss: huber)
        let squared = network.lossAndGradients(inputs: inputs, targets: targets, batchSize: b, steps: t)
        #expect(analytic.loss < squared.loss)
        let loss: ([Float]) -> Float = { p in
            network.parameters = p
            return network.lossAndGradients(
                inputs: inputs, targets: targets, batchSize: b, steps: t, loss: huber
            ).loss
        }
        checkTensor(
            name: "huber regressor, all parameters", indices: Array(0..<parameters.count),
            parameters: &parameters, analytic: analytic.gradients, loss: loss)
    }

    @Test func regressorLinearPathGradientsMatchFiniteDifferences() throws {
        let (f, h, o, b, t) = (3, 4, 2, 4, 5)
        let network = LSTMRegressorNetwork(
            inputSize: f, hiddenSize: h, outputSize: o, linearPathSteps: 2, seed: 6)
        var g = SeededGenerator(seed: 10)
        var parameters = network.parameters
        let linearStart = parameters.count - (2 * f * o + o)
        // A new linear path starts at zero: the network begins as the plain LSTM → Dense.
        #expect(parameters[linearStart...].allSatisfy { $0 == 0 })
        let plain = LSTMRegressorNetwork(inputSize: f, hiddenSize: h, outputSize: o, seed: 6)
        let inputs = (0..<(b * t * f)).map { _ in g.nextFloat(in: -1, 1) }
        #expect(
            network.predict(inputs: inputs, batchSize: b, steps: t)
                == plain.predict(inputs: inputs, batchSize: b, steps: t))
        parameters = parameters.map { $0 + g.nextFloat(in: -0.3, 0.3) }
        network.parameters = parameters
        let targets = (0..<(b * o)).map { _ in g.nextFloat(in: -1, 1) }
        let analytic = network.lossAndGradients(inputs: inputs, targets: targets, batchSize: b, steps: t)
            .gradients
        let loss: ([Float]) -> Float = { p in
            network.parameters = p
            return network.lossAndGradients(inputs: inputs, targets: targets, batchSize: b, steps: t).loss
        }
        checkTensor(
            name: "linear path and the rest", indices: Array(0..<parameters.count), parameters: &parameters,
            analytic: analytic, loss: loss)
        // The path reads the last two steps only: with every other weight zeroed, changing an
        // earlier step's inputs leaves the outputs unmoved, changing either of the last two does not.
        var linearOnly = network.parameters
        for i in 0..<linearStart { linearOnly[i] = 0 }
        network.parameters = linearOnly
        var earlier = inputs
        for r in 0..<b { for k in 0..<f { earlier[(r * t) * f + k] += 1 } }
        #expect(
            network.predict(inputs: inputs, batchSize: b, steps: t)
                == network.predict(inputs: earlier, batchSize: b, steps: t))
        for step in [t - 2, t - 1] {
            var moved = inputs
            for r in 0..<b { moved[(r * t + step) * f] += 1 }
            #expect(
                network.predict(inputs: inputs, batchSize: b, steps: t)
                    != network.predict(inputs: moved, batchSize: b, steps: t))
        }
        // Shorter sequences than the path: the first step stands in for the missing ones.
        let short = Array(inputs[0..<(b * 1 * f)])
        #expect(network.predict(inputs: short, batchSize: b, steps: 1).allSatisfy { $0.isFinite })
    }
}
