import SpamNN

// The steps of `LSTMForecaster.init(fitting:)`, in the order it takes them. Each is the code the
// initializer ran inline before, moved without changing an operation, so fits stay bit for bit
// the same (the saved forecasters of a seeded run are byte-identical).

extension LSTMForecaster {
    /// The window a series of `n` steps can afford.
    struct WindowSize {
        var patch: Int
        var lookback: Int
        /// The configured season candidates the series holds enough of.
        var usableSeasons: [Int]
    }

    /// Step 1. A short series (a store a few days old) gets a shorter window and only the seasons
    /// it holds, rather than an error: `history` steps before the first origin must leave at
    /// least 3·H origins for training and validation.
    static func windowSize(steps n: Int, configuration: LSTMForecasterConfiguration) -> WindowSize {
        let horizon = configuration.horizon
        let patch = max(1, min(configuration.patch, configuration.lookback))
        func fits(_ history: Int) -> Bool { n - history - horizon + 1 >= 3 * horizon }
        let usableSeasons = configuration.seasonCandidates.filter { fits(max($0, patch)) }
        var lookback = configuration.lookback
        if !fits(lookback) {
            lookback =
                stride(from: configuration.lookback / patch * patch, through: patch, by: -patch)
                .first(where: fits) ?? patch
        }
        return WindowSize(patch: patch, lookback: lookback, usableSeasons: usableSeasons)
    }

    /// The seasonal periods of the fit.
    struct SeasonChoice {
        /// The period whose naive forecast erred least on the validation tail.
        var seasonal: Int
        var baselinePeriod: Int?
        var blendPeriod: Int
    }

    /// Step 2. Seasonal periods chosen on the newest steps of the training data (the validation
    /// tail) of the scaled first target, where the configuration leaves them open.
    static func chooseSeasons(
        _ usableSeasons: [Int], target scaled: [Float], configuration: LSTMForecasterConfiguration
    ) -> SeasonChoice {
        let n = scaled.count
        let tail = max(0, n - configuration.validationSteps)..<n
        let seasonal =
            SeasonSelection.bestPeriod(usableSeasons, values: scaled, range: tail)
            ?? usableSeasons.min() ?? configuration.seasonCandidates.min()!
        let baselinePeriod: Int?
        switch configuration.baseline {
        case .none: baselinePeriod = nil
        case .seasonal(let period): baselinePeriod = period
        case .automatic: baselinePeriod = seasonal
        case .level: baselinePeriod = nil
        }
        return SeasonChoice(
            seasonal: seasonal, baselinePeriod: baselinePeriod,
            blendPeriod: configuration.blendPeriod ?? seasonal)
    }

    /// The forecast origins (first step of each window's horizon) for training and validation.
    struct OriginSplit {
        var training: [Int]
        var validation: [Int]
        /// False when the series has no room for a validation tail (then `validation` is empty).
        var hasValidation: Bool
    }

    /// Origins `first`…n − H; a time-ordered validation tail when there is room for it and for
    /// some training, and training windows counted back from the newest so the most recent data
    /// is always used (strided down to at most `maximumTrainingWindows`).
    static func splitOrigins(steps n: Int, first: Int, configuration: LSTMForecasterConfiguration)
        -> OriginSplit
    {
        let horizon = configuration.horizon
        let last = n - horizon
        // At least H + 1 validation windows when the series allows (one would give a zero-width
        // interval and a coin-flip early stop).
        var validation = min(configuration.validationSteps, max(2 * horizon, (n - first) / 4))
        if n - validation - horizon < first { validation = min(validation, max(horizon, (n - first) / 4)) }
        if n - validation - horizon < first { validation = 0 }
        let validationOrigins = validation > 0 ? Array((n - validation)...last) : []
        let trainingLast = validation > 0 ? n - validation - horizon : last
        let available = max(0, trainingLast - first + 1)
        let windowStride =
            configuration.windowStride
            ?? max(
                1,
                (available + configuration.maximumTrainingWindows - 1) / configuration.maximumTrainingWindows)
        let trainingOrigins = Array(stride(from: trainingLast, through: first, by: -windowStride).reversed())
        return OriginSplit(
            training: trainingOrigins, validation: validationOrigins, hasValidation: validation > 0)
    }

    /// The network inputs (count, T, F) and targets (count, O) of the windows at `origins`.
    static func assemble(
        _ origins: [Int], windows: WindowBuilder, scaled: [[Float]], series: RegularSeries
    ) -> (inputs: [Float], targets: [Float]) {
        var x: [Float] = []
        var y: [Float] = []
        x.reserveCapacity(origins.count * windows.steps * windows.featureCount)
        y.reserveCapacity(origins.count * windows.outputCount)
        for o in origins {
            windows.appendInput(origin: o, scaled: scaled, start: series.start, step: series.step, to: &x)
            windows.appendTarget(origin: o, scaled: scaled, to: &y)
        }
        return (x, y)
    }

    /// The trained members and their mean forecast of the checking windows.
    struct Ensemble {
        var networks: [LSTMRegressorNetwork]
        var epochsRun: [Int]
        /// (checkingCount, O): the members' forecasts averaged, on the model scale.
        var outputs: [Float]
    }

