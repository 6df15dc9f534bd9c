/// Fully connected layer y = x·W + b, W (H,O) row-major then b (O), stored at `offset`.
struct DenseLayer {
    /// H.
    let inputSize: Int
    /// O.
    let outputSize: Int
    let offset: Int

    var parameterCount: Int { inputSize * outputSize + outputSize }
    var biasOffset: Int { offset + inputSize * outputSize }

    /// y (B,O) = x (B,H)·W (H,O) + b (O).
    func forward(
        parameters: UnsafePointer<Float>, input x: UnsafePointer<Float>, batchSize: Int,
        output y: UnsafeMutablePointer<Float>
    ) {
        let o = outputSize
        let w = parameters + offset
        let b = parameters + biasOffset
        for r in 0..<batchSize {
            let xr = x + r * inputSize
            for k in 0..<o {
                var sum: Float = 0
                for i in 0..<inputSize { sum += xr[i] * w[i * o + k] }
                y[r * o + k] = sum + b[k]
            }
        }
    }

    /// dW += xᵀ·dy, db += Σ_b dy, and dx (B,H) = dy·Wᵀ when `inputGradient` is given; dy is (B,O).
    func backward(
        parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>,
        input x: UnsafePointer<Float>, outputGradient dy: UnsafePointer<Float>, batchSize: Int,
        inputGradient dx: UnsafeMutablePointer<Float>?
    ) {
        let o = outputSize
        let w = parameters + offset
        let dw = gradients + offset
        let db = gradients + biasOffset
        for r in 0..<batchSize {
            let xr = x + r * inputSize
            let dyr = dy + r * o
            for k in 0..<o { db[k] += dyr[k] }
            for i in 0..<inputSize {
                let xi = xr[i]
                for k in 0..<o { dw[i * o + k] += xi * dyr[k] }
            }
            if let dx {
                let dxr = dx + r * inputSize
                for i in 0..<inputSize {
                    var sum: Float = 0
                    for k in 0..<o { sum += dyr[k] * w[i * o + k] }
                    dxr[i] = sum
                }
            }
        }
    }
}
