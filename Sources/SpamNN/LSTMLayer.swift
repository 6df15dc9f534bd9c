// LSTM layer with a forget gate (Hochreiter & Schmidhuber 1997, "Long Short-Term Memory";
// forget gate: Gers, Schmidhuber & Cummins 2000, "Learning to Forget"), trained by backpropagation
// through time over whole sequences.
//
// For input x_t (E) and previous state h_{t-1}, c_{t-1} (H), with Wx (E,4H), Wh (H,4H), b (4H) and the
// gate blocks in the order [i f g o]:
//
//   z_t = x_t·Wx + h_{t-1}·Wh + b                       (4H)
//   i_t = σ(z_i)   f_t = σ(z_f)   g_t = tanh(z_g)   o_t = σ(z_o)
//   c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t
//   h_t = o_t ⊙ tanh(c_t)                               with h_{-1} = c_{-1} = 0
//
// Backward, given dh_t (from the layer above and from step t+1) and dc_t (from step t+1):
//
//   do = dh ⊙ tanh(c)               dc += dh ⊙ o ⊙ (1 − tanh²(c))
//   di = dc ⊙ g    dg = dc ⊙ i      df = dc ⊙ c_{t-1}        dc_{t-1} = dc ⊙ f
//   dz = [di·i(1−i), df·f(1−f), dg·(1−g²), do·o(1−o)]
//   dh_{t-1} = dz·Whᵀ   dx_t = dz·Wxᵀ   dWx += x_tᵀ·dz   dWh += h_{t-1}ᵀ·dz   db += dz
//
// The input projection X·Wx for all steps is one matrix product before the recurrence; dWx, dWh and
// dX are one product each after it. Sequences are packed (see PackedLayout), so only real tokens are
// computed.

/// One LSTM layer (E or F inputs → H hidden) whose parameters live inside a network's flat buffer.
///
/// Parameter order from `offset`: Wx (In,4H) row-major, Wh (H,4H) row-major, b (4H) as [i f g o].
/// `forward` keeps the activations that `backward` needs; one layer serves one batch at a time.
final class LSTMLayer {
    /// E (classifier) or F (regressor).
    let inputSize: Int
    /// H.
    let hiddenSize: Int
    /// Offsets of Wx, Wh and b in the network's parameter buffer.
    let inputWeightsOffset: Int
    let recurrentWeightsOffset: Int
    let biasOffset: Int

    /// Number of parameters: In·4H + H·4H + 4H.
    static func parameterCount(inputSize: Int, hiddenSize: Int) -> Int {
        4 * hiddenSize * (inputSize + hiddenSize + 1)
    }

    // Forward activations, packed rows (N).
    private let gates = FloatBuffer()  // (N,4H): i f g o after their nonlinearity
    private let tanhCells = FloatBuffer()  // (N,H): tanh(c_t)
    private let previousHidden = FloatBuffer()  // (N,H): h_{t-1}
    private let previousCells = FloatBuffer()  // (N,H): c_{t-1}
    private let hiddenState = FloatBuffer()  // (B,H)
    private let cellState = FloatBuffer()  // (B,H)
    private let stepScratch = FloatBuffer()  // (B,4H): inference preactivations of one step
    // Backward scratch.
    private let gateGradients = FloatBuffer()  // (N,4H): dz
    private let hiddenGradient = FloatBuffer()  // (B,H)
    private let cellGradient = FloatBuffer()  // (B,H)
    private let recurrentTransposed = FloatBuffer()  // (4H,H)
    private let inputTransposed = FloatBuffer()  // (4H,In)

