public import SpamNN

/// A direct multi-step LSTM forecaster: the last L steps (scaled with √(x+1) + z-score from the
/// training data) → LSTM → Dense(O), plus a linear path from the last LSTM steps' inputs → the
/// next H steps of the target(s), optionally as a residual on top of the seasonal-naive
/// forecast. Fitted once; forecasting from a later origin reuses the frozen weights and scalers.
///
/// Choices the configuration leaves open (`.automatic` baseline, nil blend weight or period, the
/// seasonal input step's period) are made at fit time on the validation tail of the training
/// data: the seasonal period whose naive forecast erred least there, and the blend weight with
/// the lowest validation MAE on the original scale (stacking).
///
/// Training holds out a time-ordered validation tail (the last `validationSteps` steps: windows
/// whose targets fall there) for early stopping; the best epoch's weights are kept. Prediction
/// intervals: for each horizon step and target, the empirical quantiles
/// ((1 − level)/2, (1 + level)/2, linearly interpolated) of the validation residuals
/// (actual − forecast) on the model scale, added to the scaled point forecast and unscaled, so
/// on counts they are multiplicative and asymmetric.
public final class LSTMForecaster: SeriesForecaster {
    public let configuration: LSTMForecasterConfiguration
    public let windows: WindowBuilder
    /// Column names the forecaster was fitted on (forecast inputs must match).
    public let columnNames: [String]
    /// One scaler per column of the fitted series.
    public let scalers: [SeriesScaler]
    public let step: Int
    /// The ensemble members.
    public let networks: [LSTMRegressorNetwork]
    /// `lowerQuantiles[o]`, `upperQuantiles[o]`: residual quantiles per output (target-major).
    public let lowerQuantiles: [Float]
    public let upperQuantiles: [Float]
    /// Training summary: epochs run per member and best validation MAE (model scale).
    public let epochsRun: [Int]
    public let validationLoss: Double
    /// The residual baseline's period (nil: none), as configured or chosen on the validation tail.
    public let baselinePeriod: Int?
    /// Weight and period of the seasonal-naive forecast mixed into the network's, as configured or
    /// chosen on the validation tail.
    public let blendWeight: Double
    public let blendPeriod: Int

    public var name: String { configuration.multivariate ? "lstm-multivariate" : "lstm" }

    /// Fits on `series` (all of it is training data) to forecast the `targets` columns, in five
    /// steps (LSTMForecaster+Fitting.swift): size the window, choose the seasons, train the
    /// ensemble, blend in the seasonal-naive forecast, and measure the intervals.
    public init(
        fitting series: RegularSeries, targets: [Int] = [0], configuration: LSTMForecasterConfiguration
    )
        throws(ForecastError)
    {
        try configuration.check()
        guard !targets.isEmpty, targets.allSatisfy({ $0 >= 0 && $0 < series.columns.count }) else {
            throw .invalidParameter("the target columns do not exist")
        }
        self.configuration = configuration
        columnNames = series.names
        step = series.step
        let n = series.count
        let horizon = configuration.horizon
        let scalers = series.columns.map { SeriesScaler(fitting: $0, transform: configuration.transform) }
        self.scalers = scalers
        let scaled = zip(series.columns, scalers).map { column, scaler in
            column.map { Float(scaler.scale($0)) }
        }

        let size = Self.windowSize(steps: n, configuration: configuration)
        let seasons = Self.chooseSeasons(
            size.usableSeasons, target: scaled[targets[0]], configuration: configuration)
        baselinePeriod = seasons.baselinePeriod
        blendPeriod = seasons.blendPeriod
        let blendsNaive = configuration.blendWeight.map { $0 > 0 } ?? true

        let inputs = configuration.multivariate ? Array(0..<series.columns.count) : targets
        var windows = WindowBuilder(
            lookback: size.lookback, patch: size.patch, horizon: horizon,
            inputColumns: inputs, targets: targets, calendar: configuration.calendar,
            baselinePeriod: seasons.baselinePeriod,
            seasonalInputPeriod: configuration.seasonalInput && !size.usableSeasons.isEmpty
                ? seasons.seasonal : nil)
        if blendsNaive { windows.minimumHistory = seasons.blendPeriod }
        windows.levelSteps = configuration.baseline.levelSteps
        let first = windows.firstOrigin
        guard n >= first + horizon else {
            throw .tooShort(
                needed: first + horizon, available: n,
                what:
                    "an LSTM forecast with horizon \(horizon) (window shrunk to \(size.lookback) steps for the short series)"
            )
        }
        self.windows = windows

        // The networks are judged on the validation windows, or on the training ones when the
        // series has no room for a validation tail.
        let origins = Self.splitOrigins(steps: n, first: first, configuration: configuration)
        let training = Self.assemble(origins.training, windows: windows, scaled: scaled, series: series)
        let checkingOrigins = origins.hasValidation ? origins.validation : origins.training
        let checking =
            origins.hasValidation
            ? Self.assemble(origins.validation, windows: windows, scaled: scaled, series: series) : training

        let ensemble = Self.trainEnsemble(
            training: training, trainingCount: origins.training.count, checking: checking,
            checkingCount: checkingOrigins.count, windows: windows, configuration: configuration)
        networks = ensemble.networks
        epochsRun = ensemble.epochsRun
        var outputs = ensemble.outputs
        if blendsNaive {
            blendWeight = Self.blendSeasonalNaive(
                into: &outputs, origins: checkingOrigins, targets: targets, windows: windows, scaled: scaled,
                scaler: scalers[targets[0]], blendPeriod: seasons.blendPeriod, configuration: configuration)
        } else {
            blendWeight = 0
        }

        let intervals = Self.residualIntervals(
            actual: checking.targets, forecast: outputs, count: checkingOrigins.count,
            outputCount: windows.outputCount, horizon: horizon, level: configuration.intervalLevel)
        lowerQuantiles = intervals.lower
        upperQuantiles = intervals.upper
        validationLoss = intervals.meanAbsoluteError
    }

