public import SpamText

/// One labelled collection a model is trained on, as recorded in the model file, so a user can
/// tell what a model has seen (`smsfilter models show`).
public struct TrainingCorpus: Sendable, Equatable {
    /// A short name: the file name without its directory (`train.tsv`, `thai_2022.tsv`).
    public var name: String
    public var ham: Int
    public var spam: Int
    /// SHA-256 of the file's bytes, so `sha256sum FILE` tells whether a copy is the same data.
    public var sha256: String
    /// Loss weight of each of its messages (1: as much as any other message).
    public var weight: Float

    public var messages: Int { ham + spam }

    public init(name: String, ham: Int, spam: Int, sha256: String, weight: Float = 1) {
        self.name = name
        self.ham = ham
        self.spam = spam
        self.sha256 = sha256
        self.weight = weight
    }

    /// The corpus's counts, taken from its parsed messages.
    public init(name: String, messages: [LabeledMessage], sha256: String, weight: Float = 1) {
        let spam = messages.count { $0.isSpam }
        self.init(name: name, ham: messages.count - spam, spam: spam, sha256: sha256, weight: weight)
    }

    /// The metadata value: `name messages=N ham=N spam=N weight=W sha256=HEX`. Names hold no
    /// spaces (they are file names; spaces become `_`), so the line splits back unambiguously.
    public var metadataValue: String {
        let safeName = String(name.map { $0 == " " || $0 == "\n" ? "_" : $0 })
        return "\(safeName) messages=\(messages) ham=\(ham) spam=\(spam) weight=\(weight) sha256=\(sha256)"
    }

    /// Reads back `metadataValue`; nil for anything else.
    public init?(metadataValue: String) {
        let fields = metadataValue.split(separator: " ")
        guard let first = fields.first else { return nil }
        var values: [Substring: Substring] = [:]
        for field in fields.dropFirst() {
            guard let eq = field.firstIndex(of: "=") else { return nil }
            values[field[..<eq]] = field[field.index(after: eq)...]
        }
        guard let ham = values["ham"].flatMap({ Int($0) }), let spam = values["spam"].flatMap({ Int($0) }),
            let sha = values["sha256"]
        else { return nil }
        self.init(
            name: String(first), ham: ham, spam: spam, sha256: String(sha),
            weight: values["weight"].flatMap { Float($0) } ?? 1)
    }
}

extension ModelMetadata {
    /// Metadata keys `corpus.1`, `corpus.2`, … in training order.
    static let corpusKeyPrefix = "corpus."

    /// The corpora the model was trained on, in the order given to `train`; empty for models made
    /// before they were recorded.
    public var trainingCorpora: [TrainingCorpus] {
        get {
            entries.filter { $0.0.hasPrefix(Self.corpusKeyPrefix) }.compactMap {
                TrainingCorpus(metadataValue: $0.1)
            }
        }
        set {
            entries.removeAll { $0.0.hasPrefix(Self.corpusKeyPrefix) }
            for (k, corpus) in newValue.enumerated() {
                entries.append((Self.corpusKeyPrefix + String(k + 1), corpus.metadataValue))
            }
        }
    }
}
