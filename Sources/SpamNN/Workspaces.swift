// Per-thread scratch of LSTMClassifierNetwork: one scoring and one training workspace per thread that
// works on the network, so two threads never share a buffer.

/// Scratch for one scoring pass: an LSTM layer's buffers, packed ids and logits. One per scoring thread.
final class ScoringWorkspace {
    let lstm: LSTMLayer
    var packedIds: [Int32] = []
    let logits = FloatBuffer()
    /// (B,4H) input projections when the network has no projection cache.
    let projections = FloatBuffer()
    /// A mark's projection row and one step from an opening's state (`openingProbabilities`).
    let markStep = FloatBuffer()

    init(lstm: LSTMLayer) { self.lstm = lstm }
}

/// Scratch for one training pass: an LSTM layer's activations and the other layers' buffers.
final class TrainingWorkspace {
    let lstm: LSTMLayer
    var packedIds: [Int32] = []
    let embedded = FloatBuffer()  // (N,E)
    let embeddedGradient = FloatBuffer()  // (N,E)
    let droppedHidden = FloatBuffer()  // (B,H)
    let hiddenGradient = FloatBuffer()  // (B,H)
    let logits = FloatBuffer()  // (B)
    let logitGradient = FloatBuffer()  // (B)

    init(lstm: LSTMLayer) { self.lstm = lstm }
}
