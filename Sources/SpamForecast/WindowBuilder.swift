/// Cuts sliding windows out of scaled series: the L steps before an origin become the LSTM's
/// input (B,T,F), the H steps from the origin its target (B,O).
///
/// Inputs: T = L / patch LSTM steps; step s holds, for each input column, the `patch` values
/// of its slice of the window (oldest first), then — with `calendar` — the calendar features of
/// the slice's last step. F = patch × inputColumns.count + (calendar ? 4 : 0).
/// With a `seasonalInputPeriod` P, one more step follows the window: the `patch` values starting
/// P steps before the origin (last week's values of the hours being forecast), with the calendar
/// of the last forecast step, so the season the forecast should follow is read last, next to the
/// output, instead of being carried through the whole recurrence.
/// Targets: for each target column, H values `scaled[o + h] − baseline(o, h)`, where the
/// baseline is the window's level (`levelSteps`), else the scaled value `period` steps before,
/// else 0. O = H × targets.
public struct WindowBuilder: Sendable, Equatable {
    public let lookback: Int
    public let patch: Int
    public let horizon: Int
    public let inputColumns: [Int]
    public let targets: [Int]
    public let calendar: Bool
    /// Season of the residual baseline, nil for none.
    public let baselinePeriod: Int?
    /// Season of the extra input step (nil: none).
    public let seasonalInputPeriod: Int?

    public init(
        lookback: Int, patch: Int, horizon: Int, inputColumns: [Int], targets: [Int], calendar: Bool,
        baselinePeriod: Int?, seasonalInputPeriod: Int? = nil
    ) {
        self.lookback = lookback
        self.patch = max(1, min(patch, lookback))
        self.horizon = horizon
        self.inputColumns = inputColumns
        self.targets = targets
        self.calendar = calendar
        self.baselinePeriod = baselinePeriod
        let patch = self.patch
        self.seasonalInputPeriod = seasonalInputPeriod.map { max($0, patch) }
    }

    /// LSTM steps covering the lookback (a lookback that is not a multiple of the patch is cut to one).
    public var windowSteps: Int { lookback / patch }
    /// T: LSTM steps per window, the seasonal step included.
    public var steps: Int { windowSteps + (seasonalInputPeriod == nil ? 0 : 1) }
    /// F: features per LSTM step.
    public var featureCount: Int { patch * inputColumns.count + (calendar ? CalendarFeatures.count : 0) }
    /// O: outputs per window.
    public var outputCount: Int { horizon * targets.count }
    /// The earliest origin with a full window and baseline.
    public var firstOrigin: Int {
        max(windowSteps * patch, baselinePeriod ?? 0, seasonalInputPeriod ?? 0, minimumHistory)
    }
    /// History a forecast needs besides the window (e.g. for a seasonal blend).
    public var minimumHistory = 0
    /// With a number of steps, each window is read relative to its own level: every input
    /// column's values (the seasonal step's too) less that column's mean over the window's last
    /// `levelSteps` steps, and the targets less the target's, which is their baseline (instead
    /// of `baselinePeriod`'s). A lasting jump in volume then looks to the network like the days
    /// before it, where a window of absolute values it had never seen at that height was
    /// forecast at the old level (docs: `scripts/forecast-level-shift.py`).
    public var levelSteps: Int?

    /// Appends the (T,F) input of the window ending just before `origin`. `scaled[c]` is column
    /// c on the model scale; step i of the arrays starts at `start + i·step` seconds.
    public func appendInput(origin: Int, scaled: [[Float]], start: Int, step: Int, to buffer: inout [Float]) {
        let windowStart = origin - windowSteps * patch
        let levels = inputColumns.map { level(origin: origin, column: scaled[$0]) }
        for s in 0..<windowSteps {
            let sliceStart = windowStart + s * patch
            for (i, c) in inputColumns.enumerated() {
                let column = scaled[c]
                for k in 0..<patch { buffer.append(column[sliceStart + k] - levels[i]) }
            }
            if calendar {
                for value in CalendarFeatures.values(at: start + (sliceStart + patch - 1) * step) {
                    buffer.append(Float(value))
                }
            }
        }
        if let period = seasonalInputPeriod {
            for (i, c) in inputColumns.enumerated() {
                let column = scaled[c]
                for k in 0..<patch { buffer.append(column[origin - period + k] - levels[i]) }
            }
            if calendar {
                for value in CalendarFeatures.values(at: start + (origin + patch - 1) * step) {
                    buffer.append(Float(value))
                }
            }
        }
    }

    /// The baseline of target column `c` for step h after `origin`, on the model scale.
    public func baseline(origin: Int, h: Int, column c: Int, scaled: [[Float]]) -> Float {
        if levelSteps != nil { return level(origin: origin, column: scaled[c]) }
        guard let period = baselinePeriod else { return 0 }
        return scaled[c][origin - period + h % period]
    }

    /// The mean of `column` over the `levelSteps` steps before `origin` (0 without `levelSteps`).
    func level(origin: Int, column: [Float]) -> Float {
        guard let levelSteps else { return 0 }
        let n = min(levelSteps, windowSteps * patch)
        var sum: Float = 0
        for i in (origin - n)..<origin { sum += column[i] }
        return sum / Float(n)
    }

    /// Appends the (O) training target of the window at `origin`, ordered target-major.
    public func appendTarget(origin: Int, scaled: [[Float]], to buffer: inout [Float]) {
        for c in targets {
            // A window's level is one number for all its steps: summed once, not once a step.
            let level = levelSteps == nil ? nil : level(origin: origin, column: scaled[c])
            for h in 0..<horizon {
                buffer.append(
                    scaled[c][origin + h]
                        - (level ?? baseline(origin: origin, h: h, column: c, scaled: scaled)))
            }
        }
    }
}
