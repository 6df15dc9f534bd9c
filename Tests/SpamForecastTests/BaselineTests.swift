import SpamTestSupport
import Testing

@testable import SpamForecast

/// y[t] = t + 10·(t mod 24): same-hour-yesterday is always 24 low, last week 168 low.
private func trendingDaily(_ n: Int) -> RegularSeries {
    RegularSeries(start: 0, step: 3600, names: ["y"], columns: [(0..<n).map { Double($0 + 10 * ($0 % 24)) }])
}

@Test func seasonalNaiveMetricsHaveKnownValues() throws {
    let series = trendingDaily(1000)
    let backtest = try Backtest(series: series, holdout: 336, horizon: 24)
    #expect(backtest.origins.count == 14)
    #expect(backtest.origins.first == 664)
    #expect(backtest.scale == 24)
    let daily = try backtest.run { try SeasonalNaiveForecaster(season: 24).forecast($0, horizon: 24) }
    #expect(daily.accuracy.mae == 24)
    #expect(daily.accuracy.rmse == 24)
    #expect(daily.accuracy.mase == 1)
    #expect(daily.accuracy.count == 336)
    let weekly = try backtest.run { try SeasonalNaiveForecaster(season: 168).forecast($0, horizon: 24) }
    #expect(weekly.accuracy.mae == 168)
    #expect(weekly.accuracy.mase == 7)
    // sMAPE: mean over the holdout of 200·168/(A + A − 168).
    let expected = backtest.actual.map { 200 * 168 / (2 * $0 - 168) }.reduce(0, +) / 336
    #expect(abs(weekly.accuracy.smape - expected) < 1e-9)
}

@Test func smapeCountsZeroOverZeroAsZero() {
    let accuracy = ForecastAccuracy(actual: [0, 1, 2], forecast: [0, 3, 2], scale: 2)
    #expect(abs(accuracy.smape - 100.0 / 3) < 1e-12)
    #expect(abs(accuracy.mae - 2.0 / 3) < 1e-12)
    #expect(abs(accuracy.mase - 1.0 / 3) < 1e-12)
    #expect(abs(accuracy.rmse - (4.0 / 3).squareRoot()) < 1e-12)
}

@Test func backtestShowsEachModelOnlyThePast() throws {
    let series = trendingDaily(500)
    let backtest = try Backtest(series: series, holdout: 48, horizon: 24)
    var seen: [Int] = []
    _ = try backtest.run { (history: RegularSeries) throws -> [Double] in
        seen.append(history.count)
        #expect(history.columns[0].last == series.columns[0][history.count - 1])
        return [Double](repeating: 0, count: 24)
    }
    #expect(seen == [452, 476])
    #expect(throws: ForecastError.self) {
        try Backtest(series: trendingDaily(100), holdout: 336, horizon: 24)
    }
}

@Test func seasonalNaiveNeedsOneSeason() throws {
    #expect(throws: ForecastError.self) { try SeasonalNaive.forecast([1, 2, 3], season: 24, horizon: 24) }
    #expect(try SeasonalNaive.forecast([1, 2, 3], season: 2, horizon: 5) == [2, 3, 2, 3, 2])
}

/// The protocol check of ../shared/timeseries/README.md; skipped when the data is absent.
@Test(.enabled(if: TestEnvironment.runsSharedDataTests(needing: "timeseries"), "needs ../shared/timeseries"))
func readmeSeasonalNaiveFiguresReproduce() throws {
    let expected: [(String, Double, Double, Double, Double)] = [
        ("nyc_taxi", 1.584, 43.1, 0.841, 22.2), ("Twitter_volume_AAPL", 1.369, 56.5, 1.254, 50.5),
    ]
    for (name, mase24, smape24, mase168, smape168) in expected {
        let path = TestEnvironment.sharedDirectory + "/timeseries/\(name).csv"
        let bytes = try #require(readFile(path), "\(path) is missing")
        let series = try Resampler.resample(SeriesTable.parse(bytes, source: name))
        let backtest = try Backtest(series: series, holdout: 336, horizon: 24)
        let daily = try backtest.run { try SeasonalNaiveForecaster(season: 24).forecast($0, horizon: 24) }
        let weekly = try backtest.run { try SeasonalNaiveForecaster(season: 168).forecast($0, horizon: 24) }
        #expect(abs(daily.accuracy.mase - mase24) < 0.0005)
        #expect(abs(daily.accuracy.smape - smape24) < 0.05)
        #expect(abs(weekly.accuracy.mase - mase168) < 0.0005)
        #expect(abs(weekly.accuracy.smape - smape168) < 0.05)
    }
}

@Test func refittingForecasterRefitsWhenTheHistoryHasGrownByTheInterval() throws {
    let series = RegularSeries(
        start: 0, step: 3600, names: ["v"], columns: [(0..<(24 * 10)).map(Double.init)])
    var fittedOn: [Int] = []
    let refitting = RefittingForecaster(name: "weekly", interval: 48) { history in
        fittedOn.append(history.count)
        return SeasonalNaiveForecaster(season: 24)
    }
    let backtest = try Backtest(series: series, holdout: 96, horizon: 24)
    _ = try backtest.run { try refitting.forecast($0, horizon: 24) }
    #expect(fittedOn == [144, 192])
    #expect(refitting.fitCount == 2)
    let once = RefittingForecaster(name: "once", interval: nil) { _ in SeasonalNaiveForecaster(season: 24) }
    _ = try backtest.run { try once.forecast($0, horizon: 24) }
    #expect(once.fitCount == 1)
}

@Test func backtestCountsHeldOutStepsInsideTheirIntervals() throws {
    let series = trendingDaily(500)
    // Holdout 30 steps with horizon 24: the second forecast is cut to 6 steps.
    let backtest = try Backtest(series: series, holdout: 30, horizon: 24)
    let actual = backtest.actual
    // The interval is exact (width 0) on even steps of each forecast and misses by one on odd ones.
    let result = try backtest.runWithIntervals({ history in
        (0..<24).map { h in
            let t = history.count + h
            let value = t < series.count ? series.columns[0][t] : 0
            let bound = h % 2 == 0 ? value : value + 1
            return ForecastPoint(time: history.timestamp(at: t), value: value, lower: bound, upper: bound)
        }
    })
    #expect(result.forecast == actual)
    #expect(result.accuracy.mae == 0)
    let inside = (0..<24).filter { $0 % 2 == 0 }.count + (0..<6).filter { $0 % 2 == 0 }.count
    #expect(result.coverage == Double(inside) / 30)
    // Models without intervals (NaN bounds, the protocol's default) report none.
    let naive = try backtest.runWithIntervals({
        try SeasonalNaiveForecaster(season: 24).forecastWithIntervals($0, horizon: 24)
    })
    #expect(naive.coverage == nil)
    #expect(naive.accuracy.mae == 24)
}
