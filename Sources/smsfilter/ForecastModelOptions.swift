import ArgumentParser
import SpamForecast

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

    @Option(help: "Residual baseline period in steps (168: learn the change from last week; 0: none).")
    var baseline: Int?

    @Option(help: "Adam learning rate.")
    var learningRate: Float?

    @Option(help: "Mini-batch size.")
    var batchSize: Int?

    @Option(help: "Weight (0-1) of the same-hour-last-week forecast blended into the LSTM's, on the log scale.")
    var blend: Double?

    @Option(help: "Use every n-th window for training.")
    var windowStride: Int?

    func check() throws {
        if horizon <= 0 { throw ValidationError("--horizon must be positive") }
        if lookback <= 0 { throw ValidationError("--lookback must be positive") }
        for (name, value) in [("--hidden", hidden), ("--patch", patch), ("--ensemble", ensemble),
            ("--batch-size", batchSize), ("--window-stride", windowStride)] {
            if let value, value <= 0 { throw ValidationError("\(name) must be positive") }
        }
        if let epochs, epochs < 0 { throw ValidationError("--epochs must not be negative") }
        if let blend, !(0...1).contains(blend) { throw ValidationError("--blend must be between 0 and 1") }
        if let baseline, baseline < 0 { throw ValidationError("--baseline must not be negative") }
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
        if let baseline { c.baseline = baseline == 0 ? .none : .seasonal(period: baseline) }
        if let learningRate { c.learningRate = learningRate }
        if let batchSize { c.batchSize = batchSize }
        if let windowStride { c.windowStride = windowStride }
        if let blend { c.blendWeight = blend }
        return c
    }

    func fit(_ training: RegularSeries, target: Int, multivariate: Bool) throws -> LSTMForecaster {
        try LSTMForecaster(fitting: training, targets: [target], configuration: configuration(multivariate: multivariate))
    }
}
