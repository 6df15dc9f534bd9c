import ArgumentParser

/// The `smsfilter` command: a spam filter for SMS and short mail.
@main
struct SMSFilter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smsfilter",
        abstract: "An LSTM spam filter for SMS and short mail.",
        subcommands: [ForecastCommand.self])
}
