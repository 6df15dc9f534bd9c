import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The forecast table stays readable whatever the series' scale: a value wider than the default
/// column must not run into its neighbour.
@Test func forecastTableColumnsStaySeparatedForLargeValues() throws {
    guard let binary = TestEnvironment.smsfilterBinary else {
        Issue.record("built smsfilter binary not found")
        return
    }
    let scratch = TemporaryDirectory("forecast-table")
    defer { scratch.remove() }
    // 10 days of hourly values around 2·10^12, with a daily cycle.
    var csv = "timestamp,value\n"
    for hour in 0..<240 {
        let value = 2_000_000_000_000 + Int(500_000_000_000 * sin(2 * Double.pi * Double(hour) / 24))
        csv += "\(1_700_000_000 + 3600 * hour),\(value)\n"
    }
    scratch.write("large.csv", csv)
    let run = ChildProcess.run(
        [
            binary, "forecast", "--csv", scratch.file("large.csv"), "--horizon", "3", "--lookback", "24",
            "--epochs", "2", "--ensemble", "1", "--hidden", "4", "--seed", "1", "--cache-dir",
            scratch.file("cache"),
        ],
        in: scratch, tag: "forecast")
    #expect(run.status == 0, "\(run.err)")
    let lines = run.out.split(separator: "\n")
    #expect(lines.count == 5)  // title, column header, 3 forecast steps
    for line in lines.dropFirst(2) {
        // Date, time, value, lower, upper.
        let fields = line.split(separator: " ")
        #expect(fields.count == 5, "\(line)")
        #expect(fields.dropFirst(2).allSatisfy { Double($0) != nil }, "\(line)")
    }
}

/// A series of small values (rates, fractions) is printed with significant digits: at a count's
/// one decimal (text) or three (JSON), a series around 0.00002 printed as zeros.
@Test func aSeriesOfSmallValuesIsNotPrintedAsZeros() throws {
    let binary = try #require(TestEnvironment.smsfilterBinary)
    let scratch = TemporaryDirectory("forecast-small")
    defer { scratch.remove() }
    var csv = "timestamp,value\n"
    for hour in 0..<240 {
        let value = 0.00002 + 0.00001 * sin(2 * Double.pi * Double(hour) / 24)
        csv += "\(1_700_000_000 + 3600 * hour),\(value)\n"
    }
    scratch.write("small.csv", csv)
    let common = [
        binary, "forecast", "--csv", scratch.file("small.csv"), "--horizon", "3", "--lookback", "24",
        "--epochs", "2", "--ensemble", "1", "--hidden", "4", "--seed", "1", "--cache-dir",
        scratch.file("cache"),
    ]
    let table = ChildProcess.run(common, in: scratch, tag: "text")
    #expect(table.status == 0, "\(table.err)")
    for line in table.out.split(separator: "\n").dropFirst(2) {
        let values = line.split(separator: " ").dropFirst(2).compactMap { Double($0) }
        #expect(values.count == 3 && values.allSatisfy { $0 > 0.000001 && $0 < 0.001 }, "\(line)")
    }
    let json = ChildProcess.run(common + ["--format", "json"], in: scratch, tag: "json")
    #expect(json.status == 0, "\(json.err)")
    #expect(json.out.contains("\"value\": 0.0000"), "\(json.out)")
    #expect(!json.out.contains("\"value\": 0.000,"), "\(json.out)")
}

