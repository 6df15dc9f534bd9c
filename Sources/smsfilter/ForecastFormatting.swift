import SpamMail

/// Number and JSON formatting for forecast output, without Foundation's formatters.
enum ForecastFormatting {
    /// `value` rounded to `decimals` places, e.g. (1.58412, 3) → "1.584"; non-finite → "nan".
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (abs(value) * scale).rounded()
        guard rounded < 9e15 else { return String(value) }
        let whole = Int(rounded)
        let sign = value < 0 && whole != 0 ? "-" : ""
        let unit = Int(scale)
        if decimals == 0 { return sign + String(whole) }
        var fraction = String(whole % unit)
        fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
        return sign + String(whole / unit) + "." + fraction
    }

    /// A JSON number, or `null` when not finite (JSON has no NaN).
    static func json(_ value: Double, _ decimals: Int = 6) -> String {
        value.isFinite ? fixed(value, decimals) : "null"
    }

    /// A JSON string literal (the same escaping as the verdict output).
    static func json(_ text: String) -> String { VerdictFormat.json(text) }

    /// Left-aligns (negative width) or right-aligns `text` in a column.
    static func pad(_ text: String, _ width: Int) -> String {
        let n = abs(width) - text.count
        guard n > 0 else { return text }
        return width < 0 ? text + String(repeating: " ", count: n) : String(repeating: " ", count: n) + text
    }
}
