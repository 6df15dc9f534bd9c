import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Issue 17, items 8–14: files and settings an operator controls, through the binary.

/// The output of a shell script run with /bin/sh in `directory`.
private struct ScriptResult {
    var status: Int32
    var out: String
    var err: String
}

/// Runs `script` with /bin/sh in `directory` (stdout and stderr collected) with the test
/// environment: SMSFILTER_MODEL unset, HOME the directory, `$B` the binary, `$M` the model.
private func runScript(_ script: String, in directory: TemporaryDirectory) -> ScriptResult {
    let path = directory.path
    writeFile(path + "/script.sh", Array(("cd \(quoted(path)) || exit 99\n" + script + "\n").utf8))
    let status = shell(
        "env -u SMSFILTER_MODEL -u SMSFILTER_DB HOME=\(quoted(path)) B=\(quoted(TestEnvironment.smsfilterBinary ?? "")) "
            + "M=\(quoted(TestEnvironment.model ?? "")) /bin/sh \(quoted(path + "/script.sh")) "
            + "> \(quoted(path + "/script.out")) 2> \(quoted(path + "/script.err"))")
    return ScriptResult(
        status: status, out: text(readFile(path + "/script.out") ?? []),
        err: text(readFile(path + "/script.err") ?? []))
}

/// Made-up SMS lines (never corpus text) using many different words, so a bulk run touches
/// many embedding rows of the model.
private func syntheticTSV(lines: Int) -> String {
    let words = [
        "win", "cash", "prize", "claim", "now", "free", "txt", "reply", "urgent", "award", "see", "you", "at",
        "lunch", "tomorrow", "running", "late", "home", "dinner", "thanks", "book", "ok", "call", "mobile",
        "week", "guaranteed", "ringtone", "love", "sorry", "meeting", "bus", "station", "voucher", "offer",
    ]
    var state: UInt64 = 17
    var result = ""
    for i in 0..<lines {
        var line: [String] = []
        for _ in 0..<9 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            line.append(words[Int((state >> 33) % UInt64(words.count))])
        }
        result += (i % 3 == 0 ? "spam\t" : "ham\t") + line.joined(separator: " ") + "\n"
    }
    return result
}

private let canRun = TestEnvironment.smsfilterBinary != nil && TestEnvironment.model != nil

@Suite(.enabled(if: canRun, "needs the binary and a model"))
struct ModelInPlaceTests {
    /// A bulk run is started, loads its model and waits for input (blocked reading stdin, seen in
    /// /proc/PID/syscall); then the model file is changed in place (`change`), then the input
    /// flows. The verdicts must be those of an undisturbed run.
    private func bulkRun(changingTheModelWith change: String) throws -> (
        reference: ScriptResult, changed: ScriptResult
    ) {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        writeFile(directory.path + "/in.tsv", Array(syntheticTSV(lines: 3000).utf8))
        let reference = runScript(
            "cp \"$M\" m.smsmodel && \"$B\" --model m.smsmodel --input tsv --no-log < in.tsv", in: directory)
        let changed = runScript(
            """
            cp "$M" m.smsmodel && mkfifo in.fifo || exit 98
            "$B" --model m.smsmodel --input tsv --no-log < in.fifo > bulk.out 2> bulk.err &
            pid=$!
            exec 3> in.fifo
            n=0
            until grep -q '^0 0x0 ' /proc/$pid/syscall 2>/dev/null; do
                n=$((n + 1)); [ $n -gt 3000 ] && { echo "never blocked on stdin" >&2; break; }
                sleep 0.01
            done
            \(change)
            cat in.tsv >&3
            exec 3>&-
            wait $pid
            status=$?
            cat bulk.out; cat bulk.err >&2
            exit $status
            """, in: directory)
        return (reference, changed)
    }

    /// `truncate` keeps the inode: a mapped model lost its pages and the run died of SIGBUS
    /// with nothing written. Bulk runs now read the model into memory.
    @Test func truncatedWhileABulkRunUsesIt() throws {
        let (reference, changed) = try bulkRun(changingTheModelWith: "truncate -s 4096 m.smsmodel")
        #expect(reference.status == 0)
        #expect(changed.status == 0, "\(changed.err)")
        #expect(changed.out == reference.out)
        #expect(reference.out.split(separator: "\n").count == 3000)
    }