/// An hourly cron run reuses the forecaster fitted by the previous one; a day of new data, other
/// settings or `--refit-hours 0` refit; a cache that cannot be written costs a warning only.
@Test func forecastReusesTheSavedForecasterUntilEnoughNewData() throws {
    guard let binary = TestEnvironment.smsfilterBinary else {
        Issue.record("built smsfilter binary not found")
        return
    }
    let scratch = TemporaryDirectory("forecast-reuse")
    defer { scratch.remove() }
    func write(hours: Int) {
        var csv = "timestamp,value\n"
        for hour in 0..<hours {
            csv += "\(1_700_000_000 / 3600 * 3600 + 3600 * hour),\(100 + (hour * 7) % 24)\n"
        }
        scratch.write("counts.csv", csv)
    }
    func run(_ extra: [String] = [], cache: String = scratch.file("cache"), tag: String) -> (
        status: Int32, out: String, err: String
    ) {
        ChildProcess.run(
            [
                binary, "forecast", "--csv", scratch.file("counts.csv"), "--horizon", "3", "--lookback", "24",
                "--epochs", "2", "--ensemble", "1", "--hidden", "4", "--seed", "1", "--json", "--cache-dir",
                cache,
            ] + extra,
            in: scratch, tag: tag)
    }
    write(hours: 240)
    let first = run(tag: "first")
    #expect(first.status == 0, "\(first.err)")
    #expect(first.out.contains("\"reused\": false"))
    let second = run(tag: "second")
    #expect(second.out.contains("\"reused\": true"))
    #expect(first.out.contains("\"reason\": \"no saved forecaster\""))
    // The same forecast, from the same fit.
    func forecastPart(_ json: String) -> Substring? {
        json.firstRange(of: "\"forecast\":").map { json[$0.lowerBound...] }
    }
    #expect(forecastPart(first.out) != nil && forecastPart(first.out) == forecastPart(second.out))
    write(hours: 250)
    #expect(run(tag: "hours").out.contains("\"reused\": true"))
    write(hours: 264)
    #expect(run(tag: "day").out.contains("\"reused\": false"))
    #expect(run(tag: "again").out.contains("\"reused\": true"))
    #expect(
        run(["--hidden", "5"], tag: "settings").out.contains(
            "\"reason\": \"the saved forecaster was fitted with other settings\""))
    #expect(run(["--refit-hours", "0"], tag: "always").out.contains("\"reused\": false"))
    let unwritable = run(cache: "/proc/smsfilter-cache", tag: "unwritable")
    #expect(unwritable.status == 0)
    #expect(unwritable.out.contains("\"forecast\""))
    #expect(unwritable.err.contains("could not save the fitted forecaster"))
}

/// A backtest on a series with under a week before the holdout leaves same-hour-last-week out
/// (with a note) and still compares the rest, instead of failing as a whole.
@Test func backtestLeavesOutModelsTheHistoryIsTooShortFor() throws {
    guard let binary = TestEnvironment.smsfilterBinary else {
        Issue.record("built smsfilter binary not found")
        return
    }
    let scratch = TemporaryDirectory("forecast-short-backtest")
    defer { scratch.remove() }
    var csv = "timestamp,value\n"
    for hour in 0..<(24 * 18) {
        csv += "\(1_700_000_000 / 3600 * 3600 + 3600 * hour),\(100 + (hour * 7) % 24)\n"
    }
    scratch.write("short.csv", csv)
    let run = ChildProcess.run(
        [
            binary, "forecast", "backtest", "--csv", scratch.file("short.csv"), "--holdout-days", "14",
            "--epochs", "2",
            "--ensemble", "1", "--hidden", "4", "--models", "lstm,snaive24,snaive168", "--json",
        ],
        in: scratch, tag: "backtest")
    #expect(run.status == 0, "\(run.err)")
    #expect(run.out.contains("\"name\": \"lstm\"") && run.out.contains("\"name\": \"snaive24\""))
    #expect(!run.out.contains("snaive168"))
    #expect(run.err.contains("snaive168 left out"))
    // Only models that cannot run: an error, not an empty table.
    let none = ChildProcess.run(
        [
            binary, "forecast", "backtest", "--csv", scratch.file("short.csv"), "--models", "snaive168",
            "--json",
        ],
        in: scratch, tag: "none")
    #expect(none.status == 3)
    #expect(none.err.contains("too short"))
    // A holdout as long as the series: the error says how many days would fit.
    let long = ChildProcess.run(
        [binary, "forecast", "backtest", "--csv", scratch.file("short.csv"), "--holdout-days", "18"],
        in: scratch, tag: "long")
    #expect(long.status == 3)
    #expect(long.err.contains("a backtest holding out 432 steps (16 days would fit)"), "\(long.err)")
}

