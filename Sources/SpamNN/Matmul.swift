// Dense matrix kernels over raw float buffers. Every general matrix product in the project goes
// through `matmulAccumulate`; transposed operands are expressed with strides (A) or pre-transposed
// copies (B). Scoring's recurrence has two special forms that read C's initial rows from elsewhere
// (`vectorMatmul`, one row; `matmul4RowsOntoInputs`, four), with the same arithmetic.
//
// Written for the default x86-64 target (SSE2, no FMA, 16 xmm registers): `c += a * b` on SIMD8/SIMD16
// values, a 4-row × 8-column register tile (a wider tile spills), and a 1 × 32 tile for single rows. Each output element sums its
// K products in the same order whatever the tile, so a row's result does not depend on its neighbours.

/// C (M,N) += A (M,K) · B (K,N).
///
/// A's element (i,p) is `a[i * aRowStride + p * aColStride]` (so Aᵀ is passed by swapping the strides);
/// B and C are row-major with leading dimensions `ldb` and `ldc`.
func matmulAccumulate(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, aRowStride: Int, aColStride: Int,
    b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int
) {
    if m == 0 || n == 0 || k == 0 { return }
    var i = 0
    #if SMSFILTER_WIDE_VECTORS
        if m >= 4 && n >= 16 {
            matmulWideTiles(
                m: m - m % 4, n: n, k: k, a: a, aRowStride: aRowStride, aColStride: aColStride, b: b,
                ldb: ldb,
                c: c, ldc: ldc, columns32: KernelTiles.avx512)
            i = m - m % 4
        }
    #endif
    if m >= 4 && n >= 64 {
        // Wide products: broadcast each 4-row slice of A once into a small buffer and reuse it for every
        // 8-column block (saves the per-block shuffles), in K chunks that stay in L1.
        let chunk = 128
        withUnsafeTemporaryAllocation(of: SIMD4<Float>.self, capacity: 4 * chunk) { buffer in
            let packed = buffer.baseAddress!
            while i + 4 <= m {
                let a0 = a + i * aRowStride
                let c0p = c + i * ldc
                var p0 = 0
                while p0 < k {
                    let kc = min(chunk, k - p0)
                    for p in 0..<kc {
                        let ap = (p0 + p) * aColStride
                        for r in 0..<4 { packed[4 * p + r] = SIMD4(repeating: a0[r * aRowStride + ap]) }
                    }
                    var j = 0
                    while j + 8 <= n {
                        matmulTile4x8Packed(
                            k: kc, packed: packed, b: b + p0 * ldb + j, ldb: ldb, c: c0p + j, ldc: ldc)
                        j += 8
                    }
                    if j < n {
                        for r in 0..<4 {
                            matmulRowTail(
                                k: kc, a: a0 + r * aRowStride + p0 * aColStride, aColStride: aColStride,
                                b: b + p0 * ldb + j, ldb: ldb, cIn: c0p + r * ldc + j, c: c0p + r * ldc + j,
                                width: n - j)
                        }
                    }
                    p0 += kc
                }
                i += 4
            }
        }
    }
    while i + 4 <= m {
        matmul4Rows(
            fromColumn: 0, n: n, k: k, a: a + i * aRowStride, aRowStride: aRowStride, aColStride: aColStride,
            b: b, ldb: ldb, c: c + i * ldc, ldc: ldc)
        i += 4
    }
    while i < m {
        let a0 = a + i * aRowStride
        let c0p = c + i * ldc
        var j = 0
        while j + 32 <= n {
            matmulRow32(k: k, a: a0, aColStride: aColStride, b: b + j, ldb: ldb, cIn: c0p + j, c: c0p + j)
            j += 32
        }
        while j < n {
            let width = min(8, n - j)
            matmulRowTail(
                k: k, a: a0, aColStride: aColStride, b: b + j, ldb: ldb, cIn: c0p + j, c: c0p + j,
                width: width)
            j += width
        }
        i += 1
    }
}

/// Which register tiles this build's kernels use. The Makefile sets SMSFILTER_WIDE_VECTORS for
/// targets with 256-bit vectors (x86-64-v3/v4, native with AVX2) and SMSFILTER_AVX512 for 32
/// vector registers; a plain `swift build` targets SSE2 and its 16 registers, where the wide tiles
/// would spill. Every tile gives the same bits (tests compare them on any build).
enum KernelTiles {
    #if SMSFILTER_AVX512
        static let avx512 = true
    #else
        static let avx512 = false
    #endif
}

