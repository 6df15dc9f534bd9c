import SpamTestSupport
import Testing

/// Every command logs through one logger: `-v` shows the `store: …, model: …` line on commands
/// that do not use the store too, `log_level = error` silences warnings, and `--syslog` (or
/// `syslog = yes`) sends the log to syslog instead of stderr. Before, only `config show` and the
/// store commands used swift-log, and there was no `--syslog`.
@Suite(
    .enabled(
        if: TestEnvironment.smsfilterBinary != nil && TestEnvironment.model != nil,
        "needs the binary and a model"))
struct LoggingTests {
    typealias Home = ResolutionTests.Home

    @Test func verboseLogsTheResolutionOnEveryKindOfCommand() throws {
        let home = try #require(Home(config: "db = ~/data/feedback.sqlite\n"))
        defer { home.dir.remove() }
        let series = quoted(JSONOutputTests.writeSeries(in: home))
        let corpusPath = home.dir.path + "/four.tsv"
        writeFile(
            corpusPath,
            Array(
                "ham\tsee you at lunch\nham\trunning late, home soon\nspam\tWIN cash now txt 86688\nspam\tclaim your prize, reply YES\n"
                    .utf8))
        let corpus = quoted(corpusPath)
        let expected = "smsfilter: info: store: \(home.store), model: "
        for arguments in [
            "tokenize -v \(quoted(home.dir.path + "/sms"))",
            "vocab build -v --corpus \(corpus) --out \(quoted(home.dir.path + "/vocab"))",
            "train -v --corpus \(corpus) --out \(quoted(home.dir.path + "/m.smsmodel")) --epochs 1 --folds 0 --hidden 4 "
                + "--embedding-dim 4 --ensemble 1 --threshold-folds 0",
            "forecast backtest -v --csv \(series) --holdout-days 2 --models snaive24 --horizon 3 --lookback 24",
            "config show -v",
        ] {
            let result = home.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
        }
        // -v on backtest also logs each origin's error (what its old --verbose printed).
        let backtest = home.run(
            "forecast backtest -v --csv \(series) --holdout-days 2 --models snaive24 --horizon 3 --lookback 24"
        )
        #expect(backtest.stderr.contains("smsfilter: info: snaive24: MASE per origin"), "\(backtest.stderr)")
        // -vv: debug lines too.
        #expect(home.run("config show -vv").stderr.contains("smsfilter: debug: "))
    }

    /// A cache directory that cannot be made costs a warning; `log_level = error` (config file
    /// or environment) silences it; `--syslog` and `syslog = yes` send it away from stderr.
    @Test func levelAndDestinationApplyToEveryCommand() throws {
        let series =
            "--csv SERIES --horizon 3 --lookback 24 --epochs 1 --ensemble 1 --hidden 4 --cache-dir /dev/null/cache"
        func forecast(_ home: Home, _ extra: String = "", environment: String = "") -> RunResult {
            let path = quoted(JSONOutputTests.writeSeries(in: home))
            return home.run(
                "forecast " + series.replacingOccurrences(of: "SERIES", with: path) + extra,
                environment: environment)
        }
        let plain = try #require(Home(config: ""))
        defer { plain.dir.remove() }
        let warned = forecast(plain)
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(
            warned.stderr.hasPrefix("smsfilter: warning: could not save the fitted forecaster"),
            "\(warned.stderr)")
        #expect(forecast(plain, environment: "SMSFILTER_LOG_LEVEL=error").stderr == "")
        let syslogFlag = forecast(plain, " --syslog")
        #expect(syslogFlag.status == 0, "\(syslogFlag.stderr)")
        #expect(syslogFlag.stderr == "")

        let quiet = try #require(Home(config: "log_level = error\n"))
        defer { quiet.dir.remove() }
        #expect(forecast(quiet).stderr == "")
        // -v outranks the config file.
        #expect(forecast(quiet, " -v").stderr.contains("smsfilter: warning: could not save"))

        let toSyslog = try #require(Home(config: "syslog = yes\n"))
        defer { toSyslog.dir.remove() }
        #expect(forecast(toSyslog).stderr == "")
        #expect(text(toSyslog.run("config show").stdout).contains("syslog"))
    }

    /// The filter takes --syslog on both parsers (the fast path and ArgumentParser): a verdict,
    /// nothing on stderr even with -v.
    @Test func theFilterTakesSyslog() throws {
        let home = try #require(Home(config: ""))
        defer { home.dir.remove() }
        for arguments in ["--syslog", "-p --syslog", "classify -v --syslog"] {
            let result = home.run(arguments)
            #expect([0, 1, 2].contains(result.status), "\(arguments): \(result.stderr)")
            #expect(result.stderr == "", "\(arguments): \(result.stderr)")
        }
    }

    /// `-vv` is debug on the filter too, on both parsers (the fast path takes `-vv -p`;
    /// ArgumentParser takes `FILE -vv` and `-pv -v`, which the fast path leaves to it), and `-v` stays
    /// info. Before, classify turned any number of `-v` into info, and the fast path took no `-v`.
    @Test func theFilterLogsAtDebugWithTwoVerboseFlags() throws {
        let home = try #require(Home(config: ""))
        defer { home.dir.remove() }
        let sms = quoted(home.dir.path + "/sms")
        let debugLine = "smsfilter: debug: configuration resolved"
        for arguments in ["-vv -p", "-v -v -e", "classify --verbose -v", "\(sms) -vv", "-pv -v", "-vvv"] {
            let result = home.run(arguments)
            #expect([0, 1, 2].contains(result.status), "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(debugLine), "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("smsfilter: info: store: "), "\(arguments): \(result.stderr)")
        }
        for arguments in ["-v -p", "\(sms) -v"] {
            let result = home.run(arguments)
            #expect(result.stderr.contains("smsfilter: info: store: "), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("debug"), "\(arguments): \(result.stderr)")
        }
    }

    /// Input that cannot be learned is a runtime error (3), not a usage error (64).
    @Test func learnInputFailuresExitThree() throws {
        let home = try #require(Home(config: ""))
        defer { home.dir.remove() }
        let result = home.run("learn --spam --input gammu-env")
        #expect(result.status == 3, "\(result.stderr)")
        #expect(
            result.stderr == "smsfilter: no SMS in the environment (SMS_MESSAGES is not set)\n",
            "\(result.stderr)")
    }
}
