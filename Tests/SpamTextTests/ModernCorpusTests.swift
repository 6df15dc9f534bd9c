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

    static func sibling(_ name: String) -> String {
        String(directory.dropLast("modern".count)) + name
    }

    /// Each group file of a directory, every message labelled as its file's name says: a `spam…`
    /// file (`spam-lures.tsv`, `spam2-ar.tsv`) holds spam only, any other ham.
    static func groupMessages(_ groups: [String], in directory: String) throws -> [LabeledMessage] {
        var all: [LabeledMessage] = []
        for group in groups {
            let messages = try LabeledCorpus.parse(try read(group, in: directory))
            #expect(messages.count >= 20, "\(group) is nearly empty")
            #expect(messages.allSatisfy { $0.isSpam == group.hasPrefix("spam") }, "\(group) mixes labels")
            all += messages
        }
        return all
    }

    /// Texts compared as a reader would: case and surrounding spaces do not make a message new.
    static func normalized(_ messages: [LabeledMessage]) -> Set<String> {
        Set(
            messages.map {
                String(
                    $0.text.lowercased().drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace)
                        .reversed())
            })
    }

    /// The training-only supplements (`corpus/modern-train/`, `corpus/modern-train2/`,
    /// `corpus/modern-train3/`, `corpus/modern-train4/`, `corpus/modern-train5/`,
    /// `corpus/modern-train6/`, each by writers who never saw the others): `train.tsv` is the group
    /// files concatenated in the order below, and no text of a set that measures the model is
    /// trained on.
    @Test(arguments: [
        (
            "modern-train",
            [
                "ham-automated.tsv", "ham-personal.tsv", "spam-conversational.tsv", "spam-lures.tsv",
                "spam-offers.tsv",
            ]
        ),
        (
            "modern-train2",
            [
                "ham-automated.tsv", "ham-personal.tsv", "spam-lures.tsv", "spam-conversational.tsv",
                "spam-offers.tsv",
            ]
        ),
        ("modern-train3", ["ham-chat-lookalikes.tsv", "spam-chat-scams.tsv"]),
        ("modern-train4", ["ham-alarming.tsv", "spam-imitations.tsv"]),
        (
            "modern-train5",
            [
                "ham-south-asia.tsv", "ham-anglo.tsv", "ham-africa-asia.tsv", "spam-south-asia.tsv",
                "spam-anglo.tsv", "spam-africa-asia.tsv",
            ]
        ),
        ("modern-train6", multilingualGroups),
    ])
    func trainingSupplementIsItsGroupFiles(name: String, groups: [String]) throws {
        let all = try Self.groupMessages(groups, in: Self.sibling(name))
        #expect(try LabeledCorpus.parse(try Self.read("train.tsv", in: Self.sibling(name))) == all)
        let measured =
            try LabeledCorpus.parse(try Self.read("holdout.tsv"))
            + Self.groupMessages(Self.checkGroups, in: Self.sibling("modern-check"))
        #expect(Self.normalized(all).intersection(Self.normalized(measured)) == [])
    }

    /// `corpus/modern-train6/`: ten languages in two rounds, each round's ham files, then its spam
    /// files, alphabetical by language code.
    static let multilingualGroups = ["", "2"].flatMap { round in
        ["ham", "spam"].flatMap { label in
            trainedLanguages.map { "\(label)\(round)-\($0).tsv" }
        }
    }

    static let trainedLanguages = ["ar", "de", "es", "fr", "hi", "pt", "ru", "tr", "vi", "zh"]

    static let checkGroups = [
        "ham-alerts.tsv", "ham-codes.tsv", "ham-personal.tsv", "spam-conversational.tsv", "spam-lures.tsv",
        "spam-offers.tsv",
    ]

    /// `corpus/modern-check/`, written by a second writer for evaluation only, the probes of
    /// `corpus/modern-probe/`, the fifteen languages of `corpus/modern-check-ml/` and the SMS of
    /// 2003–2015 of `corpus/era-check/`: none of their texts is in any training part.
    @Test func checkSetIsNeverTrainedOn() throws {
        var check = try Self.groupMessages(Self.checkGroups, in: Self.sibling("modern-check"))
        #expect(check.count >= 300)
        check += try Self.groupMessages(
            ["ham-alarming.tsv", "ham-notices.tsv", "spam-lures.tsv"], in: Self.sibling("modern-probe"))
        let languages = Self.trainedLanguages + ["fa", "it", "ja", "ko", "pl"]
        let multilingual = try Self.groupMessages(
            languages.flatMap { ["ham-\($0).tsv", "spam-\($0).tsv"] }, in: Self.sibling("modern-check-ml"))
        #expect(multilingual.count == 900)
        check += multilingual
        let era = try Self.groupMessages(
            ["uk2003", "uk2009", "us2005"].flatMap { ["ham-\($0).tsv", "spam-\($0).tsv"] },
            in: Self.sibling("era-check"))
        #expect(era.count >= 1_100)
        check += era
        var trained = try LabeledCorpus.parse(try Self.read("train.tsv"))
        for name in [
            "modern-train", "modern-train2", "modern-train3", "modern-train4", "modern-train5",
            "modern-train6",
        ] {
            trained += try LabeledCorpus.parse(try Self.read("train.tsv", in: Self.sibling(name)))
        }
        #expect(Self.normalized(check).intersection(Self.normalized(trained)) == [])
    }

    /// `corpus/opt-out/NAME.train.tsv` (what the bundled model reads of each written set): the
    /// set's `train.tsv` line for line, the label and the message kept, some messages with one
    /// of `footers-train.txt` after a space; ham and spam both get footers, and no footer used
    /// only to measure (`footers-check.txt`) trains.
    @Test(arguments: ["modern", "modern-train", "modern-train2"])
    func optOutFootersOnlyAppendATrainingFooter(name: String) throws {
        let optOut = Self.sibling("opt-out")
        let plain = try LabeledCorpus.parse(try Self.read("train.tsv", in: Self.sibling(name)))
        let footed = try LabeledCorpus.parse(try Self.read(name + ".train.tsv", in: optOut))
        let footers = String(decoding: try Self.read("footers-train.txt", in: optOut), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        let checkFooters = String(decoding: try Self.read("footers-check.txt", in: optOut), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        #expect(footers.count >= 10 && checkFooters.count >= 5)
        #expect(Set(footers).isDisjoint(with: checkFooters))
        #expect(footed.count == plain.count)
        var withFooter: [Bool: Int] = [:]
        for (original, read) in zip(plain, footed) {
            #expect(read.isSpam == original.isSpam)
            if read.text == original.text { continue }
            let footer =
                read.text.hasPrefix(original.text + " ")
                ? String(read.text.dropFirst(original.text.count + 1)) : ""
            #expect(footers.contains(footer), "\(read.text)")
            withFooter[read.isSpam, default: 0] += 1
        }
        // A fifth of the automated messages: tens of each label in every set.
        #expect(withFooter[true, default: 0] >= 15 && withFooter[false, default: 0] >= 15)
    }
}
