public import SpamForecast
import SpamIO
import SpamStore
import SpamText

/// `forecast run`: a volume series read, a forecaster fitted (or reused from the cache), the
/// next steps forecast and reported, optionally charted and saved, and the last hour checked
/// against its own forecast.
public struct ForecastRun {
    /// Where the series comes from.
    public enum Source: Sendable {
        /// CSV files, summed into hourly buckets and aligned to the first.
        case csv([String])
        /// Hourly counts of the store's classification log over the last `days`.
        case store(path: String, days: Int)
    }

    public var source: Source
    /// What the hours of a CSV with no rows hold (`Resampler.EmptyStep`).
    public var emptyHours = Resampler.EmptyStep.interpolated
    public var settings: ForecastSettings
    public var multivariate = false
    public var format = ReportFormat.text
    /// An SVG chart of the last week and the forecast.
    public var plotPath: String?
    /// The store to save the forecast in (nil: not saved).
    public var saveStorePath: String?
    /// Report when the last hour exceeds its forecast by this factor.
    public var alertRatio: Double?
    /// Reuse a cached fit until this many new hours have arrived (0: refit every run).
    public var refitHours = 24
    public var cacheDirectory: String

    public init(source: Source, settings: ForecastSettings, cacheDirectory: String) {
        self.source = source
        self.settings = settings
        self.cacheDirectory = cacheDirectory
    }

    /// What a run printed and whether the alert fired (`alert`: the message; exit status 2).
    public struct Outcome: Sendable {
        public var report: String
        public var alert: String?
    }

    /// The last hour's actual volume and the forecast made for it from the hours before.
    struct LastHour {
        var actual: Double
        var forecast: Double
        var time: Int
    }

    public func run(now: Double) throws -> Outcome {
        do {
            return try forecast(now: now)
        } catch ForecastError.tooShort(let needed, let available, let what) where waitsForHistory {
            // An alert check from cron on a store too young to forecast from: nothing to alert
            // on yet, which is not an error to mail every hour for the first two days.
            let note =
                "no alert check yet: \(ForecastError.tooShort(needed: needed, available: available, what: what))"
            let report =
                format == .json
                ? JSONValue.object([("alert_check", .string("waiting")), ("reason", .string(note))]).text
                : note
            return Outcome(report: report, alert: nil)
        }
    }

    /// An alert check on the store's log waits for enough history instead of failing.
    var waitsForHistory: Bool {
        guard alertRatio != nil, case .store = source else { return false }
        return true
    }

    func forecast(now: Double) throws -> Outcome {
        let (series, target, sourceKey) = try loadSeries(now: now)
        let (saved, reuseNote) = try fitOrReuse(series, target: target, sourceKey: sourceKey)
        let forecaster = saved.forecaster
        let points = try forecaster.forecastPoints(series)[0]
        let lastHour =
            alertRatio == nil ? nil : try checkLastHour(series, target: target, forecaster: forecaster)
        let report =
            format == .json
            ? json(
                series, target: target, forecaster: forecaster, points: points, saved: saved,
                reuseNote: reuseNote, lastHour: lastHour)
            : text(
                series, target: target, forecaster: forecaster, points: points, saved: saved,
                reuseNote: reuseNote)
        if let plotPath { try writePlot(series, target: target, points: points, to: plotPath) }
        if let saveStorePath {
            try save(points, target: series.names[target], now: now, storePath: saveStorePath)
        }
        return Outcome(report: report, alert: alertMessage(lastHour, target: series.names[target]))
    }

    /// The series, the target's column and the cache key of the source.
    func loadSeries(now: Double) throws -> (RegularSeries, Int, [String]) {
        switch source {
        case .store(let path, let days):
            let store = try StoreBackends.open(path, readOnly: true)
            let entries = try store.classifications(since: now - Double(days) * 86_400)
            let series = try EventCounter.series(
                events: entries.map { ($0.time, $0.verdict) }, labels: ["spam", "ham", "unsure"],
                end: Int(now))
            let target =
                settings.target == nil ? try series.index(of: "spam") : try settings.targetIndex(in: series)
            return (series, target, ["db:" + path])
        case .csv(let paths):
            let series = try ForecastInput.load(csv: paths, step: 3600, emptySteps: emptyHours)
            // Another reading of the same files is another series: a forecaster of one is not reused for the other.
            let key = emptyHours == .interpolated ? paths : paths + ["empty-hours=\(emptyHours.rawValue)"]
            return (series, try settings.targetIndex(in: series), key)
        }
    }

    /// A forecaster saved by an earlier run is reused while the data has only grown a little;
    /// else one is fitted now (and cached). Also says which happened, for the report.
    func fitOrReuse(_ series: RegularSeries, target: Int, sourceKey: [String]) throws -> (
        SavedForecaster, reuse: String?
    ) {
        let configuration = settings.configuration(multivariate: multivariate)
        let cache = ForecasterCache(directory: cacheDirectory)
        let cachePath = cache.path(
            source: sourceKey, target: series.names[target], multivariate: multivariate)
        let reuse = cache.reusable(
            at: cachePath, series: series, target: target, configuration: configuration,
            refitSteps: refitHours * 3600 / series.step)
        if let reused = reuse.saved { return (reused, nil) }
        let fitted = try LSTMForecaster(fitting: series, targets: [target], configuration: configuration)
        let saved = SavedForecaster(forecaster: fitted, fittedOn: series, target: target)
        if refitHours > 0 { cache.store(saved, at: cachePath) }
        return (saved, reuse.reason)
    }

