internal import SpamNN
internal import SpamText

/// A fitted `LSTMForecaster` with what it was fitted on, so an hourly cron run can reuse it
/// instead of refitting while the data has only grown by a few hours.
///
/// Reuse is allowed (`reasonToRefit` gives nil) only when the settings are the same (their description is
/// compared, so a new version with other defaults refits), the series has the same columns and
/// step, the last `checkedSteps` fitted steps are still in it with the same values (history was
/// not rewritten: a CSV replaced by another, a store restored), and it has not grown by
/// `refitSteps` or more since the fit.
///
/// File layout (little-endian): magic "SMSFCST1"; the body; a UInt64 `Checksum64` of the body.
/// Body: settings description, target, column names, step, data end, checked steps and their
/// checksum, the window shape, scalers, choices made at fit time, residual quantiles, and each
/// network's sizes and Float32 parameters.
public struct SavedForecaster {
    public let forecaster: LSTMForecaster
    /// The target column the forecaster was fitted for.
    public let target: Int
    /// The time at which the fitted data ended (its last step's start + step).
    public let dataEnd: Int
    /// Steps at the end of the fitted data whose values are checked before reuse.
    public let checkedSteps: Int
    let checkedSum: UInt64

    static let magic = Array("SMSFCST1".utf8)
    /// Steps compared before reuse: one lookback window of a week of hours is plenty to tell a
    /// rewritten history, and cheap.
    static let defaultCheckedSteps = 168

    /// Records `forecaster`, fitted on `series` (all of it) for column `target`.
    public init(forecaster: LSTMForecaster, fittedOn series: RegularSeries, target: Int) {
        self.forecaster = forecaster
        self.target = target
        dataEnd = series.timestamp(at: series.count)
        checkedSteps = min(series.count, Self.defaultCheckedSteps)
        checkedSum = Self.checksum(series, steps: (series.count - checkedSteps)..<series.count)
    }

    /// Whether this forecaster may forecast from the end of `series` for these settings and
    /// target without a refit; nil when it may, else the reason it may not.
    public func reasonToRefit(
        _ series: RegularSeries, target: Int, configuration: LSTMForecasterConfiguration, refitSteps: Int
    ) -> String? {
        guard String(describing: configuration) == String(describing: forecaster.configuration) else {
            return "the settings changed"
        }
        guard series.names == forecaster.columnNames, series.step == forecaster.step, target == self.target
        else {
            return "the series' columns or step changed"
        }
        let end = (dataEnd - series.start) / series.step
        guard (dataEnd - series.start) % series.step == 0, end >= checkedSteps, end <= series.count else {
            return "the series no longer holds the fitted steps"
        }
        guard Self.checksum(series, steps: (end - checkedSteps)..<end) == checkedSum else {
            return "the fitted steps' values changed"
        }
        let grown = series.count - end
        guard grown < refitSteps else { return "\(grown) new steps since the fit" }
        return nil
    }

