#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
@testable import SpamForecast

/// Reads test fixtures (Tests/Fixtures/forecast) and the shared data set, if present.
enum FixtureFiles {
    static let directory: String = {
        var path = #filePath
        for _ in 0..<2 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
        return path + "/Fixtures/forecast/"
    }()

    /// ../shared from the package root, or $SMSFILTER_SHARED.
    static let shared: String = {
        if let value = getenv("SMSFILTER_SHARED") { return String(cString: value) }
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
        return path + "/../shared"
    }()

    static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        return bytes
    }

    static func fixture(_ name: String) -> [UInt8] { read(directory + name) ?? [] }

    static func table(_ name: String) throws(ForecastError) -> SeriesTable {
        try SeriesTable.parse(fixture(name), source: name)
    }
}
