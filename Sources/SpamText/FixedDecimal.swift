/// `value` rounded to `decimals` places, for reports and logs: (1.58412, 3) → "1.584",
/// (-0.00001, 2) → "0.00". Not finite: "nan", "inf", "-inf". The one number formatter of the
/// project (no Foundation: `String(format:)` pulls it in and differs across platforms).
public func fixed(_ value: Double, decimals: Int = 4) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    let places = max(0, min(decimals, 15))
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let rounded = (abs(value) * scale).rounded()
    // Past 2^53 the integer split below loses digits (and past Int64 it traps): fall back to
    // Swift's shortest round-trip form, which is exact.
    guard rounded < 9e15 else { return String(value) }
    let scaled = Int64(rounded)
    let unit = Int64(scale)
    let sign = value < 0 && scaled != 0 ? "-" : ""
    if places == 0 { return sign + String(scaled) }
    var fraction = String(scaled % unit)
    if fraction.count < places {
        fraction = String(repeating: "0", count: places - fraction.count) + fraction
    }
    return sign + String(scaled / unit) + "." + fraction
}
