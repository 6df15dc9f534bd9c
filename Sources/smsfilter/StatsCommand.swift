import ArgumentParser
import SpamApp
import SpamIO

/// `smsfilter stats`: what the store holds and how the filter has been voting.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show feedback counts, the active model and recent verdict counts.")

    @OptionGroup var store: StoreOptions

    @OptionGroup var output: FormatOptions

    func run() throws {
        // Read-only: stats must work on a store the user cannot write.
        let db = try store.open(readOnly: true)
        print(try StoreReport.stats(db, now: ProcessInfoLite.now(), format: output.chosen))
    }
}
