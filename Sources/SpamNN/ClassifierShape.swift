/// Sizes of the classifier network: V (vocabulary), E (embedding), H (hidden).
public struct ClassifierShape: Sendable, Equatable, Hashable {
    /// V: number of token ids; valid ids are 0..<V.
    public var vocabularySize: Int
    /// E.
    public var embeddingDim: Int
    /// H.
    public var hiddenSize: Int

    public init(vocabularySize: Int, embeddingDim: Int, hiddenSize: Int) {
        self.vocabularySize = vocabularySize
        self.embeddingDim = embeddingDim
        self.hiddenSize = hiddenSize
    }

    /// Throws unless every size is in 1...(1 << 24).
    public func validate() throws(NetworkError) {
        for (name, value) in [
            ("vocabularySize", vocabularySize), ("embeddingDim", embeddingDim), ("hiddenSize", hiddenSize),
        ]
        where value < 1 || value > (1 << 24) {
            throw .invalidShape("\(name) = \(value), expected 1...\(1 << 24)")
        }
    }
}
