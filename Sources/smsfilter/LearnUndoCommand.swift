import ArgumentParser
import SpamApp
import SpamStore

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
        var digests = digest.map { $0.lowercased() }
        if !files.isEmpty || digest.isEmpty {
            digests += try LearnInput.messages(paths: files, format: input).map { FeedbackDigest.of($0.text) }
        }
        let db = try store.open()
        let removed = try db.unlearn(digests: digests)
        try db.forgetSenderMarks(digests: digests)
        if !quiet {
            print("unlearned \(removed) of \(digests.count) message\(digests.count == 1 ? "" : "s")")
        }
    }
}