    /// A forecaster restored from its fitted state (`SavedForecaster`).
    init(
        configuration: LSTMForecasterConfiguration, windows: WindowBuilder, columnNames: [String],
        scalers: [SeriesScaler], step: Int, networks: [LSTMRegressorNetwork], lowerQuantiles: [Float],
        upperQuantiles: [Float], epochsRun: [Int], validationLoss: Double, baselinePeriod: Int?,
        blendWeight: Double, blendPeriod: Int
    ) {
        self.configuration = configuration
        self.windows = windows
        self.columnNames = columnNames
        self.scalers = scalers
        self.step = step
        self.networks = networks
        self.lowerQuantiles = lowerQuantiles
        self.upperQuantiles = upperQuantiles
        self.epochsRun = epochsRun
        self.validationLoss = validationLoss
        self.baselinePeriod = baselinePeriod
        self.blendWeight = blendWeight
        self.blendPeriod = blendPeriod
    }

    /// Validation windows below which interval quantiles pool the horizon steps.
    static let pooledBelow = 30

    /// Linear-interpolated quantile of sorted values.
    static func quantile(_ sorted: [Float], _ q: Float) -> Float {
        guard !sorted.isEmpty else { return 0 }
        let position = q * Float(sorted.count - 1)
        let low = Int(position)
        let high = min(low + 1, sorted.count - 1)
        let fraction = position - Float(low)
        return sorted[low] + (sorted[high] - sorted[low]) * fraction
    }

    /// Runs `network` over `count` windows in batches; returns (count, O).
    static func predictAll(
        _ network: LSTMRegressorNetwork, inputs: [Float], count: Int, steps: Int, featureCount: Int,
        batchSize: Int
    ) -> [Float] {
        var outputs: [Float] = []
        let stride = steps * featureCount
        var start = 0
        while start < count {
            let b = min(batchSize, count - start)
            let batch = Array(inputs[(start * stride)..<((start + b) * stride)])
            outputs.append(contentsOf: network.predict(inputs: batch, batchSize: b, steps: steps))
            start += b
        }
        return outputs
    }

