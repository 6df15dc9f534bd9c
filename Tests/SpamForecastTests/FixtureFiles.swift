import SpamTestSupport

@testable import SpamForecast

/// Reads test fixtures (Tests/Fixtures/forecast).
enum FixtureFiles {
    static let directory = TestEnvironment.fixturesDirectory + "/forecast/"

    static func fixture(_ name: String) -> [UInt8] { readFile(directory + name) ?? [] }

    static func table(_ name: String) throws(ForecastError) -> SeriesTable {
        try SeriesTable.parse(fixture(name), source: name)
    }
}