    /// `cp` or `dd conv=notrunc` over the model writes into the mapped pages: embedding rows
    /// became NaN and bulk printed `unsure 0.0000` for them.
    @Test func overwrittenWhileABulkRunUsesIt() throws {
        let (reference, changed) = try bulkRun(
            changingTheModelWith:
                "size=$(wc -c < m.smsmodel); head -c $size /dev/zero | tr '\\000' '\\377' | dd of=m.smsmodel conv=notrunc 2>/dev/null"
        )
        #expect(changed.status == 0, "\(changed.err)")
        #expect(changed.out == reference.out)
        // The symptom was `unsure 0.0000` (a NaN score); a sure ham may score 0.0000.
        #expect(!changed.out.contains("unsure\t0.0000"))
    }

    /// One delivery maps the model; a file cut short under it raises SIGBUS while scoring, which
    /// killed the filter (exit 135). Now the documented error exit (3; 75 with --tempfail), a
    /// reason, and nothing on stdout, so the MDA keeps its copy. The signal is sent by hand
    /// while the filter waits for its message: a truncation that lands inside the few
    /// milliseconds of scoring cannot be timed in a test.
    @Test(arguments: ["", "--tempfail"])
    func aModelCutShortDuringOneDeliveryIsATemporaryError(option: String) throws {
        let directory = try #require(TemporaryDirectory())
        defer { directory.remove() }
        let result = runScript(
            """
            mkfifo in
            exec 3<>in
            "$B" -p \(option) --model "$M" < in > out 2> err &
            pid=$!
            sleep 0.5
            kill -BUS $pid
            wait $pid
            echo "status $?"
            wc -c < out
            cat err
            """, in: directory)
        let lines = result.out.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.first == (option.isEmpty ? "status 3" : "status 75"))
        #expect(lines.dropFirst().first == "0")
        #expect(result.out.contains("the model file changed size while in use"))
    }

    /// `make install` writes the model to a temporary name and renames it: the installed model's
    /// path is never opened for writing (seen with strace), so a filter starting meanwhile finds
    /// the old model or the new one, never a half-written file. The build step is skipped
    /// (SWIFT=true) and the debug binary stands in for the release one.
    @Test(
        .enabled(
            if: TestEnvironment.which("strace") != nil && TestEnvironment.which("make") != nil,
            "needs strace and make"))
    func makeInstallRenamesTheModelIntoPlace() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let result = runScript(
            """
            cd \(quoted(TestEnvironment.packageRoot)) || exit 97
            make -s install SWIFT=true RELEASE_BIN="$B" PREFIX=/usr DESTDIR=\(quoted(directory.path + "/stage")) > /dev/null || exit 96
            strace -f -e trace=openat,rename,renameat,renameat2 -o \(quoted(directory.path + "/trace")) \\
                make -s install SWIFT=true RELEASE_BIN="$B" PREFIX=/usr DESTDIR=\(quoted(directory.path + "/stage")) > /dev/null || exit 95
            cmp "$M" \(quoted(directory.path + "/stage/usr/share/smsfilter/default.smsmodel")) || exit 94
            """, in: directory)
        #expect(result.status == 0, "\(result.err)")
        let trace = text(readFile(directory.path + "/trace") ?? [])
        let writes = trace.split(separator: "\n").filter {
            $0.contains("openat(") && $0.contains("share/smsfilter/default.smsmodel\"")
                && $0.contains("O_WRONLY")
        }
        #expect(writes.isEmpty, "the installed model was written in place: \(writes)")
        #expect(trace.contains("default.smsmodel.tmp"))
        #expect(!fileExists(directory.path + "/stage/usr/share/smsfilter/.default.smsmodel.tmp"))
    }
}