    /// Mini-batch Adam with early stopping; leaves the best epoch's weights in `network`.
    static func train(
        _ network: LSTMRegressorNetwork, training: (inputs: [Float], targets: [Float]), count: Int,
        checking: (inputs: [Float], targets: [Float]), checkingCount: Int, steps: Int, featureCount: Int,
        outputCount: Int, configuration: LSTMForecasterConfiguration, seed: UInt64
    ) -> (epochs: Int, loss: Double) {
        var optimizer = AdamOptimizer(
            parameterCount: network.parameters.count, learningRate: configuration.learningRate,
            clipNorm: configuration.clipNorm)
        var generator = SeededGenerator(seed: seed)
        let stride = steps * featureCount
        var order = Array(0..<count)
        var best = Double.infinity
        var bestParameters = network.parameters
        var sinceBest = 0
        var epochs = 0
        var batchInputs: [Float] = []
        var batchTargets: [Float] = []
        func checkingLoss() -> Double {
            let outputs = predictAll(
                network, inputs: checking.inputs, count: checkingCount, steps: steps,
                featureCount: featureCount, batchSize: 256)
            var total = 0.0
            for i in 0..<outputs.count { total += Double(abs(outputs[i] - checking.targets[i])) }
            return total / Double(max(1, outputs.count))
        }
        if configuration.epochs == 0 { return (0, checkingLoss()) }
        for _ in 0..<configuration.epochs {
            epochs += 1
            order.shuffle(using: &generator)
            var start = 0
            while start < count {
                let b = min(configuration.batchSize, count - start)
                batchInputs.removeAll(keepingCapacity: true)
                batchTargets.removeAll(keepingCapacity: true)
                for k in start..<(start + b) {
                    let w = order[k]
                    batchInputs.append(contentsOf: training.inputs[(w * stride)..<((w + 1) * stride)])
                    batchTargets.append(
                        contentsOf: training.targets[(w * outputCount)..<((w + 1) * outputCount)])
                }
                _ = network.trainStep(
                    inputs: batchInputs, targets: batchTargets, batchSize: b, steps: steps,
                    loss: configuration.loss, optimizer: &optimizer)
                start += b
            }
            let loss = checkingLoss()
            if loss < best {
                best = loss
                bestParameters = network.parameters
                sinceBest = 0
            } else {
                sinceBest += 1
                if sinceBest >= configuration.patience { break }
            }
        }
        network.parameters = bestParameters
        return (epochs, best)
    }

    /// Point forecasts and intervals for the `horizon` steps after the end of `history`, for
    /// every target (`result[t][h]`). `history` must have the fitted series' columns and step.
    public func forecastPoints(_ history: RegularSeries) throws(ForecastError) -> [[ForecastPoint]] {
        guard history.names == columnNames, history.step == step else {
            throw .invalidParameter(
                "the series to forecast has other columns or another step than the fitted one "
                    + "(\(history.names.joined(separator: ",")) vs \(columnNames.joined(separator: ",")))")
        }
        let needed = windows.firstOrigin
        guard history.count >= needed else {
            throw .tooShort(
                needed: needed, available: history.count, what: "forecasting (one lookback window)")
        }
        let tailStart = history.count - needed
        let scaled = zip(history.columns, scalers).map { column, scaler in
            column[tailStart...].map { Float(scaler.scale($0)) }
        }
        var input: [Float] = []
        windows.appendInput(
            origin: needed, scaled: scaled, start: history.timestamp(at: tailStart), step: step, to: &input)
        var mean = [Float](repeating: 0, count: windows.outputCount)
        for network in networks {
            let out = network.predict(inputs: input, batchSize: 1, steps: windows.steps)
            for i in 0..<mean.count { mean[i] += out[i] / Float(networks.count) }
        }
        var result: [[ForecastPoint]] = []
        for (t, c) in windows.targets.enumerated() {
            var points: [ForecastPoint] = []
            for h in 0..<windows.horizon {
                let o = t * windows.horizon + h
                // The baseline of step h ≥ period repeats the last period (seasonal naive).
                let base = windows.baseline(origin: needed, h: h, column: c, scaled: scaled)
                var z = Double(base + mean[o])
                if blendWeight > 0 {
                    let naive = Double(scaled[c][needed - blendPeriod + h % blendPeriod])
                    z = (1 - blendWeight) * z + blendWeight * naive
                }
                let scaler = scalers[c]
                points.append(
                    ForecastPoint(
                        time: history.timestamp(at: history.count + h), value: scaler.unscale(z),
                        lower: scaler.unscale(z + Double(lowerQuantiles[o])),
                        upper: scaler.unscale(z + Double(upperQuantiles[o]))))
            }
            result.append(points)
        }
        return result
    }

    /// The first target's point forecasts (`SeriesForecaster`); `horizon` must not exceed the
    /// fitted horizon.
    public func forecast(_ history: RegularSeries, horizon: Int) throws -> [Double] {
        try forecastWithIntervals(history, horizon: horizon).map(\.value)
    }

    /// The first target's forecasts with intervals (`SeriesForecaster`).
    public func forecastWithIntervals(_ history: RegularSeries, horizon: Int) throws -> [ForecastPoint] {
        guard horizon <= windows.horizon else {
            throw ForecastError.invalidParameter(
                "the forecaster was fitted for \(windows.horizon) steps, not \(horizon)")
        }
        return try Array(forecastPoints(history)[0].prefix(horizon))
    }
}
