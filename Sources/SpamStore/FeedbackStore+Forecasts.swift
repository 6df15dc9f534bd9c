extension FeedbackStore {
    /// Stores forecast points in one transaction.
    public func saveForecasts(_ points: [ForecastRecord]) throws(StoreError) {
        try database.writeTransaction { () throws(StoreError) in
            for point in points {
                try database.run(
                    "INSERT INTO forecasts (created, target, timestamp, value, lower, upper) VALUES (?, ?, ?, ?, ?, ?)",
                    [.real(point.created), .text(point.target), .real(point.timestamp), .real(point.value),
                     point.lower.map { .real($0) } ?? .null, point.upper.map { .real($0) } ?? .null])
            }
        }
    }

    /// The most recent forecast run for `target` (all points sharing the newest `created`).
    public func latestForecast(target: String) throws(StoreError) -> [ForecastRecord] {
        try database.query(
            """
            SELECT created, target, timestamp, value, lower, upper FROM forecasts
            WHERE target = ? AND created = (SELECT MAX(created) FROM forecasts WHERE target = ?)
            ORDER BY timestamp
            """, [.text(target), .text(target)]
        ) {
            ForecastRecord(
                created: $0.double(0), target: $0.text(1), timestamp: $0.double(2), value: $0.double(3),
                lower: $0.optionalDouble(4), upper: $0.optionalDouble(5))
        }
    }

    /// Deletes forecasts made before `time`; returns how many.
    @discardableResult
    public func pruneForecasts(before time: Double) throws(StoreError) -> Int {
        try database.writeTransaction { () throws(StoreError) -> Int in
            try database.run("DELETE FROM forecasts WHERE created < ?", [.real(time)])
        }
    }
}
