/// Why a network could not be built from the values given.
public enum NetworkError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A parameter buffer does not have the size the shape requires.
    case parameterCountMismatch(expected: Int, actual: Int)
    /// A dimension is zero, negative or too large.
    case invalidShape(String)

    public var description: String {
        switch self {
        case .parameterCountMismatch(let expected, let actual):
            return "network parameters: expected \(expected) values for this shape, got \(actual)"
        case .invalidShape(let detail):
            return "invalid network shape: \(detail)"
        }
    }
}
