#!/usr/bin/env python3
"""Every file of a mail collection through the hook, one process each, as procmail runs it:
`smsfilter -p -e --no-log` (docs/ROBUSTNESS.md). Checks that each run exits 0 with nothing on
standard error, and that its output is the input byte for byte once the verdict headers are
taken out of both: the lines smsfilter adds (`X-SMSFilter:`, and `X-Spam-Flag: YES` for Spam)
and any the sender had written (smsfilter drops a forged `X-SMSFilter:` or `X-Spam-Flag:`, so
that no rule downstream trusts it). A file that does not start with a header section (not a
mail) gets the header and a blank line in front of it, and is checked as such. Prints the verdicts, the
files whose forged headers were dropped, and every failure.

Usage: scripts/pass-through-check.py DIR [DIR…]   (every file under each DIR, Maildirs too;
       SMSFILTER: the binary, default
       .build/release/smsfilter; the model: SMSFILTER_MODEL or the bundled one)
  e.g. scripts/pass-through-check.py corpus/phishing-pot/mail/email
"""
import collections
import os
import re
import subprocess
import sys
import tempfile
import time

OURS = re.compile(rb"(?im)^(x-smsfilter|x-spam-flag):[^\n]*\n(?:[ \t][^\n]*\n)*")


def header_end(data):
    """Offset just past the blank line that ends the header section, or None."""
    match = re.search(rb"\r?\n\r?\n", data)
    return match.end() if match else None


def without_ours(data):
    """The data with every X-SMSFilter / X-Spam-Flag field of its header section removed."""
    end = header_end(data)
    if end is None:
        return OURS.sub(b"", data), 0
    head, count = OURS.subn(b"", data[:end])
    return head + data[end:], count


def main(dirs):
    binary = os.environ.get("SMSFILTER", ".build/release/smsfilter")
    store = tempfile.mkdtemp(prefix="smsfilter-pass-through.")
    env = dict(os.environ, SMSFILTER_DB=os.path.join(store, "none.sqlite"))
    verdicts = collections.Counter()
    forged = 0
    failures = []
    files = sorted(os.path.join(top, n) for d in dirs for top, _, names in os.walk(d) for n in names)
    started = time.monotonic()
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        try:
            run = subprocess.run([binary, "-p", "-e", "--no-log"], input=data, capture_output=True,
                                 env=env, timeout=60)
        except subprocess.TimeoutExpired:
            failures.append((path, "no answer in 60 s"))
            continue
        if run.returncode != 0 or run.stderr:
            failures.append((path, f"exit {run.returncode}: {run.stderr[:200]!r}"))
            continue
        verdict = re.search(rb"(?im)^X-SMSFilter: (\w+)", run.stdout)
        if not verdict:
            failures.append((path, "no X-SMSFilter header"))
            continue
        verdicts[verdict.group(1).decode()] += 1
        expected, dropped = without_ours(data)
        forged += dropped > 0
        got, _ = without_ours(run.stdout)
        if got != expected:
            # Not a mail: the header and a blank line go in front.
            blank = re.match(rb"\r?\n", got)
            in_front = run.stdout.lower().startswith(b"x-smsfilter:")
            if not (in_front and blank and got[blank.end():] == expected):
                failures.append((path, f"altered: {len(data)} bytes in, {len(run.stdout)} out"))
    seconds = time.monotonic() - started
    print(f"{len(files)} files in {seconds:.0f} s: " + ", ".join(f"{n} {v}" for v, n in verdicts.most_common()))
    print(f"forged verdict headers dropped in {forged}; failures: {len(failures)}")
    for path, why in failures:
        print(f"  {path}: {why}")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__[__doc__.index("Usage:"):].rstrip())
    sys.exit(main(sys.argv[1:]))
