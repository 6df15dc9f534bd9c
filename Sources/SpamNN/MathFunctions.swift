#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

// Elementwise math used by the kernels. The SIMD versions are branch-free and vectorize with the
// default (SSE2) target; they agree with libm to about 3e-7 relative for exp and 2e-7 absolute for
// sigmoid and tanh, which is far below what training or scoring can notice (tested in KernelTests).

@inline(__always) func logDouble(_ x: Double) -> Double { log(x) }
@inline(__always) func cosDouble(_ x: Double) -> Double { cos(x) }
@inline(__always) func log1pFloat(_ x: Float) -> Float { log1pf(x) }
@inline(__always) func expFloat(_ x: Float) -> Float { expf(x) }
@inline(__always) func powFloat(_ x: Float, _ y: Float) -> Float { powf(x, y) }

/// e^x lane by lane (SIMD8 or SIMD16, the same arithmetic in every lane): x = n·ln2 + r,
/// |r| ≤ ln2/2, e^r by its degree-6 Taylor polynomial, 2^n from bits.
@inline(__always) func vexp<V: SIMD>(_ x: V) -> V where V.Scalar == Float {
    // Clamp to [−87, 88] so 2^n stays a normal float. min/max are written as x − relu(x − 88) and
    // x + relu(−87 − x) because Swift's pointwiseMin/Max do not vectorize without -target-cpu; both are
    // exact for x inside the range (relu of a negative value is exactly 0).
    let upper = x - relu(x - V(repeating: 88.0))
    let clamped = upper + relu(V(repeating: -87.0) - upper)
    // Adding 1.5·2^23 rounds to the nearest integer and leaves it in the low mantissa bits.
    let magic = V(repeating: 12_582_912.0)
    let shifted = clamped * V(repeating: 1.442_695_04) + magic
    let n = shifted - magic
    // Cody–Waite: ln 2 = hi + lo with hi short enough that n·hi is exact.
    let r =
        clamped - n * V(repeating: 0.693_145_751_953_125) - n
        * V(repeating: 1.428_606_765_330_187e-06)
    var p = V(repeating: 1.0 / 720.0)
    p = p * r + V(repeating: 1.0 / 120.0)
    p = p * r + V(repeating: 1.0 / 24.0)
    p = p * r + V(repeating: 1.0 / 6.0)
    p = p * r + V(repeating: 0.5)
    p = p * r + V(repeating: 1.0)
    p = p * r + V(repeating: 1.0)
    let bits = unsafeBitCast(shifted, to: V.MaskStorage.self) &- unsafeBitCast(magic, to: V.MaskStorage.self)
    let scale = unsafeBitCast((bits &+ 127) &<< 23, to: V.self)
    return p * scale
}

/// max(y, 0) = (y + |y|) / 2, with |y| by clearing the sign bit.
@inline(__always) func relu<V: SIMD>(_ y: V) -> V where V.Scalar == Float {
    let magnitude = unsafeBitCast(
        unsafeBitCast(y, to: V.MaskStorage.self) & V.MaskStorage(repeating: 0x7FFF_FFFF), to: V.self)
    return (y + magnitude) * V(repeating: 0.5)
}

/// σ(x) = 1 / (1 + e^-x), lane by lane.
@inline(__always) func vsigmoid<V: SIMD>(_ x: V) -> V where V.Scalar == Float {
    V(repeating: 1.0) / (V(repeating: 1.0) + vexp(-x))
}

/// tanh(x) = 2σ(2x) − 1, lane by lane.
@inline(__always) func vtanh<V: SIMD>(_ x: V) -> V where V.Scalar == Float {
    V(repeating: 2.0) / (V(repeating: 1.0) + vexp(x * V(repeating: -2.0))) - V(repeating: 1.0)
}

/// Scalar σ(x) computed by the same formula as the SIMD lanes.
@inline(__always) func sigmoid(_ x: Float) -> Float {
    vsigmoid(SIMD8(repeating: x))[0]
}

/// Loads `count` (1...8) floats; missing lanes are zero.
@inline(__always) func load8(_ p: UnsafePointer<Float>, _ count: Int) -> SIMD8<Float> {
    if count == 8 { return UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }
    var v = SIMD8<Float>()
    for l in 0..<count { v[l] = p[l] }
    return v
}

/// Stores the first `count` (1...8) lanes.
@inline(__always) func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ count: Int) {
    if count == 8 {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
        return
    }
    for l in 0..<count { p[l] = v[l] }
}

@inline(__always) func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

@inline(__always) func store16(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
}

/// p[i] = σ(p[i]) for i in 0..<count.
@inline(never) func sigmoidInPlace(_ p: UnsafeMutablePointer<Float>, count: Int) {
    var j = 0
    while j + 8 <= count {
        store8(vsigmoid(load8(p + j, 8)), p + j, 8)
        j += 8
    }
    if j < count { store8(vsigmoid(load8(p + j, count - j)), p + j, count - j) }
}

/// p[i] = tanh(p[i]) for i in 0..<count.
@inline(never) func tanhInPlace(_ p: UnsafeMutablePointer<Float>, count: Int) {
    var j = 0
    while j + 8 <= count {
        store8(vtanh(load8(p + j, 8)), p + j, 8)
        j += 8
    }
    if j < count { store8(vtanh(load8(p + j, count - j)), p + j, count - j) }
}

/// √v for v ≥ 0 in 8 lanes, about 2e-7 relative: a bit-trick estimate of 1/√v refined by three Newton
/// steps, times v. (`SIMD8.squareRoot()` compiles to eight scalar square roots without -target-cpu.)
/// Adds 1e-30 first so 0 and denormals stay finite (√0 comes out as 1e-15).
@inline(__always) func vsqrt(_ v: SIMD8<Float>) -> SIMD8<Float> {
    let x = v + SIMD8(repeating: 1e-30)
    let bits = unsafeBitCast(x, to: SIMD8<UInt32>.self)
    var y = unsafeBitCast(SIMD8<UInt32>(repeating: 0x5F37_5A86) &- (bits &>> 1), to: SIMD8<Float>.self)
    let half = x * SIMD8(repeating: 0.5)
    let threeHalves = SIMD8<Float>(repeating: 1.5)
    y = y * (threeHalves - half * y * y)
    y = y * (threeHalves - half * y * y)
    y = y * (threeHalves - half * y * y)
    return x * y
}

/// y[i] += x[i] for i in 0..<count.
@inline(__always) func addInPlace(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, count: Int) {
    var j = 0
    while j + 8 <= count {
        store8(load8(y + j, 8) + load8(x + j, 8), y + j, 8)
        j += 8
    }
    if j < count { store8(load8(y + j, count - j) + load8(x + j, count - j), y + j, count - j) }
}
