/// One forecast step: start time, point forecast and prediction interval.
public struct ForecastPoint: Sendable, Equatable {
    /// Unix seconds at which the step begins.
    public var time: Int
    public var value: Double
    public var lower: Double
    public var upper: Double

    public init(time: Int, value: Double, lower: Double, upper: Double) {
        self.time = time
        self.value = value
        self.lower = lower
        self.upper = upper
    }
}
