import SpamTestSupport
import Testing

@testable import SpamForecast

/// Forecast CSV inputs the fuzzer (Fuzz/, FuzzCSV) found costly, kept in Tests/Fixtures/evidence.
@Suite struct RobustCSVTests {
    static func evidence(_ name: String) throws -> [UInt8] {
        try #require(readFile(TestEnvironment.fixturesDirectory + "/evidence/" + name))
    }

    /// 20 value columns and two rows 1,012 years apart: under the step cap (8.9 M hours), but the
    /// resampled series took 2 GB. Now a clear error before allocating.
    @Test func wideFileWithAStrayTimestampIsRefused() throws {
        let bytes = try Self.evidence("csv-wide-1000-year-span.csv")
        let table = try SeriesTable.parse(bytes, source: "wide.csv")
        #expect(table.names.count == 20 && table.rowCount == 2)
        do {
            _ = try Resampler.resample(table)
            Issue.record("resampled \(table.names.count) columns over 1,000 years of hours")
        } catch {
            #expect(error.description.contains("more than \(Resampler.maximumValues) values"), "\(error)")
            #expect(error.description.contains("wide.csv"))
        }
        // Daily steps fit (1012-03-01 to 2024-03-05 is 369,630 days): the cap is on values.
        #expect(try Resampler.resample(table, step: 86_400).count == 369_631)
    }

    /// The fuzzer's slow unit (10 s under ASan): a mangled header and two rows 1,012 years apart,
    /// one column. It stays allowed (8.9 M steps < the caps); checked here at daily steps to keep
    /// the debug test fast, and that every bound holds.
    @Test func fuzzerSlowUnitParsesWithinBounds() throws {
        let bytes = try Self.evidence("csv-fuzz-1000-year-span.bin")
        let table = try SeriesTable.parse(bytes, source: "fuzz.csv")
        #expect(table.rowCount == 2 && table.names.count == 1)
        let series = try Resampler.resample(table, step: 86_400)
        #expect(series.count == 369_631)
        #expect(series.filledSteps.count == series.count - 2)
    }

    /// The fuzzer's timeout: the same 1,012-year span aligned with itself (as two --csv files
    /// are) went through a Set of 8.9 M filled steps (5 s and 560 MB in a release build). The
    /// filled steps are now gathered with a mask; checked at daily steps to keep the test fast.
    @Test func aligningLongSparseSeriesKeepsTheFilledSteps() throws {
        let bytes = try Self.evidence("csv-fuzz-align-timeout.bin")
        let series = try Resampler.resample(try SeriesTable.parse(bytes, source: "fuzz.csv"), step: 86_400)
        var other = series
        other.names = ["other"]
        let aligned = try RegularSeries.aligned([series, other])
        #expect(aligned.names.count == 2 && aligned.count == series.count)
        #expect(aligned.filledSteps == series.filledSteps)
        #expect(aligned.filledSteps.first == 1 && aligned.filledSteps.last == series.count - 2)
    }

    /// Filled steps of several parts merge into one sorted list, shifted to the common start.
    @Test func alignedMergesFilledStepsOfOffsetParts() throws {
        let a = RegularSeries(
            start: 0, step: 10, names: ["a"], columns: [Array(repeating: 1, count: 8)], filledSteps: [1, 5])
        let b = RegularSeries(
            start: 20, step: 10, names: ["b"], columns: [Array(repeating: 2, count: 8)],
            filledSteps: [0, 1, 3])
        let aligned = try RegularSeries.aligned([a, b])
        #expect(aligned.start == 20 && aligned.count == 6)
        #expect(aligned.filledSteps == [0, 1, 3])
    }
}