    init(inputSize: Int, hiddenSize: Int, offset: Int) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        inputWeightsOffset = offset
        recurrentWeightsOffset = offset + inputSize * 4 * hiddenSize
        biasOffset = recurrentWeightsOffset + hiddenSize * 4 * hiddenSize
    }

    /// Runs the recurrence, keeping what `backward` needs; returns the final hidden state of each
    /// sequence, (B,H) in packed order.
    ///
    /// x is (N,In) packed. The pointer stays valid until the next call on this layer. (Scoring uses
    /// `infer`, which keeps nothing.)
    func forward(
        parameters: UnsafePointer<Float>, input x: UnsafePointer<Float>, layout: PackedLayout
    ) -> UnsafePointer<Float> {
        let g4 = 4 * hiddenSize
        let rows = layout.rowCount
        let z = gates.reserve(rows * g4)
        // z = b + X·Wx for every packed row at once.
        let bias = parameters + biasOffset
        for r in 0..<rows { (z + r * g4).update(from: bias, count: g4) }
        matmulAccumulate(
            m: rows, n: g4, k: inputSize, a: x, aRowStride: inputSize, aColStride: 1,
            b: parameters + inputWeightsOffset, ldb: g4, c: z, ldc: g4)
        return forwardRecurrence(parameters: parameters, layout: layout)
    }

    /// What `infer` shows after every step, a tile at a time: the step, the tile's first row, how
    /// many of its rows are still running, and their hidden and cell states (H each per row).
    typealias StepObserver = (
        _ step: Int, _ first: Int, _ rows: Int, _ hidden: UnsafePointer<Float>, _ cell: UnsafePointer<Float>
    ) -> Void

    /// One step more for one row from the state (`hidden`, `cell`) that `infer` showed after some
    /// step, with the input projection `input` (b + x·Wx), into `hiddenOut` and `cellOut`; `z`
    /// holds 4H. The arithmetic is what `infer` does for a row running alone (recurrent product
    /// onto the projection, then the cell update), so the state equals that of the sequence
    /// with one more token, bit for bit.
    func stepAlone(
        parameters: UnsafePointer<Float>, input: UnsafePointer<Float>, hidden: UnsafePointer<Float>,
        cell: UnsafePointer<Float>, hiddenOut: UnsafeMutablePointer<Float>,
        cellOut: UnsafeMutablePointer<Float>,
        z: UnsafeMutablePointer<Float>
    ) {
        let h = hiddenSize
        vectorMatmul(
            n: 4 * h, k: h, a: hidden, b: parameters + recurrentWeightsOffset, ldb: 4 * h, cIn: input, c: z)
        cellOut.update(from: cell, count: h)
        lstmCellUpdate(z: UnsafePointer(z), h: hiddenOut, c: cellOut, hiddenSize: h)
    }

    /// Inference-only forward pass whose memory does not grow with sequence length: `inputRow(t, r)`
    /// gives the input projection b + x_t·Wx (4H) of packed row r at step t (e.g. a row of a cache of
    /// per-token projections). Returns the final hidden states (B,H), packed order.
    ///
    /// Sequences never interact, so instead of stepping the whole batch through time it runs four
    /// sequences at a time through all their steps: their states, preactivations and Wh stay in L1,
    /// and h·Wh is added straight onto the projection rows (no copy). Each value is the same sum of
    /// the same products in the same order as in `forward`, so the results agree bit for bit.
    ///
    /// `observe` sees the states after every step, a tile at a time: after step t, the `rows`
    /// sequences of packed rows `first`, `first` + 1, … still running (their states one after
    /// another from `hidden` and `cell`). The state after step t is, bit for bit, the final state of
    /// the sequence's first t + 1 inputs.
    func infer(
        parameters: UnsafePointer<Float>, layout: PackedLayout,
        observe: StepObserver? = nil,
        inputRow: (_ step: Int, _ row: Int) -> UnsafePointer<Float>
    ) -> UnsafePointer<Float> {
        let h = hiddenSize
        let g4 = 4 * h
        let batch = layout.batchSize
        let hState = hiddenState.reserve(batch * h)
        let cState = cellState.reserve(batch * h)
        hState.update(repeating: 0, count: batch * h)
        cState.update(repeating: 0, count: batch * h)
        let z = stepScratch.reserve(4 * g4)
        let wh = parameters + recurrentWeightsOffset
        var first = 0
        while first < batch {
            let tileRows = min(4, batch - first)
            let h0 = hState + first * h
            let c0 = cState + first * h
            // Sorted longest first: the tile's rows still running at step t are a prefix of it.
            for t in 0..<layout.lengths[first] {
                let active = min(layout.active[t] - first, tileRows)
                if t == 0 {
                    // h_{-1} = 0: the preactivations are the projections themselves.
                    for r in 0..<active {
                        lstmCellUpdate(z: inputRow(0, first + r), h: h0 + r * h, c: c0 + r * h, hiddenSize: h)
                    }
                    observe?(0, first, active, UnsafePointer(h0), UnsafePointer(c0))
                    continue
                }
                if active == 4 {
                    matmul4RowsOntoInputs(
                        n: g4, k: h, a: UnsafePointer(h0), b: wh, ldb: g4,
                        inputs: (
                            inputRow(t, first), inputRow(t, first + 1), inputRow(t, first + 2),
                            inputRow(t, first + 3)
                        ),
                        c: z)
                } else {
                    for r in 0..<active {
                        vectorMatmul(
                            n: g4, k: h, a: UnsafePointer(h0 + r * h), b: wh, ldb: g4,
                            cIn: inputRow(t, first + r), c: z + r * g4)
                    }
                }
                var r = 0
                #if SMSFILTER_WIDE_VECTORS
                    // Two rows at once: twice the independent work between the dependent steps
                    // of the cell update (exp, divide, then tanh of the new cell state).
                    while r + 2 <= active && h % 16 == 0 {
                        lstmCellUpdate2Rows16(
                            z: (UnsafePointer(z + r * g4), UnsafePointer(z + (r + 1) * g4)),
                            h: (h0 + r * h, h0 + (r + 1) * h), c: (c0 + r * h, c0 + (r + 1) * h),
                            hiddenSize: h)
                        r += 2
                    }
                #endif
                while r < active {
                    lstmCellUpdate(z: UnsafePointer(z + r * g4), h: h0 + r * h, c: c0 + r * h, hiddenSize: h)
                    r += 1
                }
                observe?(t, first, active, UnsafePointer(h0), UnsafePointer(c0))
            }
            first += tileRows
        }
        return UnsafePointer(hState)
    }

    /// The recurrence over the gates buffer, which `forward` has filled with b + x_t·Wx for every row.
    /// The rows are overwritten with the gate activations, and h_{t-1}, c_{t-1} and tanh(c_t) are
    /// kept, all for `backward`.
    private func forwardRecurrence(parameters: UnsafePointer<Float>, layout: PackedLayout) -> UnsafePointer<
        Float
    > {
        let h = hiddenSize
        let g4 = 4 * h
        let rows = layout.rowCount
        let batch = layout.batchSize
        let z = gates.reserve(rows * g4)
        let tcAll = tanhCells.reserve(rows * h)
        let hPrevAll = previousHidden.reserve(rows * h)
        let cPrevAll = previousCells.reserve(rows * h)
        let hState = hiddenState.reserve(batch * h)
        let cState = cellState.reserve(batch * h)
        hState.update(repeating: 0, count: batch * h)
        cState.update(repeating: 0, count: batch * h)

        let wh = parameters + recurrentWeightsOffset
        for t in 0..<layout.steps {
            let active = layout.active[t]
            let base = layout.offsets[t]
            let zt = z + base * g4
            (hPrevAll + base * h).update(from: hState, count: active * h)
            (cPrevAll + base * h).update(from: cState, count: active * h)
            if t > 0 {
                matmulAccumulate(
                    m: active, n: g4, k: h, a: UnsafePointer(hState), aRowStride: h, aColStride: 1,
                    b: wh, ldb: g4, c: zt, ldc: g4)
            }
            for r in 0..<active {
                let zr = zt + r * g4
                let hr = hState + r * h
                let cr = cState + r * h
                let tcOut = tcAll + (base + r) * h
                // Gate nonlinearities in place: [i f] and o through σ, g through tanh.
                sigmoidInPlace(zr, count: 2 * h)
                tanhInPlace(zr + 2 * h, count: h)
                sigmoidInPlace(zr + 3 * h, count: h)
                // c = f⊙c_{t-1} + i⊙g, h = o⊙tanh(c); 8 units at a time, then a partial chunk.
                @inline(__always) func cellUpdate(_ j: Int, _ w: Int) {
                    let c =
                        load8(zr + h + j, w) * load8(cr + j, w) + load8(zr + j, w) * load8(zr + 2 * h + j, w)
                    let tc = vtanh(c)
                    store8(tc, tcOut + j, w)
                    store8(c, cr + j, w)
                    store8(load8(zr + 3 * h + j, w) * tc, hr + j, w)
                }
                var j = 0
                while j + 8 <= h {
                    cellUpdate(j, 8)
                    j += 8
                }
                if j < h { cellUpdate(j, h - j) }
            }
        }
        return UnsafePointer(hState)
    }

    /// Backpropagation through time for the batch of the last `forward` call.
    ///
    /// dHidden is (B,H), the loss gradient with respect to each sequence's final hidden state (packed
    /// order). Accumulates into dWx, dWh, db of `gradients`; writes dX (N,In) if `inputGradient` is given.
    func backward(
        parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>,
        input x: UnsafePointer<Float>, layout: PackedLayout, hiddenGradient dHidden: UnsafePointer<Float>,
        inputGradient dx: UnsafeMutablePointer<Float>?
    ) {
        let h = hiddenSize
        let g4 = 4 * h
        let rows = layout.rowCount
        let batch = layout.batchSize
        if rows == 0 { return }
        let z = UnsafePointer(gates.reserve(rows * g4))
        let tcAll = UnsafePointer(tanhCells.reserve(rows * h))
        let cPrevAll = UnsafePointer(previousCells.reserve(rows * h))
        let hPrevAll = UnsafePointer(previousHidden.reserve(rows * h))
        let dz = gateGradients.reserve(rows * g4)
        let dh = hiddenGradient.reserve(batch * h)
        let dc = cellGradient.reserve(batch * h)
        let whT = recurrentTransposed.reserve(g4 * h)
        dh.update(repeating: 0, count: batch * h)
        dc.update(repeating: 0, count: batch * h)
        transpose(rows: h, columns: g4, parameters + recurrentWeightsOffset, whT)

        for t in stride(from: layout.steps - 1, through: 0, by: -1) {
            let active = layout.active[t]
            let base = layout.offsets[t]
            // Sequences whose last token is step t receive the gradient from the layer above.
            let stillRunning = t + 1 < layout.steps ? layout.active[t + 1] : 0
            if active > stillRunning {
                (dh + stillRunning * h).update(
                    from: dHidden + stillRunning * h, count: (active - stillRunning) * h)
            }
            for r in 0..<active {
                let row = base + r
                let gr = z + row * g4
                let dzr = dz + row * g4
                let dhr = dh + r * h
                let dcr = dc + r * h
                let tcr = tcAll + row * h
                let cpr = cPrevAll + row * h
                @inline(__always) func cellBackward(_ j: Int, _ w: Int) {
                    let one = SIMD8<Float>(repeating: 1)
                    let ig = load8(gr + j, w)
                    let fg = load8(gr + h + j, w)
                    let gg = load8(gr + 2 * h + j, w)
                    let og = load8(gr + 3 * h + j, w)
                    let tc = load8(tcr + j, w)
                    let dhv = load8(dhr + j, w)
                    let dcv = load8(dcr + j, w) + dhv * og * (one - tc * tc)
                    let dO = dhv * tc
                    let dI = dcv * gg
                    let dG = dcv * ig
                    let dF = dcv * load8(cpr + j, w)
                    store8(dI * ig * (one - ig), dzr + j, w)
                    store8(dF * fg * (one - fg), dzr + h + j, w)
                    store8(dG * (one - gg * gg), dzr + 2 * h + j, w)
                    store8(dO * og * (one - og), dzr + 3 * h + j, w)
                    store8(dcv * fg, dcr + j, w)
                }
                var j = 0
                while j + 8 <= h {
                    cellBackward(j, 8)
                    j += 8
                }
                if j < h { cellBackward(j, h - j) }
            }
            if t > 0 {
                // dh_{t-1} = dz_t · Whᵀ for the running rows; finished rows keep zero until their turn.
                dh.update(repeating: 0, count: active * h)
                matmulAccumulate(
                    m: active, n: h, k: g4, a: UnsafePointer(dz + base * g4), aRowStride: g4, aColStride: 1,
                    b: UnsafePointer(whT), ldb: h, c: dh, ldc: h)
            }
        }

        let dz0 = UnsafePointer(dz)
        // dWx += Xᵀ·dZ, dWh += H_prevᵀ·dZ, db += Σ dZ over all packed rows.
        matmulAccumulate(
            m: inputSize, n: g4, k: rows, a: x, aRowStride: 1, aColStride: inputSize,
            b: dz0, ldb: g4, c: gradients + inputWeightsOffset, ldc: g4)
        matmulAccumulate(
            m: h, n: g4, k: rows, a: hPrevAll, aRowStride: 1, aColStride: h,
            b: dz0, ldb: g4, c: gradients + recurrentWeightsOffset, ldc: g4)
        let db = gradients + biasOffset
        for r in 0..<rows {
            addInPlace(db, dz0 + r * g4, count: g4)
        }
        if let dx {
            let wxT = inputTransposed.reserve(g4 * inputSize)
            transpose(rows: inputSize, columns: g4, parameters + inputWeightsOffset, wxT)
            dx.update(repeating: 0, count: rows * inputSize)
            matmulAccumulate(
                m: rows, n: inputSize, k: g4, a: dz0, aRowStride: g4, aColStride: 1,
                b: UnsafePointer(wxT), ldb: inputSize, c: dx, ldc: inputSize)
        }
    }
}

