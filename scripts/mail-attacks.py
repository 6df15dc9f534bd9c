#!/usr/bin/env python3
"""Two attacks on mail text, on mails built from held-out text only (the sets of
scripts/padding-recall.py): a lure of corpus/modern/holdout.tsv or corpus/modern-check/ spam,
ham from the NUS holdout and the held-out ham of those two.

  hidden  HTML-only mails: k ham messages as filler before the lure (k = 6, 12; 40 mails each),
          the filler in <div style="display:none"> or visible; and the lure alone. Then the
          filler hidden by a class rule of a <style> block, by white text in a document with no
          background, by text coloured like its own background, by white text in a white body,
          or visible; and the lure inside
          an element that shows itself again inside a hidden one (visibility, font size, colour).
          Then the filler in transparent text, a zero-height box, off the screen, clipped to
          nothing, in 1px type, in an element a tag rule hides, or in the document's title; and
          the lure alone as the white text of a button whose class rule gives it a dark background.
  decoy   multipart/alternative mails (60): two ham messages as the plain side and the lure as the
          HTML side; the lure on both sides; the decoy on both sides (how the decoy mail was read
          when only the plain side counted); ham on both sides; different ham on each side.

Usage: scripts/mail-attacks.py [MODEL]   (default: the bundled model). Prints how many are Spam.
"""
import html as H
import importlib.util
import os
import random
import subprocess
import sys
import tempfile

# The model alone decides: no user's store (their marks and sender list) may, so every
# smsfilter run here gets a store of its own that does not exist.
os.environ["SMSFILTER_DB"] = os.path.join(tempfile.mkdtemp(prefix="smsfilter-measure-"), "none.sqlite")

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.environ.get("SMSFILTER", os.path.join(root, ".build", "release", "smsfilter"))
spec = importlib.util.spec_from_file_location("padding", os.path.join(root, "scripts", "padding-recall.py"))
padding = importlib.util.module_from_spec(spec)
spec.loader.exec_module(padding)
model = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "models", "default.smsmodel")
HEAD = "From: a@example.com\nTo: b@example.org\nSubject: hello\nMIME-Version: 1.0\n"


def is_spam(mail):
    out = subprocess.run([binary, "--no-log", "--model", model], input=mail.encode(), capture_output=True)
    return out.stdout.decode().startswith("Spam")


def html_mail(body):
    return HEAD + "Content-Type: text/html; charset=utf-8\n\n<html><body>" + body + "</body></html>\n"


def alternative(plain, html):
    return (HEAD + 'Content-Type: multipart/alternative; boundary="b1"\n\n--b1\n'
            "Content-Type: text/plain; charset=utf-8\n\n" + plain + "\n--b1\n"
            "Content-Type: text/html; charset=utf-8\n\n<html><body><p>" + H.escape(html)
            + "</p></body></html>\n--b1--\n")


