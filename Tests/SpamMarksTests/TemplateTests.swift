import SpamMarks
import Testing

/// Copies of one message that differ in digits, case or spacing share a template; other words,
/// or a text of fewer than four words, do not.
@Test func templatesIgnoreDigitsCaseAndSpacingOnly() throws {
    let key = try #require(MessageTemplate.key(of: "Royal Mail: parcel 7 held, pay £1.99 at rm-fee7.top"))
    #expect(MessageTemplate.key(of: "ROYAL MAIL: parcel 1234 held,  pay £12.50 at rm-fee88.top\n") == key)
    #expect(MessageTemplate.key(of: "Royal Mail: parcel 7 kept, pay £1.99 at rm-fee7.top") != key)
    #expect(MessageTemplate.key(of: "Royal Mail parcel 7 held, pay £1.99 at rm-fee7.top") != key)
    #expect(MessageTemplate.key(of: "ok see you") == nil)
    #expect(MessageTemplate.key(of: "  call me back now  ") != nil)
    // A ham mark's key keeps the digits: another number to call is another message.
    let notice = "If this wasn't you, call us on 0345 734 5345"
    #expect(
        MessageTemplate.key(of: "IF this wasn't you,  call us on 0345 734 5345", keepingDigits: true)
            == MessageTemplate.key(of: notice, keepingDigits: true))
    #expect(
        MessageTemplate.key(of: "If this wasn't you, call us on 0845 111 2222", keepingDigits: true)
            != MessageTemplate.key(of: notice, keepingDigits: true))
    // Digits of other scripts are digits too.
    #expect(
        MessageTemplate.key(of: "รหัส OTP ของคุณคือ ๑๒๓๔") == MessageTemplate.key(of: "รหัส OTP ของคุณคือ 5678"))
}

/// The list finds every template it holds and no other; a later mark of a template wins; bytes
/// that are not a whole list are refused, and a damaged line is never read as a mark.
@Test func templateListLooksUpAndRefusesDamage() throws {
    let keys: [UInt64] = [0, 1, 0xdead_beef, .max, 42, 7_000_000_000]
    var marks = keys.enumerated().map { (key: $0.element, isSpam: $0.offset % 2 == 0) }
    marks.append((key: 42, isSpam: false))
    marks.append((key: 0, isSpam: false))
    let bytes = TemplateList.encode(marks)
    let list = try #require(TemplateList(bytes: bytes))
    #expect(list.count == keys.count)
    #expect(list.isSpam(key: 0xdead_beef) == true)
    #expect(list.isSpam(key: 1) == false)
    #expect(list.isSpam(key: .max) == false)
    #expect(list.isSpam(key: 42) == false)
    #expect(list.isSpam(key: 0) == false)
    #expect(list.isSpam(key: 7_000_000_000) == false)
    #expect(list.isSpam(key: 43) == nil)
    #expect(TemplateList(bytes: Array(TemplateList.magic.utf8))?.isSpam(key: 1) == nil)
    #expect(TemplateList(bytes: Array(bytes.dropLast())) == nil)
    // A damaged line makes the lookups that meet it find nothing, never a wrong verdict.
    let first = TemplateList.magic.utf8.count
    for damage in [first + 17, first + 16, first + 3] {
        var damaged = bytes
        damaged[damage] = UInt8(ascii: "x")
        #expect(TemplateList(bytes: damaged)?.isSpam(key: 0) == nil)
    }
    #expect(TemplateList(bytes: Array("smsfilter-senders v1\n".utf8)) == nil)
}
