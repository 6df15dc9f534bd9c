import Testing

@testable import SpamForecast

@Test func readsIsoAndUnixFixtures() throws {
    // Four spellings of one instant are one instant: the first row stands, the others repeat it.
    let sameInstant = try FixtureFiles.table("iso8601_same_instant.csv")
    #expect(sameInstant.timestamps == [1_424_986_973])
    #expect(sameInstant.columns == [[1]])
    #expect(sameInstant.repeatedLines == [3, 4, 5])
    let unix = try FixtureFiles.table("unix_seconds.csv")
    #expect(unix.timestamps == [1_424_986_973, 1_424_990_573, 1_424_994_173])
    #expect(unix.columns == [[5, 7, 9]])
}

@Test func readsSeveralColumnsWithBomAndNoFinalNewline() throws {
    let table = try FixtureFiles.table("two_columns_bom.csv")
    #expect(table.names == ["spam", "ham"])
    #expect(table.columns == [[1, 2, 3], [10, 20, 30]])
    #expect(table.lines == [2, 3, 4])
}

@Test func semicolonAndTabDelimitedFilesAreRead() throws {
    let comma = try SeriesTable.parse(
        Array("time,spam,ham\n2024-05-01 00:00:00,1.5,2\n2024-05-01 01:00:00,3,4\n".utf8), source: "c")
    let semicolon = try SeriesTable.parse(
        Array("time;spam;ham\n2024-05-01 00:00:00;1,5;2\n\"2024-05-01 01:00:00\";3;4\n".utf8), source: "s")
    let tab = try SeriesTable.parse(
        Array("time\tspam\tham\n2024-05-01 00:00:00\t1.5\t2\n2024-05-01 01:00:00\t3\t4\n".utf8), source: "t")
    #expect(semicolon.columns == comma.columns && tab.columns == comma.columns)
    #expect(semicolon.names == ["spam", "ham"] && tab.names == ["spam", "ham"])
    #expect(semicolon.timestamps == comma.timestamps && tab.timestamps == comma.timestamps)
    // A decimal comma only with semicolons: with commas it is a field separator (a field count error).
    #expect(throws: ForecastError.wrongFieldCount(source: "c", line: 2, expected: 2, found: 3)) {
        try SeriesTable.parse(Array("time,spam\n2024-05-01 00:00:00,1,5\n".utf8), source: "c")
    }
    #expect(throws: ForecastError.nonNumeric(source: "s", line: 2, column: "spam", text: "1,2,3")) {
        try SeriesTable.parse(Array("time;spam\n2024-05-01 00:00:00;1,2,3\n".utf8), source: "s")
    }
}

/// Exports repeat a row now and then (NAB's `exchange-2_cpc_results.csv` does, once in 1,600
/// hours): the repeat is left out and its line kept for the warning, where it refused the file.
@Test func aRepeatedTimestampIsLeftOut() throws {
    let repeated = try FixtureFiles.table("duplicate.csv")
    #expect(repeated.timestamps.count == 2)
    #expect(repeated.columns == [[1, 2]])
    #expect(repeated.lines == [2, 3])
    #expect(repeated.repeatedLines == [4])
}

@Test func badInputGivesErrorsWithLineNumbers() {
    #expect(throws: ForecastError.emptyFile(source: "empty.csv")) { try FixtureFiles.table("empty.csv") }
    #expect(throws: ForecastError.noDataRows(source: "header_only.csv")) {
        try FixtureFiles.table("header_only.csv")
    }
    #expect(throws: ForecastError.unsorted(source: "unsorted.csv", line: 4, previousLine: 3)) {
        try FixtureFiles.table("unsorted.csv")
    }
    #expect(
        throws: ForecastError.nonNumeric(source: "non_numeric.csv", line: 4, column: "value", text: "12a")
    ) {
        try FixtureFiles.table("non_numeric.csv")
    }
    #expect(
        throws: ForecastError.badTimestamp(source: "bad_timestamp.csv", line: 3, text: "2024-05-01 25:00:00")
    ) {
        try FixtureFiles.table("bad_timestamp.csv")
    }
    let noHeader = Array("2024-05-01 10:00:00,1\n".utf8)
    #expect(throws: ForecastError.self) { try SeriesTable.parse(noHeader, source: "x") }
    let ragged = Array("t,v\n2024-05-01 10:00:00,1,2\n".utf8)
    #expect(throws: ForecastError.wrongFieldCount(source: "x", line: 2, expected: 2, found: 3)) {
        try SeriesTable.parse(ragged, source: "x")
    }
    let infinite = Array("t,v\n2024-05-01 10:00:00,inf\n".utf8)
    #expect(throws: ForecastError.nonNumeric(source: "x", line: 2, column: "v", text: "inf")) {
        try SeriesTable.parse(infinite, source: "x")
    }
    let noValues = Array("t,v\n2024-05-01 10:00:00,\n2024-05-01 11:00:00,NA\n".utf8)
    #expect(throws: ForecastError.noValues(source: "x", column: "v")) {
        try SeriesTable.parse(noValues, source: "x")
    }
    #expect(ForecastError.unsorted(source: "a.csv", line: 4, previousLine: 3).description.contains("line 4"))
}