    /// The last hour against the forecast made just before it (same fitted model).
    func checkLastHour(_ series: RegularSeries, target: Int, forecaster: LSTMForecaster) throws -> LastHour {
        let last = try forecaster.forecastPoints(series.prefix(series.count - 1))[0][0]
        return LastHour(
            actual: series.columns[target][series.count - 1], forecast: last.value, time: last.time)
    }

    func alertMessage(_ lastHour: LastHour?, target: String) -> String? {
        guard let lastHour, let ratio = alertRatio, lastHour.actual > ratio * max(lastHour.forecast, 0) else {
            return nil
        }
        // Counts print as before (whole, and the forecast to one place); a series of small values
        // keeps a significant digit or two.
        let size = max(abs(lastHour.actual), abs(lastHour.forecast))
        return "ALERT: \(target) at \(Timestamp.format(lastHour.time)) UTC was "
            + "\(fixed(lastHour.actual, decimals: decimals(forMagnitude: size, significant: 1, atLeast: 0))), "
            + "above \(fixed(ratio, decimals: 2)) x its forecast "
            + "\(fixed(lastHour.forecast, decimals: decimals(forMagnitude: size, significant: 2, atLeast: 1)))"
    }

    func text(
        _ series: RegularSeries, target: Int, forecaster: LSTMForecaster, points: [ForecastPoint],
        saved: SavedForecaster,
        reuseNote: String?
    ) -> String {
        let level = Int((forecaster.configuration.intervalLevel * 100).rounded())
        let fitNote =
            reuseNote.map { "fitted now: " + $0 } ?? "reusing the fit on data to "
            + Timestamp.format(saved.dataEnd)
        var lines = [
            "\(forecaster.name) forecast of \(series.names[target]) (\(level)% interval; \(fitNote))"
        ]
        let places = Self.places(points, significant: 3, atLeast: 1)
        let rows = points.map { p in
            (Timestamp.format(p.time), [p.value, p.lower, p.upper].map { fixed($0, decimals: places) })
        }
        // Columns at least 12 wide and always two spaces apart, whatever the series' scale.
        let width = max(12, 2 + (rows.flatMap(\.1).map(\.count).max() ?? 0))
        lines.append(
            TextColumns.pad("timestamp (UTC)", -21)
                + ["value", "lower", "upper"].map { TextColumns.pad($0, width) }.joined())
        for (time, values) in rows {
            lines.append(TextColumns.pad(time, -21) + values.map { TextColumns.pad($0, width) }.joined())
        }
        return lines.joined(separator: "\n")
    }

    /// Places for a forecast's numbers: `significant` digits at its scale, at least `atLeast`
    /// (a series of small rates or fractions printed at a count's one decimal showed zeros).
    static func places(_ points: [ForecastPoint], significant: Int, atLeast: Int) -> Int {
        let scale = points.map { max(abs($0.value), abs($0.lower), abs($0.upper)) }.max() ?? 0
        return decimals(forMagnitude: scale, significant: significant, atLeast: atLeast)
    }

    func json(
        _ series: RegularSeries, target: Int, forecaster: LSTMForecaster, points: [ForecastPoint],
        saved: SavedForecaster,
        reuseNote: String?, lastHour: LastHour?
    ) -> String {
        var fit: [(String, JSONValue)] = [
            ("reused", .bool(reuseNote == nil)), ("data_end", .string(Timestamp.formatISO(saved.dataEnd))),
        ]
        if let reuseNote { fit.append(("reason", .string(reuseNote))) }
        var members: [(String, JSONValue)] = [
            ("target", .string(series.names[target])), ("model", .string(forecaster.name)),
            ("step_seconds", .int(series.step)),
            ("interval_level", .number(forecaster.configuration.intervalLevel)), ("fit", .object(fit)),
        ]
        let places = Self.places(points, significant: 4, atLeast: 3)
        if let lastHour {
            members.append(
                (
                    "last",
                    .object([
                        ("timestamp", .string(Timestamp.formatISO(lastHour.time))),
                        ("actual", .number(lastHour.actual, decimals: places)),
                        ("forecast", .number(lastHour.forecast, decimals: places)),
                    ])
                ))
        }
        members.append(
            (
                "forecast",
                .array(
                    points.map { p in
                        .object([
                            ("timestamp", .string(Timestamp.formatISO(p.time))),
                            ("value", .number(p.value, decimals: places)),
                            ("lower", .number(p.lower, decimals: places)),
                            ("upper", .number(p.upper, decimals: places)),
                        ])
                    })
            ))
        return JSONValue.object(members).text
    }

    func writePlot(_ series: RegularSeries, target: Int, points: [ForecastPoint], to path: String) throws {
        let shown = min(series.count, 7 * 86_400 / series.step)
        let history = (series.count - shown..<series.count).map {
            (time: series.timestamp(at: $0), value: series.columns[target][$0])
        }
        let chart = ForecastChart(
            title: "\(series.names[target]): last \(shown) steps and \(points.count)-step forecast",
            history: history, forecast: points)
        try FileIO.writeAtomically(Array(chart.svg().utf8), to: path)
    }

    func save(_ points: [ForecastPoint], target: String, now: Double, storePath: String) throws {
        try StoreBackends.open(storePath).saveForecasts(
            points.map {
                ForecastRecord(
                    created: now, target: target, timestamp: Double($0.time), value: $0.value,
                    lower: $0.lower, upper: $0.upper)
            })
    }
}

/// Column alignment for text tables.
enum TextColumns {
    /// Left-aligns (negative width) or right-aligns `text` in a column.
    static func pad(_ text: String, _ width: Int) -> String {
        let n = abs(width) - text.count
        guard n > 0 else { return text }
        return width < 0 ? text + String(repeating: " ", count: n) : String(repeating: " ", count: n) + text
    }
}