/// A store with two registered models (tiny retrains: ~0.2 s each).
private func storeWithTwoModels(in directory: TemporaryDirectory) -> ScriptResult {
    var corpus = ""
    for (i, line) in syntheticTSV(lines: 80).split(separator: "\n").enumerated() {
        corpus += line + " \(i)\n"
    }
    writeFile(directory.path + "/small.tsv", Array(corpus.utf8))
    return runScript(
        """
        T="--force --base-corpus small.tsv --epochs 1 --hidden-size 4 --embedding-dim 4 --folds 0 --baseline none"
        "$B" retrain --db s.sqlite $T > /dev/null || exit 91
        "$B" retrain --db s.sqlite $T > /dev/null || exit 92
        "$B" models list --db s.sqlite
        """, in: directory)
}

@Suite(.enabled(if: canRun, "needs the binary and a model"))
struct ModelRegistryTests {
    /// Item 9: a corrupt model file is refused by `models activate` and `models rollback`; the
    /// active model (and the pointer deliveries read) stay as they were.
    @Test func activateAndRollbackRefuseACorruptFile() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let setup = storeWithTwoModels(in: directory)
        #expect(setup.status == 0, "\(setup.err)")
        #expect(setup.out.contains("* #2 active"), "\(setup.out)")
        let result = runScript(
            """
            one=$("$B" models list --db s.sqlite | sed -n 's/^  #1 retired [^/]*\\(\\/.*\\)$/\\1/p')
            [ -f "$one" ] || { echo "no file for #1: $one" >&2; exit 90; }
            printf 'X' | dd of="$one" bs=1 seek=100 conv=notrunc 2>/dev/null
            before=$(cat s.sqlite-active-model)
            "$B" models activate 1 --db s.sqlite; echo "activate=$?"
            "$B" models rollback --db s.sqlite; echo "rollback=$?"
            [ "$(cat s.sqlite-active-model)" = "$before" ] && echo "pointer unchanged"
            "$B" models list --db s.sqlite
            """, in: directory)
        #expect(result.out.contains("activate=3"), "\(result.out)")
        #expect(result.out.contains("rollback=3"), "\(result.out)")
        #expect(result.out.contains("pointer unchanged"))
        #expect(result.out.contains("* #2 active"), "\(result.out)")
        #expect(result.err.contains("model #1 cannot be used"), "\(result.err)")
        #expect(result.err.contains("checksum mismatch"), "\(result.err)")
    }

    /// Item 10: racing `models activate` and `models rollback` (five at once, 60 rounds) once left
    /// the pointer file naming a model the registry had retired (17 of 60 rounds in the report,
    /// 4 of 40 here with the old binary). Now registry and pointer change under one lock.
    @Test func racingActivateAndRollbackKeepThePointerRight() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        #expect(storeWithTwoModels(in: directory).status == 0)
        let result = runScript(
            """
            bad=0
            for round in $(seq 60); do
                "$B" models activate 1 --db s.sqlite > /dev/null 2>&1 &
                "$B" models activate 2 --db s.sqlite > /dev/null 2>&1 &
                "$B" models rollback --db s.sqlite > /dev/null 2>&1 &
                "$B" models activate 1 --db s.sqlite > /dev/null 2>&1 &
                "$B" models rollback --db s.sqlite > /dev/null 2>&1 &
                wait
                registry=$("$B" models list --db s.sqlite | sed -n 's/^\\* #\\([0-9]*\\) .*/\\1/p')
                pointer=$(cut -f1 s.sqlite-active-model)
                [ "$registry" = "$pointer" ] || { bad=$((bad + 1)); echo "round $round: registry #$registry, pointer $pointer"; }
            done
            echo "disagreements=$bad"
            """, in: directory)
        #expect(result.out.contains("disagreements=0"), "\(result.out)")
    }
}

