import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Every command resolves settings, store and model by the one rule of `SpamApp.AppContext`:
/// flags > environment > user config file > system config file > defaults for settings; `--db` >
/// `$SMSFILTER_DB` > config `db` for the store; `--model` > `$SMSFILTER_MODEL` > config `model` >
/// the store's active model > the bundled one for the model. `-v` shows `store: …, model: …`.
@Suite(
    .enabled(
        if: TestEnvironment.smsfilterBinary != nil && TestEnvironment.model != nil,
        "needs the binary and a model"))
struct ResolutionTests {
    /// A home directory with a config file, a model copy and a corpus; the process environment
    /// is only what `env -i` passes (no user settings leak in).
    struct Home {
        let dir: TemporaryDirectory
        var home: String { dir.path + "/home" }
        var model: String { home + "/models/mine.smsmodel" }
        var store: String { home + "/data/feedback.sqlite" }
        var config: String { home + "/.config/smsfilter/config" }

        init?(config text: String) {
            let dir = TemporaryDirectory()
            self.dir = dir
            _ = shell(
                "mkdir -p \(quoted(home))/models \(quoted(home))/data \(quoted(home))/.config/smsfilter")
            _ = shell("cp \(quoted(TestEnvironment.model!)) \(quoted(model))")
            writeFile(config, Array(text.utf8))
            writeFile(
                dir.path + "/corpus.tsv", Array("ham\tsee you at lunch\nspam\tWIN cash now txt 86688\n".utf8))
            writeFile(dir.path + "/sms", Array("Are we still meeting for lunch tomorrow?\n".utf8))
        }

        /// `smsfilter ARGS < sms` under `env -i` with HOME and `environment` (`NAME=value ...`).
        func run(_ arguments: String, environment: String = "") -> RunResult {
            let out = dir.path + "/stdout"
            let err = dir.path + "/stderr"
            let status = shell(
                "env -i PATH=/usr/bin:/bin HOME=\(quoted(home)) XDG_CONFIG_DIRS=\(quoted(dir.path + "/etc")) "
                    + "\(environment) \(quoted(TestEnvironment.smsfilterBinary!)) \(arguments) < \(quoted(dir.path + "/sms")) "
                    + "> \(quoted(out)) 2> \(quoted(err))")
            return RunResult(
                status: status, stdout: readFile(out) ?? [],
                stderr: String(decoding: readFile(err) ?? [], as: UTF8.self))
        }
    }

