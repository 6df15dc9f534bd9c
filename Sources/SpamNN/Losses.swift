// Losses: value plus gradient with respect to the network output, in one pass.

/// Binary cross-entropy on logits z, with p = σ(z), for part of a batch whose weights sum to W overall:
///
///   returns Σ_b w_b · ℓ_b,   ℓ_b = −[y_b log p_b + (1 − y_b) log(1 − p_b)]
///                               = max(z,0) − z·y + log(1 + e^−|z|)     (the stable form),
///   writes ∂L/∂z_b = w_b (p_b − y_b) / W,   where L = Σ_all w·ℓ / W is the weighted mean loss.
func binaryCrossEntropyWithLogits(
    logits z: UnsafePointer<Float>, labels y: UnsafePointer<Float>, weights w: UnsafePointer<Float>,
    count: Int, weightTotal: Double, gradient dz: UnsafeMutablePointer<Float>
) -> Double {
    let scale = Float(1 / weightTotal)
    var total: Double = 0
    for b in 0..<count {
        let zb = z[b]
        let loss = max(zb, 0) - zb * y[b] + log1pFloat(expFloat(-abs(zb)))
        total += Double(w[b]) * Double(loss)
        let p = 1 / (1 + expFloat(-zb))
        dz[b] = w[b] * (p - y[b]) * scale
    }
    return total
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

/// Mean Huber loss over all B·O outputs: ℓ(d) = d²/2 for |d| ≤ δ, δ(|d| − δ/2) beyond, so large
/// errors (holidays, storms in a volume series) pull on the fit linearly, not quadratically.
/// ∂L/∂ŷ = clamp(d, −δ, δ) / (B·O). As δ → 0, δ⁻¹·ℓ approaches the absolute error.
func meanHuberLoss(
    predictions: UnsafePointer<Float>, targets: UnsafePointer<Float>, count: Int, delta: Float,
    gradient: UnsafeMutablePointer<Float>
) -> Float {
    guard count > 0 else { return 0 }
    let scale = 1 / Float(count)
    var total: Double = 0
    for i in 0..<count {
        let d = predictions[i] - targets[i]
        let a = abs(d)
        total += a <= delta ? Double(d * d / 2) : Double(delta * (a - delta / 2))
        gradient[i] = min(max(d, -delta), delta) * scale
    }
    return Float(total / Double(count))
}
