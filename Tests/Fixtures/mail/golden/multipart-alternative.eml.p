From: a@example.org
To: b@example.org
Subject: Room change
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="==outer=="
X-SMSFilter: Spam, score=0.9934, model=test-model, version=1.0-test
X-Spam-Flag: YES

This is the preamble; it is not shown.
--==outer==
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Plain part: the meeting moved to room 4 =E2=80=94 see you there.

--==outer==
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64

PGh0bWw+PGhlYWQ+PHN0eWxlPnAge2NvbG9yOnJlZH08L3N0eWxlPjxzY3JpcHQ+dmFyIHggPSAn
aGlkZGVuJzs8L3NjcmlwdD48L2hlYWQ+PGJvZHk+PHA+SFRNTCBwYXJ0OiA8Yj5GPC9iPlJFRSB0
aWNrZXRzICZhbXA7IG1vcmU8L3A+PC9ib2R5PjwvaHRtbD4=
--==outer==--
epilogue, not shown