/// The rows 0..<m (m a multiple of 4) of `matmulAccumulate` with wide tiles: 4 × 16 (and 4 × 32
/// with `columns32`, for AVX-512's 32 registers) keep eight independent sums in flight, where the
/// 4 × 8 tile's four leave the adder waiting on its own results; K in chunks whose slice of B
/// stays in cache across every row block. Each element still adds its K products in order onto
/// C, so the result is the narrow kernel's, bit for bit.
func matmulWideTiles(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, aRowStride: Int, aColStride: Int,
    b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int, columns32: Bool
) {
    let chunk = 128
    var p0 = 0
    while p0 < k {
        let kc = min(chunk, k - p0)
        let bChunk = b + p0 * ldb
        var i = 0
        while i < m {
            let ai = a + i * aRowStride + p0 * aColStride
            let ci = c + i * ldc
            var j = 0
            while columns32 && j + 32 <= n {
                let cj = UnsafePointer(ci + j)
                matmulTile4x2(
                    SIMD16<Float>.self, k: kc, a: ai, aRowStride: aRowStride, aColStride: aColStride,
                    b: bChunk + j, ldb: ldb, from: (cj, cj + ldc, cj + 2 * ldc, cj + 3 * ldc), c: ci + j,
                    ldc: ldc)
                j += 32
            }
            while j + 16 <= n {
                matmulTile4x1(
                    SIMD16<Float>.self, k: kc, a: ai, aRowStride: aRowStride, aColStride: aColStride,
                    b: bChunk + j, ldb: ldb, c: ci + j, ldc: ldc)
                j += 16
            }
            matmul4Rows(
                fromColumn: j, n: n, k: kc, a: ai, aRowStride: aRowStride, aColStride: aColStride, b: bChunk,
                ldb: ldb, c: ci, ldc: ldc)
            i += 4
        }
        p0 += kc
    }
}

/// Columns `fromColumn..<n` of four rows of C += A · B: 4 × 8 tiles, then each row's last 1–7
/// columns. What is left of a row block by the wider tiles, or all of it on narrow targets.
@inline(__always) private func matmul4Rows(
    fromColumn start: Int, n: Int, k: Int, a: UnsafePointer<Float>, aRowStride: Int, aColStride: Int,
    b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    var j = start
    while j + 8 <= n {
        matmulTile4x1(
            SIMD8<Float>.self, k: k, a: a, aRowStride: aRowStride, aColStride: aColStride, b: b + j, ldb: ldb,
            c: c + j, ldc: ldc)
        j += 8
    }
    guard j < n else { return }
    for r in 0..<4 {
        matmulRowTail(
            k: k, a: a + r * aRowStride, aColStride: aColStride, b: b + j, ldb: ldb, cIn: c + r * ldc + j,
            c: c + r * ldc + j, width: n - j)
    }
}

/// Four rows at a time, as many columns as two vectors of `V` hold (32 for SIMD16, 16 for SIMD8):
/// C (4,2w) = From (4,2w) + A (4,K) · B (K,2w), eight accumulator chains. The sums start from
/// the `from` rows: C's own for an accumulating product, a message's cached input projections
/// when scoring. Each element adds its K products in order, whatever `V`.
@inline(__always) private func matmulTile4x2<V: SIMD>(
    _: V.Type, k: Int, a: UnsafePointer<Float>, aRowStride: Int, aColStride: Int, b: UnsafePointer<Float>,
    ldb: Int, from: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>),
    c: UnsafeMutablePointer<Float>, ldc: Int
) where V.Scalar == Float {
    let w = V.scalarCount
    let a1 = a + aRowStride
    let a2 = a1 + aRowStride
    let a3 = a2 + aRowStride
    var c0: V = loadVector(from.0)
    var c1: V = loadVector(from.1)
    var c2: V = loadVector(from.2)
    var c3: V = loadVector(from.3)
    var d0: V = loadVector(from.0 + w)
    var d1: V = loadVector(from.1 + w)
    var d2: V = loadVector(from.2 + w)
    var d3: V = loadVector(from.3 + w)
    var bp = b
    var ap = 0
    for _ in 0..<k {
        let bv: V = loadVector(bp)
        let bw: V = loadVector(bp + w)
        let x0 = a[ap]
        let x1 = a1[ap]
        let x2 = a2[ap]
        let x3 = a3[ap]
        c0 += bv * x0
        d0 += bw * x0
        c1 += bv * x1
        d1 += bw * x1
        c2 += bv * x2
        d2 += bw * x2
        c3 += bv * x3
        d3 += bw * x3
        bp += ldb
        ap += aColStride
    }
    storeVector(c0, c)
    storeVector(c1, c + ldc)
    storeVector(c2, c + 2 * ldc)
    storeVector(c3, c + 3 * ldc)
    storeVector(d0, c + w)
    storeVector(d1, c + ldc + w)
    storeVector(d2, c + 2 * ldc + w)
    storeVector(d3, c + 3 * ldc + w)
}

