import ArgumentParser
import SpamApp
import SpamIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

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

    /// The subcommands' names (and `help`), which the classify fast path never takes for files.
    static var commandNames: Set<String> {
        Set(configuration.subcommands.map { $0._commandName } + ["help"])
    }

    static func main() {
        // `smsfilter -p -e` runs once per delivered mail: skip ArgumentParser when the arguments
        // are plain classify options (it reads anything else).
        if let settings = ClassifyArguments.settings(
            for: Array(CommandLine.arguments.dropFirst()), isCommandName: { commandNames.contains($0) })
        {
            terminate(ClassifyRunner(settings: settings).run())
        }
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

/// Ends the process with `status` (inside the command, `exit` names ArgumentParser's).
private func terminate(_ status: Int32) -> Never { exit(status) }
