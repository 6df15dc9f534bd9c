import ArgumentParser
import SpamApp

/// `smsfilter unlearn [FILE...]`: forget messages marked earlier.
struct Unlearn: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Forget the marks on messages (found by the digest of their text).")

    @Option(name: .long, help: "Input format: text (one message per file), tsv, mbox, maildir.")
    var input: LearnInputFormat = .text

    @Option(name: .long, help: ArgumentHelp("Forget the message with this SHA-256 digest.", valueName: "hex"))
    var digest: [String] = []

    @Flag(name: .shortAndLong, help: "Print nothing on success.")
    var quiet = false

    @OptionGroup var store: StoreOptions

    @Argument(help: "Message files (stdin when none and no --digest).")
    var files: [String] = []

    func run() throws {
        let said = try LearnRun.unlearn(
            paths: files, format: input, digests: digest, storePath: try store.path())
        if !quiet { print(said) }
    }
}
