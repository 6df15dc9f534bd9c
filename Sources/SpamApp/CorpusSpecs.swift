import SpamIO

/// Corpus arguments as `train --corpus` and `retrain --base-corpus` take them: `[NAME=]FILE`
/// (named by the file name when no name is given), `--corpus-weight NAME=WEIGHT` and
/// `--threshold-corpus NAME`, checked against each other.
public struct CorpusSpecs {
    let named: [(name: String, path: String)]
    let weights: [String: Float]

    public init(_ corpora: [String], weights specs: [String], option: String) throws {
        var weights: [String: Float] = [:]
        for spec in specs {
            guard let eq = spec.lastIndex(of: "="), let weight = Float(spec[spec.index(after: eq)...]),
                weight > 0, weight.isFinite
            else {
                throw UsageError("--corpus-weight takes NAME=WEIGHT with a positive weight, not '\(spec)'")
            }
            weights[String(spec[..<eq])] = weight
        }
        let named = corpora.map(Self.nameAndPath)
        let names = named.map(\.name)
        if let repeated = names.first(where: { name in names.count { $0 == name } > 1 }) {
            throw UsageError("two corpora are named '\(repeated)'; name them apart with \(option) NAME=FILE")
        }
        for name in weights.keys where !names.contains(name) {
            throw UsageError(
                "--corpus-weight names '\(name)', which is not a \(option) file name (\(names.joined(separator: ", ")))"
            )
        }
        self.named = named
        self.weights = weights
    }

    func weight(of name: String) -> Float { weights[name] ?? 1 }

    /// `--corpus-max-false-positive-rate NAME=RATE` specs by corpus name: the highest held-out
    /// ham false-positive rate the threshold may allow on that corpus alone.
    public func falsePositiveCaps(_ specs: [String]) throws -> [String: Double] {
        var caps: [String: Double] = [:]
        let names = named.map(\.name)
        for spec in specs {
            guard let eq = spec.lastIndex(of: "="), let rate = Double(spec[spec.index(after: eq)...]),
                rate >= 0, rate <= 1
            else {
                throw UsageError(
                    "--corpus-max-false-positive-rate takes NAME=RATE with a rate from 0 to 1, not '\(spec)'")
            }
            let name = String(spec[..<eq])
            guard names.contains(name) else {
                throw UsageError(
                    "--corpus-max-false-positive-rate names '\(name)', which is not one of the corpora (\(names.joined(separator: ", ")))"
                )
            }
            caps[name] = rate
        }
        return caps
    }

    /// Refuses `--threshold-corpus` names that are not among the corpora.
    func checkThresholdCorpora(_ chosen: [String]) throws {
        let names = named.map(\.name)
        for name in chosen where !names.contains(name) {
            throw UsageError(
                "--threshold-corpus names '\(name)', which is not one of the corpora (\(names.joined(separator: ", ")))"
            )
        }
    }

    /// `NAME=FILE` (a name without '/'), else the file named by its file name.
    public static func nameAndPath(_ spec: String) -> (name: String, path: String) {
        if let eq = spec.firstIndex(of: "="), eq != spec.startIndex, !spec[..<eq].contains("/") {
            return (String(spec[..<eq]), String(spec[spec.index(after: eq)...]))
        }
        return (FilePath.fileName(of: spec), spec)
    }
}
