/// Where an effective value came from, highest precedence first.
public enum ConfigSource: Sendable, Equatable, CustomStringConvertible {
    /// A command-line flag, e.g. `--model`.
    case flag(String)
    /// An environment variable, e.g. `SMSFILTER_MODEL`.
    case environment(String)
    /// A line of the config file.
    case file(path: String, line: Int)
    /// The built-in default.
    case builtIn

    public var description: String {
        switch self {
        case .flag(let name): return "flag \(name)"
        case .environment(let name): return "environment \(name)"
        case .file(let path, let line): return "config file \(path):\(line)"
        case .builtIn: return "default"
        }
    }
}
