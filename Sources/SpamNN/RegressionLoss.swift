/// The loss a regression network is trained on.
public enum RegressionLoss: Sendable, Equatable {
    /// Mean squared error.
    case squared
    /// Mean Huber loss with threshold δ (quadratic inside ±δ, linear outside): robust to outliers.
    case huber(delta: Float)
}
