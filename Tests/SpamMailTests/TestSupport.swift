import SpamMail
import SpamTestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Bytes of a string, for building messages inline.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

func fixture(_ name: String) -> [UInt8] {
    TestEnvironment.fixture("mail/" + name)
}

/// A scorer returning a fixed probability and recording the text it saw.
final class FixedScorer: @unchecked Sendable {
    var probability: Double
    var texts: [String] = []
    init(_ probability: Double) { self.probability = probability }
    func score(_ text: String) throws -> ModelScore {
        texts.append(text)
        return ModelScore(probability: probability, modelID: "test-model", threshold: 0.5)
    }
}

struct ModelMissing: Error, CustomStringConvertible {
    var description: String { "cannot open model /nonexistent/model.smsmodel: No such file or directory" }
}

func passThroughOptions() -> FilterOptions {
    var options = FilterOptions()
    options.passThrough = true
    options.version = "1.0-test"
    return options
}

/// The output of `-p` with the given probability.
func filtered(_ input: [UInt8], probability: Double = 0.99, options: FilterOptions = passThroughOptions())
    -> [UInt8]
{
    let scorer = FixedScorer(probability)
    let outcome = FilterEngine.run(input: input, options: options, scorer: scorer.score)
    return outcome.passThrough?.bytes(original: input) ?? []
}
