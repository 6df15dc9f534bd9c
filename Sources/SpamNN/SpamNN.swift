// SpamNN: the project's neural-network numerics, from scratch, no dependencies beyond Glibc.
//
// Shape letters (project-wide): B batch, T time steps, E embedding, H hidden, V vocabulary,
// F features, O outputs; N = total real tokens of a packed batch.
//
//   LSTMClassifierNetwork   Embedding (V,E) → LSTM (E,H) → Dense (H,1) → σ        the spam classifier
//   LSTMRegressorNetwork    inputs (B,T,F) → LSTM (F,H) → Dense (H,O)             the volume forecaster
//   LSTMLayer               the one LSTM: forward keeps activations, backward is BPTT
//   EmbeddingLayer, DenseLayer, Losses.swift                                      the other layers, losses
//   AdamOptimizer           one flat loop over all parameters (each network keeps them in one [Float])
//   PackedLayout            ragged batches sorted longest first and packed: no padding is computed
//   Matmul.swift            the only matrix product; MathFunctions.swift: SIMD exp/σ/tanh/√
//   ProjectionCache         per-token b + x·Wx rows for scoring
//   SeededGenerator         xoshiro256**; all randomness in training flows from explicit seeds
//   WorkerThread            the one extra thread of the opt-in two-thread scoring and training paths
//   (speed: the package in Benchmarks/, which measures these types through their public API)
//
// Kernels are written for the default x86-64 target (SSE2, no FMA): `c += a * b` on SIMD8/SIMD16
// values, never `addingProduct` or `pointwiseMin`/`squareRoot` on vectors, which become per-lane calls.
// Every output element is summed in a fixed order whatever the batch, so a sequence's score is the
// same bit for bit alone or inside any batch, and single-threaded training is reproducible.
