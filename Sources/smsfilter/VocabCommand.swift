import ArgumentParser
import SpamApp
import SpamIO

/// `smsfilter vocab`: build and inspect vocabulary files.
struct VocabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vocab",
        abstract: "Build or inspect a vocabulary.",
        subcommands: [Build.self, Show.self])

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count tokens over a label<TAB>text corpus and write a vocabulary file.")

        @Option(help: "Training corpus, one 'ham|spam<TAB>text' per line.")
        var corpus: String

        @Option(help: "Keep tokens seen at least this many times.")
        var minCount = 1

        @Option(help: "Keep at most this many tokens (the reserved <pad> and <unk> included).")
        var maxSize = 50_000

        @Option(help: "Where to write the vocabulary file.")
        var out: String

        @OptionGroup var logging: LoggingOptions

        func run() throws {
            try logging.start()
            print(try VocabularyBuild.build(corpus: corpus, minCount: minCount, maxSize: maxSize, out: out))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a vocabulary file's tokens, one 'id<TAB>token' per line.")

        @Argument(help: "The vocabulary file.")
        var file: String

        @OptionGroup var logging: LoggingOptions

        func run() throws {
            try logging.start()
            try FileIO.writeAll(Array(try VocabularyBuild.show(file: file).utf8), to: 1)
        }
    }
}
