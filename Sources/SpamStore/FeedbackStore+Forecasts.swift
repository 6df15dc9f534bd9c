extension FeedbackStore {
    /// Stores forecast points in one transaction.
    public func saveForecasts(_ points: [ForecastRecord]) throws(StoreError) {
        try database.writeTransaction { () throws(StoreError) in
            for point in points {
                try database.run(
                    "INSERT INTO forecasts (created, target, timestamp, value, lower, upper) VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        .real(point.created), .text(point.target), .real(point.timestamp), .real(point.value),
                        point.lower.map { .real($0) } ?? .null, point.upper.map { .real($0) } ?? .null,
                    ])
            }
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
