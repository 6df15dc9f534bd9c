import SpamSenders
import SpamTestSupport
import Testing

@testable import SpamStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

@Suite struct SenderStoreTests {
    @Test func allowBlockRemoveAndTheMirrorFile() throws {
        let dir = TemporaryDirectory("senders")
        defer { dir.remove() }
        let path = dir.file("db.sqlite")
        let store = try FeedbackStore(path: path)
        let file = SenderListFile(storePath: path)
        #expect(file.read()?.count == 0)
        try store.setSenders(
            [("+447700900123", ""), ("mum@example.org", "")], state: .allowed, origin: .manual, at: 10)
        try store.setSenders([("hmrc", "")], state: .blocked, origin: .manual, at: 11)
        #expect(
            file.read()?.table() == [
                "+447700900123": .allowed, "mum@example.org": .allowed, "hmrc": .blocked,
            ])
        #expect(try store.senders().map(\.sender) == ["+447700900123", "hmrc", "mum@example.org"])
        // An import does not replace a listed sender; a manual change does.
        try store.setSenders(
            [("hmrc", "HMRC"), ("+447700900999", "Zoe")], state: .allowed, origin: .vcard, at: 12,
            replacing: false)
        #expect(try store.sender("hmrc")?.state == .blocked)
        #expect(
            try store.sender("+447700900999")
                == SenderRecord(
                    sender: "+447700900999", state: .allowed, origin: .vcard, note: "Zoe", updated: 12))
        try store.setSenders([("hmrc", "")], state: .allowed, origin: .manual, at: 13)
        #expect(file.read()?.state(of: "hmrc") == .allowed)
        #expect(try store.removeSenders(["hmrc", "nobody"]) == 1)
        #expect(file.read()?.state(of: "hmrc") == nil)
        #expect(throws: StoreError.self) {
            try store.setSenders([("a\tb", "")], state: .allowed, origin: .manual, at: 1)
        }
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test func aDeletedOrStaleMirrorIsRepairedByTheNextWriter() throws {
        let dir = TemporaryDirectory("senders-repair")
        defer { dir.remove() }
        let path = dir.file("db.sqlite")
        try FeedbackStore(path: path).setSenders([("hmrc", "")], state: .blocked, origin: .manual, at: 1)
        let file = SenderListFile(storePath: path)
        unlink(file.path)
        #expect(file.read() == nil)
        _ = try FeedbackStore(path: path)
        #expect(file.read()?.state(of: "hmrc") == .blocked)
        writeText(file.path, "smsfilter-senders v1\nhmrc\tallowed\n")
        _ = try FeedbackStore(path: path)
        #expect(file.read()?.state(of: "hmrc") == .blocked)
    }

    @Test func hamTwiceTrustsSpamUntrusts() throws {
        let dir = TemporaryDirectory("senders-learn")
        defer { dir.remove() }
        let store = try FeedbackStore(path: dir.file("db.sqlite"))
        let sender = "+447700900123"
        #expect(
            try store.learnSender(sender, digest: "d1", label: .ham, trustAfter: 2, at: 1)
                == .counted(hams: 1))
        // The same message again counts once.
        #expect(
            try store.learnSender(sender, digest: "d1", label: .ham, trustAfter: 2, at: 2)
                == .counted(hams: 1))
        #expect(try store.learnSender(sender, digest: "d2", label: .ham, trustAfter: 2, at: 3) == .trusted)
        #expect(try store.sender(sender)?.origin == .learned)
        #expect(SenderListFile(storePath: store.path).read()?.state(of: sender) == .allowed)
        #expect(try store.learnSender(sender, digest: "d3", label: .ham, trustAfter: 2, at: 4) == .unchanged)
        #expect(try store.learnSender(sender, digest: "d4", label: .spam, trustAfter: 2, at: 5) == .untrusted)
        #expect(try store.sender(sender) == nil)
        #expect(SenderListFile(storePath: store.path).read()?.state(of: sender) == nil)
        // The count starts again after a spam mark.
        #expect(
            try store.learnSender(sender, digest: "d1", label: .ham, trustAfter: 2, at: 6)
                == .counted(hams: 1))
        // Learning never lifts a block.
        try store.setSenders([("hmrc", "")], state: .blocked, origin: .manual, at: 7)
        for digest in ["a", "b", "c"] {
            #expect(
                try store.learnSender("hmrc", digest: digest, label: .ham, trustAfter: 2, at: 8) == .unchanged
            )
        }
        #expect(try store.learnSender("hmrc", digest: "x", label: .spam, trustAfter: 2, at: 9) == .unchanged)
        #expect(try store.sender("hmrc")?.state == .blocked)
    }
}
