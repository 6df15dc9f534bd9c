import ArgumentParser
import SpamForecast
import SpamNN

/// Options shared by `forecast` and `forecast backtest`: target, window sizes and the LSTM's
/// training settings (defaults: `LSTMForecasterConfiguration`).
struct ForecastModelOptions: ParsableArguments {
    @Option(help: "Name of the target series (default: the first file's first column).")
    var target: String?

    @Option(help: "Steps forecast at once (H).")
    var horizon: Int = 24

    @Option(help: "Steps of history the LSTM reads (L).")
    var lookback: Int = 168

    @Option(help: "Random seed for LSTM initialisation and batch order.")
    var seed: UInt64 = 1

    @Option(help: "LSTM hidden size.")
    var hidden: Int?

    @Option(help: "Steps folded into one LSTM time step (24: the LSTM reads days; 1: hours).")
    var patch: Int?

    @Option(help: "Most training epochs (early stopping on a validation tail usually ends sooner).")
    var epochs: Int?

    @Option(help: "Epochs without validation improvement before stopping.")
    var patience: Int?

    @Option(help: "Networks averaged (seeds seed, seed+1, ...).")
    var ensemble: Int?

    @Option(help: "Residual baseline period in steps (168: learn the change from last week; 0: none; auto: 24 or 168, whichever seasonal naive did better on the validation tail).")
    var baseline: String?

    @Option(help: "Adam learning rate.")
    var learningRate: Float?

    @Option(help: "Mini-batch size.")
    var batchSize: Int?

    @Option(help: "Weight (0-1) of the seasonal-naive forecast blended into the LSTM's, on the model scale (default 0); auto: chosen per series on the validation tail.")
    var blend: String?

    @Option(help: "Period of the blended seasonal-naive forecast in steps; auto: 24 or 168, whichever did better on the validation tail.")
    var blendPeriod: String?

    @Flag(inversion: .prefixedNo, help: "Hour-of-day and day-of-week inputs (default: on).")
    var calendar: Bool?

    @Flag(inversion: .prefixedNo, help: "Read the seasonal-naive values of the forecast hours as one more LSTM step (default: on).")
    var seasonalInput: Bool?

    @Option(help: "Transform of the counts before scaling: sqrt (default), log or none (series with negative values always use none).")
    var transform: String?

    @Option(help: "LSTM steps whose inputs also reach the outputs through a linear path (0: none; default 2: the last day and the seasonal step).")
    var linearPath: Int?

    @Option(help: "Training loss: squared, or huber (robust to outliers such as holidays and storms; default huber with delta 0.3).")
    var loss: String?

    @Option(help: "Huber threshold on the model (z-score) scale.")
    var huberDelta: Float?

    @Option(help: "Use every n-th window for training.")
    var windowStride: Int?

    func check() throws {
        if horizon <= 0 { throw ValidationError("--horizon must be positive") }
        if lookback <= 0 { throw ValidationError("--lookback must be positive") }
        if let linearPath, linearPath < 0 { throw ValidationError("--linear-path must not be negative") }
        for (name, value) in [("--hidden", hidden), ("--patch", patch), ("--ensemble", ensemble),
            ("--batch-size", batchSize), ("--window-stride", windowStride)] {
            if let value, value <= 0 { throw ValidationError("\(name) must be positive") }
        }
        if let epochs, epochs < 0 { throw ValidationError("--epochs must not be negative") }
        _ = try parsedBaseline()
        _ = try parsedBlend()
        _ = try parsedBlendPeriod()
        _ = try parsedLoss()
        _ = try parsedTransform()
    }

    func parsedTransform() throws -> SeriesScaler.Transform? {
        guard let transform else { return nil }
        guard let parsed = SeriesScaler.Transform(rawValue: transform) else {
            throw ValidationError("--transform must be sqrt, log or none")
        }
        return parsed
    }

    /// nil when not given.
    func parsedBaseline() throws -> LSTMForecasterConfiguration.Baseline? {
        guard let baseline else { return nil }
        if baseline == "auto" { return .automatic }
        guard let period = Int(baseline), period >= 0 else {
            throw ValidationError("--baseline must be a number of steps (0: none) or auto")
        }
        return period == 0 ? LSTMForecasterConfiguration.Baseline.none : .seasonal(period: period)
    }

    /// Outer nil: not given; inner nil: auto.
    func parsedBlend() throws -> Double?? {
        guard let blend else { return nil }
        if blend == "auto" { return .some(nil) }
        guard let weight = Double(blend), (0...1).contains(weight) else {
            throw ValidationError("--blend must be between 0 and 1, or auto")
        }
        return .some(weight)
    }

    /// Outer nil: not given; inner nil: auto.
    func parsedBlendPeriod() throws -> Int?? {
        guard let blendPeriod else { return nil }
        if blendPeriod == "auto" { return .some(nil) }
        guard let period = Int(blendPeriod), period > 0 else {
            throw ValidationError("--blend-period must be a positive number of steps, or auto")
        }
        return .some(period)
    }

    func parsedLoss() throws -> RegressionLoss? {
        if let huberDelta, !(huberDelta > 0) { throw ValidationError("--huber-delta must be positive") }
        switch loss {
        case nil: return huberDelta.map { .huber(delta: $0) }
        case "squared": return .squared
        case "huber": return .huber(delta: huberDelta ?? 1)
        default: throw ValidationError("--loss must be squared or huber")
        }
    }

    func targetIndex(in series: RegularSeries) throws -> Int {
        guard let target else { return 0 }
        return try series.index(of: target)
    }

    /// The forecaster settings these options describe.
    func configuration(multivariate: Bool) -> LSTMForecasterConfiguration {
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

    func fit(_ training: RegularSeries, target: Int, multivariate: Bool) throws -> LSTMForecaster {
        try LSTMForecaster(fitting: training, targets: [target], configuration: configuration(multivariate: multivariate))
    }
}
