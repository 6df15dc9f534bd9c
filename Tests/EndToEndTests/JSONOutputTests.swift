import Foundation
import SpamTestSupport
import Testing

/// Every command that prints data takes `--format json` and prints one valid JSON document with
/// its key fields; the old `--json` spellings still work (hidden). Before, stats, models list,
/// db check, learn had no JSON, and evaluate and forecast only `--json`.
@Suite(
    .enabled(
        if: TestEnvironment.smsfilterBinary != nil && TestEnvironment.model != nil,
        "needs the binary and a model"))
struct JSONOutputTests {
    typealias Home = ResolutionTests.Home

    /// Ten days of hourly counts with a daily cycle: enough for a tiny LSTM and snaive24.
    static func writeSeries(in home: Home) -> String {
        var csv = "timestamp,value\n"
        for hour in 0..<240 {
            csv +=
                "\(1_700_000_000 + 3600 * hour),\(100 + Int(50 * sin(2 * Double.pi * Double(hour) / 24)))\n"
        }
        let path = home.dir.path + "/series.csv"
        writeFile(path, Array(csv.utf8))
        return path
    }

    /// The output parsed as JSON, or nil with an issue recorded.
    static func json(_ result: RunResult, _ command: String) -> Any? {
        #expect(result.status == 0, "\(command): \(result.stderr)")
        do {
            return try JSONSerialization.jsonObject(with: Data(result.stdout))
        } catch {
            Issue.record("\(command): not JSON (\(error)): \(text(result.stdout))")
            return nil
        }
    }

    @Test func everyDataCommandPrintsJSON() throws {
        let home = try #require(Home(config: "db = ~/data/feedback.sqlite\n"))
        defer { home.dir.remove() }
        let corpus = quoted(home.dir.path + "/corpus.tsv")
        let sms = quoted(home.dir.path + "/sms")
        let series = quoted(Self.writeSeries(in: home))
        let tinyBacktest = "--horizon 3 --lookback 24 --epochs 1 --ensemble 1 --hidden 4"
        let tinyForecast = tinyBacktest + " --cache-dir \(quoted(home.dir.path + "/cache"))"
        // learn first: the store commands after it read the store it creates.
        let commands: [(arguments: String, keys: [String])] = [
            ("learn --format json --spam \(sms)", ["learned", "new", "relabeled", "unchanged"]),
            (
                "evaluate --format json --corpus \(corpus)",
                ["accuracy", "mcc", "fpr", "auc", "threshold", "tp", "fn"]
            ),
            ("evaluate --json --corpus \(corpus)", ["accuracy", "mcc"]),
            (
                "stats --format json",
                ["store", "schema", "feedback", "last_retrain", "active_model", "verdicts"]
            ),
            ("models list --format json", ["models"]),
            ("models show --format json", ["id", "threshold", "corpora"]),
            ("db check --format json", ["ok", "store", "schema"]),
            (
                "forecast --format json --csv \(series) \(tinyForecast)",
                ["target", "model", "forecast", "fit"]
            ),
            ("forecast run --json --csv \(series) \(tinyForecast)", ["target", "forecast"]),
            (
                "forecast backtest --format json --csv \(series) --holdout-days 2 --models snaive24 \(tinyBacktest)",
                ["models"]
            ),
            (
                "forecast backtest --json --csv \(series) --holdout-days 2 --models snaive24 \(tinyBacktest)",
                ["models"]
            ),
        ]
        for command in commands {
            guard let object = Self.json(home.run(command.arguments), command.arguments) else { continue }
            let dictionary = try #require(object as? [String: Any], "\(command.arguments)")
            for key in command.keys { #expect(dictionary[key] != nil, "\(command.arguments): no \(key)") }
        }
        let learned = try #require(
            Self.json(home.run("learn --format json --ham \(sms)"), "learn") as? [String: Any])
        #expect(learned["relabeled"] as? Int == 1)
        let check = try #require(Self.json(home.run("db check --format json"), "db check") as? [String: Any])
        #expect(check["ok"] as? Bool == true)
        let backtest = try #require(
            Self.json(
                home.run(
                    "forecast backtest --format json --csv \(series) --holdout-days 2 --models snaive24 \(tinyBacktest)"
                ), "backtest")
                as? [String: Any])
        let models = try #require(backtest["models"] as? [[String: Any]])
        #expect(models.first?["name"] as? String == "snaive24")
        // senders list: a JSON array, empty here.
        #expect(Self.json(home.run("senders list --format json"), "senders list") as? [Any] != nil)
    }
}
