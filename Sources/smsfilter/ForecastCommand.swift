import ArgumentParser

/// `smsfilter forecast`: the volume forecaster. Without a subcommand it runs `forecast run`.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast message volume with an LSTM (run from cron; alerts on spam waves).",
        subcommands: [ForecastRunCommand.self, ForecastBacktestCommand.self],
        defaultSubcommand: ForecastRunCommand.self)
}
