import SpamIO

/// Corpus arguments as `train --corpus` and `retrain --base-corpus` take them: `[NAME=]FILE`
/// (named by the file name when no name is given), `--corpus-weight NAME=WEIGHT`,
/// `--corpus-max-false-positive-rate NAME=RATE` and `--threshold-corpus NAME`, checked against
/// each other.
public struct CorpusSpecs {
    let named: [(name: String, path: String)]
    let weights: [String: Float]

    public init(_ corpora: [String], weights specs: [String], option: String) throws {
        let named = corpora.map(Self.nameAndPath)
        let names = named.map(\.name)
        if let repeated = names.first(where: { name in names.count { $0 == name } > 1 }) {
            throw UsageError("two corpora are named '\(repeated)'; name them apart with \(option) NAME=FILE")
        }
        self.named = named
        self.weights = try Self.valuesByName(
            specs, option: "--corpus-weight", form: "NAME=WEIGHT with a positive weight",
            names: names, corpusOption: option,
            parse: { Float($0).flatMap { $0 > 0 && $0.isFinite ? $0 : nil } })
    }

    func weight(of name: String) -> Float { weights[name] ?? 1 }

    /// `--corpus-max-false-positive-rate NAME=RATE` specs by corpus name: the highest held-out
    /// ham false-positive rate the threshold may allow on that corpus alone.
    public func falsePositiveCaps(_ specs: [String]) throws -> [String: Double] {
        try Self.valuesByName(
            specs, option: "--corpus-max-false-positive-rate", form: "NAME=RATE with a rate from 0 to 1",
            names: named.map(\.name), corpusOption: nil,
            parse: { Double($0).flatMap { (0...1).contains($0) ? $0 : nil } })
    }

    /// `NAME=VALUE` specs of `option` (`parse` gives nil for a value out of range), each naming
    /// one of `names` (the last `=` splits, so a name may hold one), by name.
    static func valuesByName<Value>(
        _ specs: [String], option: String, form: String, names: [String], corpusOption: String?,
        parse: (Substring) -> Value?
    ) throws -> [String: Value] {
        var values: [String: Value] = [:]
        for spec in specs {
            guard let eq = spec.lastIndex(of: "="), let value = parse(spec[spec.index(after: eq)...]) else {
                throw UsageError("\(option) takes \(form), not '\(spec)'")
            }
            let name = String(spec[..<eq])
            guard names.contains(name) else {
                let what = corpusOption.map { "a \($0) file name" } ?? "one of the corpora"
                throw UsageError(
                    "\(option) names '\(name)', which is not \(what) (\(names.joined(separator: ", ")))")
            }
            values[name] = value
        }
        return values
    }

    /// Refuses names (of `--threshold-corpus`, or `option`) that are not among the corpora.
    func checkCorpusNames(_ chosen: [String], option: String = "--threshold-corpus") throws {
        let names = named.map(\.name)
        for name in chosen where !names.contains(name) {
            throw UsageError(
                "\(option) names '\(name)', which is not one of the corpora (\(names.joined(separator: ", ")))"
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
