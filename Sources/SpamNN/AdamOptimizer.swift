// Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization"), with optional global-norm
// gradient clipping and decoupled weight decay (Loshchilov & Hutter 2019, "AdamW").
//
// For step t = 1, 2, … and gradient g (after clipping: g ← g · min(1, clipNorm / ‖g‖₂)):
//
//   m ← β₁ m + (1 − β₁) g
//   v ← β₂ v + (1 − β₂) g²
//   m̂ = m / (1 − β₁ᵗ)        v̂ = v / (1 − β₂ᵗ)
//   θ ← θ − α (m̂ / (√v̂ + ε) + λ θ)
//
// One flat loop over every parameter of the network: all parameters live in one [Float].

/// Adam with bias correction over a flat parameter buffer.
public struct AdamOptimizer: Sendable {
    /// α.
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    /// Gradients whose global L2 norm exceeds this are scaled down to it; nil disables clipping.
    public var clipNorm: Float?
    /// λ, decoupled weight decay (0 disables it).
    public var weightDecay: Float
    /// Number of steps taken (t).
    public private(set) var stepCount: Int = 0
    /// First and second moment estimates, one per parameter.
    public private(set) var firstMoment: [Float]
    public private(set) var secondMoment: [Float]

    /// An optimizer for `parameterCount` parameters, moments zero.
    public init(
        parameterCount: Int, learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
        epsilon: Float = 1e-7, clipNorm: Float? = nil, weightDecay: Float = 0
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.clipNorm = clipNorm
        self.weightDecay = weightDecay
        firstMoment = [Float](repeating: 0, count: parameterCount)
        secondMoment = [Float](repeating: 0, count: parameterCount)
    }

    /// One bias-corrected Adam update of `parameters` by `gradients` (same count as at init).
    public mutating func step(parameters: inout [Float], gradients: [Float]) {
        let count = firstMoment.count
        precondition(
            parameters.count == count && gradients.count == count,
            "AdamOptimizer: expected \(count) parameters and gradients, got \(parameters.count) and \(gradients.count)"
        )
        stepCount += 1
        var gradientScale: Float = 1
        if let clipNorm {
            var sumSquares: Double = 0
            gradients.withUnsafeBufferPointer { gb in
                guard let g = gb.baseAddress else { return }
                var j = 0
                while j < count {
                    // Partial sums in Float over short runs, totals in Double.
                    var acc = SIMD8<Float>()
                    let end = min(count, j + 4096)
                    while j < end {
                        let w = min(8, end - j)
                        let v = load8(g + j, w)
                        acc += v * v
                        j += w
                    }
                    sumSquares += Double(acc.sum())
                }
            }
            let norm = Float(sumSquares.squareRoot())
            if norm > clipNorm && norm > 0 { gradientScale = clipNorm / norm }
        }
        let t = Float(stepCount)
        let correction1 = 1 - powFloat(beta1, t)
        let correction2 = 1 - powFloat(beta2, t)
        let b1 = SIMD8<Float>(repeating: beta1)
        let b2 = SIMD8<Float>(repeating: beta2)
        let oneMinusB1 = SIMD8<Float>(repeating: 1 - beta1)
        let oneMinusB2 = SIMD8<Float>(repeating: 1 - beta2)
        let stepSize = SIMD8<Float>(repeating: learningRate / correction1)
        let invSqrtCorrection2 = SIMD8<Float>(repeating: 1 / correction2.squareRoot())
        let eps = SIMD8<Float>(repeating: epsilon)
        let decay = SIMD8<Float>(repeating: learningRate * weightDecay)
        let scale = SIMD8<Float>(repeating: gradientScale)
        let useDecay = weightDecay != 0
        parameters.withUnsafeMutableBufferPointer { pb in
            gradients.withUnsafeBufferPointer { gb in
                firstMoment.withUnsafeMutableBufferPointer { mb in
                    secondMoment.withUnsafeMutableBufferPointer { vb in
                        guard let p = pb.baseAddress, let g = gb.baseAddress, let m = mb.baseAddress,
                            let v = vb.baseAddress
                        else { return }
                        // Full 8-lane chunks, then one partial chunk: keeping the lane count a
                        // constant in the main loop lets it compile to straight SIMD code.
                        @inline(__always) func update(_ j: Int, _ w: Int) {
                            let gv = load8(g + j, w) * scale
                            let mv = b1 * load8(m + j, w) + oneMinusB1 * gv
                            let vv = b2 * load8(v + j, w) + oneMinusB2 * gv * gv
                            var pv = load8(p + j, w)
                            // m̂/(√v̂+ε) = (m/c₁) / (√v/√c₂ + ε)
                            let step = stepSize * mv / ((vsqrt(vv) * invSqrtCorrection2) + eps)
                            if useDecay { pv -= decay * pv }
                            pv -= step
                            store8(mv, m + j, w)
                            store8(vv, v + j, w)
                            store8(pv, p + j, w)
                        }
                        var j = 0
                        while j + 8 <= count {
                            update(j, 8)
                            j += 8
                        }
                        if j < count { update(j, count - j) }
                    }
                }
            }
        }
    }
}
