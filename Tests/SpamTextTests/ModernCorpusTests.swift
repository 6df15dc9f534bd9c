import SpamTestSupport
import SpamText
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `corpus/modern/`: the project's own messages of today's kinds. Its split into a training part
/// and a held-out third was fixed by a rule before any result was seen; these tests keep the
/// committed `train.tsv` and `holdout.tsv` equal to that rule applied to the group files.
struct ModernCorpusTests {
    static let directory = TestEnvironment.packageRoot + "/corpus/modern"

    static func read(_ name: String, in directory: String = directory) throws -> [UInt8] {
        guard let bytes = readFile(directory + "/" + name) else { throw CorpusReadError(name: name) }
        return bytes
    }

    struct CorpusReadError: Error { var name: String }

    static let groups = [
        "ham-bank.tsv", "ham-bills-travel.tsv", "ham-bookings.tsv", "ham-codes.tsv", "ham-delivery.tsv",
        "ham-personal.tsv", "spam-bank.tsv", "spam-impersonation.tsv", "spam-offers.tsv", "spam-parcel.tsv",
        "spam-toll-tax.tsv",
    ]

    @Test func splitFollowsTheFixedRule() throws {
        var train: [LabeledMessage] = []
        var holdout: [LabeledMessage] = []
        for group in Self.groups {
            let messages = try LabeledCorpus.parse(try Self.read(group))
            #expect(messages.count >= 20, "\(group) is nearly empty")
            // Every message of a ham-… file is ham, of a spam-… file spam.
            #expect(messages.allSatisfy { $0.isSpam == group.hasPrefix("spam-") }, "\(group) mixes labels")
            for (k, message) in messages.enumerated() {
                if k % 3 == 0 { holdout.append(message) } else { train.append(message) }
            }
        }
        #expect(try LabeledCorpus.parse(try Self.read("holdout.tsv")) == holdout)
        #expect(try LabeledCorpus.parse(try Self.read("train.tsv")) == train)
        #expect(train.count + holdout.count >= 300)
        #expect(holdout.count * 3 >= train.count + holdout.count)
        // No message is on both sides.
        #expect(Set(train.map(\.text)).isDisjoint(with: holdout.map(\.text)))
    }

    /// `corpus/modern-train/`, the training-only supplement: `train.tsv` is its group files
    /// concatenated in name order, every message labelled as its file says.
    @Test func trainingSupplementIsItsGroupFiles() throws {
        let supplement = String(Self.directory.dropLast("modern".count)) + "modern-train"
        var all: [LabeledMessage] = []
        for group in [
            "ham-automated.tsv", "ham-personal.tsv", "spam-conversational.tsv", "spam-lures.tsv",
            "spam-offers.tsv",
        ] {
            let messages = try LabeledCorpus.parse(try Self.read(group, in: supplement))
            #expect(messages.allSatisfy { $0.isSpam == group.hasPrefix("spam-") }, "\(group) mixes labels")
            all += messages
        }
        #expect(try LabeledCorpus.parse(try Self.read("train.tsv", in: supplement)) == all)
        // It never repeats a held-out message.
        let holdout = try LabeledCorpus.parse(try Self.read("holdout.tsv"))
        #expect(Set(all.map(\.text)).isDisjoint(with: holdout.map(\.text)))
    }
}