/// One scoring step of an LSTM cell from its preactivations z = [i f g o] (4H): c = σ(f)⊙c + σ(i)⊙tanh(g),
/// h = σ(o)⊙tanh(c), 8 units at a time in registers. The same arithmetic, in the same order, as the
/// training path's separate gate and cell-update passes.
@inline(__always) func lstmCellUpdate(
    z: UnsafePointer<Float>, h out: UnsafeMutablePointer<Float>, c cell: UnsafeMutablePointer<Float>,
    hiddenSize h: Int
) {
    @inline(__always) func update(_ j: Int, _ w: Int) {
        let i = vsigmoid(load8(z + j, w))
        let f = vsigmoid(load8(z + h + j, w))
        let g = vtanh(load8(z + 2 * h + j, w))
        let o = vsigmoid(load8(z + 3 * h + j, w))
        let c = f * load8(cell + j, w) + i * g
        store8(c, cell + j, w)
        store8(o * vtanh(c), out + j, w)
    }
    var j = 0
    #if SMSFILTER_WIDE_VECTORS
        j = lstmCellUpdate16(z: z, h: out, c: cell, hiddenSize: h)
    #endif
    while j + 8 <= h {
        update(j, 8)
        j += 8
    }
    if j < h { update(j, h - j) }
}