@Test func resamplesDropsPartialHoursAndInterpolatesGaps() throws {
    let series = try Resampler.resample(FixtureFiles.table("twenty_minute_gap.csv"))
    #expect(Timestamp.format(series.start) == "2024-05-01 11:00:00")
    #expect(series.columns == [[9, 19.5, 30]])
    #expect(series.filledSteps == [1])
    let mean = try Resampler.resample(FixtureFiles.table("twenty_minute_gap.csv"), aggregation: .mean)
    #expect(mean.columns == [[3, 6.5, 10]])
}

/// Exporters write a value they lack as an empty cell (pandas), `NA` (R) or `NULL`: such a file
/// was refused at its first blank. A missing cell is now a row without that column's value: an
/// hour whose rows all lack it is filled like an hour with no rows, and in an hour where some
/// lack it the others' mean stands in for them, so the hour is not read as a quiet one.
@Test func missingCellsAreFilledLikeGaps() throws {
    let text = """
        timestamp,ham,spam
        2024-05-01 10:00:00,4,1
        2024-05-01 10:30:00,6,1
        2024-05-01 11:00:00,,2
        2024-05-01 11:30:00,NA,2
        2024-05-01 12:00:00,8,NaN
        2024-05-01 12:30:00,null,3
        2024-05-01 13:00:00,9,4
        2024-05-01 13:30:00,11,4
        """
    let table = try SeriesTable.parse(Array(text.utf8), source: "x")
    #expect(table.rowCount == 8)
    #expect(table.columns[0][2].isNaN && table.columns[0][5].isNaN && table.columns[1][4].isNaN)
    let sums = try Resampler.resample(table)
    // ham: 10, (no value: between its neighbours 10 and 16) 13, 8 over one of two rows → 16, 20.
    // spam: 2, 4, 3 over one of two rows → 6, 8.
    #expect(sums.columns == [[10, 13, 16, 20], [2, 4, 6, 8]])
    #expect(sums.filledSteps == [1])
    let means = try Resampler.resample(table, aggregation: .mean)
    #expect(means.columns == [[5, 6.5, 8, 10], [1, 2, 3, 4]])
    // A file of events counts an hour without rows as zero, but an hour with rows and no value
    // is still unknown, not quiet.
    let events = try Resampler.resample(table, emptySteps: .zero)
    #expect(events.columns[0] == [10, 13, 16, 20])
    #expect(events.filledSteps == [1])
}

/// A daily file summed per hour made 23 of every 24 hours up and forecast daily totals as hourly
/// values; now it is refused with the gap named. A regular series with a gap, and data sampled
/// every 5 or 30 minutes, pass.
@Test func aSeriesSampledLessOftenThanTheStepIsRefused() throws {
    func table(every gap: Int, rows: Int, skipping skipped: Range<Int> = 0..<0) throws -> SeriesTable {
        var text = "timestamp,value\n"
        for i in 0..<rows where !skipped.contains(i) { text += "\(1_700_006_400 + i * gap),\(i)\n" }
        return try SeriesTable.parse(Array(text.utf8), source: "volume.csv")
    }
    #expect(throws: ForecastError.sampledTooRarely(source: "volume.csv", medianGap: 86_400, step: 3600)) {
        try Resampler.checkSampling(table(every: 86_400, rows: 30))
    }
    #expect(throws: ForecastError.sampledTooRarely(source: "volume.csv", medianGap: 7200, step: 3600)) {
        try Resampler.checkSampling(table(every: 7200, rows: 30))
    }
    try Resampler.checkSampling(table(every: 3600, rows: 100, skipping: 20..<68))
    try Resampler.checkSampling(table(every: 300, rows: 100))
    try Resampler.checkSampling(table(every: 1800, rows: 100))
    try Resampler.checkSampling(table(every: 3600, rows: 1))
    let message = ForecastError.sampledTooRarely(source: "volume.csv", medianGap: 86_400, step: 3600)
        .description
    #expect(message.hasPrefix("volume.csv: its rows are 1 day apart"), "\(message)")
    #expect(message.contains("a row at least every hour"), "\(message)")
}

