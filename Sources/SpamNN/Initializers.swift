// Seeded weight initialization, following the Keras defaults for the same layers.

/// Fills `count` values uniformly in [−limit, limit).
func fillUniform(_ p: UnsafeMutablePointer<Float>, count: Int, limit: Float, generator: inout SeededGenerator)
{
    for i in 0..<count { p[i] = generator.nextFloat(in: -limit, limit) }
}

/// Glorot/Xavier uniform for a (fanIn, fanOut) matrix: limit √(6 / (fanIn + fanOut)).
func fillGlorotUniform(
    _ p: UnsafeMutablePointer<Float>, fanIn: Int, fanOut: Int, generator: inout SeededGenerator
) {
    let limit = (6 / Float(fanIn + fanOut)).squareRoot()
    fillUniform(p, count: fanIn * fanOut, limit: limit, generator: &generator)
}

/// A (rows, columns) matrix with orthonormal rows when rows ≤ columns (orthonormal columns otherwise):
/// Gram–Schmidt on a Gaussian matrix, as Keras's `orthogonal` initializer does by QR.
func fillOrthogonal(
    _ p: UnsafeMutablePointer<Float>, rows: Int, columns: Int, generator: inout SeededGenerator
) {
    // Orthonormalize the shorter side's vectors; each vector has `length` entries.
    let vectors = min(rows, columns)
    let length = max(rows, columns)
    var basis = [Double](repeating: 0, count: vectors * length)
    for v in 0..<vectors {
        while true {
            for i in 0..<length { basis[v * length + i] = Double(generator.nextGaussian()) }
            // Two passes of modified Gram–Schmidt for numerical orthogonality.
            for _ in 0..<2 {
                for u in 0..<v {
                    var dot = 0.0
                    for i in 0..<length { dot += basis[u * length + i] * basis[v * length + i] }
                    for i in 0..<length { basis[v * length + i] -= dot * basis[u * length + i] }
                }
            }
            var norm = 0.0
            for i in 0..<length { norm += basis[v * length + i] * basis[v * length + i] }
            norm = norm.squareRoot()
            if norm > 1e-6 {
                for i in 0..<length { basis[v * length + i] /= norm }
                break
            }
        }
    }
    for r in 0..<rows {
        for c in 0..<columns {
            p[r * columns + c] = Float(rows <= columns ? basis[r * length + c] : basis[c * length + r])
        }
    }
}

/// LSTM parameters at `lstm`'s offsets: Glorot-uniform Wx, orthogonal Wh, bias 0 except forget gate 1.
func initializeLSTM(_ lstm: LSTMLayer, _ p: UnsafeMutablePointer<Float>, generator: inout SeededGenerator) {
    let h = lstm.hiddenSize
    fillGlorotUniform(
        p + lstm.inputWeightsOffset, fanIn: lstm.inputSize, fanOut: 4 * h, generator: &generator)
    fillOrthogonal(p + lstm.recurrentWeightsOffset, rows: h, columns: 4 * h, generator: &generator)
    let b = p + lstm.biasOffset
    b.update(repeating: 0, count: 4 * h)
    (b + h).update(repeating: 1, count: h)
}
