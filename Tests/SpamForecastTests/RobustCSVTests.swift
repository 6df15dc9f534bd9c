@testable import SpamForecast
import Testing

/// Forecast CSV inputs the fuzzer (Fuzz/, FuzzCSV) found costly, kept in Tests/Fixtures/evidence.
@Suite struct RobustCSVTests {
    static func evidence(_ name: String) throws -> [UInt8] {
        try #require(FixtureFiles.read(FixtureFiles.directory + "../evidence/" + name))
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
}