    /// Checksum of the values of every column over `steps`, with their start time.
    static func checksum(_ series: RegularSeries, steps: Range<Int>) -> UInt64 {
        var writer = ByteWriter()
        writer.write(Int64(series.timestamp(at: steps.lowerBound)))
        for column in series.columns {
            for i in steps { writer.write(column[i]) }
        }
        return Checksum64.checksum(writer.bytes)
    }

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        let f = forecaster
        let w = f.windows
        var body = ByteWriter()
        body.write(string: String(describing: f.configuration))
        body.write(Int64(target))
        body.write(UInt32(f.columnNames.count))
        for name in f.columnNames { body.write(string: name) }
        for value in [f.step, dataEnd, checkedSteps] { body.write(Int64(value)) }
        body.write(checkedSum)
        for value in [
            w.lookback, w.patch, w.horizon, w.baselinePeriod ?? 0, w.seasonalInputPeriod ?? 0,
            w.minimumHistory,
        ] {
            body.write(Int64(value))
        }
        body.write(UInt8(w.calendar ? 1 : 0))
        for list in [w.inputColumns, w.targets] {
            body.write(UInt32(list.count))
            for value in list { body.write(Int64(value)) }
        }
        for scaler in f.scalers {
            body.write(string: scaler.transform.rawValue)
            body.write(scaler.mean)
            body.write(scaler.standardDeviation)
        }
        body.write(Int64(f.baselinePeriod ?? 0))
        body.write(f.blendWeight)
        body.write(Int64(f.blendPeriod))
        body.write(f.validationLoss)
        body.write(UInt32(f.epochsRun.count))
        for epochs in f.epochsRun { body.write(Int64(epochs)) }
        body.write(UInt32(f.lowerQuantiles.count))
        for value in f.lowerQuantiles + f.upperQuantiles { body.write(value) }
        body.write(UInt32(f.networks.count))
        for network in f.networks {
            for size in [network.inputSize, network.hiddenSize, network.outputSize, network.linearPathSteps] {
                body.write(Int64(size))
            }
            body.write(UInt64(network.parameters.count))
            for value in network.parameters { body.write(value) }
        }
        var file = ByteWriter()
        file.write(bytes: Self.magic)
        file.write(bytes: body.bytes)
        file.write(Checksum64.checksum(body.bytes))
        return file.bytes
    }

    /// Reads a file written by `encoded()`; `configuration` becomes the forecaster's settings and
    /// must describe itself as the saved ones did (else `.settingsDiffer`).
    public init(decoding bytes: [UInt8], configuration: LSTMForecasterConfiguration)
        throws(SavedForecasterError)
    {
        let magic = Self.magic
        guard bytes.count >= magic.count + 8, Array(bytes[0..<magic.count]) == magic else {
            throw .notAForecaster
        }
        let bodyRange = magic.count..<(bytes.count - 8)
        let stored = bytes[bodyRange.upperBound...].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard Checksum64.checksum(Array(bytes[bodyRange])) == stored else {
            throw .corrupt("checksum mismatch")
        }
        let decoded: SavedForecaster?
        do {
            decoded = try bytes.withUnsafeBytes { raw in
                var reader = ByteReader(UnsafeRawBufferPointer(rebasing: raw[bodyRange]))
                return try Self.decodeBody(&reader, configuration: configuration)
            }
        } catch let error as ByteReaderError {
            throw .corrupt(error.description)
        } catch {
            throw .corrupt("\(error)")
        }
        guard let decoded else { throw .settingsDiffer }
        self = decoded
    }

    /// The body after the magic; nil when the settings differ.
    private static func decodeBody(_ r: inout ByteReader, configuration: LSTMForecasterConfiguration)
        throws(ByteReaderError) -> SavedForecaster?
    {
        func int() throws(ByteReaderError) -> Int { Int(try r.read(Int64.self)) }
        func count(_ limit: Int) throws(ByteReaderError) -> Int {
            let n = Int(try r.read(UInt32.self))
            guard n <= limit else { throw .implausible("count \(n)", at: r.offset) }
            return n
        }
        guard try r.readString() == String(describing: configuration) else { return nil }
        let target = try int()
        let names = try (0..<count(1 << 16)).map { (_) throws(ByteReaderError) in try r.readString() }
        let step = try int()
        let dataEnd = try int()
        let checkedSteps = try int()
        let checkedSum = try r.read(UInt64.self)
        let lookback = try int()
        let patch = try int()
        let horizon = try int()
        let baseline = try int()
        let seasonal = try int()
        let minimumHistory = try int()
        let calendar = try r.read(UInt8.self) == 1
        let inputs = try (0..<count(1 << 16)).map { (_) throws(ByteReaderError) in try int() }
        let targets = try (0..<count(1 << 16)).map { (_) throws(ByteReaderError) in try int() }
        var scalers: [SeriesScaler] = []
        for _ in names {
            guard let transform = SeriesScaler.Transform(rawValue: try r.readString(limit: 16)) else {
                throw .implausible("transform", at: r.offset)
            }
            scalers.append(
                SeriesScaler(
                    transform: transform, mean: try r.readDouble(), standardDeviation: try r.readDouble()))
        }
        let baselinePeriod = try int()
        let blendWeight = try r.readDouble()
        let blendPeriod = try int()
        let validationLoss = try r.readDouble()
        let epochsRun = try (0..<count(1 << 16)).map { (_) throws(ByteReaderError) in try int() }
        let outputs = try count(1 << 24)
        let quantiles = try (0..<(2 * outputs)).map { (_) throws(ByteReaderError) in try r.readFloat() }
        var networks: [LSTMRegressorNetwork] = []
        for _ in 0..<(try count(1 << 10)) {
            let inputSize = try int()
            let hiddenSize = try int()
            let outputSize = try int()
            let linear = try int()
            let n = Int(try r.read(UInt64.self))
            guard n >= 0, n <= r.remaining / 4 else { throw .implausible("\(n) parameters", at: r.offset) }
            let parameters = try (0..<n).map { (_) throws(ByteReaderError) in try r.readFloat() }
            guard
                let network = try? LSTMRegressorNetwork(
                    inputSize: inputSize, hiddenSize: hiddenSize, outputSize: outputSize,
                    linearPathSteps: linear,
                    parameters: parameters)
            else { throw .implausible("network shape", at: r.offset) }
            networks.append(network)
        }
        guard r.remaining == 0, !networks.isEmpty, step > 0, target >= 0, target < names.count,
            inputs.allSatisfy({ $0 >= 0 && $0 < names.count }),
            targets.allSatisfy({ $0 >= 0 && $0 < names.count }),
            lookback > 0, patch > 0, horizon > 0, baseline >= 0, seasonal >= 0, blendPeriod > 0
        else { throw .implausible("fields", at: r.offset) }
        var windows = WindowBuilder(
            lookback: lookback, patch: patch, horizon: horizon, inputColumns: inputs, targets: targets,
            calendar: calendar, baselinePeriod: baseline > 0 ? baseline : nil,
            seasonalInputPeriod: seasonal > 0 ? seasonal : nil)
        windows.minimumHistory = minimumHistory
        // Not in the file: the configuration, compared above, says it.
        windows.levelSteps = configuration.baseline.levelSteps
        guard outputs == windows.outputCount,
            networks.allSatisfy({ $0.inputSize == windows.featureCount && $0.outputSize == outputs })
        else { throw .implausible("network and window shapes differ", at: r.offset) }
        let forecaster = LSTMForecaster(
            configuration: configuration, windows: windows, columnNames: names, scalers: scalers, step: step,
            networks: networks, lowerQuantiles: Array(quantiles[0..<outputs]),
            upperQuantiles: Array(quantiles[outputs...]), epochsRun: epochsRun,
            validationLoss: validationLoss,
            baselinePeriod: baselinePeriod > 0 ? baselinePeriod : nil, blendWeight: blendWeight,
            blendPeriod: blendPeriod)
        return SavedForecaster(
            forecaster: forecaster, target: target, dataEnd: dataEnd, checkedSteps: checkedSteps,
            checkedSum: checkedSum)
    }

    init(forecaster: LSTMForecaster, target: Int, dataEnd: Int, checkedSteps: Int, checkedSum: UInt64) {
        self.forecaster = forecaster
        self.target = target
        self.dataEnd = dataEnd
        self.checkedSteps = checkedSteps
        self.checkedSum = checkedSum
    }
}

/// Why a saved forecaster could not be read.
public enum SavedForecasterError: Error, CustomStringConvertible, Sendable, Equatable {
    case notAForecaster
    case corrupt(String)
    /// It was fitted with other settings (or by a version with other defaults).
    case settingsDiffer

    public var description: String {
        switch self {
        case .notAForecaster: return "not a saved smsfilter forecaster"
        case .corrupt(let reason): return "corrupt saved forecaster (\(reason))"
        case .settingsDiffer: return "the saved forecaster was fitted with other settings"
        }
    }
}
