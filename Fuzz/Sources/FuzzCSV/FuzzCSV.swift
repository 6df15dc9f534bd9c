import SpamForecast

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The forecast CSV reader and resampler, as `smsfilter forecast --csv` runs them. The first byte
/// picks the step and aggregation; the rest is the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let steps = [1, 60, 300, 3600, 86_400, 7 * 86_400, 0, -5]
    let step = steps[Int(data[0] & 7)]
    let aggregation: Resampler.Aggregation = data[0] & 8 != 0 ? .mean : .sum
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    guard let table = try? SeriesTable.parse(bytes, source: "fuzz.csv") else { return 0 }
    guard table.columns.count == table.names.count, table.lines.count == table.rowCount,
        table.columns.allSatisfy({ $0.count == table.rowCount })
    else { fail("table shape inconsistent") }
    for i in 1..<max(1, table.rowCount) where table.timestamps[i] <= table.timestamps[i - 1] {
        fail("timestamps not strictly increasing")
    }
    guard let series = try? Resampler.resample(table, step: step, aggregation: aggregation) else { return 0 }
    guard series.step == step, series.columns.count == table.names.count else {
        fail("series shape inconsistent")
    }
    let length = series.columns.first?.count ?? 0
    guard length >= 1, series.columns.allSatisfy({ $0.count == length }) else { fail("ragged series") }
    guard series.filledSteps.allSatisfy({ (0..<length).contains($0) }) else {
        fail("filled step out of range")
    }
    // Missing cells are NaN in the table and must be filled, never passed on (values near the
    // Double range's end may overflow in sums and interpolation: not what this checks).
    let moderate = table.columns.allSatisfy { $0.allSatisfy { $0.isNaN || abs($0) < 1e300 } }
    if moderate, series.columns.contains(where: { $0.contains(where: \.isNaN) }) {
        fail("a missing cell reached the series")
    }
    _ = try? RegularSeries.aligned([series, series])
    return 0
}

func fail(_ message: String) -> Never {
    let line = "FuzzCSV: \(message)\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    abort()
}
