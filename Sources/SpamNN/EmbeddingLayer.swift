/// Embedding lookup: token id → row of a (V,E) table stored at `offset` in a parameter buffer.
struct EmbeddingLayer {
    /// V.
    let vocabularySize: Int
    /// E.
    let dimension: Int
    let offset: Int

    var parameterCount: Int { vocabularySize * dimension }

    /// out (N,E) = table[ids[n]] for n in 0..<N. Ids must already be in 0..<V.
    func forward(
        parameters: UnsafePointer<Float>, ids: UnsafePointer<Int32>, count: Int,
        output: UnsafeMutablePointer<Float>
    ) {
        let table = parameters + offset
        for n in 0..<count {
            (output + n * dimension).update(from: table + Int(ids[n]) * dimension, count: dimension)
        }
    }

    /// dTable[ids[n]] += dOut[n] for n in 0..<N; dOut is (N,E). Only the rows used are touched.
    func backward(
        gradients: UnsafeMutablePointer<Float>, ids: UnsafePointer<Int32>, count: Int,
        outputGradient: UnsafePointer<Float>
    ) {
        let table = gradients + offset
        let e = dimension
        for n in 0..<count {
            let row = table + Int(ids[n]) * e
            addInPlace(row, outputGradient + n * e, count: e)
        }
    }
}