@Test func durationsAreNamedInTheirLargestWholeUnit() {
    #expect(ForecastError.duration(86_400) == "1 day")
    #expect(ForecastError.duration(172_800) == "2 days")
    #expect(ForecastError.duration(7200) == "2 hours")
    #expect(ForecastError.duration(5400) == "90 minutes")
    #expect(ForecastError.duration(90) == "90 seconds")
    #expect(ForecastError.duration(1) == "1 second")
}

/// A file of events asks for hours without rows to count zero: nothing is made up, and a quiet
/// hour between two busy ones is 0, not their average.
@Test func emptyStepsCountZeroWhenAsked() throws {
    let zero = try Resampler.resample(FixtureFiles.table("twenty_minute_gap.csv"), emptySteps: .zero)
    #expect(zero.columns == [[9, 0, 30]])
    #expect(zero.filledSteps.isEmpty)
}

@Test func keepsWholeEdgeHours() throws {
    // Half-hourly from 00:00 to 23:30: every hour is whole (the nyc_taxi case).
    var text = "timestamp,value\n"
    for i in 0..<48 { text += "\(1_400_000_400 - 1_400_000_400 % 3600 + i * 1800),\(i)\n" }
    let series = try Resampler.resample(SeriesTable.parse(Array(text.utf8), source: "x"))
    #expect(series.count == 24)
    #expect(series.columns[0][0] == 0 + 1)
    #expect(series.columns[0][23] == 46 + 47)
}

@Test func interpolatesAtTheEdgesWithTheNearestValue() {
    var values: [Double] = [0, 0, 4, 0, 0, 10, 0]
    Resampler.interpolate(&values, present: [0, 0, 1, 0, 0, 1, 0])
    #expect(values == [4, 4, 4, 6, 8, 10, 10])
}

@Test func alignsSeriesOnTheirCommonSpan() throws {
    let a = RegularSeries(start: 0, step: 3600, names: ["a"], columns: [[1, 2, 3, 4]])
    let b = RegularSeries(start: 7200, step: 3600, names: ["a"], columns: [[30, 40, 50]])
    let both = try RegularSeries.aligned([a, b])
    #expect(both.start == 7200)
    #expect(both.names == ["a", "a#2"])
    #expect(both.columns == [[3, 4], [30, 40]])
    let far = RegularSeries(start: 36_000, step: 3600, names: ["c"], columns: [[1]])
    #expect(throws: ForecastError.self) { try RegularSeries.aligned([a, far]) }
    let shifted = RegularSeries(start: 1800, step: 3600, names: ["d"], columns: [[1, 2]])
    #expect(throws: ForecastError.self) { try RegularSeries.aligned([a, shifted]) }
}

@Test func countsLoggedEventsPerHourWithZerosForQuietHours() throws {
    let base = 1_700_000_000 / 3600 * 3600
    let events: [(time: Double, label: String)] = [
        (Double(base + 10), "spam"), (Double(base + 20), "ham"), (Double(base + 7300), "spam"),
        (Double(base + 7400), "unsure"), (Double(base + 11_000), "spam"),
    ]
    let series = try EventCounter.series(events: events, labels: ["spam", "ham"], end: base + 3 * 3600 + 5)
    #expect(series.start == base)
    #expect(series.names == ["total", "spam", "ham"])
    #expect(series.columns == [[2, 0, 2], [1, 0, 1], [1, 0, 0]])  // the 03:00 hour is incomplete: left out
    #expect(throws: ForecastError.self) { try EventCounter.series(events: [], labels: ["spam"], end: base) }
}

@Test func alignsToTheFirstSeriesSpanByHoldingEdgeValues() throws {
    let target = RegularSeries(start: 0, step: 3600, names: ["t"], columns: [[1, 2, 3, 4, 5]])
    let input = RegularSeries(start: 3600, step: 3600, names: ["x"], columns: [[10, 20, 30]])
    let both = try RegularSeries.aligned(toFirst: [target, input])
    #expect(both.start == 0)
    #expect(both.columns == [[1, 2, 3, 4, 5], [10, 10, 20, 30, 30]])
    #expect(both.filledSteps == [0, 4])
}
