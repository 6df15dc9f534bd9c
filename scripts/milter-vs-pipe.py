#!/usr/bin/env python3
"""Each mail judged twice: by `smsfilter -p -e` (the pipe a delivery runs) and by `smsfilter serve
--milter` (header fields one by one, a folded value with its line breaks, the body with CRLF, as
Postfix hands a message over). Prints how many got the same verdict, and how far the scores
differ; a mail judged otherwise is listed.

    scripts/milter-vs-pipe.py [--smsfilter PATH] FILE_OR_DIR...

Directories are searched for files (a Maildir's cur/ and new/, phishing_pot's email/). PATH
defaults to the binary `make` builds. Verdicts are not logged.
"""
import argparse, os, re, socket, struct, subprocess, sys, tempfile, time
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--smsfilter", default=os.path.join(root, ".build-release-static/release/smsfilter"))
ap.add_argument("paths", nargs="+")
a = ap.parse_args()
binary = a.smsfilter
files = []
for p in a.paths:
    if os.path.isdir(p):
        files += sorted(os.path.join(d, f) for d, _, fs in os.walk(p) for f in fs)
    else:
        files.append(p)
work = tempfile.mkdtemp(prefix="milter-vs-pipe.")
sock = work + "/m.sock"
server = subprocess.Popen([binary, "serve", "--milter", "--socket", sock, "--no-log"], stderr=open(work + "/err", "w"))
for _ in range(100):
    try:
        s = socket.socket(socket.AF_UNIX); s.connect(sock); s.close(); break
    except OSError: time.sleep(0.05)
def pk(code, data=b""): return struct.pack(">I", len(data)+1) + code + data
def rd(s):
    def ex(n):
        b = b""
        while len(b) < n:
            c = s.recv(n-len(b)); assert c; b += c
        return b
    (l,) = struct.unpack(">I", ex(4)); b = ex(l); return b[:1], b[1:]
conn = socket.socket(socket.AF_UNIX); conn.connect(sock)
conn.sendall(pk(b"O", struct.pack(">III", 6, 0x1FF, 0x1FFFFF))); rd(conn)
def via_milter(raw):
    raw = raw.replace(b"\r\n", b"\n")
    if raw.startswith(b"From ") : raw = raw.split(b"\n", 1)[1]
    head, sep, body = raw.partition(b"\n\n")
    fields = []
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t") and fields: fields[-1][1] += b"\n" + line   # as Postfix passes folded values
        elif b":" in line:
            n, _, v = line.partition(b":"); fields.append([n, v.lstrip(b" ")])
    data = b"".join(pk(b"L", n + b"\0" + v + b"\0") for n, v in fields) + pk(b"N")
    crlf = body.replace(b"\n", b"\r\n")
    data += b"".join(pk(b"B", crlf[i:i+65535]) for i in range(0, len(crlf), 65535))
    conn.sendall(data + pk(b"E"))
    header = None
    while True:
        code, d = rd(conn)
        if code == b"h" and d.startswith(b"X-SMSFilter\0"): header = d.split(b"\0")[1].decode()
        if code == b"c": return header
def via_pipe(path):
    r = subprocess.run([binary, "-p", "-e", "--no-log"], stdin=open(path, "rb"), capture_output=True)
    m = re.search(rb"^X-SMSFilter: (.*)$", r.stdout, re.M)
    return m.group(1).decode() if m else None
def parse(v):
    if v is None: return (None, None)
    verdict = v.split(",")[0]; m = re.search(r"score=([0-9.]+)", v)
    return verdict, float(m.group(1)) if m else None
same = diff_verdict = 0; deltas = []; examples = []
for path in files:
    raw = open(path, "rb").read()
    a, b = parse(via_pipe(path)), parse(via_milter(raw))
    if a[0] == b[0]: same += 1
    else:
        diff_verdict += 1; examples.append((path, a, b))
    if a[1] is not None and b[1] is not None: deltas.append(abs(a[1]-b[1]))
server.terminate()
deltas.sort()
print(f"{len(files)} mails: same verdict {same}, different {diff_verdict}; |score difference| median {deltas[len(deltas)//2]:.4f}, max {deltas[-1]:.4f}, over 0.01: {sum(d > 0.01 for d in deltas)}")
for e in examples[:10]: print(e)
