import SpamText

/// The three verdicts: spam, unsure (for review and training) and ham.
public enum Verdict: String, Sendable, Equatable, CaseIterable {
    case spam, unsure, ham

    /// The word in headers and in the one-line output: `Spam`, `Unsure`, `Ham`.
    public var title: String {
        switch self {
        case .spam: "Spam"
        case .unsure: "Unsure"
        case .ham: "Ham"
        }
    }

    /// bogofilter's exit codes: 0 spam, 1 ham, 2 unsure.
    public var exitCode: Int32 {
        switch self {
        case .spam: 0
        case .ham: 1
        case .unsure: 2
        }
    }
}

/// Two score cutoffs: at or above `spam` is spam, at or below `ham` is ham, in between unsure.
public struct Cutoffs: Sendable, Equatable {
    public var spam: Double
    public var ham: Double

    public init(spam: Double, ham: Double) {
        self.spam = spam
        self.ham = ham
    }

    /// The defaults for a model whose decision threshold is `threshold`: spam at the threshold,
    /// ham below half of it, so the unsure band sits just under the decision line.
    public init(threshold: Double, spam: Double? = nil, ham: Double? = nil) {
        let spamCutoff = spam ?? threshold
        self.spam = spamCutoff
        self.ham = ham ?? min(spamCutoff, threshold / 2)
    }

    /// A reason the cutoffs are unusable, or nil.
    public var problem: String? {
        guard spam.isFinite, ham.isFinite, (0...1).contains(spam), (0...1).contains(ham) else {
            return "cutoffs must lie between 0 and 1 (spam \(spam), ham \(ham))"
        }
        return ham <= spam ? nil : "the ham cutoff (\(ham)) is above the spam cutoff (\(spam))"
    }

    public func verdict(for score: Double) -> Verdict {
        if score >= spam { return .spam }
        if score <= ham { return .ham }
        return .unsure
    }
}

/// Formatting of scores, header values and JSON strings.
public enum VerdictFormat {
    /// A probability with four decimals: `0.9934`, `1.0000`.
    public static func score(_ value: Double, digits: Int = 4) -> String {
        fixed(value.isFinite ? min(max(value, 0), 1) : 0, decimals: max(0, min(digits, 9)))
    }

    /// A value safe inside a header line: control characters become spaces, at most 200 bytes.
    public static func headerSafe(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            let safe: Unicode.Scalar =
                scalar.value < 0x20 || scalar.value == 0x7F || !scalar.isASCII ? " " : scalar
            count += 1
            if count > 200 { break }
            out.append(safe)
        }
        return String(out)
    }

    /// A JSON string literal (the one escaper, `JSONValue.quoted`).
    public static func json(_ text: String) -> String { JSONValue.quoted(text) }
}
