#!/usr/bin/env python3
"""Soak test of the mail hook (docs/ROBUSTNESS.md); run through scripts/soak.sh.

N generated messages (mail LF/CRLF/CR, SMS text, hostile inputs, messages
over --max-size), one `smsfilter -p --db S`
process each, P at a time, against one temporary store; `smsfilter learn` runs concurrently the
whole time, and one `smsfilter retrain` starts when half the messages are done. Checks: every
output is the input byte for byte apart from the inserted verdict headers (forged ones removed),
every exit code is a documented one, `db check` passes at the end, each classify process stays
under its address-space cap. Prints figures: messages, processes, lost, peak RSS.
"""
import os, random, re, subprocess, sys, tempfile, threading, time
from concurrent.futures import ThreadPoolExecutor

binary, count, parallel, cap_mb, fixtures = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
rng = random.Random(20261126)
HAM = "see you at lunch tomorrow running late home dinner thanks book ok meeting moved the keys are on the table".split()
SPAM = "win cash prize claim now free txt reply urgent award offer bonus call 0800 guaranteed winner".split()
OURS = (b"x-smsfilter:", b"x-spam-flag:")

def words(spam, n):
    return " ".join(rng.choice(SPAM if spam else HAM) for _ in range(n))

hostile = []
for name in sorted(os.listdir(fixtures)):
    if not name.endswith(".md"):
        with open(os.path.join(fixtures, name), "rb") as f:
            hostile.append(f.read())

def message(i):
    """One generated message: (kind, bytes)."""
    spam = rng.random() < 0.3
    r = rng.random()
    if r < 0.35:
        return "sms", (words(spam, rng.randint(3, 30)) + ("\n" if rng.random() < 0.5 else "")).encode()
    if r < 0.85:
        eol = rng.choice([b"\n", b"\n", b"\r\n", b"\r"])
        head = [b"From: sender%d@example.org" % i, b"To: me@example.net", b"Subject: " + words(spam, 4).encode(),
                b"Date: Thu, 26 Nov 2026 10:%02d:00 +0000" % (i % 60)]
        if rng.random() < 0.2:
            head.insert(2, b"X-SMSFilter: Ham, score=0.0000, model=forged")
            head.insert(3, b"X-Spam-Flag: NO")
        if rng.random() < 0.1:
            head.append(b"X-SMSFilter: Ham,")
            head.append(b"\tscore=0.0001")
        body = words(spam, rng.randint(5, 200)).encode()
        if rng.random() < 0.2:
            head += [b"MIME-Version: 1.0", b"Content-Type: multipart/alternative; boundary=zz"]
            body = eol.join([b"--zz", b"Content-Type: text/plain; charset=utf-8", b"", body, b"--zz",
                             b"Content-Type: text/html", b"", b"<p>" + body + b"</p>", b"--zz--"])
        end = eol if rng.random() < 0.9 else b""
        return "mail", eol.join(head) + eol + eol + body + end
    if r < 0.95:
        return "hostile", rng.choice(hostile)
    if r < 0.96:  # over the 512 KiB --max-size: the Unfiltered path
        return "large", b"From: big@example.org\nSubject: big\n\n" + (words(spam, 20) + "\n").encode() * 5000
    return "random", bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 3000)))

def header_lines(data):
    """Lines (with their ends) of the header region: up to and including the first empty line."""
    parts = re.split(rb"(\r\n|\n|\r)", data)
    lines = [parts[k] + (parts[k + 1] if k + 1 < len(parts) else b"") for k in range(0, len(parts), 2)]
    if lines and lines[-1] == b"":
        lines.pop()
    for n, line in enumerate(lines):
        if line.rstrip(b"\r\n") == b"":
            return lines[:n], lines[n:]
    return lines, []

def strip_ours(lines):
    out, dropping = [], False
    for line in lines:
        if dropping and line[:1] in (b" ", b"\t"):
            continue
        dropping = line.lower().startswith(OURS)
        if not dropping:
            out.append(line)
    return out

def intact(inp, out):
    if out.endswith(inp):
        prefix = out[: len(out) - len(inp)]
        head, rest = header_lines(prefix)
        if head and all(l.lower().startswith(OURS) for l in head) and b"".join(rest).rstrip(b"\r\n") == b"":
            return True
    hi, bi = header_lines(inp)
    ho, bo = header_lines(out)
    if b"".join(bi) != b"".join(bo):
        return False
    a, b = b"".join(strip_ours(hi)), b"".join(strip_ours(ho))
    # A header block without a final line break gets one before our fields.
    return a == b or a + b"\n" == b or a + b"\r\n" == b or a + b"\r" == b

tmp = tempfile.mkdtemp(prefix="smsfilter-soak.")
db = os.path.join(tmp, "s.sqlite")
env_note = f"store {db}"
base = os.path.join(tmp, "base.tsv")
with open(base, "w") as f:
    for i in range(2000):
        spam = i % 4 == 0
        f.write(("spam\t" if spam else "ham\t") + words(spam, 10) + f" {i}\n")

messages = [message(i) for i in range(count)]
results = [None] * count
done = 0
lock = threading.Lock()
stop = threading.Event()
learns = {"ok": 0, "failed": 0, "peak": 0, "errors": []}
retrain = {}

