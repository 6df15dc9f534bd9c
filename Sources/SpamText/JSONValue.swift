/// A JSON document built in code and written as text: the one JSON writer of the project, so
/// every `--format json` output escapes strings the same way and never prints NaN or infinity
/// (JSON has neither; they become `null`).
public indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// A number; with `decimals`, rounded to that many places (`fixed`), else Swift's shortest
    /// exact form (`0.1`, `1e-05`, both valid JSON).
    case number(Double, decimals: Int? = nil)
    case string(String)
    case array([JSONValue])
    /// Members in the order given (reports read better in a fixed order than sorted).
    case object([(String, JSONValue)])

    /// An optional number: `null` when absent.
    public static func number(_ value: Double?, decimals: Int? = nil) -> JSONValue {
        value.map { .number($0, decimals: decimals) } ?? .null
    }

    /// An optional string: `null` when absent.
    public static func string(_ text: String?) -> JSONValue {
        text.map { .string($0) } ?? .null
    }

    /// The document as one line: `{"a": 1, "b": [true, null]}`.
    public var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .number(let value, let decimals):
            guard value.isFinite else {
                out += "null"
                return
            }
            out += decimals.map { fixed(value, decimals: $0) } ?? String(value)
        case .string(let text): out += Self.quoted(text)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += ", " }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += ", " }
                out += Self.quoted(key) + ": "
                value.write(to: &out)
            }
            out += "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and every control character escaped
    /// (a tab → `\t`, U+0001 → `\u0001`); other characters as they are (UTF-8).
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
