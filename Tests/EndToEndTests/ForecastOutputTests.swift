import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The forecast table stays readable whatever the series' scale: a value wider than the default
/// column must not run into its neighbour.
@Test func forecastTableColumnsStaySeparatedForLargeValues() throws {
    guard let binary = storeBinaryPath() else { Issue.record("built smsfilter binary not found"); return }
    let scratch = StoreScratch("forecast-table")
    defer { scratch.cleanUp() }
    // 10 days of hourly values around 2·10^12, with a daily cycle.
    var csv = "timestamp,value\n"
    for hour in 0..<240 {
        let value = 2_000_000_000_000 + Int(500_000_000_000 * sin(2 * Double.pi * Double(hour) / 24))
        csv += "\(1_700_000_000 + 3600 * hour),\(value)\n"
    }
    scratch.write("large.csv", csv)
    let run = storeRun(
        [binary, "forecast", "--csv", scratch.file("large.csv"), "--horizon", "3", "--lookback", "24",
         "--epochs", "2", "--ensemble", "1", "--hidden", "4", "--seed", "1"],
        scratch: scratch, tag: "forecast")
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
