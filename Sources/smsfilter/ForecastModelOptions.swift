import ArgumentParser
import SpamApp

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

    @Option(
        help:
            "What the LSTM learns the change from: levelN (default level72: each window's mean over its last N steps, so a lasting jump in volume is followed at once), a period in steps (168: the same hour last week), 0 (none: the values themselves) or auto (24 or 168, whichever seasonal naive did better on the validation tail)."
    )
    var baseline: String?

    @Option(help: "Adam learning rate.")
    var learningRate: Float?

    @Option(help: "Mini-batch size.")
    var batchSize: Int?

    @Option(
        help:
            "Weight (0-1) of the seasonal-naive forecast blended into the LSTM's, on the model scale (default 0); auto: chosen per series on the validation tail."
    )
    var blend: String?

    @Option(
        help:
            "Period of the blended seasonal-naive forecast in steps; auto: 24 or 168, whichever did better on the validation tail."
    )
    var blendPeriod: String?

    @Flag(inversion: .prefixedNo, help: "Hour-of-day and day-of-week inputs (default: on).")
    var calendar: Bool?

    @Flag(
        inversion: .prefixedNo,
        help: "Read the seasonal-naive values of the forecast hours as one more LSTM step (default: on).")
    var seasonalInput: Bool?

    @Option(
        help:
            "Transform of the counts before scaling: sqrt (default), log or none (series with negative values always use none)."
    )
    var transform: String?

    @Option(
        help:
            "LSTM steps whose inputs also reach the outputs through a linear path (0: none; default 2: the last day and the seasonal step)."
    )
    var linearPath: Int?

    @Option(
        help:
            "Training loss: squared, or huber (robust to outliers such as holidays and storms; default huber with delta 0.3)."
    )
    var loss: String?

    @Option(help: "Huber threshold on the model (z-score) scale.")
    var huberDelta: Float?

    @Option(help: "Use every n-th window for training.")
    var windowStride: Int?

    /// The options as `SpamApp` takes them.
    var settings: ForecastSettings {
        var s = ForecastSettings()
        s.target = target
        s.horizon = horizon
        s.lookback = lookback
        s.seed = seed
        s.hidden = hidden
        s.patch = patch
        s.epochs = epochs
        s.patience = patience
        s.ensemble = ensemble
        s.baseline = baseline
        s.learningRate = learningRate
        s.batchSize = batchSize
        s.blend = blend
        s.blendPeriod = blendPeriod
        s.calendar = calendar
        s.seasonalInput = seasonalInput
        s.transform = transform
        s.linearPath = linearPath
        s.loss = loss
        s.huberDelta = huberDelta
        s.windowStride = windowStride
        return s
    }

    /// The settings' own checks, reported as usage errors while the arguments are validated.
    func check() throws {
        do {
            try settings.check()
        } catch {
            throw ValidationError(error.description)
        }
    }
}
