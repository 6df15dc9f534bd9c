#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Calendar inputs for a step: hour of day and day of week, each as a point on a circle
/// (sin, cos) so that 23:00 sits next to 00:00 and Saturday next to Sunday.
public enum CalendarFeatures {
    /// Number of features `values(at:)` returns.
    public static let count = 4

    /// `[sin hour, cos hour, sin weekday, cos weekday]` for a Unix time (UTC).
    public static func values(at seconds: Int) -> [Double] {
        let days = Timestamp.floorDivide(seconds, 86_400)
        let hour = Double(seconds - days * 86_400) / 3600
        let weekday = Double(Timestamp.dayOfWeek(seconds)) + hour / 24
        let h = 2 * Double.pi * hour / 24
        let w = 2 * Double.pi * weekday / 7
        return [sin(h), cos(h), sin(w), cos(w)]
    }
}