/// A daily CSV is refused with exit 3 and a message naming the file and its gap; an hourly one
/// with a two-day gap, four empty cells and a repeated row is forecast, with warnings that say
/// how many hours were made up and which row was left out.
@Test func aDailySeriesIsRefusedAndFilledHoursAreReported() throws {
    let binary = try #require(TestEnvironment.smsfilterBinary)
    let scratch = TemporaryDirectory("forecast-sampling")
    defer { scratch.remove() }
    var daily = "timestamp,value\n"
    for day in 0..<60 { daily += "\(1_700_006_400 + 86_400 * day),\(100 + day % 7)\n" }
    scratch.write("daily.csv", daily)
    var hourly = "timestamp,value\n"
    for hour in 0..<240 where !(100..<148).contains(hour) {
        // Four hours with the value missing, as exporters write it: filled like the gap.
        let value = [10: "", 11: "NA", 30: "NaN", 31: "null"][hour] ?? "\(50 + hour % 24)"
        hourly += "\(1_700_006_400 + 3600 * hour),\(value)\n"
        // An export that repeats a row: left out, with a warning.
        if hour == 200 { hourly += "\(1_700_006_400 + 3600 * hour),999\n" }
    }
    scratch.write("hourly.csv", hourly)
    let settings = [
        "--horizon", "3", "--lookback", "24", "--epochs", "2", "--ensemble", "1", "--hidden", "4", "--seed",
        "1", "--cache-dir", scratch.file("cache"),
    ]
    let refused = ChildProcess.run(
        [binary, "forecast", "--csv", scratch.file("daily.csv")] + settings, in: scratch, tag: "daily")
    #expect(refused.status == 3)
    #expect(refused.out.isEmpty)
    #expect(refused.err.contains("daily.csv: its rows are 1 day apart"), "\(refused.err)")
    let filled = ChildProcess.run(
        [binary, "forecast", "--csv", scratch.file("hourly.csv")] + settings, in: scratch, tag: "hourly")
    #expect(filled.status == 0, "\(filled.err)")
    #expect(
        filled.err.contains(
            "hourly.csv: 52 of 240 hours had no value (no rows, or empty cells) and were filled by "
                + "linear interpolation"),
        "\(filled.err)")
    #expect(
        filled.err.contains(
            "hourly.csv: 1 row repeats the timestamp of the row before and was left out (line 155)"),
        "\(filled.err)")
}

/// A file of events (one row a message, none at night): read as a sampled series its quiet
/// hours are made up from the busy ones around them and forecast as busy, with a warning that
/// names `--empty-hours zero`; with it they count 0, and so does their forecast.
@Test func eventsWithEmptyHoursZeroForecastQuietHoursAsQuiet() throws {
    let binary = try #require(TestEnvironment.smsfilterBinary)
    let scratch = TemporaryDirectory("forecast-events")
    defer { scratch.remove() }
    var events = "timestamp,count\n"
    for day in 0..<12 {
        for hour in 8..<20 {
            for minute in stride(from: 0, to: 60, by: 10) {
                events +=
                    "\(1_700_006_400 + day * 86_400 + hour * 3600 + minute * 60 + (day + minute) % 60),1\n"
            }
        }
    }
    scratch.write("events.csv", events)
    func forecast(_ emptyHours: String) -> (values: [Double], err: String) {
        let run = ChildProcess.run(
            [
                binary, "forecast", "--csv", scratch.file("events.csv"), "--empty-hours", emptyHours,
                "--horizon",
                "3", "--lookback", "24", "--epochs", "2", "--ensemble", "1", "--hidden", "4", "--seed", "1",
                "--cache-dir", scratch.file("cache"),
            ], in: scratch, tag: emptyHours)
        #expect(run.status == 0, "\(run.err)")
        // Date, time, value, lower, upper: the forecast of 20:00, 21:00 and 22:00.
        let values = run.out.split(separator: "\n").dropFirst(2).compactMap {
            Double($0.split(separator: " ")[2])
        }
        #expect(values.count == 3, "\(run.out)")
        return (values, run.err)
    }
    let interpolated = forecast("interpolated")
    #expect(interpolated.err.contains("132 of 276 hours had no value (no rows, or empty cells)"))
    #expect(interpolated.err.contains("--empty-hours zero"))
    #expect(interpolated.values.allSatisfy { $0 > 4.5 }, "\(interpolated.values)")
    let zero = forecast("zero")
    #expect(zero.err.isEmpty, "\(zero.err)")
    #expect(zero.values.allSatisfy { $0 < 3.5 }, "\(zero.values)")
}

/// A bare `smsfilter forecast` reads the store every other command uses (here
/// `$SMSFILTER_DB`), as `--db` does; it was a usage error (exit 64) asking for `--csv` or `--db`.
/// The store holds one learnt message and no verdict, so there is no series: exit 3 with a
/// message that names the classification log.
@Test func aBareForecastReadsTheStore() throws {
    let binary = try #require(TestEnvironment.smsfilterBinary)
    let scratch = TemporaryDirectory("forecast-store")
    defer { scratch.remove() }
    let store = "SMSFILTER_DB=" + scratch.file("store.sqlite")
    scratch.write("ham.txt", "See you at the station at six\n")
    let learnt = ChildProcess.run(
        [binary, "learn", "--ham", scratch.file("ham.txt")], in: scratch, tag: "learn", environment: [store])
    #expect(learnt.status == 0, "\(learnt.err)")
    let bare = ChildProcess.run([binary, "forecast"], in: scratch, tag: "bare", environment: [store])
    #expect(bare.status == 3, "\(bare.err)")
    #expect(
        bare.err == "smsfilter: series too short: forecasting from the classification log (it is empty) "
            + "needs at least 1 step, the series has 0\n", "\(bare.err)")
}
