import SpamApp
import SpamStore
import Testing

/// The reports the commands print: the same facts as text for people and as JSON for scripts.
struct ReportTests {
    @Test func learnSummaryCountsEachOutcome() {
        var summary = LearnSummary(
            label: .spam, outcomes: [.added, .added, .relabeled(from: .ham), .unchanged])
        summary.trusted = [("+447700900123", 2)]
        #expect(
            summary.text(format: .text) == """
                learned 4 messages as spam: 2 new, 1 relabeled, 1 unchanged
                sender +447700900123 is now trusted (2 messages learned as ham)
                """)
        #expect(
            summary.text(format: .json) == """
                {"learned": 4, "label": "spam", "new": 2, "relabeled": 1, "unchanged": 1, "trusted": ["+447700900123"], "untrusted": []}
                """)
        #expect(
            LearnSummary(label: nil, outcomes: [.added]).text(format: .text)
                == "learned 1 message: 1 new, 0 relabeled, 0 unchanged")
    }

    @Test func storeCheckSaysOkOrListsTheFindings() {
        #expect(
            StoreReport.check(path: "/s.sqlite", schema: 7, findings: ["ok"], format: .text)
                == "ok: /s.sqlite, schema 7")
        #expect(
            StoreReport.check(path: "/s.sqlite", schema: 7, findings: ["ok"], format: .json)
                == #"{"ok": true, "store": "/s.sqlite", "schema": 7, "findings": []}"#)
        let damaged = ["page 3: btree \"x\" broken", "row 9 missing"]
        #expect(
            StoreReport.check(path: "/s", schema: nil, findings: damaged, format: .text)
                == "damaged: page 3: btree \"x\" broken\ndamaged: row 9 missing")
        #expect(
            StoreReport.check(path: "/s", schema: nil, findings: damaged, format: .json)
                == #"{"ok": false, "store": "/s", "schema": null, "findings": ["page 3: btree \"x\" broken", "row 9 missing"]}"#
        )
    }

    @Test func anEmptyRegistryIsSaidInWordsOrAnEmptyList() {
        #expect(StoreReport.models([], format: .text) == "no models registered yet (run `smsfilter retrain`)")
        #expect(StoreReport.models([], format: .json) == #"{"models": []}"#)
        #expect(StoreReport.senders([], format: .json) == "[]")
    }
}

/// `tokenize` lists what `classify` reads: a mail's decoded subject and body, not its header lines.
struct TokenListingTests {
    @Test func aMailIsListedAsClassifyReadsIt() throws {
        let mail = Array(
            """
            Received: from relay.example.org by mx.example.org
            Subject: =?UTF-8?Q?Lunch_on_Friday?=
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            See you at noon=2E
            """.utf8)
        let listed = try TokenListing.lines(of: [mail], maxTokens: 256, keepRawShapes: false)
            .split(separator: "\n")
        #expect(listed == ["lunch", "on", "friday", "see", "you", "at", "noon"])
    }

    @Test func aTextMessageIsListedWhole() throws {
        let listed = try TokenListing.lines(
            of: [Array("Call me later".utf8)], maxTokens: 256, keepRawShapes: false)
        #expect(listed == "call\nme\nlater\n")
    }
}
