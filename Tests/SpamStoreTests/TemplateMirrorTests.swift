import SpamMarks
import SpamStore
import SpamTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The file's inode: a rewrite renames a new file into place.
private func inode(_ path: String) -> UInt64? {
    var info = stat()
    return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
}

/// Every change to the marks rewrites the templates file a delivery reads: a mark adds its
/// template (a spam mark's with digits aside, a ham mark's with them), a relabel replaces it,
/// unlearning removes it; a text too short for a template adds nothing.
@Test func theTemplatesFileFollowsTheMarks() throws {
    let scratch = TemporaryDirectory("templates")
    defer { scratch.remove() }
    let store = try FeedbackStore(path: scratch.file("db.sqlite"))
    let file = TemplateListFile(storePath: store.path)
    let lure = "Royal Mail: parcel 7 held, pay £1.99 at rm-fee7.top"
    let key = try #require(MessageTemplate.key(of: "Royal Mail: parcel 12 held, pay £3.50 at rm-fee9.top"))
    #expect(file.read()?.count == 0)
    try store.learn(FeedbackItem(text: lure, label: .spam, source: "t"), at: 1)
    try store.learn(FeedbackItem(text: "ok see you", label: .ham, source: "t"), at: 1)
    #expect(file.read()?.count == 1)
    #expect(file.read()?.isSpam(key: key) == true)
    // Learning the same mark again (the crontab does, every 15 minutes) leaves the file alone.
    let before = inode(file.path)
    try store.learn(FeedbackItem(text: lure, label: .spam, source: "t"), at: 1)
    #expect(before != nil && inode(file.path) == before)
    try store.learn(FeedbackItem(text: lure, label: .ham, source: "t"), at: 2)
    let exact = try #require(MessageTemplate.key(of: lure, keepingDigits: true))
    #expect(file.read()?.isSpam(key: key) == nil)
    #expect(file.read()?.isSpam(key: exact) == false)
    #expect(try store.unlearn(digests: [FeedbackDigest.of(lure)]) == 1)
    #expect(file.read()?.isSpam(key: exact) == nil)

    // Copies marked spam, then one of them marked ham: the spam template is vetoed, so the next
    // copy is the model's again.
    let notice = "Your energy bill of £42.10 is ready, see it in the app"
    let next = try #require(MessageTemplate.key(of: "Your energy bill of £55.70 is ready, see it in the app"))
    for amount in ["£12.30", "£48.90"] {
        try store.learn(
            FeedbackItem(text: notice.replacing("£42.10", with: amount), label: .spam, source: "t"),
            at: 3)
    }
    #expect(file.read()?.isSpam(key: next) == true)
    try store.learn(FeedbackItem(text: notice, label: .ham, source: "t"), at: 4)
    #expect(file.read()?.isSpam(key: next) == nil)
}
