/// Turns raw CSV rows into a regular series (default: hourly sums).
///
/// Policy, in this order (the evaluation protocol of ../shared/timeseries/README.md):
/// 1. Each timestamp is floored to its step (`12:34:56` → `12:00:00` for hours) and values in
///    the same step are summed (or averaged with `.mean`).
/// 2. The raw sampling interval is taken as the median gap between rows. The first step is
///    dropped when the data starts late into it (an earlier row, one interval before the first,
///    would still fall in the same step); the last step is dropped when a row one interval after
///    the last would still fall in it. So a 5-minute series starting at 21:42:53 loses the
///    21:00 hour, and a 30-minute series ending at 23:30 keeps its 23:00 hour.
/// 3. Steps with no raw rows inside the span are filled by linear interpolation between the
///    nearest steps that have rows (their indices are kept in `filledSteps`). Zero is not assumed:
///    a missing bucket in an exported CSV is more often a logging gap than a quiet hour; a file
///    of events asks for it (`EmptyStep.zero`). A missing cell (NaN, `SeriesTable.missingMarks`)
///    is a row without that column's value: a step whose rows all lack it is filled the same way,
///    and in a step where only some lack it they count as the mean of the others.
public enum Resampler {
    /// What a step with no rows inside the span holds.
    public enum EmptyStep: String, Sendable, CaseIterable {
        /// A value interpolated linearly between the nearest steps with rows: the step of a
        /// sampled series (counts exported per interval, levels) is missing from a logging gap.
        case interpolated
        /// Zero: in a file of events (one row per message) an hour without a row had none.
        case zero
    }

    /// How values falling in one step combine.
    public enum Aggregation: Sendable {
        /// Counts: the step's value is the sum of its rows.
        case sum
        /// Levels (temperatures, prices): the mean of its rows.
        case mean
    }

    /// The most steps a resampled series may have (about 1,100 years of hours), so a stray Unix
    /// timestamp cannot make us allocate gigabytes.
    public static let maximumSteps = 10_000_000

    /// The most values (steps × columns) a resampled series may hold (160 MB of Doubles): the step
    /// cap alone let a 20-column file with one stray timestamp allocate 2 GB.
    public static let maximumValues = 20_000_000

    public static func resample(
        _ table: SeriesTable, step: Int = 3600, aggregation: Aggregation = .sum,
        emptySteps: EmptyStep = .interpolated
    ) throws(ForecastError) -> RegularSeries {
        guard step > 0 else { throw .invalidParameter("the resampling step must be positive") }
        guard let firstTime = table.timestamps.first, let lastTime = table.timestamps.last else {
            throw .noDataRows(source: table.source)
        }
        let interval = medianGap(table.timestamps) ?? step
        var firstBucket = Timestamp.floorDivide(firstTime, step)
        var lastBucket = Timestamp.floorDivide(lastTime, step)
        if firstTime - firstBucket * step >= interval { firstBucket += 1 }
        if lastTime - lastBucket * step + interval < step { lastBucket -= 1 }
        guard lastBucket >= firstBucket else {
            throw .tooShort(
                needed: 1, available: 0,
                what: "\(table.source): resampling to \(step) s steps "
                    + "(the data covers no whole step)")
        }
        guard lastBucket - firstBucket < maximumSteps else {
            throw .invalidParameter(
                "\(table.source): the timestamps span more than \(maximumSteps) steps "
                    + "of \(step) s; check the timestamp column")
        }
        let length = lastBucket - firstBucket + 1
        guard length * max(1, table.names.count) <= maximumValues else {
            throw .invalidParameter(
                "\(table.source): \(length) steps of \(step) s × \(table.names.count) columns "
                    + "is more than \(maximumValues) values; check the timestamp column")
        }
        let columnCount = table.names.count
        var sums = [[Double]](repeating: [Double](repeating: 0, count: length), count: columnCount)
        var rows = [Int](repeating: 0, count: length)
        var valued = [[Int]](repeating: [Int](repeating: 0, count: length), count: columnCount)
        for (r, time) in table.timestamps.enumerated() {
            let bucket = Timestamp.floorDivide(time, step) - firstBucket
            guard bucket >= 0, bucket < length else { continue }
            rows[bucket] += 1
            for c in 0..<columnCount {
                let value = table.columns[c][r]
                guard !value.isNaN else { continue }
                sums[c][bucket] += value
                valued[c][bucket] += 1
            }
        }
        var isFilled = [Bool](repeating: false, count: length)
        for c in 0..<columnCount {
            // A step's rows with the value missing count as its other rows' mean: a sum over 11 of
            // 12 five-minute rows is scaled by 12/11, not taken for a quieter hour.
            var known = [Int](repeating: 0, count: length)
            for i in 0..<length {
                let count = valued[c][i]
                if count > 0 {
                    let divisor = aggregation == .mean ? Double(count) : Double(count) / Double(rows[i])
                    if divisor != 1 { sums[c][i] /= divisor }
                    known[i] = 1
                } else if rows[i] == 0 && emptySteps == .zero {
                    known[i] = 1
                } else {
                    isFilled[i] = true
                }
            }
            if known.contains(0) { interpolate(&sums[c], present: known) }
        }
        let filled = isFilled.indices.filter { isFilled[$0] }
        return RegularSeries(
            start: firstBucket * step, step: step, names: table.names, columns: sums, filledSteps: filled)
    }

    /// Refuses a table whose rows are further apart than `step` (a median gap of more than one
    /// and a half steps): resampled, every step between two rows would be made up by
    /// interpolation, and a daily file's totals, spread over its hours, were forecast as hourly
    /// values without a word. A series that is regular but has gaps passes (its median gap is
    /// the step or less); those gaps are `filledSteps`.
    public static func checkSampling(_ table: SeriesTable, step: Int = 3600) throws(ForecastError) {
        guard let gap = medianGap(table.timestamps), 2 * gap > 3 * step else { return }
        throw .sampledTooRarely(source: table.source, medianGap: gap, step: step)
    }

    /// The median of the gaps between consecutive timestamps, or nil for a single row.
    static func medianGap(_ timestamps: [Int]) -> Int? {
        guard timestamps.count >= 2 else { return nil }
        var gaps = [Int]()
        gaps.reserveCapacity(timestamps.count - 1)
        for i in 1..<timestamps.count { gaps.append(timestamps[i] - timestamps[i - 1]) }
        gaps.sort()
        return gaps[gaps.count / 2]
    }

    /// Fills entries whose `present` count is 0 by linear interpolation between the nearest
    /// present neighbours (the nearest one alone at an end).
    static func interpolate(_ values: inout [Double], present: [Int]) {
        var previous: Int? = nil
        var i = 0
        while i < values.count {
            if present[i] > 0 {
                previous = i
                i += 1
                continue
            }
            var next = i
            while next < values.count && present[next] == 0 { next += 1 }
            let right: Int? = next < values.count ? next : nil
            for k in i..<next {
                switch (previous, right) {
                case (let l?, let r?):
                    values[k] = values[l] + (values[r] - values[l]) * Double(k - l) / Double(r - l)
                case (let l?, nil): values[k] = values[l]
                case (nil, let r?): values[k] = values[r]
                case (nil, nil): values[k] = 0
                }
            }
            i = next
        }
    }
}
