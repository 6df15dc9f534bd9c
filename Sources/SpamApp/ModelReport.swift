import SpamMail
public import SpamModel
import SpamStore
import SpamText

/// What `models show` prints about one model file: what it was trained on, its settings and the
/// validation figures recorded when it was made.
public enum ModelReport {
    /// `show` for the model file at `path`.
    public static func show(path: String, format: ReportFormat) throws -> String {
        show(try SpamClassifier.load(path: path), path: path, format: format)
    }

    /// The file of the store's registered model `id` (`models show ID`).
    public static func registeredPath(id: Int64, storePath: String) throws -> String {
        guard let registered = try StoreBackends.open(storePath, readOnly: true).model(id: id) else {
            throw StoreError.notFound("no model with id \(id) (see `smsfilter models list`)")
        }
        return registered.path
    }

    public static func show(_ classifier: SpamClassifier, path: String, format: ReportFormat) -> String {
        let corpora = classifier.metadata.trainingCorpora
        let others = classifier.metadata.entries.filter { !$0.0.hasPrefix("corpus.") }
        if format == .json {
            return JSONValue.object([
                ("id", .string(classifier.modelID)), ("path", .string(path)),
                ("threshold", .number(classifier.threshold, decimals: 4)),
                ("networks", .int(classifier.networkCount)),
                ("ngram_weight", classifier.ngram.map { .number(Double($0.mixWeight)) } ?? .null),
                ("mail_ngram_weight", classifier.mailNgram.map { .number(Double($0.mixWeight)) } ?? .null),
                ("vocabulary", .int(classifier.shape.vocabularySize)),
                (
                    "corpora",
                    .array(
                        corpora.map { corpus in
                            .object([
                                ("name", .string(corpus.name)), ("messages", .int(corpus.messages)),
                                ("ham", .int(corpus.ham)),
                                ("spam", .int(corpus.spam)), ("weight", .number(Double(corpus.weight))),
                                ("sha256", .string(corpus.sha256)),
                            ])
                        })
                ),
                ("metadata", .object(others.map { ($0.0, .string($0.1)) })),
            ]).text
        }
        let shape = classifier.shape
        var lines = [
            "model \(classifier.modelID) \(path)",
            "threshold \(fixed(classifier.threshold)); \(classifier.networkCount) networks, "
                + "E=\(shape.embeddingDim) H=\(shape.hiddenSize), vocabulary \(shape.vocabularySize) tokens",
            classifier.ngram.map {
                "n-gram model beside the networks: \(NgramFeatures.featureCount) hashed word and character n-grams, "
                    + "weight \(fixed(Double($0.mixWeight), decimals: 2))"
            } ?? "no n-gram model (the networks alone)",
        ]
        if let mail = classifier.mailNgram {
            lines.append(
                "mail read by an n-gram model of its own, trained on the mail corpora, weight "
                    + "\(fixed(Double(mail.mixWeight), decimals: 2)) (mail_reading below)")
        }
        if corpora.isEmpty {
            lines.append("trained on: not recorded (a model made before corpora were recorded)")
        } else {
            lines.append("trained on:")
            let width = corpora.map(\.name.count).max() ?? 0
            for corpus in corpora {
                let padded = corpus.name + String(repeating: " ", count: width - corpus.name.count)
                lines.append(
                    "  \(padded)  \(corpus.messages) messages (\(corpus.ham) ham, \(corpus.spam) spam)"
                        + (corpus.weight == 1 ? "" : ", weight \(corpus.weight)")
                        + ", sha256 \(corpus.sha256)")
            }
        }
        for (key, value) in others { lines.append("\(key): \(value)") }
        return lines.joined(separator: "\n")
    }
}
