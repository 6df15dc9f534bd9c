import SpamText
import SpamMail

/// Number and JSON formatting for forecast output, without Foundation's formatters.
enum ForecastFormatting {
    /// A JSON number, or `null` when not finite (JSON has no NaN).
    static func json(_ value: Double, _ decimals: Int = 6) -> String {
        value.isFinite ? fixed(value, decimals: decimals) : "null"
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
