import ArgumentParser
import SpamApp
import SpamIO

/// The `smsfilter` command: a spam filter for SMS and short mail.
@main
struct SMSFilter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smsfilter",
        abstract: "An LSTM spam filter for SMS and short mail.",
        discussion:
            "`smsfilter --version` prints the version, the id of the model in use and the build's CPU target.",
        subcommands: [
            ClassifyCommand.self, ServeCommand.self, TrainCommand.self, EvaluateCommand.self,
            Learn.self, Unlearn.self, SendersCommand.self, Retrain.self, Models.self, Stats.self, DB.self,
            ForecastCommand.self,
            TokenizeCommand.self, VocabCommand.self, BenchCommand.self, ConfigCommand.self,
        ],
        defaultSubcommand: ClassifyCommand.self)

    /// Exit status for errors: 3, as bogofilter (1 means "ham" to a mail recipe, so a plain
    /// failure must not look like a verdict). Usage errors keep ArgumentParser's 64.
    static let errorExitCode: Int32 = 3

    static func main() {
        // `smsfilter -p -e` runs once per delivered mail: skip ArgumentParser when the arguments
        // are plain classify options (it falls through for anything else).
        ClassifyFastPath.runIfPossible(Array(CommandLine.arguments.dropFirst()))
        StandardOutput.reportBrokenPipes()
        if CommandLine.arguments.dropFirst() == ["--version"] {
            print(VersionReport.text(context: try? AppContext.load()))
            Self.exit(withError: (try? StandardOutput.finish()) == nil ? ExitCode(errorExitCode) : .success)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
            try StandardOutput.finish()
        } catch let exit as ExitCode {
            Self.exit(withError: exit)
        } catch let usage as UsageError {
            // Found at run time, but a usage error all the same: 64 with the usage text.
            Self.exit(withError: ValidationError(usage.description))
        } catch {
            // ArgumentParser maps any error that is not its own to EXIT_FAILURE (1).
            if exitCode(for: error) == .failure {
                AppLog.logger.error("\(error)")
                Self.exit(withError: ExitCode(errorExitCode))
            }
            Self.exit(withError: error)
        }
    }
}