    /// Step 3. Trains `ensembleSize` networks (seeds seed, seed + 1_000_003, …), each stopping
    /// early on the checking windows, and averages their forecasts of those windows.
    static func trainEnsemble(
        training: (inputs: [Float], targets: [Float]), trainingCount: Int,
        checking: (inputs: [Float], targets: [Float]), checkingCount: Int,
        windows: WindowBuilder, configuration: LSTMForecasterConfiguration
    ) -> Ensemble {
        let featureCount = windows.featureCount
        let outputCount = windows.outputCount
        let stepsT = windows.steps
        var networks: [LSTMRegressorNetwork] = []
        var epochsRun: [Int] = []
        var ensembleOutputs = [Float](repeating: 0, count: checkingCount * outputCount)
        for member in 0..<configuration.ensembleSize {
            let memberSeed = configuration.seed &+ UInt64(member) &* 1_000_003
            let network = LSTMRegressorNetwork(
                inputSize: featureCount, hiddenSize: configuration.hiddenSize, outputSize: outputCount,
                linearPathSteps: configuration.linearPathSteps, seed: memberSeed)
            let run = Self.train(
                network, training: training, count: trainingCount, checking: checking,
                checkingCount: checkingCount,
                steps: stepsT, featureCount: featureCount, outputCount: outputCount,
                configuration: configuration,
                seed: memberSeed &+ 0x9E37_79B9)
            epochsRun.append(run.epochs)
            let outputs = Self.predictAll(
                network, inputs: checking.inputs, count: checkingCount, steps: stepsT,
                featureCount: featureCount, batchSize: 256)
            for i in 0..<outputs.count {
                ensembleOutputs[i] += outputs[i] / Float(configuration.ensembleSize)
            }
            networks.append(network)
        }
        return Ensemble(networks: networks, epochsRun: epochsRun, outputs: ensembleOutputs)
    }

    /// Step 4. Mixes the seasonal-naive forecast into `outputs` (the checking windows at
    /// `origins`), expressed in the target's space (residual to the baseline); its weight is the
    /// configured one or chosen here on those forecasts (stacking). Returns the weight.
    static func blendSeasonalNaive(
        into outputs: inout [Float], origins: [Int], targets: [Int], windows: WindowBuilder,
        scaled: [[Float]],
        scaler: SeriesScaler, blendPeriod: Int, configuration: LSTMForecasterConfiguration
    ) -> Double {
        let horizon = configuration.horizon
        let outputCount = windows.outputCount
        // Only here is every origin at least `blendPeriod` steps in (windows.minimumHistory).
        var naiveOutputs = outputs
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
            var model: [Float] = []
            var naive: [Float] = []
            var actual: [Float] = []
            for (w, o) in origins.enumerated() {
                for h in 0..<horizon {
                    let i = w * outputCount + h
                    let base = windows.baseline(origin: o, h: h, column: targets[0], scaled: scaled)
                    model.append(base + outputs[i])
                    naive.append(base + naiveOutputs[i])
                    actual.append(scaled[targets[0]][o + h])
                }
            }
            weight = SeasonSelection.bestBlendWeight(
                model: model, naive: naive, actual: actual, grid: (0...20).map { Double($0) / 20 },
                unscale: scaler.unscale)
        }
        let b = Float(weight)
        for i in 0..<outputs.count { outputs[i] = (1 - b) * outputs[i] + b * naiveOutputs[i] }
        return weight
    }

    /// Residual quantiles per output and the mean absolute residual (model scale).
    struct ResidualIntervals {
        var lower: [Float]
        var upper: [Float]
        var meanAbsoluteError: Double
    }

    /// Step 5. Residual quantiles per output column, from the (ensemble) forecasts of the `count`
    /// checking windows. With fewer than `pooledBelow` windows (a short series) each output's
    /// quantiles come from all horizon steps of its target together, rather than from a handful
    /// of values.
    static func residualIntervals(
        actual: [Float], forecast: [Float], count: Int, outputCount: Int, horizon: Int, level: Double
    ) -> ResidualIntervals {
        var lower = [Float](repeating: 0, count: outputCount)
        var upper = [Float](repeating: 0, count: outputCount)
        var totalError = 0.0
        func residual(_ w: Int, _ o: Int) -> Float {
            actual[w * outputCount + o] - forecast[w * outputCount + o]
        }
        for o in 0..<outputCount { for w in 0..<count { totalError += Double(abs(residual(w, o))) } }
        let pooled = count < Self.pooledBelow
        for o in 0..<outputCount {
            let outputs = pooled ? Array((o / horizon * horizon)..<(o / horizon * horizon + horizon)) : [o]
            var residuals: [Float] = []
            residuals.reserveCapacity(count * outputs.count)
            for p in outputs { for w in 0..<count { residuals.append(residual(w, p)) } }
            residuals.sort()
            lower[o] = Self.quantile(residuals, (1 - Float(level)) / 2)
            upper[o] = Self.quantile(residuals, (1 + Float(level)) / 2)
        }
        return ResidualIntervals(
            lower: lower, upper: upper, meanAbsoluteError: totalError / Double(max(1, count * outputCount)))
    }
}