@Suite(.enabled(if: canRun, "needs the binary and a model"))
struct NotRegularFileTests {
    /// Item 11: `--model /dev/zero` read until memory ran out (2.5 GB); a FIFO as model, store,
    /// active-model pointer, verdict journal or config file hung the filter. Each is refused and
    /// the delivery completes (with -p the message is written). `timeout` marks a hang as 124.
    @Test func devicesAndFIFOsAreRefused() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let result = runScript(
            """
            mkfifo fifo
            msg='WINNER!! Call 09061701461 to claim your prize'
            echo "$msg" | timeout 20 "$B" --model /dev/zero --no-log; echo "zero=$?"
            echo "$msg" | timeout 20 "$B" --model fifo --no-log; echo "model=$?"
            echo "$msg" | timeout 20 "$B" -p -e --db fifo; echo "store=$?"
            timeout 20 "$B" stats --db fifo; echo "stats=$?"
            mkdir p && touch p/s.sqlite && mkfifo p/s.sqlite-active-model
            echo "$msg" | timeout 20 "$B" -p -e --db p/s.sqlite --no-log > p.out; echo "pointer=$?"
            mkdir j && mkfifo j/s.sqlite-verdicts
            echo "$msg" | timeout 20 "$B" -p -e --db j/s.sqlite --model "$M" > j.out; echo "journal=$?"
            echo "$msg" | SMSFILTER_CONFIG=fifo timeout 20 "$B" --model "$M" --no-log; echo "config=$?"
            grep -c '^X-SMSFilter: Spam' p.out j.out
            """, in: directory)
        for (name, status) in [
            ("zero", 3), ("model", 3), ("store", 0), ("stats", 3), ("pointer", 0), ("journal", 0),
            ("config", 0),
        ] {
            #expect(result.out.contains("\(name)=\(status)\n"), "\(name): \(result.out) \(result.err)")
        }
        #expect(result.out.contains("p.out:1") && result.out.contains("j.out:1"), "\(result.out)")
        #expect(
            result.err.contains("cannot open /dev/zero: not a regular file (a character device)"),
            "\(result.err)")
        #expect(result.err.contains("cannot open fifo: not a regular file (a FIFO)"), "\(result.err)")
    }
}

@Suite(.enabled(if: canRun, "needs the binary and a model"))
struct OperatorSettingTests {
    /// Item 12: the verdict header replaces every field of its name, so `Subject`, `From` or
    /// `Received` deleted that header from every mail. Only X- fields are accepted: the flag is
    /// a usage error, the config file's value is refused with a warning (the default applies).
    @Test(arguments: ["Subject", "From", "Received"])
    func headerNameMustBeAnXField(name: String) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        writeFile(
            directory.path + "/mail.eml",
            Array("Received: from a by b\nFrom: a@example.org\nSubject: hello\n\nsee you at lunch\n".utf8))
        let result = runScript(
            """
            "$B" -p -e --model "$M" --no-log --header-name \(name) < mail.eml; echo "flag=$?"
            mkdir -p .config/smsfilter && echo 'header_name = \(name)' > .config/smsfilter/config
            "$B" -p -e --model "$M" --no-log < mail.eml > config.out; echo "config=$?"
            """, in: directory)
        #expect(result.out.contains("flag=64"), "\(result.out)")
        #expect(result.out.contains("config=0"), "\(result.out)")
        #expect(result.err.contains("`\(name)` is not an X- header field"), "\(result.err)")
        let delivered = text(readFile(directory.path + "/config.out") ?? [])
        #expect(
            delivered.contains("Received: from a by b\nFrom: a@example.org\nSubject: hello\n"), "\(delivered)"
        )
        #expect(delivered.contains("X-SMSFilter: "), "\(delivered)")
    }

    /// Item 13: `-p -e` with stdout closed exited 0 with the message gone; with stdin closed it
    /// invented an empty message and exited 0. Both are errors: 3, or 75 with --tempfail.
    @Test func closedStandardStreamsAreErrors() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let result = runScript(
            """
            echo 'see you at lunch' | "$B" -p -e --model "$M" --no-log >&-; echo "stdout=$?"
            echo 'see you at lunch' | "$B" -p -e --tempfail --model "$M" --no-log >&-; echo "stdout-tempfail=$?"
            "$B" -p -e --model "$M" --no-log <&- > in.out; echo "stdin=$?"
            "$B" -p -e --tempfail --model "$M" --no-log <&- >> in.out; echo "stdin-tempfail=$?"
            """, in: directory)
        for expected in ["stdout=3", "stdout-tempfail=75", "stdin=3", "stdin-tempfail=75"] {
            #expect(result.out.contains(expected + "\n"), "\(expected): \(result.out)")
        }
        #expect(readFile(directory.path + "/in.out") == [])
        #expect(result.err.contains("standard output is closed"), "\(result.err)")
        #expect(result.err.contains("standard input is closed"), "\(result.err)")
    }
}