# Peak RSS per process through GNU time, which forks from its own small process: wait4 on a
# child of this (large) Python process would count the pages it inherited before exec.
# The address-space cap is set by prlimit, inherited by time's child.
def run_rss(argv, stdin=None, cap=None):
    wrapper = ["/usr/bin/time", "-f", "SOAK-RSS %M"]
    if cap:
        wrapper = ["prlimit", f"--as={cap * 1024 * 1024}", "--"] + wrapper
    p = subprocess.run(wrapper + argv, input=stdin or b"", capture_output=True)
    lines = p.stderr.split(b"\n")
    rss = 0
    kept = []
    for line in lines:
        if line.startswith(b"SOAK-RSS "):
            rss = int(line.split()[1])
        elif not line.startswith(b"Command exited with non-zero status") and not line.startswith(b"Command terminated"):
            kept.append(line)
    return p.returncode, p.stdout, b"\n".join(kept), rss

def classify(i):
    global done
    kind, data = messages[i]
    status, out, err, rss = run_rss([binary, "-p", "--db", db], data, cap_mb)
    ok = status in (0, 1, 2) and intact(data, out)
    results[i] = (kind, status, ok, rss, err[-300:] if not ok else b"", out if not ok else b"")
    with lock:
        done += 1
        if done == count // 2 and not retrain:
            retrain["started"] = time.time()
            threading.Thread(target=do_retrain).start()

def do_retrain():
    status, out, err, rss = run_rss([binary, "retrain", "--db", db, "--force", "--base-corpus", base, "--epochs", "6",
                                     "--hidden-size", "16", "--embedding-dim", "16", "--folds", "0"])
    retrain.update(status=status, rss=rss, seconds=time.time() - retrain["started"], out=out.decode(errors="replace"),
                   err=err.decode(errors="replace")[-500:])

def learner():
    k = 0
    while not stop.is_set():
        # Mostly consistent labels (made-up words), every fourth a generated message marked ham.
        spam = k % 3 == 0 and k % 4 != 0
        data = messages[rng.randrange(count)][1] if k % 4 == 0 else words(spam, 12).encode() + b" %d\n" % k
        label = "--spam" if spam else "--ham"
        status, out, err, rss = run_rss([binary, "learn", label, "-q", "--db", db], data)
        with lock:
            learns["peak"] = max(learns["peak"], rss)
            if status == 0:
                learns["ok"] += 1
            else:
                learns["failed"] += 1
                if len(learns["errors"]) < 3:
                    learns["errors"].append(err.decode(errors="replace")[-300:])
        k += 1

start = time.time()
learner_thread = threading.Thread(target=learner); learner_thread.start()
with ThreadPoolExecutor(max_workers=parallel) as pool:
    list(pool.map(classify, range(count)))
stop.set(); learner_thread.join()
while "status" not in retrain:
    time.sleep(0.2)
elapsed = time.time() - start
check = run_rss([binary, "db", "check", "--db", db])
models = run_rss([binary, "models", "list", "--db", db])
stats = run_rss([binary, "stats", "--db", db])

bad = [(i, r) for i, r in enumerate(results) if not r[2]]
rss = sorted(r[3] for r in results)
by_kind = {}
for kind, status, ok, *_ in results:
    by_kind.setdefault(kind, [0, 0]); by_kind[kind][0] += 1; by_kind[kind][1] += 0 if ok else 1
exits = {}
for r in results:
    exits[r[1]] = exits.get(r[1], 0) + 1
print(f"soak: {count} messages, {count} classify processes ({parallel} at a time), {learns['ok'] + learns['failed']} "
      f"learn processes, 1 retrain, {elapsed:.1f} s, {env_note}")
print("  by kind (messages, not intact): " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(by_kind.items())))
print(f"  exit codes: {dict(sorted(exits.items()))}")
print(f"  lost or altered: {len(bad)}")
print(f"  classify peak RSS: max {rss[-1] / 1024:.1f} MiB, median {rss[len(rss) // 2] / 1024:.1f} MiB "
      f"(address-space cap {cap_mb} MiB)")
print(f"  learn: {learns['ok']} ok, {learns['failed']} failed, peak RSS {learns['peak'] / 1024:.1f} MiB")
print(f"  retrain: exit {retrain['status']}, {retrain['seconds']:.1f} s, peak RSS {retrain['rss'] / 1024:.1f} MiB; "
      + " / ".join(l for l in retrain["out"].splitlines() if "activated" in l or "candidate" in l)[:200])
print(f"  db check: exit {check[0]} {check[1].decode(errors='replace').strip()[:100]}")
print("  models: " + models[1].decode(errors="replace").strip().replace("\n", " | ")[:300])
for i, r in bad[:5]:
    print(f"  FAIL message {i} ({r[0]}): exit {r[1]}: {r[4].decode(errors='replace')}")
    with open(os.path.join(tmp, f"fail-{i}.in"), "wb") as f: f.write(messages[i][1])
    with open(os.path.join(tmp, f"fail-{i}.out"), "wb") as f: f.write(r[5])
for e in learns["errors"]:
    print(f"  learn error: {e}")
if retrain["status"] != 0:
    print(f"  retrain error: {retrain['err']}")
failed = bool(bad) or check[0] != 0 or retrain["status"] != 0 or learns["failed"] > 0
if not failed:
    subprocess.run(["rm", "-rf", tmp])
else:
    print(f"  kept {tmp} for inspection")
sys.exit(1 if failed else 0)
