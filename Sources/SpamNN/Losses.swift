// Losses: value plus gradient with respect to the network output, in one pass.

/// Weighted mean binary cross-entropy on logits z, with p = σ(z):
///
///   L = Σ_b w_b · ℓ_b / Σ_b w_b,   ℓ_b = −[y_b log p_b + (1 − y_b) log(1 − p_b)]
///     = max(z,0) − z·y + log(1 + e^−|z|)     (the stable form),
///   ∂L/∂z_b = w_b (p_b − y_b) / Σ w.
///
/// Without weights every w_b = 1. Writes dL/dz into `gradient` (B); returns 0 with zero gradient when
/// the weights sum to zero.
func binaryCrossEntropyWithLogits(
    logits z: UnsafePointer<Float>, labels y: UnsafePointer<Float>, weights w: UnsafePointer<Float>?,
    count: Int, gradient dz: UnsafeMutablePointer<Float>
) -> Float {
    var weightSum: Double = 0
    for b in 0..<count { weightSum += Double(w?[b] ?? 1) }
    guard weightSum > 0 else {
        dz.update(repeating: 0, count: count)
        return 0
    }
    let scale = Float(1 / weightSum)
    var total: Double = 0
    for b in 0..<count {
        let zb = z[b]
        let weight = w?[b] ?? 1
        let loss = max(zb, 0) - zb * y[b] + log1pFloat(expFloat(-abs(zb)))
        total += Double(weight) * Double(loss)
        let p = 1 / (1 + expFloat(-zb))
        dz[b] = weight * (p - y[b]) * scale
    }
    return Float(total / weightSum)
}

/// Mean squared error over all B·O outputs: L = Σ (ŷ − y)² / (B·O), ∂L/∂ŷ = 2(ŷ − y) / (B·O).
func meanSquaredError(
    predictions: UnsafePointer<Float>, targets: UnsafePointer<Float>, count: Int,
    gradient: UnsafeMutablePointer<Float>
) -> Float {
    guard count > 0 else { return 0 }
    let scale = 2 / Float(count)
    var total: Double = 0
    for i in 0..<count {
        let d = predictions[i] - targets[i]
        total += Double(d) * Double(d)
        gradient[i] = d * scale
    }
    return Float(total / Double(count))
}
