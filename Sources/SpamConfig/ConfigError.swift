/// A configuration that cannot be used: malformed lines (with their numbers), bad values or an
/// unreadable file. The description lists every problem, one per line.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    public let problems: [String]

    public init(_ problems: [String]) { self.problems = problems }
    public init(_ problem: String) { self.problems = [problem] }

    public var description: String { problems.joined(separator: "\n") }
}
