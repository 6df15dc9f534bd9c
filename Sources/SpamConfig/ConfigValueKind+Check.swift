extension ConfigValueKind {
    /// The value in its normal form (a path with `~/` expanded, a byte size in bytes), or a
    /// message saying what is wrong with it.
    public func normalize(_ text: String, home: String?) -> Result<String, ConfigValueError> {
        switch self {
        case .path:
            guard !text.isEmpty else { return .failure(ConfigValueError("an empty path")) }
            if text == "~" || text.hasPrefix("~/") {
                guard let home else { return .failure(ConfigValueError("`~` but HOME is not set")) }
                return .success(home + text.dropFirst())
            }
            return .success(text)
        case .fraction:
            guard let number = Double(text), number.isFinite, (0...1).contains(number) else {
                return .failure(ConfigValueError("`\(text)` is not a number from 0 to 1"))
            }
            return .success(text)
        case .headerName:
            guard !text.isEmpty, text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x3A }) else {
                return .failure(
                    ConfigValueError("`\(text)` is not a header field name (printable ASCII, no colon)"))
            }
            // Pass-through removes every field of this name from the message before adding its
            // own: `Subject`, `From` or `Received` would be deleted from every mail.
            guard text.count > 2, text.lowercased().hasPrefix("x-"), text.lowercased() != "x-spam-flag" else {
                return .failure(
                    ConfigValueError(
                        "`\(text)` is not an X- header field (the verdict header replaces every field of its name,"
                            + " so it must be one of our own, such as X-SMSFilter)"))
            }
            return .success(text)
        case .byteSize:
            var digits = Substring(text)
            var multiplier = 1
            if let last = digits.last, let shift = ["k": 10, "m": 20, "g": 30][last.lowercased()] {
                multiplier = 1 << shift
                digits = digits.dropLast()
            }
            guard let count = Int(digits), count >= 0 else {
                return .failure(ConfigValueError("`\(text)` is not a size in bytes (e.g. 524288 or 512K)"))
            }
            let (bytes, overflow) = count.multipliedReportingOverflow(by: multiplier)
            guard !overflow else { return .failure(ConfigValueError("`\(text)` is too large")) }
            return .success(String(bytes))
        case .days:
            guard let days = Double(text), days.isFinite, days >= 0 else {
                return .failure(ConfigValueError("`\(text)` is not a number of days"))
            }
            return .success(text)
        case .logLevel:
            let level = text.lowercased()
            guard Self.logLevels.contains(level) else {
                return .failure(
                    ConfigValueError(
                        "`\(text)` is not a log level (\(Self.logLevels.joined(separator: ", ")))"))
            }
            return .success(level)
        case .countryCode:
            let digits = text.hasPrefix("+") ? String(text.dropFirst()) : text
            guard let code = Int(digits), (1...999).contains(code), digits.first != "0" else {
                return .failure(
                    ConfigValueError("`\(text)` is not a country calling code (1 to 999, e.g. 44)"))
            }
            return .success(String(code))
        case .hostName:
            let hostCharacter: (Character) -> Bool = {
                $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_")
            }
            guard !text.isEmpty, text.count <= 255, text.allSatisfy(hostCharacter) else {
                return .failure(ConfigValueError("`\(text)` is not a host name (e.g. mx.example.org)"))
            }
            return .success(text.lowercased())
        case .count:
            guard let count = Int(text), count >= 1 else {
                return .failure(ConfigValueError("`\(text)` is not a whole number of at least 1"))
            }
            return .success(String(count))
        case .yesNo:
            switch text.lowercased() {
            case "yes", "true", "on", "1": return .success("yes")
            case "no", "false", "off", "0": return .success("no")
            default: return .failure(ConfigValueError("`\(text)` is not yes or no"))
            }
        }
    }

    /// The log level names, most verbose first (swift-log's `Logger.Level`).
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
}

/// Why one value was refused (the caller adds where it came from).
public struct ConfigValueError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
