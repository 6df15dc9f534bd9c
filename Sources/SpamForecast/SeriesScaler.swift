#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Maps one series to the network's scale: a variance-stabilising transform for counts (which
/// are skewed and never negative), then a z-score whose mean and standard deviation come from
/// the training part only.
public struct SeriesScaler: Sendable, Equatable {
    /// What is applied to raw values before the z-score.
    public enum Transform: String, Sendable, Equatable, CaseIterable {
        /// √(x + 1): the classic stabiliser for Poisson-like counts. It keeps more of the
        /// busy hours' weight than the log, and the busy hours are where MAE is made.
        case squareRoot = "sqrt"
        /// log(1 + x): relative changes (a spike ten times the level) become additive.
        case log = "log"
        /// The raw values.
        case identity = "none"
    }

    /// The transform applied; `.identity` whenever a training value was negative.
    public var transform: Transform
    public var mean: Double
    public var standardDeviation: Double

    public init(transform: Transform, mean: Double, standardDeviation: Double) {
        self.transform = transform
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// Fits on training values. The transform falls back to `.identity` when a value is negative
    /// (the series is not a count).
    public init(fitting values: some Collection<Double>, transform: Transform = .squareRoot) {
        let chosen = values.allSatisfy({ $0 >= 0 }) ? transform : .identity
        let mapped = values.map { Self.apply(chosen, $0) }
        let n = Double(max(mapped.count, 1))
        let average = mapped.reduce(0, +) / n
        let variance = mapped.reduce(0) { $0 + ($1 - average) * ($1 - average) } / n
        self.transform = chosen
        mean = average
        let sd = variance.squareRoot()
        standardDeviation = sd > 1e-9 ? sd : 1
    }

    /// Raw value → model scale. Negative values under a count transform count as 0.
    public func scale(_ value: Double) -> Double {
        (Self.apply(transform, value) - mean) / standardDeviation
    }

    /// Model scale → raw value.
    public func unscale(_ value: Double) -> Double {
        let z = value * standardDeviation + mean
        switch transform {
        // Cap the exponent so a wild network output cannot become infinity.
        case .log: return expm1(min(z, 700))
        // Below the transform's range (√1 = 1 ↔ 0) the value is clamped, not mirrored.
        case .squareRoot: return max(z, 0) * max(z, 0) - 1
        case .identity: return z
        }
    }

    static func apply(_ transform: Transform, _ value: Double) -> Double {
        switch transform {
        case .log: return log1p(max(value, 0))
        case .squareRoot: return (max(value, 0) + 1).squareRoot()
        case .identity: return value
        }
    }
}
