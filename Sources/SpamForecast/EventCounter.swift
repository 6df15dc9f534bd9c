/// Counts logged events (e.g. classified messages) per step: the store's classification log
/// becomes hourly `total`, and one column per label (`spam`, `ham`, `unsure`).
///
/// Unlike CSV resampling, an empty step counts as 0: the log records every message, so an hour
/// with no rows really had no messages.
public enum EventCounter {
    /// Steps from the one holding the first event up to (not including) the step starting at
    /// `end` (pass the start of the current, incomplete hour). Labels not in `labels` count only
    /// in `total`.
    public static func series(
        events: [(time: Double, label: String)], labels: [String], end: Int, step: Int = 3600
    ) throws(ForecastError) -> RegularSeries {
        guard step > 0 else { throw .invalidParameter("the step must be positive") }
        let times = events.map { Int($0.time.rounded(.down)) }
        guard let first = times.min() else {
            throw .tooShort(
                needed: 1, available: 0, what: "forecasting from the classification log (it is empty)")
        }
        let start = Timestamp.floorDivide(first, step) * step
        let endStep = Timestamp.floorDivide(end, step) * step
        let count = (endStep - start) / step
        guard count > 0 else {
            throw .tooShort(
                needed: 1, available: 0,
                what: "forecasting from the classification log (no complete hour yet)")
        }
        guard count <= Resampler.maximumSteps else {
            throw .invalidParameter("the classification log spans too many steps")
        }
        var columns = [[Double]](repeating: [Double](repeating: 0, count: count), count: labels.count + 1)
        for (i, event) in events.enumerated() {
            let index = (times[i] - start) / step
            guard index >= 0, index < count else { continue }
            columns[0][index] += 1
            if let c = labels.firstIndex(of: event.label) { columns[c + 1][index] += 1 }
        }
        return RegularSeries(start: start, step: step, names: ["total"] + labels, columns: columns)
    }
}