@Suite(.enabled(if: canRun, "needs the binary and a model"))
struct SmallOperatorErrorTests {
    /// Item 14, the store's path: a directory gave "disk I/O error (SQLite code 10)"; a dangling
    /// symbolic link gave "no store there yet" to readers and "unable to open database file" to
    /// writers. Each now says what is there, the same for every command.
    @Test func storePathThatIsNoFile() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let result = runScript(
            """
            mkdir dir.sqlite && ln -s /nonexistent/store.sqlite dangling.sqlite
            "$B" stats --db dir.sqlite; echo "dir-stats=$?"
            echo 'hello there' | "$B" learn --spam --db dir.sqlite; echo "dir-learn=$?"
            "$B" stats --db dangling.sqlite; echo "dangling-stats=$?"
            echo 'hello there' | "$B" learn --spam --db dangling.sqlite; echo "dangling-learn=$?"
            """, in: directory)
        #expect(result.out == "dir-stats=3\ndir-learn=3\ndangling-stats=3\ndangling-learn=3\n")
        let lines = result.err.split(separator: "\n")
        #expect(lines.filter { $0.hasSuffix("dir.sqlite: is a directory") }.count == 2, "\(result.err)")
        #expect(
            lines.filter { $0.hasSuffix("dangling.sqlite: a symbolic link to a missing file") }.count == 2,
            "\(result.err)")
        #expect(!result.err.contains("disk I/O error"))
    }

    /// Item 14: messages that said the wrong thing.
    @Test func errorsSayWhatIsWrong() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let result = runScript(
            """
            SMS_MESSAGES=abc "$B" --input gammu-env --model "$M" --no-log; echo "gammu=$?"
            echo hi | "$B" --max-size -1 --model "$M"; echo "maxsize=$?"
            head -c 600000 "$M" > cut.smsmodel
            echo hi | "$B" --model cut.smsmodel --no-log; echo "truncated=$?"
            """, in: directory)
        #expect(result.out == "gammu=3\nmaxsize=64\ntruncated=3\n", "\(result.out)")
        #expect(result.err.contains("SMS_MESSAGES is `abc`, not a count of messages"), "\(result.err)")
        #expect(result.err.contains("--max-size must not be negative"), "\(result.err)")
        #expect(result.err.contains("cut.smsmodel: model file is truncated"), "\(result.err)")
    }

    /// Item 14: output that could not be written was reported as success: stdout on /dev/full
    /// (exit 0) and a reader that went away (`db export | head`: death by SIGPIPE, 141).
    @Test func lostOutputIsAnError() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var tsv = ""
        for i in 0..<4000 { tsv += "ham\tthis is feedback line number \(i) with some padding text\n" }
        writeFile(directory.path + "/feedback.tsv", Array(tsv.utf8))
        let result = runScript(
            """
            export SMSFILTER_DB="$PWD/s.sqlite"
            "$B" db import feedback.tsv > /dev/null || exit 90
            "$B" stats > /dev/full; echo "stats=$?"
            "$B" db check > /dev/full; echo "check=$?"
            "$B" models list > /dev/full; echo "models=$?"
            echo 'see you at noon' | "$B" learn --ham > /dev/full; echo "learn=$?"
            "$B" config show > /dev/full; echo "config=$?"
            ( "$B" db export; echo $? > export.status ) | head -c 10 > /dev/null
            echo "export=$(cat export.status)"
            """, in: directory)
        for name in ["stats", "check", "models", "learn", "config", "export"] {
            #expect(result.out.contains("\(name)=3\n"), "\(name): \(result.out)")
        }
    }

    /// Item 14: without HOME the store was created under the current directory; the password
    /// entry's home is used instead (XDG_DATA_HOME and XDG_CONFIG_HOME unset too). `config show`
    /// and `stats` create nothing, so the test never touches that home.
    @Test func noHomeUsesThePasswordEntry() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let entry = try #require(getpwuid(getuid()), "this user has no password entry")
        let home = String(cString: try #require(entry.pointee.pw_dir, "the password entry has no home"))
        let result = runScript(
            """
            env -u HOME -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u XDG_CACHE_HOME "$B" config show | grep '^db '
            """, in: directory)
        #expect(
            result.out.contains("= \(home)/.local/share/smsfilter/smsfilter.sqlite"),
            "\(result.out) \(result.err)")
        #expect(!result.out.contains("= ./"), "\(result.out)")
    }

    /// Item 14: `learn --spam </dev/null` stored an empty message as spam.
    @Test func learningAnEmptyMessageIsRefused() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let result = runScript(
            """
            "$B" learn --spam --db s.sqlite < /dev/null; echo "empty=$?"
            printf 'Subject: \\n\\n  \\n' | "$B" learn --spam --db s.sqlite; echo "blank=$?"
            "$B" db export --db s.sqlite | wc -l
            """, in: directory)
        #expect(result.out.hasPrefix("empty=3\nblank=3\n"), "\(result.out)")
        #expect(result.out.hasSuffix("0\n"), "\(result.out)")
        #expect(result.err.contains("the message has no text; nothing to learn"), "\(result.err)")
    }
}

