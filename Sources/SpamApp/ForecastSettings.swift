public import SpamForecast
import SpamNN

/// The forecaster settings `forecast` and `forecast backtest` take, as given on the command line
/// (nil: the `LSTMForecasterConfiguration` default), checked and turned into a configuration.
public struct ForecastSettings: Sendable {
    public var target: String?
    public var horizon = 24
    public var lookback = 168
    public var seed: UInt64 = 1
    public var hidden: Int?
    public var patch: Int?
    public var epochs: Int?
    public var patience: Int?
    public var ensemble: Int?
    /// Steps, `0` (none) or `auto`.
    public var baseline: String?
    public var learningRate: Float?
    public var batchSize: Int?
    /// 0 to 1, or `auto`.
    public var blend: String?
    /// Steps, or `auto`.
    public var blendPeriod: String?
    public var calendar: Bool?
    public var seasonalInput: Bool?
    /// `sqrt`, `log` or `none`.
    public var transform: String?
    public var linearPath: Int?
    /// `squared` or `huber`.
    public var loss: String?
    public var huberDelta: Float?
    public var windowStride: Int?

    public init() {}

    /// Every value that makes no sense, as a usage error.
    public func check() throws(UsageError) {
        if horizon <= 0 { throw UsageError("--horizon must be positive") }
        if lookback <= 0 { throw UsageError("--lookback must be positive") }
        if let linearPath, linearPath < 0 { throw UsageError("--linear-path must not be negative") }
        for (name, value) in [
            ("--hidden", hidden), ("--patch", patch), ("--ensemble", ensemble),
            ("--batch-size", batchSize), ("--window-stride", windowStride),
        ] {
            if let value, value <= 0 { throw UsageError("\(name) must be positive") }
        }
        if let epochs, epochs < 0 { throw UsageError("--epochs must not be negative") }
        _ = try parsedBaseline()
        _ = try parsedBlend()
        _ = try parsedBlendPeriod()
        _ = try parsedLoss()
        _ = try parsedTransform()
    }

    func parsedTransform() throws(UsageError) -> SeriesScaler.Transform? {
        guard let transform else { return nil }
        guard let parsed = SeriesScaler.Transform(rawValue: transform) else {
            throw UsageError("--transform must be sqrt, log or none")
        }
        return parsed
    }

    /// nil when not given.
    func parsedBaseline() throws(UsageError) -> LSTMForecasterConfiguration.Baseline? {
        guard let baseline else { return nil }
        if baseline == "auto" { return .automatic }
        if baseline.hasPrefix("level") {
            guard
                let steps = baseline == "level"
                    ? LSTMForecasterConfiguration.defaultLevelSteps : Int(baseline.dropFirst(5)),
                steps > 0
            else {
                throw UsageError("--baseline levelN takes a positive number of steps N (level72)")
            }
            return .level(steps: steps)
        }
        guard let period = Int(baseline), period >= 0 else {
            throw UsageError("--baseline must be levelN, a number of steps (0: none) or auto")
        }
        return period == 0 ? LSTMForecasterConfiguration.Baseline.none : .seasonal(period: period)
    }

    /// Outer nil: not given; inner nil: auto.
    func parsedBlend() throws(UsageError) -> Double?? {
        guard let blend else { return nil }
        if blend == "auto" { return .some(nil) }
        guard let weight = Double(blend), (0...1).contains(weight) else {
            throw UsageError("--blend must be between 0 and 1, or auto")
        }
        return .some(weight)
    }

    /// Outer nil: not given; inner nil: auto.
    func parsedBlendPeriod() throws(UsageError) -> Int?? {
        guard let blendPeriod else { return nil }
        if blendPeriod == "auto" { return .some(nil) }
        guard let period = Int(blendPeriod), period > 0 else {
            throw UsageError("--blend-period must be a positive number of steps, or auto")
        }
        return .some(period)
    }

    func parsedLoss() throws(UsageError) -> RegressionLoss? {
        if let huberDelta, !(huberDelta > 0) { throw UsageError("--huber-delta must be positive") }
        switch loss {
        case nil: return huberDelta.map { .huber(delta: $0) }
        case "squared": return .squared
        case "huber": return .huber(delta: huberDelta ?? 1)
        default: throw UsageError("--loss must be squared or huber")
        }
    }

    /// The target's column: `--target`, else the first.
    public func targetIndex(in series: RegularSeries) throws -> Int {
        guard let target else { return 0 }
        return try series.index(of: target)
    }

    /// The forecaster settings these options describe.
    public func configuration(multivariate: Bool) -> LSTMForecasterConfiguration {
        var c: LSTMForecasterConfiguration = multivariate ? .multivariate : .univariate
        c.lookback = lookback
        c.horizon = horizon
        c.seed = seed
        if let hidden { c.hiddenSize = hidden }
        if let patch { c.patch = patch }
        if let epochs { c.epochs = epochs }
        if let patience { c.patience = patience }
        if let ensemble { c.ensembleSize = ensemble }
        if let baseline = try? parsedBaseline() { c.baseline = baseline }
        if let learningRate { c.learningRate = learningRate }
        if let batchSize { c.batchSize = batchSize }
        if let windowStride { c.windowStride = windowStride }
        if let blend = try? parsedBlend() { c.blendWeight = blend }
        if let period = try? parsedBlendPeriod() { c.blendPeriod = period }
        if let loss = try? parsedLoss() { c.loss = loss }
        if let seasonalInput { c.seasonalInput = seasonalInput }
        if let calendar { c.calendar = calendar }
        if let transform = try? parsedTransform() { c.transform = transform }
        if let linearPath { c.linearPathSteps = linearPath }
        return c
    }

    public func fit(_ training: RegularSeries, target: Int, multivariate: Bool) throws -> LSTMForecaster {
        try LSTMForecaster(
            fitting: training, targets: [target], configuration: configuration(multivariate: multivariate))
    }
}
