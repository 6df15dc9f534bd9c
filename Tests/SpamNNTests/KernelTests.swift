import Testing

@testable import SpamNN

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

@Suite struct KernelTests {
    @Test func adamStepMatchesHandComputedValues() {
        var optimizer = AdamOptimizer(
            parameterCount: 2, learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
        var parameters: [Float] = [1.0, -2.0]
        optimizer.step(parameters: &parameters, gradients: [0.5, -4.0])
        // Step 1: m̂ = g, v̂ = g², update = α·g/(|g|+ε) ≈ α·sign(g).
        #expect(abs(parameters[0] - 0.9) < 1e-6)
        #expect(abs(parameters[1] - (-1.9)) < 1e-6)
        optimizer.step(parameters: &parameters, gradients: [0.25, 0.0])
        // Step 2, parameter 0: m = 0.9·0.05 + 0.1·0.25 = 0.07, v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225;
        // m̂ = 0.07/0.19, v̂ = 0.00031225/0.001999; update = 0.1·m̂/(√v̂ + 1e-7).
        let mHat = 0.07 / 0.19
        let vHat = 0.00031225 / (1 - 0.999 * 0.999)
        let expected0 = 0.9 - 0.1 * mHat / (vHat.squareRoot() + 1e-7)
        #expect(abs(Double(parameters[0]) - expected0) < 1e-5, "\(parameters[0]) vs \(expected0)")
        // Parameter 1: m = 0.9·(−0.4) = −0.36, v = 0.999·0.016 = 0.015984.
        let expected1 = -1.9 - 0.1 * (-0.36 / 0.19) / ((0.015984 / (1 - 0.999 * 0.999)).squareRoot() + 1e-7)
        #expect(abs(Double(parameters[1]) - expected1) < 1e-5, "\(parameters[1]) vs \(expected1)")
        #expect(optimizer.stepCount == 2)
    }

    @Test func adamClipsByGlobalNormAndDecaysWeights() {
        // ‖g‖ = 5 clipped to 1: the first step's update is still ≈ α·sign(g) (Adam is scale-free) ...
        var clipped = AdamOptimizer(parameterCount: 2, learningRate: 0.1, clipNorm: 1)
        var p: [Float] = [0, 0]
        clipped.step(parameters: &p, gradients: [3, 4])
        #expect(abs(p[0] + 0.1) < 1e-5 && abs(p[1] + 0.1) < 1e-5)
        // ... but the moments hold the clipped gradient.
        #expect(abs(clipped.firstMoment[0] - 0.1 * 0.6) < 1e-6)
        #expect(abs(clipped.firstMoment[1] - 0.1 * 0.8) < 1e-6)
        // Decoupled weight decay: zero gradient, θ ← θ − α·λ·θ.
        var decayed = AdamOptimizer(parameterCount: 1, learningRate: 0.1, weightDecay: 0.5)
        var q: [Float] = [2]
        decayed.step(parameters: &q, gradients: [0])
        #expect(abs(q[0] - 1.9) < 1e-6)
    }

    @Test func adamHandlesLengthsThatAreNotAMultipleOfTheVectorWidth() {
        var optimizer = AdamOptimizer(parameterCount: 13, learningRate: 0.5)
        var p = [Float](repeating: 1, count: 13)
        optimizer.step(parameters: &p, gradients: (0..<13).map { $0 % 2 == 0 ? 1 : -1 })
        for i in 0..<13 { #expect(abs(p[i] - (i % 2 == 0 ? 0.5 : 1.5)) < 1e-5) }
    }

    @Test func matmulMatchesNaiveProduct() {
        var g = SeededGenerator(seed: 1)
        for (m, n, k) in [(1, 1, 1), (5, 16, 3), (9, 37, 11), (33, 256, 64), (4, 8, 200), (3, 50, 0)] {
            let a = (0..<(m * k)).map { _ in g.nextFloat(in: -1, 1) }
            let b = (0..<(k * n)).map { _ in g.nextFloat(in: -1, 1) }
            let c0 = (0..<(m * n)).map { _ in g.nextFloat(in: -1, 1) }
            var c = c0
            var ct = c0
            let at = (0..<(k * m)).map { i in a[(i % m) * k + i / m] }  // (K,M) = Aᵀ
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    c.withUnsafeMutableBufferPointer { cp in
                        matmulAccumulate(
                            m: m, n: n, k: k, a: ap.baseAddress!, aRowStride: k, aColStride: 1,
                            b: bp.baseAddress!,
                            ldb: n, c: cp.baseAddress!, ldc: n)
                    }
                }
            }
            at.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    ct.withUnsafeMutableBufferPointer { cp in
                        matmulAccumulate(
                            m: m, n: n, k: k, a: ap.baseAddress!, aRowStride: 1, aColStride: m,
                            b: bp.baseAddress!,
                            ldb: n, c: cp.baseAddress!, ldc: n)
                    }
                }
            }
            for i in 0..<m {
                for j in 0..<n {
                    var sum = Double(c0[i * n + j])
                    for p in 0..<k { sum += Double(a[i * k + p]) * Double(b[p * n + j]) }
                    #expect(abs(Double(c[i * n + j]) - sum) < 1e-4, "(\(m),\(n),\(k)) at \(i),\(j)")
                    #expect(c[i * n + j] == ct[i * n + j])
                }
            }
        }
    }

    @Test func vectorMathMatchesLibm() {
        var worstExp: Float = 0
        var worstSigmoid: Float = 0
        var worstTanh: Float = 0
        var x: Float = -30
        while x <= 30 {
            let v = SIMD8<Float>(repeating: x)
            let e = vexp(v)[0]
            if x > -80 { worstExp = max(worstExp, abs(e - expf(x)) / expf(x)) }
            worstSigmoid = max(worstSigmoid, abs(vsigmoid(v)[0] - 1 / (1 + expf(-x))))
            worstTanh = max(worstTanh, abs(vtanh(v)[0] - Float(tanh(Double(x)))))
            x += 0.0137
        }
        #expect(worstExp < 4e-7, "exp relative error \(worstExp)")
        #expect(worstSigmoid < 2e-7, "sigmoid absolute error \(worstSigmoid)")
        #expect(worstTanh < 3e-7, "tanh absolute error \(worstTanh)")
        #expect(vexp(SIMD8(repeating: -1000))[0] >= 0)
        #expect(vexp(SIMD8(repeating: 1000))[0].isFinite)
        #expect(vsigmoid(SIMD8(repeating: -1000))[0] < 1e-30)
        #expect(vsigmoid(SIMD8(repeating: 1000))[0] == 1)
    }

    @Test func generatorIsDeterministicAndUniform() {
        var a = SeededGenerator(seed: 123)
        var b = SeededGenerator(seed: 123)
        var c = SeededGenerator(seed: 124)
        let sa = (0..<10).map { _ in a.next() }
        #expect(sa == (0..<10).map { _ in b.next() })
        #expect(sa != (0..<10).map { _ in c.next() })
        var mean: Double = 0
        for _ in 0..<10_000 {
            let u = a.nextUnitFloat()
            #expect(u >= 0 && u < 1)
            mean += Double(u)
        }
        #expect(abs(mean / 10_000 - 0.5) < 0.02)
    }
}