/// C (4,w) += A (4,K) · B (K,w) for the w lanes of `V`: four accumulators, B's row loaded once
/// per step.
@inline(__always) private func matmulTile4x1<V: SIMD>(
    _: V.Type, k: Int, a: UnsafePointer<Float>, aRowStride: Int, aColStride: Int, b: UnsafePointer<Float>,
    ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int
) where V.Scalar == Float {
    let a1 = a + aRowStride
    let a2 = a1 + aRowStride
    let a3 = a2 + aRowStride
    var c0: V = loadVector(c)
    var c1: V = loadVector(c + ldc)
    var c2: V = loadVector(c + 2 * ldc)
    var c3: V = loadVector(c + 3 * ldc)
    var bp = b
    var ap = 0
    for _ in 0..<k {
        let bv: V = loadVector(bp)
        c0 += bv * a[ap]
        c1 += bv * a1[ap]
        c2 += bv * a2[ap]
        c3 += bv * a3[ap]
        bp += ldb
        ap += aColStride
    }
    storeVector(c0, c)
    storeVector(c1, c + ldc)
    storeVector(c2, c + 2 * ldc)
    storeVector(c3, c + 3 * ldc)
}

@inline(__always) private func loadVector<V: SIMD>(_ p: UnsafePointer<Float>) -> V where V.Scalar == Float {
    UnsafeRawPointer(p).loadUnaligned(as: V.self)
}

@inline(__always) private func storeVector<V: SIMD>(_ v: V, _ p: UnsafeMutablePointer<Float>)
where V.Scalar == Float {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
}

/// c (N) = cIn (N) + a (K) · B (K,N): one row, reading the initial values from elsewhere (scoring adds
/// h·Wh to a cached input projection without copying it first). Same arithmetic as `matmulAccumulate`.
func vectorMatmul(
    n: Int, k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, ldb: Int,
    cIn: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>
) {
    var j = 0
    while j + 32 <= n {
        matmulRow32(k: k, a: a, aColStride: 1, b: b + j, ldb: ldb, cIn: cIn + j, c: c + j)
        j += 32
    }
    while j < n {
        let width = min(8, n - j)
        matmulRowTail(k: k, a: a, aColStride: 1, b: b + j, ldb: ldb, cIn: cIn + j, c: c + j, width: width)
        j += width
    }
}

/// C (4,N) = Inputs (4,N) + A (4,K) · B (K,N), where input row r lies at its own address (scoring
/// adds h·Wh for four sequences straight onto their cached projection rows). A is (4,K) row-major
/// with row stride K, C is (4,N) with row stride N. Same arithmetic as `matmulAccumulate`.
func matmul4RowsOntoInputs(
    n: Int, k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, ldb: Int,
    inputs: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>),
    c: UnsafeMutablePointer<Float>
) {
    let a1 = a + k
    let a2 = a1 + k
    let a3 = a2 + k
    var j = 0
    if KernelTiles.avx512 {
        j = matmul4RowsOntoInputs32Columns(n: n, k: k, a: a, b: b, ldb: ldb, inputs: inputs, c: c)
    }
    // 16 columns at a time: eight independent accumulator chains hide the add latency (four
    // would leave the adder waiting on its previous result). Sized for the registers of the CPUs
    // `make` builds for; on the default SSE2 target the eight SIMD8 accumulators need more than
    // its 16 registers.
    while j + 16 <= n {
        matmulTile4x2(
            SIMD8<Float>.self, k: k, a: a, aRowStride: k, aColStride: 1, b: b + j, ldb: ldb,
            from: (inputs.0 + j, inputs.1 + j, inputs.2 + j, inputs.3 + j), c: c + j, ldc: n)
        j += 16
    }
    while j < n {
        let w = min(8, n - j)
        var c0 = load8(inputs.0 + j, w)
        var c1 = load8(inputs.1 + j, w)
        var c2 = load8(inputs.2 + j, w)
        var c3 = load8(inputs.3 + j, w)
        var bp = b + j
        for p in 0..<k {
            let bv = load8(bp, w)
            c0 += bv * a[p]
            c1 += bv * a1[p]
            c2 += bv * a2[p]
            c3 += bv * a3[p]
            bp += ldb
        }
        store8(c0, c + j, w)
        store8(c1, c + n + j, w)
        store8(c2, c + 2 * n + j, w)
        store8(c3, c + 3 * n + j, w)
        j += w
    }
}