    /// `db` and `model` from the config file (with `~` and inline comments) reach every command
    /// that uses a store or a model: each reports the same store and model. On main the config's
    /// `db` reached classify only, evaluate ignored the config's `model`, and retrain failed on
    /// the comment after `keep_models`.
    @Test func everyCommandResolvesTheSameStoreAndModel() throws {
        let home = try #require(
            Home(
                config: """
                    db = ~/data/feedback.sqlite   # the store
                    model = ~/models/mine.smsmodel  # the model
                    keep_models = 5  # five
                    folds = 0
                    """))
        defer { home.dir.remove() }
        let expected = "store: \(home.store), model: \(home.model)"
        let corpus = quoted(home.dir.path + "/corpus.tsv")
        let sms = quoted(home.dir.path + "/sms")
        // learn first: the commands after it read the store it creates.
        let commands: [(arguments: String, statuses: Set<Int32>)] = [
            ("learn -v --spam \(sms)", [0]),
            ("classify -v", [0, 1, 2]),
            ("-v", [0, 1, 2]),
            ("retrain -v --min-new 1000", [0]),
            ("stats -v", [0]),
            ("senders list -v", [0]),
            ("models list -v", [0]),
            ("models show -v", [0]),
            ("db check -v", [0]),
            ("db prune -v", [0]),
            ("evaluate -v --corpus \(corpus)", [0]),
            ("bench model -v --corpus \(corpus) --runs 1", [0]),
            ("config show -v", [0]),
        ]
        for command in commands {
            let result = home.run(command.arguments)
            #expect(command.statuses.contains(result.status), "\(command.arguments): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(command.arguments): \(result.stderr)")
        }
        #expect(readFile(home.store) != nil, "learn wrote to the config file's store")
        #expect(text(home.run("stats").stdout).contains("spam"))
        // The environment outranks the file, for the store as for the model.
        let other = home.dir.path + "/other.sqlite"
        let overridden = home.run("stats -v", environment: "SMSFILTER_DB=\(quoted(other))")
        #expect(overridden.stderr.contains("store: \(other), model: \(home.model)"), "\(overridden.stderr)")
    }

    /// `$SMSFILTER_MODEL` beats the config file's `model` (a guard of the rule; main already
    /// behaved so in classify).
    @Test func environmentModelBeatsTheConfigFile() throws {
        let home = try #require(Home(config: "model = /nonexistent/from-file.smsmodel\n"))
        defer { home.dir.remove() }
        let result = home.run("", environment: "SMSFILTER_MODEL=\(quoted(home.model))")
        #expect(result.status == 1, "\(result.stderr)")
        #expect(text(result.stdout).hasPrefix("Ham, score="))
    }

    /// evaluate measures the model classify uses: the config file's `model` counts (on main
    /// evaluate used the bundled model).
    @Test func evaluateUsesTheConfiguredModel() throws {
        let home = try #require(Home(config: "model = ~/missing.smsmodel\n"))
        defer { home.dir.remove() }
        let result = home.run("evaluate --corpus \(quoted(home.dir.path + "/corpus.tsv"))")
        #expect(result.status == 3)
        #expect(result.stderr.contains(home.home + "/missing.smsmodel"), "\(result.stderr)")
    }

    /// retrain reads the one configuration: inline comments, `~` in models_dir,
    /// `$SMSFILTER_BASE_CORPUS` (on main: a parse error, then the corpus ignored).
    @Test func retrainReadsTheOneConfiguration() throws {
        let home = try #require(
            Home(
                config: """
                    keep_models = 5  # five
                    models_dir = ~/retrained  # where candidates go
                    db = ~/data/feedback.sqlite
                    """))
        defer { home.dir.remove() }
        var lines = ""
        for i in 0..<40 {
            lines +=
                i % 4 == 0 ? "spam\twin cash prize claim now \(i)\n" : "ham\tsee you at lunch tomorrow \(i)\n"
        }
        writeFile(home.dir.path + "/base.tsv", Array(lines.utf8))
        let result = home.run(
            "retrain --force --epochs 1 --hidden-size 4 --embedding-dim 4 --folds 0 --baseline none",
            environment: "SMSFILTER_BASE_CORPUS=\(quoted(home.dir.path + "/base.tsv"))")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!text(result.stdout).contains("no base corpus configured"), "\(text(result.stdout))")
        #expect(!listDirectory(home.home + "/retrained").isEmpty)
        #expect(readFile(home.store) != nil)
    }

    /// A system config file (`$XDG_CONFIG_DIRS/smsfilter/config`, else /etc/smsfilter/config)
    /// sits below the user's: its `db` applies where the user's file says nothing.
    @Test func systemConfigFileSitsBelowTheUsersFile() throws {
        let home = try #require(Home(config: "model = ~/models/mine.smsmodel\n"))
        defer { home.dir.remove() }
        _ = shell("mkdir -p \(quoted(home.dir.path))/etc/smsfilter")
        writeFile(
            home.dir.path + "/etc/smsfilter/config",
            Array("db = /var/lib/smsfilter/site.sqlite  # site\nmodel = /site/model.smsmodel\n".utf8))
        let result = home.run("config show -v")
        #expect(
            result.stderr.contains("store: /var/lib/smsfilter/site.sqlite, model: \(home.model)"),
            "\(result.stderr)")
    }

    /// `db prune` reports a broken config file instead of pruning with the default (on main it
    /// swallowed the error).
    @Test func dbPruneDoesNotSwallowConfigErrors() throws {
        let home = try #require(Home(config: "log_retention_days = lots\n"))
        defer { home.dir.remove() }
        let result = home.run("db prune")
        #expect(result.status == 3)
        #expect(result.stderr.contains("log_retention_days"), "\(result.stderr)")
    }

    /// Retrain's keys (`folds`, `base_spam_tolerance`) are known to `config show`.
    @Test func retrainKeysAreNotUnknown() throws {
        let home = try #require(Home(config: "folds = 3\nbase_spam_tolerance = 0.1\n"))
        defer { home.dir.remove() }
        let result = home.run("config show")
        #expect(result.status == 0)
        #expect(!result.stderr.contains("unknown key"), "\(result.stderr)")
    }

    /// `--version`: the version, the id of the model in use and the CPU target.
    @Test func versionNamesTheModelInUse() throws {
        let home = try #require(Home(config: "model = ~/models/mine.smsmodel\n"))
        defer { home.dir.remove() }
        let result = home.run("--version")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = text(result.stdout).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("smsfilter ") == true)
        #expect(lines.dropFirst().first?.hasPrefix("model ") == true)
        #expect(lines.dropFirst().first?.hasSuffix("(\(home.model))") == true)
        #expect(lines.last?.hasPrefix("cpu target ") == true)
    }
}
