#!/usr/bin/env python3
"""Time per message through `smsfilter serve`, as its clients send them: the 4 KB mails of
scripts/hook-latency.sh (scripts/peers/make-mails.py), each as a spamd PROCESS on a fresh
connection to `serve --socket`, as a milter message (headers, body, end of message) on one
connection held open as Postfix holds it to `serve --milter`, and as an HTTP POST /classify on a
fresh connection to `serve --http`. Verdicts are logged to a scratch store, as the default
settings do. Rounds alternate the three servers; prints medians.

    scripts/serve-latency.py [--smsfilter PATH] [--train FILE] [--rounds N] [--workers N]

PATH defaults to the binary `make` builds. Also prints each server's resident memory.
"""
import argparse, os, socket, statistics, struct, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--smsfilter", default=os.path.join(root, ".build-release-static/release/smsfilter"))
ap.add_argument("--train", default=os.path.join(root, "..", "shared", "corpus", "train.tsv"))
ap.add_argument("--rounds", type=int, default=5)
ap.add_argument("--workers", type=int, default=None, help="--workers for both servers (default: theirs)")
a = ap.parse_args()
work = tempfile.mkdtemp(prefix="serve-latency.")
subprocess.run([sys.executable, os.path.join(root, "scripts/peers/make-mails.py"), a.train, work + "/mail"], check=True)
mails = [open(p.strip(), "rb").read() for p in open(work + "/mail/list")]


def start(kind):
    sock = f"{work}/{kind}.sock"
    argv = [a.smsfilter, "serve", "--socket", sock, "--db", f"{work}/{kind}.sqlite"]
    if kind in ("milter", "http"):
        argv.append("--" + kind)
    if a.workers:
        argv += ["--workers", str(a.workers)]
    server = subprocess.Popen(argv, stderr=open(f"{work}/{kind}.err", "w"))
    for _ in range(300):
        try:
            s = socket.socket(socket.AF_UNIX)
            s.connect(sock)
            s.close()
            return server, sock
        except OSError:
            time.sleep(0.05)
    sys.exit(f"serve-latency: {kind} server did not start: {open(work + '/' + kind + '.err').read()}")


def spamd(sock, mail):
    s = socket.socket(socket.AF_UNIX)
    s.connect(sock)
    s.sendall(b"PROCESS SPAMC/1.5\r\nContent-length: %d\r\n\r\n" % len(mail) + mail)
    reply = b""
    while chunk := s.recv(65536):
        reply += chunk
    s.close()
    assert reply.startswith(b"SPAMD/1.5 0 EX_OK"), reply[:80]


def http(sock, mail):
    s = socket.socket(socket.AF_UNIX)
    s.connect(sock)
    s.sendall(b"POST /classify HTTP/1.1\r\nHost: localhost\r\nContent-Length: %d\r\n\r\n" % len(mail) + mail)
    reply = b""
    while chunk := s.recv(65536):
        reply += chunk
    s.close()
    assert reply.startswith(b"HTTP/1.1 200 OK") and b'"verdict"' in reply, reply[:120]


def packet(code, data=b""):
    return struct.pack(">I", len(data) + 1) + code + data


def read_packet(s):
    def exactly(n):
        b = b""
        while len(b) < n:
            chunk = s.recv(n - len(b))
            assert chunk, "milter closed"
            b += chunk
        return b
    (length,) = struct.unpack(">I", exactly(4))
    body = exactly(length)
    return body[:1], body[1:]


def milter_connection(sock):
    s = socket.socket(socket.AF_UNIX)
    s.connect(sock)
    s.sendall(packet(b"O", struct.pack(">III", 6, 0x1FF, 0x1FFFFF)))
    code, data = read_packet(s)
    assert code == b"O" and struct.unpack(">III", data)[2] & 0xC0080 == 0xC0080, data
    return s


def milter(s, mail):
    head, _, body = mail.partition(b"\n\n")
    fields = []
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1][1] += b"\r\n" + line
        else:
            name, _, value = line.partition(b":")
            fields.append([name, value.lstrip()])
    # The server takes Postfix's offer to leave header fields and body chunks unanswered.
    data = b"".join(packet(b"L", name + b"\0" + value + b"\0") for name, value in fields) + packet(b"N")
    crlf = body.replace(b"\n", b"\r\n")
    data += b"".join(packet(b"B", crlf[i:i + 65535]) for i in range(0, len(crlf), 65535))
    s.sendall(data)
    s.sendall(packet(b"E"))
    added = 0
    while True:
        code, _ = read_packet(s)
        if code == b"c":
            break
        added += code == b"h"
    assert added >= 1


def rss_mb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024


kinds = ("spamd", "milter", "http")
servers = {kind: start(kind) for kind in kinds}
connection = milter_connection(servers["milter"][1])
times = {kind: [] for kind in kinds}
send = {
    "spamd": lambda mail: spamd(servers["spamd"][1], mail),
    "milter": lambda mail: milter(connection, mail),
    "http": lambda mail: http(servers["http"][1], mail),
}
for kind in kinds:  # warm-up
    for mail in mails[:3]:
        send[kind](mail)
for _ in range(a.rounds):
    for kind in kinds:
        for mail in mails:
            start_time = time.perf_counter()
            send[kind](mail)
            times[kind].append((time.perf_counter() - start_time) * 1000)
print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, load {open('/proc/loadavg').read().split()[0]}")
for kind, values in times.items():
    server, _ = servers[kind]
    print(f"{kind}: {len(values)} messages, median {statistics.median(values):.2f} ms, "
          f"p90 {statistics.quantiles(values, n=10)[-1]:.2f} ms, server RSS {rss_mb(server.pid):.0f} MB")
connection.close()
for server, _ in servers.values():
    server.terminate()
    server.wait()
for kind in servers:
    journal = f"{work}/{kind}.sqlite-verdicts"
    logged = sum(1 for _ in open(journal)) if os.path.exists(journal) else 0
    print(f"{kind}: {logged} verdicts logged")