/// The first columns of `matmul4RowsOntoInputs`, 32 at a time in eight 16-lane accumulators: the
/// same eight chains with twice the lanes each, which AVX-512's 32 registers hold. Returns the
/// first column it left for the narrower loops.
func matmul4RowsOntoInputs32Columns(
    n: Int, k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, ldb: Int,
    inputs: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>),
    c: UnsafeMutablePointer<Float>
) -> Int {
    var j = 0
    while j + 32 <= n {
        matmulTile4x2(
            SIMD16<Float>.self, k: k, a: a, aRowStride: k, aColStride: 1, b: b + j, ldb: ldb,
            from: (inputs.0 + j, inputs.1 + j, inputs.2 + j, inputs.3 + j), c: c + j, ldc: n)
        j += 32
    }
    return j
}

/// C (4,8) += A (4,K) · B (K,8) with A pre-broadcast: packed[4p + r] is A(r,p) in every lane.
@inline(__always) private func matmulTile4x8Packed(
    k: Int, packed: UnsafePointer<SIMD4<Float>>, b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int
) {
    var c0 = load8(c, 8)
    var c1 = load8(c + ldc, 8)
    var c2 = load8(c + 2 * ldc, 8)
    var c3 = load8(c + 3 * ldc, 8)
    var bp = b
    var pa = packed
    for _ in 0..<k {
        let bv = load8(bp, 8)
        let x0 = pa[0]
        let x1 = pa[1]
        let x2 = pa[2]
        let x3 = pa[3]
        c0 += bv * SIMD8(lowHalf: x0, highHalf: x0)
        c1 += bv * SIMD8(lowHalf: x1, highHalf: x1)
        c2 += bv * SIMD8(lowHalf: x2, highHalf: x2)
        c3 += bv * SIMD8(lowHalf: x3, highHalf: x3)
        bp += ldb
        pa += 4
    }
    store8(c0, c, 8)
    store8(c1, c + ldc, 8)
    store8(c2, c + 2 * ldc, 8)
    store8(c3, c + 3 * ldc, 8)
}

/// C (1,32) += A (1,K) · B (K,32): the matrix-vector case (single-message scoring), with enough
/// independent accumulators to hide the add latency.
@inline(__always) private func matmulRow32(
    k: Int, a: UnsafePointer<Float>, aColStride: Int, b: UnsafePointer<Float>, ldb: Int,
    cIn: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>
) {
    var c0 = load16(cIn)
    var c1 = load16(cIn + 16)
    var bp = b
    var ap = 0
    for _ in 0..<k {
        let s = a[ap]
        c0 += load16(bp) * s
        c1 += load16(bp + 16) * s
        bp += ldb
        ap += aColStride
    }
    store16(c0, c)
    store16(c1, c + 16)
}

/// C (1,w) += A (1,K) · B (K,w) for w in 1...8.
@inline(__always) private func matmulRowTail(
    k: Int, a: UnsafePointer<Float>, aColStride: Int, b: UnsafePointer<Float>, ldb: Int,
    cIn: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, width: Int
) {
    var c0 = load8(cIn, width)
    var bp = b
    var ap = 0
    for _ in 0..<k {
        c0 += load8(bp, width) * a[ap]
        bp += ldb
        ap += aColStride
    }
    store8(c0, c, width)
}

/// out (C,R) = in (R,C)ᵀ.
func transpose(rows: Int, columns: Int, _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>)
{
    for r in 0..<rows {
        for c in 0..<columns {
            output[c * rows + r] = input[r * columns + c]
        }
    }
}
