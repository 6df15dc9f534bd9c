public import SpamForecast
import SpamIO
public import SpamStore
import SpamText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Where `forecast run` keeps its fitted forecasters between runs, one file per data source,
/// target and model kind, so an hourly cron job refits once a day instead of every hour.
public struct ForecasterCache {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// `$XDG_CACHE_HOME/smsfilter`, else `~/.cache/smsfilter` (`StoreLocation.cacheDirectory`).
    public static func defaultDirectory(environment: (String) -> String? = StoreLocation.environment)
        -> String
    {
        StoreLocation.cacheDirectory(environment: environment)
    }

    /// The file for a source (the store's path, or the CSV files' real paths), target and kind.
    public func path(source: [String], target: String, multivariate: Bool) -> String {
        let key = (source.map(Self.realPath) + ["target=" + target, "multivariate=\(multivariate)"]).joined(
            separator: "\n")
        let hash = Checksum64.checksum(Array(key.utf8))
        let hex = String(hash, radix: 16)
        return directory + "/forecaster-" + String(repeating: "0", count: 16 - hex.count) + hex + ".bin"
    }

    /// The saved forecaster at `path` if it may forecast `series` now; else nil, with the reason.
    public func reusable(
        at path: String, series: RegularSeries, target: Int, configuration: LSTMForecasterConfiguration,
        refitSteps: Int
    ) -> (saved: SavedForecaster?, reason: String) {
        guard refitSteps > 0 else { return (nil, "refitting every run") }
        guard FileIO.exists(path) else { return (nil, "no saved forecaster") }
        let saved: SavedForecaster
        do {
            saved = try SavedForecaster(decoding: try FileIO.read(path: path), configuration: configuration)
        } catch {
            return (nil, "\(error)")
        }
        if let reason = saved.reasonToRefit(
            series, target: target, configuration: configuration, refitSteps: refitSteps)
        {
            return (nil, reason)
        }
        return (saved, "")
    }

    /// Saves `saved` at `path`; a failure is reported, never fatal (the forecast is still printed).
    public func store(_ saved: SavedForecaster, at path: String) {
        do {
            try FileIO.makeDirectories(directory)
            try FileIO.writeAtomically(saved.encoded(), to: path, mode: 0o600)
        } catch {
            AppLog.logger.warning("could not save the fitted forecaster to \(path): \(error)")
        }
    }

    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