/// Scoring (`infer`: four sequences at a time, h·Wh added onto the projection rows, gates fused in
/// registers) must give exactly the training forward pass's final states, for full and partial
/// tiles of four, ragged lengths and hidden sizes with and without a partial 8-unit chunk.
@Test func scoringRecurrenceMatchesTheTrainingOneBitForBit() {
    for hidden in [8, 13, 32] {
        let input = 5
        let lstm = LSTMLayer(inputSize: input, hiddenSize: hidden, offset: 0)
        var generator = SeededGenerator(seed: UInt64(hidden))
        let count = LSTMLayer.parameterCount(inputSize: input, hiddenSize: hidden)
        let parameters = (0..<count).map { _ in Float.random(in: -1.5...1.5, using: &generator) }
        let layout = PackedLayout(sortedLengths: [9, 7, 6, 6, 4, 4, 3, 1, 1, 0])
        let x = (0..<(layout.rowCount * input)).map { _ in Float.random(in: -2...2, using: &generator) }
        let g4 = 4 * hidden
        // b + x·Wx per packed row, the input projections `infer` reads.
        var projections = [Float](repeating: 0, count: layout.rowCount * g4)
        for row in 0..<layout.rowCount {
            for j in 0..<g4 {
                var sum = parameters[lstm.biasOffset - lstm.inputWeightsOffset + j]
                for k in 0..<input { sum += x[row * input + k] * parameters[k * g4 + j] }
                projections[row * g4 + j] = sum
            }
        }
        let trained = parameters.withUnsafeBufferPointer { p in
            x.withUnsafeBufferPointer { xb in
                Array(
                    UnsafeBufferPointer(
                        start: lstm.forward(
                            parameters: p.baseAddress!, input: xb.baseAddress!, layout: layout),
                        count: layout.batchSize * hidden))
            }
        }
        let scored = parameters.withUnsafeBufferPointer { p in
            projections.withUnsafeBufferPointer { pr in
                Array(
                    UnsafeBufferPointer(
                        start: lstm.infer(parameters: p.baseAddress!, layout: layout) { t, r in
                            pr.baseAddress! + (layout.offsets[t] + r) * g4
                        },
                        count: layout.batchSize * hidden))
            }
        }
        #expect(scored == trained, "H=\(hidden)")
    }
}
