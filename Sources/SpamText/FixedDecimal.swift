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

/// Decimal places that show numbers of about `magnitude` with `significant` significant digits,
/// and never fewer than `atLeast` (nor more than 15): a forecast of a series in the thousands
/// keeps `atLeast`, one of a series around 0.0001 gets enough places not to print zeros.
public func decimals(forMagnitude magnitude: Double, significant: Int, atLeast: Int) -> Int {
    let size = abs(magnitude)
    guard size.isFinite, size > 0 else { return atLeast }
    // Digits before the point (negative for 0.00x): 1234 → 4, 0.5 → 0, 0.0012 → -2.
    var integerDigits = 0
    var scaled = size
    while scaled >= 1 {
        scaled /= 10
        integerDigits += 1
    }
    while scaled < 0.1 && integerDigits > -15 {
        scaled *= 10
        integerDigits -= 1
    }
    return min(15, max(atLeast, significant - integerDigits))
}
