import ArgumentParser
import SpamForecast
import SpamIO

/// `smsfilter forecast [run]`: fits the LSTM on a volume series and prints the next steps.
struct ForecastRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Fit on the whole series and print the forecast (timestamp, value, interval).")

    @Option(parsing: .upToNextOption, help: "CSV files `timestamp,value[,value...]`; the first file's first column is the target.")
    var csv: [String] = []

    @OptionGroup var model: ForecastModelOptions

    func run() throws {
        throw ValidationError("not yet")
    }
}
