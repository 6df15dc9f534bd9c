#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Maps one series to the network's scale: `log1p` (for counts, which are skewed and never
/// negative), then a z-score whose mean and standard deviation come from the training part only.
public struct SeriesScaler: Sendable, Equatable {
    /// True when `log1p` is applied before the z-score (only when no training value is negative).
    public var usesLog: Bool
    public var mean: Double
    public var standardDeviation: Double

    public init(usesLog: Bool, mean: Double, standardDeviation: Double) {
        self.usesLog = usesLog
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// Fits on training values. `log` nil means "log1p when every value is ≥ 0".
    public init(fitting values: some Collection<Double>, log: Bool? = nil) {
        let canLog = values.allSatisfy { $0 >= 0 }
        let useLog = (log ?? true) && canLog
        let mapped = values.map { useLog ? log1p($0) : $0 }
        let n = Double(max(mapped.count, 1))
        let average = mapped.reduce(0, +) / n
        let variance = mapped.reduce(0) { $0 + ($1 - average) * ($1 - average) } / n
        usesLog = useLog
        mean = average
        let sd = variance.squareRoot()
        standardDeviation = sd > 1e-9 ? sd : 1
    }

    /// Raw value → model scale. Negative values under a log scaler count as 0.
    public func scale(_ value: Double) -> Double {
        ((usesLog ? log1p(max(value, 0)) : value) - mean) / standardDeviation
    }

    /// Model scale → raw value.
    public func unscale(_ value: Double) -> Double {
        let z = value * standardDeviation + mean
        // Cap the exponent so a wild network output cannot become infinity.
        return usesLog ? expm1(min(z, 700)) : z
    }
}
