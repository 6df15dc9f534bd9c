// Dense matrix kernels over raw float buffers. Every matrix product in the project goes through
// `matmulAccumulate`; transposed operands are expressed with strides (A) or pre-transposed copies (B).
//
// Written for the default x86-64 target (SSE2, no FMA): `c += a * b` on SIMD16/SIMD8 values, a
// 4-row × 16-column register tile, and the B row streamed once per tile. Each output element sums its
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
    var j = 0
    while j + 16 <= n {
        var i = 0
        while i + 4 <= m {
            let a0 = a + i * aRowStride
            let a1 = a0 + aRowStride
            let a2 = a1 + aRowStride
            let a3 = a2 + aRowStride
            let c0p = c + i * ldc + j
            let c1p = c0p + ldc
            let c2p = c1p + ldc
            let c3p = c2p + ldc
            var c0 = load16(c0p)
            var c1 = load16(c1p)
            var c2 = load16(c2p)
            var c3 = load16(c3p)
            var bp = b + j
            var ap = 0
            for _ in 0..<k {
                let bv = load16(bp)
                c0 += bv * a0[ap]
                c1 += bv * a1[ap]
                c2 += bv * a2[ap]
                c3 += bv * a3[ap]
                bp += ldb
                ap += aColStride
            }
            store16(c0, c0p)
            store16(c1, c1p)
            store16(c2, c2p)
            store16(c3, c3p)
            i += 4
        }
        while i < m {
            let a0 = a + i * aRowStride
            let c0p = c + i * ldc + j
            var c0 = load16(c0p)
            var bp = b + j
            var ap = 0
            for _ in 0..<k {
                c0 += load16(bp) * a0[ap]
                bp += ldb
                ap += aColStride
            }
            store16(c0, c0p)
            i += 1
        }
        j += 16
    }
    while j < n {
        let width = min(8, n - j)
        for i in 0..<m {
            let a0 = a + i * aRowStride
            let c0p = c + i * ldc + j
            var c0 = load8(c0p, width)
            var bp = b + j
            var ap = 0
            for _ in 0..<k {
                c0 += load8(bp, width) * a0[ap]
                bp += ldb
                ap += aColStride
            }
            store8(c0, c0p, width)
        }
        j += width
    }
}

/// out (C,R) = in (R,C)ᵀ.
func transpose(rows: Int, columns: Int, _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>) {
    for r in 0..<rows {
        for c in 0..<columns {
            output[c * rows + r] = input[r * columns + c]
        }
    }
}