def main():
    ham, spam = padding.sets()
    rng = random.Random(11)
    print("hidden filler before a lure, HTML-only mails (Spam of 40):")
    for k in (6, 12):
        counts = {"hidden": 0, "visible": 0, "lure alone": 0}
        for _ in range(40):
            salad = " ".join(rng.sample(ham, k))
            lure = rng.choice(spam)
            counts["hidden"] += is_spam(html_mail('<div style="display:none">' + salad + "</div><p>" + lure + "</p>"))
            counts["visible"] += is_spam(html_mail("<div>" + salad + "</div><p>" + lure + "</p>"))
            counts["lure alone"] += is_spam(html_mail("<p>" + lure + "</p>"))
        print("  k = %d: %s" % (k, counts))
    rng = random.Random(13)
    print("filler hidden by a style rule or by its colour, and a lure shown again inside a hidden"
          " element, HTML-only mails (Spam of 40):")
    for k in (6, 12):
        counts = {"class rule": 0, "white text": 0, "white on white": 0, "white in a white body": 0, "visible": 0,
                  "lure re-shown (visibility)": 0, "lure re-shown (font size)": 0, "lure re-shown (colour)": 0}
        for _ in range(40):
            salad = " ".join(rng.sample(ham, k))
            lure = rng.choice(spam)
            counts["class rule"] += is_spam(html_mail(
                "<style>.pre{display:none}</style><div class=\"pre\">" + salad + "</div><p>" + lure + "</p>"))
            counts["white text"] += is_spam(html_mail(
                "<font color=\"#ffffff\">" + salad + "</font><p>" + lure + "</p>"))
            counts["white on white"] += is_spam(html_mail(
                "<table bgcolor=\"#ffffff\"><tr><td><span style=\"color:#fff;background-color:#fff\">"
                + salad + "</span><p>" + lure + "</p></td></tr></table>"))
            counts["white in a white body"] += is_spam(
                HEAD + "Content-Type: text/html; charset=utf-8\n\n<html><body bgcolor=\"#ffffff\">"
                + "<font color=\"#ffffff\">" + salad + "</font><p>" + lure + "</p></body></html>\n")
            counts["visible"] += is_spam(html_mail("<div>" + salad + "</div><p>" + lure + "</p>"))
            # The lure inside an element that a hidden parent shows again, filler hidden around it:
            # a reader sees the lure alone.
            counts["lure re-shown (visibility)"] += is_spam(html_mail(
                "<div style=\"visibility:hidden\">" + salad + "<p style=\"visibility:visible\">" + lure
                + "</p></div>"))
            counts["lure re-shown (font size)"] += is_spam(html_mail(
                "<div style=\"font-size:0\">" + salad + "<p style=\"font-size:14px\">" + lure + "</p></div>"))
            counts["lure re-shown (colour)"] += is_spam(html_mail(
                "<font color=\"#ffffff\">" + salad + "<font color=\"#000000\">" + lure + "</font></font>"))
        print("  k = %d: %s" % (k, counts))
    rng = random.Random(17)
    print("filler kept out of sight in other ways, and a lure in a button a style rule colours,"
          " HTML-only mails (Spam of 40):")
    ways = {
        "transparent text": '<div style="color:transparent">%s</div>',
        "zero-height box": '<div style="height:0;overflow:hidden">%s</div>',
        "off the screen": '<div style="position:absolute;left:-9999px">%s</div>',
        "clipped": '<div style="position:absolute;clip:rect(0 0 0 0)">%s</div>',
        "1px type": '<div style="font-size:1px">%s</div>',
        "tag rule": '<style>pad{display:none}</style><pad>%s</pad>',
        "document title": '<title>%s</title>',
    }
    for k in (6, 12):
        counts = {name: 0 for name in ways}
        counts["visible"] = 0
        counts["lure in a styled button"] = 0
        for _ in range(40):
            salad = " ".join(rng.sample(ham, k))
            lure = rng.choice(spam)
            for name, form in ways.items():
                counts[name] += is_spam(html_mail(form % salad + "<p>" + lure + "</p>"))
            counts["visible"] += is_spam(html_mail("<div>" + salad + "</div><p>" + lure + "</p>"))
            counts["lure in a styled button"] += is_spam(html_mail(
                "<style>.btn{color:#ffffff;background-color:#c00000}</style><a class=\"btn\" href=\"x\">"
                + lure + "</a>"))
        print("  k = %d: %s" % (k, counts))
    rng = random.Random(5)
    counts = {"decoy / lure": 0, "lure / lure": 0, "decoy / decoy": 0, "ham / same ham": 0, "ham / other ham": 0}
    for _ in range(60):
        decoy = " ".join(rng.sample(ham, 2))
        lure = rng.choice(spam)
        counts["decoy / lure"] += is_spam(alternative(decoy, lure))
        counts["lure / lure"] += is_spam(alternative(lure, lure))
        counts["decoy / decoy"] += is_spam(alternative(decoy, decoy))
        h1, h2 = rng.sample(ham, 2)
        counts["ham / same ham"] += is_spam(alternative(h1, h1))
        counts["ham / other ham"] += is_spam(alternative(h1, h2))
    print("multipart/alternative, plain side / HTML side (Spam of 60): %s" % counts)


if __name__ == "__main__":
    main()
