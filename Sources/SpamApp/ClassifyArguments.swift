import SpamMail

/// The `classify` command line read without ArgumentParser, for the per-message hot path: a
/// recipe runs `smsfilter -p -e` once per delivered mail, and ArgumentParser's reflection-based
/// parsing costs about as much CPU as reading the model. This reads exactly the `classify`
/// options, with ArgumentParser's meaning (later values win, `-pe` combines flags), and gives up
/// (nil) on anything else — help, another subcommand, a bad value, an unknown flag — so that
/// ArgumentParser still produces every error and help message. The executable's
/// `HookArgumentTests` check that the two agree.
public enum ClassifyArguments {
    /// The settings `arguments` (without the program name) ask for, or nil when ArgumentParser
    /// should read them. `isCommandName` tells another subcommand's name, which is never taken for
    /// a file; it is asked only about bare words (a delivery's `-p -e` never asks: working out
    /// the names costs ArgumentParser's reflection).
    public static func settings(
        for arguments: [String], isCommandName: (String) -> Bool
    ) -> ClassifySettings? {
        var settings = ClassifySettings()
        var rest = arguments[...]
        let sawClassify = rest.first == "classify"
        if sawClassify { rest = rest.dropFirst() }
        while let argument = rest.popFirst() {
            let equals = argument.firstIndex(of: "=")
            let name = equals.map { String(argument[..<$0]) } ?? argument
            var tookValue = false
            // `--name=value` or `--name value`.
            func value() -> String? {
                tookValue = true
                return equals.map { String(argument[argument.index(after: $0)...]) } ?? rest.popFirst()
            }
            // A path or a name: one that looks like an option (`--db -p`) is a missing value.
            func word() throws(Refused) -> String {
                guard let value = value(), !value.hasPrefix("-") else { throw Refused() }
                return value
            }
            // A number or a choice (`--max-size -1` is a number, refused later for its sign).
            func parsed<T>(_ parse: (String) -> T?) throws(Refused) -> T {
                guard let parsed = value().flatMap(parse) else { throw Refused() }
                return parsed
            }
            do {
                switch name {
                case "-p", "--passthrough": settings.filter.passThrough = true
                case "-e", "--exit-zero": settings.filter.exitZero = true
                case "-pe", "-ep":
                    settings.filter.passThrough = true
                    settings.filter.exitZero = true
                case "--tempfail": settings.filter.tempFail = true
                case "--no-error-header": settings.filter.errorHeader = false
                case "--no-log": settings.logVerdicts = false
                case "--syslog": settings.syslog = true
                case "--verbose": settings.verbosity += 1
                case _
                where name.count > 1 && name.hasPrefix("-") && name.dropFirst().allSatisfy({ $0 == "v" }):
                    // `-v`, `-vv`, `-vvv`: one level each, as ArgumentParser counts them.
                    settings.verbosity += name.count - 1
                case "--db": settings.storePath = try word()
                case "--model": settings.modelPath = try word()
                case "--header-name": settings.filter.headerName = try word()
                case "--sender": settings.filter.sender = try word()
                case "--output": settings.output = try word()
                case "--max-size": settings.filter.maxSize = try parsed { Int($0) }
                case "--spam-cutoff": settings.filter.spamCutoff = try parsed { Double($0) }
                case "--ham-cutoff": settings.filter.hamCutoff = try parsed { Double($0) }
                case "--format": settings.filter.format = try parsed { OutputFormat(rawValue: $0) }
                case "--input": settings.input = try parsed { ClassifySettings.InputMode(rawValue: $0) }
                default:
                    // A file: after an explicit `classify`, or after a flag when it looks like a path
                    // (has a '/' or '.'), and never a subcommand's name; anything else goes to
                    // ArgumentParser, which knows every subcommand.
                    guard !argument.hasPrefix("-"), !isCommandName(argument),
                        sawClassify
                            || (rest.startIndex > 1 && (argument.contains("/") || argument.contains(".")))
                    else { return nil }
                    settings.files.append(argument)
                }
            } catch {
                return nil
            }
            // Flags and files take no `=value` (`-p=1`).
            if equals != nil && !tookValue { return nil }
        }
        return settings.problem == nil ? settings : nil
    }

    /// An argument ArgumentParser should see.
    struct Refused: Error {}
}
