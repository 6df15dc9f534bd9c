import ArgumentParser
import SpamApp
import SpamIO
import SpamText

/// `smsfilter tokenize`: prints the tokens of a message, one per line (a debugging aid).
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract:
            "Print the tokens classify reads in a message (stdin or FILE; a mail's subject and body text), "
            + "one per line.")

    @Option(help: "Keep at most this many tokens.")
    var maxTokens: Int = TokenizerOptions().maxTokens

    @Flag(help: "Also print the host or domain after URL and e-mail shapes.")
    var keepRawShapes = false

    @Argument(help: "Files to read instead of standard input.")
    var files: [String] = []

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        try logging.start()
        let output = try TokenListing.lines(
            ofFiles: files, maxTokens: maxTokens, keepRawShapes: keepRawShapes)
        try FileIO.writeAll(Array(output.utf8), to: 1)
    }
}
