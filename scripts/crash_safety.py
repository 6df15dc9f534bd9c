#!/usr/bin/env python3
"""kill -9 at random points of `smsfilter learn` and `smsfilter retrain` (docs/ROBUSTNESS.md);
run through scripts/crash-safety.sh. After every kill: `db check` passes, the active model's file
loads and classifies (`smsfilter -p` gives a verdict, not an error header), and the command
then runs to completion (no stale lock). `forecast --save` is killed the same way (skipped when
the build does not offer it)."""
import os, random, signal, subprocess, sys, tempfile, time

binary, rounds = sys.argv[1], int(sys.argv[2])
rng = random.Random(9)
tmp = tempfile.mkdtemp(prefix="smsfilter-kill.")
db = os.path.join(tmp, "s.sqlite")
env = dict(os.environ, SMSFILTER_DB=db)
HAM = "see you at lunch tomorrow running late home dinner thanks book ok".split()
SPAM = "win cash prize claim now free txt reply urgent award offer bonus".split()

def corpus(path, n):
    with open(path, "w") as f:
        for i in range(n):
            spam = i % 4 == 0
            f.write(("spam\t" if spam else "ham\t") + " ".join(rng.choice(SPAM if spam else HAM) for _ in range(10)) + f" {i}\n")

def run(argv):
    p = subprocess.run(argv, env=env, capture_output=True, timeout=600)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")

small, big, feedback = (os.path.join(tmp, n) for n in ("small.tsv", "big.tsv", "feedback.tsv"))
corpus(small, 80); corpus(big, 3000); corpus(feedback, 4000)
status, out, err = run([binary, "retrain", "--force", "--baseline", "none", "--base-corpus", big, "--epochs", "3", "--hidden-size", "16",
                        "--embedding-dim", "8", "--folds", "0"])
assert status == 0 and "activated" in out, f"first retrain did not activate a model: {out} {err}"

failures = []
durations = {}
def check(what):
    status, out, err = run([binary, "db", "check"])
    if status != 0:
        failures.append(f"{what}: db check exit {status}: {out} {err}")
    status, listing, err = run([binary, "models", "list"])
    # Registry lines look like `* #3 active <date> <time> UTC <path>`; reason lines may say "active" too.
    active = [l for l in listing.splitlines() if l.lstrip("* ").split()[1:2] == ["active"] and l.lstrip().startswith(("*", "#"))]
    if len(active) != 1:
        failures.append(f"{what}: {len(active)} active models: {listing}")
        return
    p = subprocess.run([binary, "-p"], env=env, input=b"From: a@example.org\nSubject: hi\n\nwin cash now\n",
                       capture_output=True)
    if b"X-SMSFilter: Error" in p.stdout or p.returncode not in (0, 1, 2):
        failures.append(f"{what}: active model does not classify: exit {p.returncode} {p.stdout[:200]} {p.stderr[:200]}")
    model = active[0].split()[-1]
    p = subprocess.run([binary, "classify", "--model", model], env=env, input=b"free prize", capture_output=True)
    if p.returncode not in (0, 1, 2):
        failures.append(f"{what}: active model file {model} does not load: {p.stderr[:200]}")

def kill_at_random(argv, tag):
    """Times one full run, then kills `rounds` runs at uniformly random points of that span."""
    t = time.time()
    status, out, err = run(argv)
    if status != 0:
        failures.append(f"{tag}: a full run failed: exit {status}: {err[-300:]}")
    longest = time.time() - t
    durations[tag] = longest
    killed = 0
    for r in range(rounds):
        p = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.02, 1.0) * longest)
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            killed += 1
        p.wait()
        check(f"{tag} round {r}")
    status, out, err = run(argv)
    if status != 0:
        failures.append(f"{tag}: a full run after the kills failed: exit {status}: {err[-300:]}")
    check(f"{tag} after a full run")
    return killed

start = time.time()
learn_kills = kill_at_random([binary, "learn", "--input", "tsv", "-q", feedback], "learn")
retrain_kills = kill_at_random([binary, "retrain", "--force", "--base-corpus", big, "--epochs", "8", "--hidden-size", "32",
                                "--embedding-dim", "16", "--folds", "2"], "retrain")
status, out, err = run([binary, "forecast", "run", "--help"])
forecast = "skipped (no --save)"
if "--save" in out:
    # Sixty days of synthetic hourly counts with a daily cycle: enough for the default
    # 168-hour lookback, a 24-hour horizon and a validation tail.
    series = os.path.join(tmp, "volume.csv")
    with open(series, "w") as f:
        f.write("timestamp,value\n")
        start_epoch = 1735689600
        for h in range(60 * 24):
            f.write(f"{start_epoch + 3600 * h},{20 + (h % 24) * 3 + rng.randint(0, 5)}\n")
    forecast_kills = kill_at_random(
        [binary, "forecast", "run", "--csv", series, "--save", "--store-path", db], "forecast --save")
    forecast = f"killed {forecast_kills}x (a full run {durations['forecast --save']:.2f} s)"
count = run([binary, "stats"])[1].replace("\n", " | ")[:200]
print(f"crash safety: {rounds} rounds each; learn killed {learn_kills}x, retrain killed {retrain_kills}x "
      f"in {time.time() - start:.0f} s (a full learn {durations['learn']:.2f} s, retrain {durations['retrain']:.2f} s); "
      f"forecast --save: {forecast}")
print(f"  stats: {count}")
print(f"  failures: {len(failures)}")
for f in failures[:10]:
    print("  " + f)
if not failures:
    subprocess.run(["rm", "-rf", tmp])
else:
    print(f"  kept {tmp}")
sys.exit(1 if failures else 0)
