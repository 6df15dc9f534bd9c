import SpamRetrain

/// Adapts SpamModel's trainer to the retrain flow. (Placeholder until SpamModel's trainer API
/// lands on main: it refuses to train, so `retrain` reports a clear error.)
struct RetrainModelTrainer: RetrainTrainer {
    static let defaultEpochs = 3
    let epochs: Int

    init(epochs: Int) throws {
        self.epochs = epochs
    }

    struct Unavailable: Error, CustomStringConvertible {
        var description: String { "this build has no classifier trainer yet" }
    }

    func train(_ examples: [LabeledText], start: [UInt8]?, seed: UInt64) throws -> [UInt8] {
        throw Unavailable()
    }

    func predict(modelFile: [UInt8], texts: [String]) throws -> [Bool] {
        throw Unavailable()
    }
}