/// The first units of `lstmCellUpdate`, 16 at a time: half the instructions with AVX-512 and twice
/// the independent work for AVX2's pipelines; every lane computes exactly what the 8-wide loop
/// would. Returns the first unit it left for that loop.
@inline(__always) func lstmCellUpdate16(
    z: UnsafePointer<Float>, h out: UnsafeMutablePointer<Float>, c cell: UnsafeMutablePointer<Float>,
    hiddenSize h: Int
) -> Int {
    var j = 0
    while j + 16 <= h {
        let i = vsigmoid(load16(z + j))
        let f = vsigmoid(load16(z + h + j))
        let g = vtanh(load16(z + 2 * h + j))
        let o = vsigmoid(load16(z + 3 * h + j))
        let c = f * load16(cell + j) + i * g
        store16(c, cell + j)
        store16(o * vtanh(c), out + j)
        j += 16
    }
    return j
}

/// `lstmCellUpdate` for two rows whose hidden size is a multiple of 16, their steps interleaved:
/// every lane computes exactly what the single-row update would.
@inline(__always) func lstmCellUpdate2Rows16(
    z: (UnsafePointer<Float>, UnsafePointer<Float>),
    h out: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>),
    c cell: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>),
    hiddenSize h: Int
) {
    var j = 0
    while j + 16 <= h {
        let i0 = vsigmoid(load16(z.0 + j))
        let i1 = vsigmoid(load16(z.1 + j))
        let f0 = vsigmoid(load16(z.0 + h + j))
        let f1 = vsigmoid(load16(z.1 + h + j))
        let g0 = vtanh(load16(z.0 + 2 * h + j))
        let g1 = vtanh(load16(z.1 + 2 * h + j))
        let o0 = vsigmoid(load16(z.0 + 3 * h + j))
        let o1 = vsigmoid(load16(z.1 + 3 * h + j))
        let c0 = f0 * load16(cell.0 + j) + i0 * g0
        let c1 = f1 * load16(cell.1 + j) + i1 * g1
        store16(c0, cell.0 + j)
        store16(c1, cell.1 + j)
        store16(o0 * vtanh(c0), out.0 + j)
        store16(o1 * vtanh(c1), out.1 + j)
        j += 16
    }
}
