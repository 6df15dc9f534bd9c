/// The user's configuration file (`$XDG_CONFIG_HOME/smsfilter/config`): `key = value` lines,
/// `#` comments. Keys used by retrain: `base_corpus` (TSV path), `keep_models`, `min_new`,
/// `feedback_weight`, `models_dir`.
public struct RetrainConfig: Sendable, Equatable {
    public var values: [String: String]

    public init(values: [String: String] = [:]) { self.values = values }

    /// Parses the file's bytes; malformed lines are errors naming the line.
    public static func parse(_ bytes: [UInt8], source: String = "config") throws(RetrainError) -> RetrainConfig {
        var values: [String: String] = [:]
        var number = 0
        for raw in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = raw.trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw .configuration("\(source):\(number): expected `key = value`")
            }
            let key = line[..<equals].trimmingSpaces()
            var value = line[line.index(after: equals)...].trimmingSpaces()
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = String(value.dropFirst().dropLast()) }
            guard !key.isEmpty else { throw .configuration("\(source):\(number): empty key") }
            values[key] = value
        }
        return RetrainConfig(values: values)
    }

    public subscript(key: String) -> String? { values[key] }

    /// An integer setting, or the fallback when absent; a bad value is an error.
    public func integer(_ key: String, default fallback: Int) throws(RetrainError) -> Int {
        guard let text = values[key] else { return fallback }
        guard let value = Int(text), value >= 0 else { throw .configuration("config key \(key): not a count: \(text)") }
        return value
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return String(s)
    }
}
