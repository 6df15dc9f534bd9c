import Testing

@testable import SpamNN

/// The wide register tiles (`make` on AVX2 and AVX-512 machines) against the narrow ones every
/// other build uses: the same bits, or a model trained with `make` would score differently from
/// one trained with `swift build`. Both are compiled into every build, so this runs everywhere.
@Suite struct WideKernelTests {
    /// Seeded values spread over several magnitudes, so that a changed order of additions would
    /// show in the last bits.
    func values(_ count: Int, _ g: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in g.nextFloat(in: -1, 1) * Float(1 << Int(g.next() % 12)) }
    }

    @Test(arguments: [false, true])
    func wideTilesGiveTheNarrowKernelsBits(columns32: Bool) {
        var g = SeededGenerator(seed: 7)
        // Shapes of the training passes (rows × 4H gates, the transposed gradient products with
        // K = packed rows, dh with N = H) and awkward ones: tails of every width, K over a chunk.
        let shapes = [
            (32, 256, 64), (64, 256, 600), (32, 64, 256), (8, 128, 16), (12, 44, 300), (4, 17, 1),
            (20, 100, 129), (4, 16, 5),
        ]
        for (m, n, k) in shapes {
            for transposed in [false, true] {
                let a = values(m * k, &g)
                let b = values(k * n, &g)
                let c0 = values(m * n, &g)
                var narrow = c0
                var wide = c0
                let (rowStride, colStride) = transposed ? (1, m) : (k, 1)
                a.withUnsafeBufferPointer { ap in
                    b.withUnsafeBufferPointer { bp in
                        // The narrow kernel: what matmulAccumulate does without the wide tiles,
                        // one row at a time through its single-row path.
                        narrow.withUnsafeMutableBufferPointer { cp in
                            for i in 0..<m {
                                matmulAccumulate(
                                    m: 1, n: n, k: k, a: ap.baseAddress! + i * rowStride,
                                    aRowStride: rowStride,
                                    aColStride: colStride, b: bp.baseAddress!, ldb: n,
                                    c: cp.baseAddress! + i * n, ldc: n)
                            }
                        }
                        wide.withUnsafeMutableBufferPointer { cp in
                            matmulWideTiles(
                                m: m, n: n, k: k, a: ap.baseAddress!, aRowStride: rowStride,
                                aColStride: colStride,
                                b: bp.baseAddress!, ldb: n, c: cp.baseAddress!, ldc: n, columns32: columns32)
                        }
                    }
                }
                let differing = zip(narrow, wide).filter { $0.0.bitPattern != $0.1.bitPattern }.count
                #expect(differing == 0, "(\(m),\(n),\(k)) transposed \(transposed): \(differing) differ")
            }
        }
    }

    @Test func thirtyTwoColumnScoringTileGivesTheSixteenColumnBits() {
        var g = SeededGenerator(seed: 11)
        for (n, k) in [(128, 32), (256, 64), (80, 16), (40, 7)] {
            let a = values(4 * k, &g)
            let b = values(k * n, &g)
            let inputs = (0..<4).map { _ in values(n, &g) }
            var narrow = [Float](repeating: 0, count: 4 * n)
            var wide = narrow
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    inputs[0].withUnsafeBufferPointer { i0 in
                        inputs[1].withUnsafeBufferPointer { i1 in
                            inputs[2].withUnsafeBufferPointer { i2 in
                                inputs[3].withUnsafeBufferPointer { i3 in
                                    let rows = (
                                        i0.baseAddress!, i1.baseAddress!, i2.baseAddress!, i3.baseAddress!
                                    )
                                    // Narrow: each row alone through the one-row kernel.
                                    narrow.withUnsafeMutableBufferPointer { cp in
                                        for r in 0..<4 {
                                            let input = [rows.0, rows.1, rows.2, rows.3][r]
                                            vectorMatmul(
                                                n: n, k: k, a: ap.baseAddress! + r * k, b: bp.baseAddress!,
                                                ldb: n,
                                                cIn: input, c: cp.baseAddress! + r * n)
                                        }
                                    }
                                    // Wide: the 32-column tile, then the function's own narrower loops
                                    // would finish; here the remaining columns go through the narrow one.
                                    wide.withUnsafeMutableBufferPointer { cp in
                                        let done = matmul4RowsOntoInputs32Columns(
                                            n: n, k: k, a: ap.baseAddress!, b: bp.baseAddress!, ldb: n,
                                            inputs: rows,
                                            c: cp.baseAddress!)
                                        #expect(done == n - n % 32)
                                        for r in 0..<4 where done < n {
                                            let input = [rows.0, rows.1, rows.2, rows.3][r]
                                            vectorMatmul(
                                                n: n - done, k: k, a: ap.baseAddress! + r * k,
                                                b: bp.baseAddress! + done,
                                                ldb: n, cIn: input + done, c: cp.baseAddress! + r * n + done)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            let differing = zip(narrow, wide).filter { $0.0.bitPattern != $0.1.bitPattern }.count
            #expect(differing == 0, "(n \(n), k \(k)): \(differing) differ")
        }
    }

    /// One unit of the LSTM cell update through the 8-lane functions, lane 0 read back.
    private func referenceCellUpdate(
        unit j: Int, z: UnsafeBufferPointer<Float>, h: UnsafeMutableBufferPointer<Float>,
        c: UnsafeMutableBufferPointer<Float>
    ) {
        let size = h.count
        let i = vsigmoid(SIMD8(repeating: z[j]))[0]
        let f = vsigmoid(SIMD8(repeating: z[size + j]))[0]
        let g = vtanh(SIMD8(repeating: z[2 * size + j]))[0]
        let o = vsigmoid(SIMD8(repeating: z[3 * size + j]))[0]
        let cell = f * c[j] + i * g
        c[j] = cell
        h[j] = o * vtanh(SIMD8(repeating: cell))[0]
    }

    @Test func sixteenUnitCellUpdateGivesTheEightUnitBits() {
        var g = SeededGenerator(seed: 3)
        for h in [16, 32, 48, 40] {
            let z = values(4 * h, &g).map { $0 / 256 }
            let cell0 = values(h, &g).map { $0 / 512 }
            var narrowH = [Float](repeating: 0, count: h)
            var narrowC = cell0
            var wideH = narrowH
            var wideC = cell0
            z.withUnsafeBufferPointer { zp in
                narrowH.withUnsafeMutableBufferPointer { hp in
                    narrowC.withUnsafeMutableBufferPointer { cp in
                        // The unit-by-unit reference through the SIMD8 functions.
                        for j in 0..<h { referenceCellUpdate(unit: j, z: zp, h: hp, c: cp) }
                    }
                }
                wideH.withUnsafeMutableBufferPointer { hp in
                    wideC.withUnsafeMutableBufferPointer { cp in
                        let done = lstmCellUpdate16(
                            z: zp.baseAddress!, h: hp.baseAddress!, c: cp.baseAddress!, hiddenSize: h)
                        #expect(done == h - h % 16)
                        // What lstmCellUpdate does after it (its 8-unit loop), here unit by unit.
                        for j in done..<h { referenceCellUpdate(unit: j, z: zp, h: hp, c: cp) }
                    }
                }
            }
            #expect(zip(narrowH, wideH).allSatisfy { $0.0.bitPattern == $0.1.bitPattern }, "h \(h)")
            #expect(zip(narrowC, wideC).allSatisfy { $0.0.bitPattern == $0.1.bitPattern }, "h \(h)")
        }
    }
}

extension WideKernelTests {
    @Test func twoRowCellUpdateGivesEachRowsOwnBits() {
        var g = SeededGenerator(seed: 5)
        for h in [16, 32, 64] {
            let z = (0..<2).map { _ in values(4 * h, &g).map { $0 / 256 } }
            let cell = (0..<2).map { _ in values(h, &g).map { $0 / 512 } }
            var singleH = [[Float]](repeating: [Float](repeating: 0, count: h), count: 2)
            var singleC = cell
            for r in 0..<2 {
                z[r].withUnsafeBufferPointer { zp in
                    singleH[r].withUnsafeMutableBufferPointer { hp in
                        singleC[r].withUnsafeMutableBufferPointer { cp in
                            _ = lstmCellUpdate16(
                                z: zp.baseAddress!, h: hp.baseAddress!, c: cp.baseAddress!, hiddenSize: h)
                        }
                    }
                }
            }
            var pairH = [Float](repeating: 0, count: 2 * h)
            var pairC = cell[0] + cell[1]
            let pairZ = z[0] + z[1]
            pairZ.withUnsafeBufferPointer { zp in
                pairH.withUnsafeMutableBufferPointer { hp in
                    pairC.withUnsafeMutableBufferPointer { cp in
                        let (zb, hb, cb) = (zp.baseAddress!, hp.baseAddress!, cp.baseAddress!)
                        lstmCellUpdate2Rows16(
                            z: (zb, zb + 4 * h), h: (hb, hb + h), c: (cb, cb + h), hiddenSize: h)
                    }
                }
            }
            #expect((singleH[0] + singleH[1]).map(\.bitPattern) == pairH.map(\.bitPattern), "h \(h)")
            #expect((singleC[0] + singleC[1]).map(\.bitPattern) == pairC.map(\.bitPattern), "h \(h)")
        }
    }
}
