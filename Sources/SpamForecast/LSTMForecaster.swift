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

    /// Fits on `series` (all of it is training data) to forecast the `targets` columns.
    public init(fitting series: RegularSeries, targets: [Int] = [0], configuration: LSTMForecasterConfiguration)
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
        let scaled = zip(series.columns, scalers).map { column, scaler in column.map { Float(scaler.scale($0)) } }

        // A short series (a store a few days old) gets a shorter window and only the seasons it
        // holds, rather than an error: `history` steps before the first origin must leave at
        // least 3·H origins for training and validation.
        let patch = max(1, min(configuration.patch, configuration.lookback))
        func fits(_ history: Int) -> Bool { n - history - horizon + 1 >= 3 * horizon }
        let usableSeasons = configuration.seasonCandidates.filter { fits(max($0, patch)) }
        var lookback = configuration.lookback
        if !fits(lookback) {
            lookback = stride(from: configuration.lookback / patch * patch, through: patch, by: -patch)
                .first(where: fits) ?? patch
        }

        // Seasonal periods chosen on the newest steps of the training data (the validation tail).
        let tail = max(0, n - configuration.validationSteps)..<n
        let seasonal = SeasonSelection.bestPeriod(usableSeasons, values: scaled[targets[0]], range: tail)
            ?? usableSeasons.min() ?? configuration.seasonCandidates.min()!
        let baselinePeriod: Int?
        switch configuration.baseline {
        case .none: baselinePeriod = nil
        case .seasonal(let period): baselinePeriod = period
        case .automatic: baselinePeriod = seasonal
        }
        let blendPeriod = configuration.blendPeriod ?? seasonal
        self.baselinePeriod = baselinePeriod
        self.blendPeriod = blendPeriod
        let blendsNaive = configuration.blendWeight.map { $0 > 0 } ?? true

        let inputs = configuration.multivariate ? Array(0..<series.columns.count) : targets
        var windows = WindowBuilder(
            lookback: lookback, patch: patch, horizon: horizon,
            inputColumns: inputs, targets: targets, calendar: configuration.calendar, baselinePeriod: baselinePeriod,
            seasonalInputPeriod: configuration.seasonalInput && !usableSeasons.isEmpty ? seasonal : nil)
        if blendsNaive { windows.minimumHistory = blendPeriod }
        let first = windows.firstOrigin
        guard n >= first + horizon else {
            throw .tooShort(needed: first + horizon, available: n,
                what: "an LSTM forecast with horizon \(horizon) (window shrunk to \(lookback) steps for the short series)")
        }
        self.windows = windows

        // Origins first...last; a validation tail when there is room for it and some training.
        let last = n - horizon
        // At least H + 1 validation windows when the series allows (one would give a zero-width
        // interval and a coin-flip early stop).
        var validation = min(configuration.validationSteps, max(2 * horizon, (n - first) / 4))
        if n - validation - horizon < first { validation = min(validation, max(horizon, (n - first) / 4)) }
        if n - validation - horizon < first { validation = 0 }
        let validationOrigins = validation > 0 ? Array((n - validation)...last) : []
        // Counted back from the newest window so the most recent data is always used.
        let trainingLast = validation > 0 ? n - validation - horizon : last
        let available = max(0, trainingLast - first + 1)
        let windowStride = configuration.windowStride
            ?? max(1, (available + configuration.maximumTrainingWindows - 1) / configuration.maximumTrainingWindows)
        let trainingOrigins = Array(stride(from: trainingLast, through: first, by: -windowStride).reversed())

        let featureCount = windows.featureCount
        let outputCount = windows.outputCount
        let stepsT = windows.steps
        func assemble(_ origins: [Int]) -> (inputs: [Float], targets: [Float]) {
            var x: [Float] = []
            var y: [Float] = []
            x.reserveCapacity(origins.count * stepsT * featureCount)
            y.reserveCapacity(origins.count * outputCount)
            for o in origins {
                windows.appendInput(origin: o, scaled: scaled, start: series.start, step: series.step, to: &x)
                windows.appendTarget(origin: o, scaled: scaled, to: &y)
            }
            return (x, y)
        }
        let training = assemble(trainingOrigins)
        let checking = validation > 0 ? assemble(validationOrigins) : training
        let checkingCount = validation > 0 ? validationOrigins.count : trainingOrigins.count

        var networks: [LSTMRegressorNetwork] = []
        var epochsRun: [Int] = []
        var ensembleOutputs = [Float](repeating: 0, count: checkingCount * outputCount)
        var bestLosses: [Double] = []
        for member in 0..<configuration.ensembleSize {
            let memberSeed = configuration.seed &+ UInt64(member) &* 1_000_003
            let network = LSTMRegressorNetwork(
                inputSize: featureCount, hiddenSize: configuration.hiddenSize, outputSize: outputCount,
                linearPathSteps: configuration.linearPathSteps, seed: memberSeed)
            let run = Self.train(
                network, training: training, count: trainingOrigins.count, checking: checking, checkingCount: checkingCount,
                steps: stepsT, featureCount: featureCount, outputCount: outputCount, configuration: configuration,
                seed: memberSeed &+ 0x9E37_79B9)
            epochsRun.append(run.epochs)
            bestLosses.append(run.loss)
            let outputs = Self.predictAll(network, inputs: checking.inputs, count: checkingCount, steps: stepsT,
                featureCount: featureCount, batchSize: 256)
            for i in 0..<outputs.count { ensembleOutputs[i] += outputs[i] / Float(configuration.ensembleSize) }
            networks.append(network)
        }
        self.networks = networks
        self.epochsRun = epochsRun

        // The seasonal blend, expressed in the target's space (residual to the baseline); its
        // weight is fixed or chosen here on the validation forecasts (stacking).
        if blendsNaive {
            // Only here is every origin at least `blendPeriod` steps in (windows.minimumHistory).
            let origins = validation > 0 ? validationOrigins : trainingOrigins
            var naiveOutputs = ensembleOutputs
            for (w, o) in origins.enumerated() {
                for (t, c) in targets.enumerated() {
                    for h in 0..<horizon {
                        let i = w * outputCount + t * horizon + h
                        let base = windows.baseline(origin: o, h: h, column: c, scaled: scaled)
                        naiveOutputs[i] = scaled[c][o - blendPeriod + h % blendPeriod] - base
                    }
                }
            }
            var weight = configuration.blendWeight ?? 0
            if configuration.blendWeight == nil {
                // Judged on the first target's original scale: Σ|actual − blend| over the tail.
                var model: [Float] = [], naive: [Float] = [], actual: [Float] = []
                for (w, o) in origins.enumerated() {
                    for h in 0..<horizon {
                        let i = w * outputCount + h
                        let base = windows.baseline(origin: o, h: h, column: targets[0], scaled: scaled)
                        model.append(base + ensembleOutputs[i])
                        naive.append(base + naiveOutputs[i])
                        actual.append(scaled[targets[0]][o + h])
                    }
                }
                let scaler = scalers[targets[0]]
                weight = SeasonSelection.bestBlendWeight(
                    model: model, naive: naive, actual: actual, grid: (0...20).map { Double($0) / 20 },
                    unscale: scaler.unscale)
            }
            blendWeight = weight
            let b = Float(weight)
            for i in 0..<ensembleOutputs.count { ensembleOutputs[i] = (1 - b) * ensembleOutputs[i] + b * naiveOutputs[i] }
        } else {
            blendWeight = 0
        }

        // Residual quantiles per output column, from the (ensemble) validation forecasts. With
        // fewer than `pooledBelow` windows (a short series) each output's quantiles come from all
        // horizon steps of its target together, rather than from a handful of values.
        var lower = [Float](repeating: 0, count: outputCount)
        var upper = [Float](repeating: 0, count: outputCount)
        var totalError = 0.0
        func residual(_ w: Int, _ o: Int) -> Float {
            checking.targets[w * outputCount + o] - ensembleOutputs[w * outputCount + o]
        }
        for o in 0..<outputCount { for w in 0..<checkingCount { totalError += Double(abs(residual(w, o))) } }
        let pooled = checkingCount < Self.pooledBelow
        for o in 0..<outputCount {
            let outputs = pooled ? Array((o / horizon * horizon)..<(o / horizon * horizon + horizon)) : [o]
            var residuals: [Float] = []
            residuals.reserveCapacity(checkingCount * outputs.count)
            for p in outputs { for w in 0..<checkingCount { residuals.append(residual(w, p)) } }
            residuals.sort()
            lower[o] = Self.quantile(residuals, (1 - Float(configuration.intervalLevel)) / 2)
            upper[o] = Self.quantile(residuals, (1 + Float(configuration.intervalLevel)) / 2)
        }
        lowerQuantiles = lower
        upperQuantiles = upper
        validationLoss = totalError / Double(max(1, checkingCount * outputCount))
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
    static func predictAll(_ network: LSTMRegressorNetwork, inputs: [Float], count: Int, steps: Int, featureCount: Int,
        batchSize: Int) -> [Float]
    {
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
            let outputs = predictAll(network, inputs: checking.inputs, count: checkingCount, steps: steps,
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
                    batchTargets.append(contentsOf: training.targets[(w * outputCount)..<((w + 1) * outputCount)])
                }
                _ = network.trainStep(inputs: batchInputs, targets: batchTargets, batchSize: b, steps: steps,
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
            throw .invalidParameter("the series to forecast has other columns or another step than the fitted one "
                + "(\(history.names.joined(separator: ",")) vs \(columnNames.joined(separator: ",")))")
        }
        let needed = windows.firstOrigin
        guard history.count >= needed else {
            throw .tooShort(needed: needed, available: history.count, what: "forecasting (one lookback window)")
        }
        let tailStart = history.count - needed
        let scaled = zip(history.columns, scalers).map { column, scaler in
            column[tailStart...].map { Float(scaler.scale($0)) }
        }
        var input: [Float] = []
        windows.appendInput(origin: needed, scaled: scaled, start: history.timestamp(at: tailStart), step: step, to: &input)
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
                points.append(ForecastPoint(
                    time: history.timestamp(at: history.count + h), value: scaler.unscale(z),
                    lower: scaler.unscale(z + Double(lowerQuantiles[o])), upper: scaler.unscale(z + Double(upperQuantiles[o]))))
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
            throw ForecastError.invalidParameter("the forecaster was fitted for \(windows.horizon) steps, not \(horizon)")
        }
        return try Array(forecastPoints(history)[0].prefix(horizon))
    }
}
