import ArgumentParser
import SpamApp
import SpamSenders

/// `smsfilter senders allow|block|remove|list|import`: the trusted and blocked senders.
struct SendersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "senders",
        abstract:
            "Trust or block senders: a trusted sender's message is ham, a blocked one's spam, whatever the score.",
        discussion: """
            Senders are phone numbers (national numbers are made international with \
            default_country_code from the config file), e-mail addresses and alphanumeric sender IDs \
            (Barclays, HMRC). An SMS sender (gammu-smsd's SMS_1_NUMBER, --sender) is taken as given; a \
            mail's From: or Return-Path: counts as trusted only when the first Authentication-Results \
            header of trusted_authserv_id says dmarc=pass or spf=pass for its domain. A blocked sender \
            needs no proof.
            """,
        subcommands: [
            SendersAllow.self, SendersBlock.self, SendersRemove.self, SendersList.self, SendersImport.self,
        ],
        defaultSubcommand: SendersList.self)
}

/// `--default-country-code` and the config file's `default_country_code`.
struct SenderNormalizingOptions: ParsableArguments {
    @Option(
        help:
            "Country calling code for national numbers (default: default_country_code from the config file).")
    var defaultCountryCode: String?

    /// The list edit for `store`, with the country code in effect (this flag, else the config's).
    func edit(_ store: StoreOptions) throws -> SenderListEdit {
        SenderListEdit(context: try store.context([.defaultCountryCode: defaultCountryCode]))
    }
}

/// The arguments `allow`, `block` and `remove` share: the store and the senders.
struct SenderListChange: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @OptionGroup var normalizing: SenderNormalizingOptions
    @Argument(help: "Phone numbers, e-mail addresses or sender IDs.") var senders: [String]

    /// Puts the senders on the list in `state` and prints `<word> <sender>` for each.
    func apply(_ state: SenderState, saying word: String) throws {
        print(try normalizing.edit(store).set(senders, state, saying: word))
    }

    /// Takes the senders off the list and prints how many were on it.
    func remove() throws {
        print(try normalizing.edit(store).remove(senders))
    }
}

struct SendersAllow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allow", abstract: "Trust senders: their messages are always ham.")

    @OptionGroup var change: SenderListChange

    func run() throws { try change.apply(.allowed, saying: "allowed") }
}

struct SendersBlock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "block", abstract: "Block senders: their messages are always spam.")

    @OptionGroup var change: SenderListChange

    func run() throws { try change.apply(.blocked, saying: "blocked") }
}

struct SendersRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Take senders off the list (their messages are scored as usual).")

    @OptionGroup var change: SenderListChange

    func run() throws { try change.remove() }
}

struct SendersList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List senders: sender, allowed or blocked, how it got there (manual, vcard, learned), when."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        if let report = try StoreReport.senders(storePath: try store.path(), format: output.chosen) {
            print(report)
        }
    }
}

struct SendersImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Trust every phone number and e-mail address of contacts exported from a phone (vCard 2.1, 3.0, 4.0).",
        discussion: """
            A malformed card is reported on standard error with its line number and skipped. Senders \
            already on the list (blocked ones too) are left as they are.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var normalizing: SenderNormalizingOptions
    @Argument(help: "The .vcf file (- for standard input).") var file: String

    func run() throws {
        print(try normalizing.edit(store).importContacts(file: file))
    }
}
