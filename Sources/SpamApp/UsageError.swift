/// A command line that makes no sense, found only once the inputs are read (a `--corpus-weight`
/// naming no corpus): the executable reports it as a usage error (exit 64), like the errors
/// ArgumentParser finds itself. Failures of the work itself are other errors (exit 3).
public struct UsageError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String

    public init(_ description: String) { self.description = description }
}
