import Testing

@testable import SpamForecast

@Test(arguments: SeriesScaler.Transform.allCases)
func scalerUsesTrainingStatisticsAndInverts(_ transform: SeriesScaler.Transform) {
    let training: [Double] = [0, 1, 3, 7, 15]
    let scaler = SeriesScaler(fitting: training, transform: transform)
    #expect(scaler.transform == transform)
    let scaled = training.map(scaler.scale)
    let mean = scaled.reduce(0, +) / 5
    let variance = scaled.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 5
    #expect(abs(mean) < 1e-12)
    #expect(abs(variance - 1) < 1e-12)
    for value in [0.0, 2.5, 1000] {
        #expect(abs(scaler.unscale(scaler.scale(value)) - value) < 1e-9 * max(1, value))
    }
    let signed = SeriesScaler(fitting: [-1.0, 1], transform: transform)
    #expect(signed.transform == .identity)
    #expect(signed.scale(1) == 1)
    let constant = SeriesScaler(fitting: [4.0, 4, 4], transform: transform)
    #expect(constant.scale(4) == 0)
}

@Test func squareRootScalerWeighsBusyHoursMoreThanTheLog() {
    // The same relative change (×1.1) moves a busy hour further than a quiet one under √, not under log.
    let values: [Double] = [10, 100, 1000, 10_000]
    let root = SeriesScaler(fitting: values, transform: .squareRoot)
    let log = SeriesScaler(fitting: values, transform: .log)
    let rootQuiet = root.scale(11) - root.scale(10)
    let rootBusy = root.scale(11_000) - root.scale(10_000)
    let logQuiet = log.scale(11) - log.scale(10)
    let logBusy = log.scale(11_000) - log.scale(10_000)
    #expect(rootBusy > 10 * rootQuiet)
    #expect(abs(logBusy / logQuiet - 1) < 0.1)
    // Network outputs below the transform's range come back as −1 at the lowest (√ clamped at 0).
    #expect(root.unscale(-100) == -1)
}

@Test func windowsFoldPatchesAndSubtractTheBaseline() {
    // Two columns, patch 2, lookback 4 → T = 2 steps of F = 2·2 + 4 (calendar) features.
    let a: [Float] = (0..<12).map { Float($0) }
    let b: [Float] = (0..<12).map { Float(100 + $0) }
    let builder = WindowBuilder(
        lookback: 4, patch: 2, horizon: 3, inputColumns: [0, 1], targets: [0], calendar: true,
        baselinePeriod: 4)
    #expect(builder.steps == 2)
    #expect(builder.featureCount == 8)
    #expect(builder.outputCount == 3)
    #expect(builder.firstOrigin == 4)
    var input: [Float] = []
    builder.appendInput(origin: 6, scaled: [a, b], start: 0, step: 3600, to: &input)
    #expect(input.count == 16)
    #expect(Array(input[0..<4]) == [2, 3, 102, 103])
    #expect(Array(input[8..<12]) == [4, 5, 104, 105])
    // Calendar of step 5 (05:00 on a Thursday): sin/cos of 5/24 of a turn.
    let calendar = CalendarFeatures.values(at: 5 * 3600)
    #expect(abs(Double(input[12]) - calendar[0]) < 1e-6)
    var target: [Float] = []
    builder.appendTarget(origin: 6, scaled: [a, b], to: &target)
    #expect(target == [4, 4, 4])  // a[6..8] − a[2..4]
    #expect(builder.baseline(origin: 6, h: 5, column: 0, scaled: [a, b]) == 3)  // repeats the last period
}

/// Read relative to its level, a window is the same whatever its height: inputs (the seasonal
/// step's too) and targets of a series and of the series raised by a constant are equal, and
/// the baseline is each column's mean over the window's last `levelSteps` steps.
@Test func windowsReadRelativeToTheirLevelDoNotSeeAJump() {
    let a: [Float] = (0..<20).map { Float($0 % 5) }
    let raised = a.map { $0 + 7 }
    var builder = WindowBuilder(
        lookback: 4, patch: 2, horizon: 2, inputColumns: [0], targets: [0], calendar: false,
        baselinePeriod: nil, seasonalInputPeriod: 6)
    builder.levelSteps = 3
    func read(_ column: [Float]) -> (input: [Float], target: [Float]) {
        var input: [Float] = []
        var target: [Float] = []
        builder.appendInput(origin: 10, scaled: [column], start: 0, step: 3600, to: &input)
        builder.appendTarget(origin: 10, scaled: [column], to: &target)
        return (input, target)
    }
    // a[7..<10] = 2, 3, 4: level 3.
    #expect(builder.baseline(origin: 10, h: 1, column: 0, scaled: [a]) == 3)
    #expect(builder.baseline(origin: 10, h: 1, column: 0, scaled: [raised]) == 10)
    let expected: [Float] = [-2, -1, 0, 1, 1, -3]  // a[6..<10] and a[4..<6] (1 2 3 4, 4 0) less 3
    #expect(read(a).input == expected)
    #expect(read(a).target == [-3, -2])  // a[10], a[11] (0, 1) less 3
    #expect(read(raised).input == read(a).input)
    #expect(read(raised).target == read(a).target)
}

@Test func calendarFeaturesWrapAround() {
    let midnight = CalendarFeatures.values(at: 0)
    #expect(abs(midnight[0]) < 1e-12 && abs(midnight[1] - 1) < 1e-12)
    let nextWeek = CalendarFeatures.values(at: 7 * 86_400)
    for i in 0..<4 { #expect(abs(midnight[i] - nextWeek[i]) < 1e-9) }
}

@Test func seasonalInputStepReadsLastSeasonOfTheForecastHours() {
    let a: [Float] = (0..<20).map { Float($0) }
    let builder = WindowBuilder(
        lookback: 4, patch: 2, horizon: 2, inputColumns: [0], targets: [0], calendar: true,
        baselinePeriod: nil, seasonalInputPeriod: 6)
    #expect(builder.windowSteps == 2)
    #expect(builder.steps == 3)
    #expect(builder.firstOrigin == 6)
    var input: [Float] = []
    builder.appendInput(origin: 10, scaled: [a], start: 0, step: 3600, to: &input)
    #expect(input.count == 3 * 6)
    #expect(Array(input[0..<2]) == [6, 7])
    #expect(Array(input[6..<8]) == [8, 9])
    #expect(Array(input[12..<14]) == [4, 5])  // a[10 − 6 ..< 10 − 6 + 2]
    // The extra step carries the calendar of the last forecast step (11:00).
    let calendar = CalendarFeatures.values(at: 11 * 3600)
    #expect(abs(Double(input[14]) - calendar[0]) < 1e-6)
}