/// Item 1, the gate: a campaign of spam taught as ham (40 messages, as through a forged or
/// unrestricted +ham address) made the first retrain beat the default model on the held-out
/// feedback alone, which was the poison itself. The gate now also judges every candidate on the
/// base corpus's held-out slice and refuses one that newly lets its spam through.
@Suite(.enabled(if: TestEnvironment.smsfilterBinary != nil, "needs the binary"))
struct RetrainPoisoningTests {
    @Test func poisonedCandidateIsRefused() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        // Base corpus and campaign from the same made-up words: the campaign is spam like the
        // spam the current model catches, labelled ham.
        let ham = [
            "see", "you", "at", "lunch", "tomorrow", "running", "late", "home", "dinner", "thanks", "book",
            "ok",
        ]
        let spam = [
            "win", "cash", "prize", "claim", "now", "free", "txt", "reply", "urgent", "award", "offer",
            "bonus",
        ]
        var state: UInt64 = 7
        func words(_ list: [String]) -> String {
            (0..<8).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return list[Int((state >> 33) % UInt64(list.count))]
            }.joined(separator: " ")
        }
        var base = ""
        for i in 0..<400 { base += i % 4 == 0 ? "spam\t\(words(spam))\n" : "ham\t\(words(ham))\n" }
        writeFile(directory.path + "/base.tsv", Array(base.utf8))
        var campaign = ""
        for _ in 0..<40 { campaign += "ham\t\(words(spam))\n" }
        writeFile(directory.path + "/campaign.tsv", Array(campaign.utf8))
        let result = runScript(
            """
            T="--force --base-corpus base.tsv --epochs 8 --hidden-size 8 --embedding-dim 8 --folds 0"
            # The "default model": trained on the base corpus alone, in a store of its own.
            "$B" retrain --db b.sqlite --models-dir bmodels $T --baseline none > /dev/null || exit 90
            cp bmodels/model-*.smsmodel baseline.smsmodel
            "$B" learn --input tsv --db s.sqlite campaign.tsv > /dev/null || exit 91
            "$B" retrain --db s.sqlite $T --baseline baseline.smsmodel; echo "retrain=$?"
            "$B" models list --db s.sqlite
            """, in: directory)
        #expect(result.out.contains("retrain=0"), "\(result.out) \(result.err)")
        #expect(result.out.contains("base-corpus guard: the candidate lets through"), "\(result.out)")
        #expect(result.out.contains("rejected model #1: lets through"), "\(result.out)")
        #expect(!result.out.contains("* #1 active"), "\(result.out)")
    }
}
