import Testing

@testable import SpamForecast

/// Hour h of a week: a daily shape, and weekends at half volume, so last week's same hour
/// is exact and yesterday's same hour is wrong on Saturdays and Mondays.
private func weeklyValues(hours: Int) -> [Float] {
    (0..<hours).map { t in
        let daily: Float = [1, 2, 3, 4, 3, 2][(t % 24) / 4]
        let weekend = (t / 24) % 7 >= 5
        return weekend ? daily / 2 : daily
    }
}

@Test func bestPeriodFollowsTheSeasonThatRepeats() {
    let weekly = weeklyValues(hours: 24 * 28)
    #expect(SeasonSelection.bestPeriod([24, 168], values: weekly, range: 24 * 21..<24 * 28) == 168)
    // Same data with no weekend effect: both are exact; the tie goes to the first period.
    let daily = (0..<(24 * 28)).map { Float(($0 % 24) / 4) }
    #expect(SeasonSelection.bestPeriod([24, 168], values: daily, range: 24 * 21..<24 * 28) == 24)
    // A daily series with a one-off spike a week before the tail: last week carries the spike.
    var spiky = daily
    spiky[24 * 14 + 5] = 50
    #expect(SeasonSelection.bestPeriod([168, 24], values: spiky, range: 24 * 21..<24 * 22) == 24)
}

@Test func bestPeriodSkipsPeriodsLongerThanTheData() {
    let short = weeklyValues(hours: 100)
    #expect(SeasonSelection.bestPeriod([168, 24], values: short, range: 0..<100) == 24)
    #expect(SeasonSelection.bestPeriod([168], values: short, range: 0..<100) == nil)
}

@Test func blendWeightStacksTowardTheBetterForecast() {
    let actual: [Float] = [0, 1, 2, 3, 4, 5]
    let offByOne = actual.map { $0 + 1 }
    let grid = (0...10).map { Double($0) / 10 }
    let identity: (Double) -> Double = { $0 }
    #expect(
        SeasonSelection.bestBlendWeight(
            model: actual, naive: offByOne, actual: actual, grid: grid, unscale: identity) == 0)
    #expect(
        SeasonSelection.bestBlendWeight(
            model: offByOne, naive: actual, actual: actual, grid: grid, unscale: identity) == 1)
    // Errors of opposite sign cancel at the midpoint.
    let under = actual.map { $0 - 1 }
    #expect(
        abs(
            SeasonSelection.bestBlendWeight(
                model: offByOne, naive: under, actual: actual, grid: grid, unscale: identity) - 0.5) < 1e-9)
}
