public import ArgumentParser
public import SpamApp

extension ReportFormat: ExpressibleByArgument {}

/// `--format text|json`, on every command that prints data; `--json` is the old spelling, kept
/// hidden so scripts written for it still work.
struct FormatOptions: ParsableArguments {
    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    @Flag(help: ArgumentHelp("The same as --format json.", visibility: .hidden))
    var json = false

    /// The format asked for by either spelling.
    var chosen: ReportFormat { json ? .json : format }
}
