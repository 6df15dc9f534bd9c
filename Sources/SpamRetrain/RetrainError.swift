public import SpamStore

/// Why a retrain stopped.
public enum RetrainError: Error, CustomStringConvertible, Sendable {
    /// Another retrain holds the lock.
    case busy(lockPath: String)
    case store(StoreError)
    case configuration(String)
    /// Reading the corpus, writing a model file, and the like.
    case file(String)
    /// The trainer or the model failed.
    case training(String)
    /// Nothing to learn from.
    case noData(String)

    public var description: String {
        switch self {
        case .busy(let lockPath): return "another retrain is running (lock \(lockPath)); try again later"
        case .store(let error): return error.description
        case .configuration(let message): return message
        case .file(let message): return message
        case .training(let message): return "training failed: \(message)"
        case .noData(let message): return message
        }
    }
}
