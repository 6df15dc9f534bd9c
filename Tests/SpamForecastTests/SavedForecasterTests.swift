import Testing

@testable import SpamForecast

/// Two columns of hourly counts with a daily cycle (deterministic, no noise needed here).
private func hourlyCounts(hours: Int, start: Int = 1_700_000_000 / 3600 * 3600) -> RegularSeries {
    let spam = (0..<hours).map { (t: Int) -> Double in
        let night = t % 24 < 8
        return Double(20 + (t * 7) % 24 + (night ? 0 : 30))
    }
    let ham = (0..<hours).map { (t: Int) -> Double in Double(50 + (t * 5) % 24) }
    return RegularSeries(start: start, step: 3600, names: ["spam", "ham"], columns: [spam, ham])
}

private func smallConfiguration() -> LSTMForecasterConfiguration {
    var c = LSTMForecasterConfiguration.multivariate
    c.lookback = 48
    c.horizon = 12
    c.hiddenSize = 6
    c.epochs = 3
    c.ensembleSize = 2
    c.validationSteps = 48
    c.seed = 3
    return c
}

private func fitted(_ series: RegularSeries) throws -> SavedForecaster {
    let forecaster = try LSTMForecaster(fitting: series, targets: [0], configuration: smallConfiguration())
    return SavedForecaster(forecaster: forecaster, fittedOn: series, target: 0)
}

@Test func savedForecasterRoundTripsAndForecastsTheSame() throws {
    let series = hourlyCounts(hours: 24 * 12)
    let saved = try fitted(series)
    let restored = try SavedForecaster(decoding: saved.encoded(), configuration: smallConfiguration())
    #expect(restored.dataEnd == series.timestamp(at: series.count))
    #expect(restored.target == 0)
    // Bit-identical forecasts and intervals, from the fitted end and from later history.
    #expect(try restored.forecaster.forecastPoints(series) == saved.forecaster.forecastPoints(series))
    let longer = hourlyCounts(hours: 24 * 12 + 5)
    #expect(try restored.forecaster.forecastPoints(longer) == saved.forecaster.forecastPoints(longer))
    #expect(restored.forecaster.windows == saved.forecaster.windows)
    #expect(restored.forecaster.scalers == saved.forecaster.scalers)
}

@Test func savedForecasterIsReusedOnlyWhileTheDataHasBarelyChanged() throws {
    let series = hourlyCounts(hours: 24 * 12)
    let saved = try fitted(series)
    let configuration = smallConfiguration()
    func reason(
        _ s: RegularSeries, refit: Int = 24, target: Int = 0, settings: LSTMForecasterConfiguration? = nil
    ) -> String? {
        saved.reasonToRefit(s, target: target, configuration: settings ?? configuration, refitSteps: refit)
    }
    #expect(reason(series) == nil)
    #expect(reason(hourlyCounts(hours: 24 * 12 + 23)) == nil)
    #expect(reason(hourlyCounts(hours: 24 * 12 + 24)) != nil)  // a day of new data: refit
    // A sliding window (the store's last N days) that still holds the fitted week.
    #expect(reason(hourlyCounts(hours: 24 * 12 + 3).slice(10..<(24 * 12 + 3))) == nil)
    // The fitted hours changed, or are no longer there, or the series shrank.
    var edited = hourlyCounts(hours: 24 * 12 + 3)
    edited.columns[1][24 * 12 - 5] += 1
    #expect(reason(edited) != nil)
    #expect(reason(hourlyCounts(hours: 24 * 12 + 3).slice((24 * 12 - 100)..<(24 * 12 + 3))) != nil)
    #expect(reason(hourlyCounts(hours: 24 * 11)) != nil)
    // Other settings, target, columns or phase.
    var other = configuration
    other.hiddenSize = 7
    #expect(reason(series, settings: other) != nil)
    #expect(reason(series, target: 1) != nil)
    #expect(reason(series.selecting(columns: [0])) != nil)
    #expect(reason(hourlyCounts(hours: 24 * 12, start: series.start + 1800)) != nil)
}

@Test func damagedOrForeignForecasterFilesAreRejectedWithoutCrashing() throws {
    let saved = try fitted(hourlyCounts(hours: 24 * 12))
    let bytes = saved.encoded()
    var other = smallConfiguration()
    other.seed = 4
    #expect(throws: SavedForecasterError.settingsDiffer) {
        try SavedForecaster(decoding: bytes, configuration: other)
    }
    #expect(throws: SavedForecasterError.notAForecaster) {
        try SavedForecaster(decoding: Array("timestamp,value\n".utf8), configuration: smallConfiguration())
    }
    // Every truncation and a flipped byte anywhere are errors, never a crash or a wrong model.
    for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 200)) {
        #expect(throws: SavedForecasterError.self) {
            try SavedForecaster(decoding: Array(bytes[0..<length]), configuration: smallConfiguration())
        }
    }
    for position in stride(from: 8, to: bytes.count, by: max(1, bytes.count / 50)) {
        var flipped = bytes
        flipped[position] ^= 0x10
        #expect(throws: SavedForecasterError.self) {
            try SavedForecaster(decoding: flipped, configuration: smallConfiguration())
        }
    }
}
