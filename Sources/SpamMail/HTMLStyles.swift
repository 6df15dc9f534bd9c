/// What a document's styles hide, beyond an element's own `style`: classes and ids that a
/// `<style>` block hides (`.x { display: none }`, then `<div class="x">`), and text coloured like
/// the background it sits on (white text in a document that sets no background, which a reader
/// shows on white; or a colour equal to the element's own background). Spam hides its filler
/// these ways as well as with inline styles.
final class HTMLStyles {
    /// Class names and ids (lower-cased) hidden by a rule of a `<style>` block.
    private(set) var hiddenClasses: Set<[UInt8]> = []
    private(set) var hiddenIDs: Set<[UInt8]> = []
    private let document: [UInt8]

    /// Whether anything in the document sets a background (`bgcolor`, `background…`): if
    /// nothing does, the reader's own background (white) is behind every word. Looked for only
    /// when some text has a colour.
    private(set) lazy var declaresBackground: Bool =
        ByteScan.find(Array("bgcolor".utf8), in: document, from: 0, to: document.count) != nil
        || ByteScan.find(Array("background".utf8), in: document, from: 0, to: document.count) != nil

    /// Reads every `<style>` block of `bytes`. Rules inside at-rules (`@media`) apply only on
    /// some screens (newsletters hide their desktop layout on phones), so they are skipped; only
    /// simple selectors count (`.x`, `p.x`, `#x`, `div#x`): a rule for descendants or states
    /// (`.a .b`, `a:hover`) hides only some elements.
    init(scanning bytes: [UInt8]) {
        document = bytes
        var from = 0
        while let start = Self.styleTag(in: bytes, from: from) {
            guard let tagEnd = ByteScan.index(of: UInt8(ascii: ">"), in: bytes, from: start, to: bytes.count)
            else {
                break
            }
            let end =
                ByteScan.find(Array("</style".utf8), in: bytes, from: tagEnd + 1, to: bytes.count)
                ?? bytes.count
            readRules(bytes[(tagEnd + 1)..<end])
            from = end
        }
    }

    /// The next `<style` at or after `from` (any case), found from `<` to `<`.
    private static func styleTag(in bytes: [UInt8], from: Int) -> Int? {
        let name = Array("style".utf8)
        var at = from
        while let lt = ByteScan.index(of: UInt8(ascii: "<"), in: bytes, from: at, to: bytes.count) {
            if ByteScan.equalsIgnoringCase(bytes, (lt + 1)..<min(lt + 6, bytes.count), name) { return lt }
            at = lt + 1
        }
        return nil
    }

    private func readRules(_ css: ArraySlice<UInt8>) {
        var i = css.startIndex
        let end = css.endIndex
        while i < end {
            let c = css[i]
            if c == UInt8(ascii: "/"), i + 1 < end, css[i + 1] == UInt8(ascii: "*") {
                i = Self.after(Array("*/".utf8), in: css, from: i + 2) ?? end
                continue
            }
            if c == UInt8(ascii: "@") {
                // An at-rule: up to its `;`, or its whole block with the blocks nested in it.
                var k = i
                while k < end && css[k] != UInt8(ascii: ";") && css[k] != UInt8(ascii: "{") { k += 1 }
                i = k < end && css[k] == UInt8(ascii: "{") ? Self.afterBlock(css, from: k) : k + 1
                continue
            }
            guard let brace = css[i...].firstIndex(of: UInt8(ascii: "{")) else { break }
            let closing = css[brace...].firstIndex(of: UInt8(ascii: "}")) ?? end
            let declarations = Self.compact(css[(brace + 1)..<closing])
            if Self.hides(declarations, whiteIsHidden: !declaresBackground) {
                for selector in css[i..<brace].split(separator: UInt8(ascii: ",")) {
                    addSimple(selector)
                }
            }
            i = closing + 1
        }
    }

    /// `.x`, `tag.x`, `#x` or `tag#x` (white space around it ignored); anything else is left out.
    private func addSimple(_ selector: ArraySlice<UInt8>) {
        var trimmed = selector.drop(while: Self.isSpace)
        while let last = trimmed.last, Self.isSpace(last) { trimmed = trimmed.dropLast() }
        guard let mark = trimmed.firstIndex(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "#") })
        else { return }
        let tag = trimmed[trimmed.startIndex..<mark]
        let name = trimmed[(mark + 1)...]
        guard tag.allSatisfy(HTMLText.isNameByte), !name.isEmpty, name.allSatisfy(Self.isIdentifierByte)
        else {
            return
        }
        let lowered = name.map(\.asciiLowercased)
        if trimmed[mark] == UInt8(ascii: ".") {
            hiddenClasses.insert(lowered)
        } else {
            hiddenIDs.insert(lowered)
        }
    }

    /// Whether a rule of the style blocks hides an element with these attributes (the bytes
    /// after its tag name): one of its classes, or its id.
    func hidesByRule(_ attributes: ArraySlice<UInt8>) -> Bool {
        if !hiddenClasses.isEmpty, let classes = Self.attributeValue("class", in: attributes) {
            for name in classes.split(whereSeparator: Self.isSpace)
            where hiddenClasses.contains(name.map(\.asciiLowercased)) {
                return true
            }
        }
        if !hiddenIDs.isEmpty, let id = Self.attributeValue("id", in: attributes),
            hiddenIDs.contains(id.filter { !Self.isSpace($0) }.map(\.asciiLowercased))
        {
            return true
        }
        return false
    }

    // MARK: Declarations

    /// Declarations (or attributes) without white space, lower-cased: `display:none;color:#fff`.
    static func compact(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.filter { !isSpace($0) }.map(\.asciiLowercased)
    }

    /// Whether compacted declarations show nothing, in any way (`removes`, `hidesVisibility`,
    /// `zeroFontSize`, `colourHides`).
    static func hides(_ compact: [UInt8], whiteIsHidden: @autoclosure () -> Bool) -> Bool {
        removes(compact) || hidesVisibility(compact) || zeroFontSize(compact)
            || colourHides(compact, whiteIsHidden: whiteIsHidden())
    }

    /// Hidden whatever the descendants say: `display:none`, a zero opacity, or `max-height:0`
    /// with `overflow:hidden` (the invisible preview line of newsletters).
    static func removes(_ compact: [UInt8]) -> Bool {
        has("display:none", compact) || isZero("opacity", compact)
            || (isZero("max-height", compact) && has("overflow:hidden", compact))
    }

    static func hidesVisibility(_ compact: [UInt8]) -> Bool { has("visibility:hidden", compact) }

    static func showsVisibility(_ compact: [UInt8]) -> Bool { has("visibility:visible", compact) }

    static func zeroFontSize(_ compact: [UInt8]) -> Bool { isZero("font-size", compact) }

    /// A font size that does not scale the inherited zero: a non-zero length in absolute units
    /// (`14px`, `10pt`) or a size keyword (`medium`; `2em` and `150%` of zero are zero).
    static func absoluteFontSize(_ compact: [UInt8]) -> Bool {
        let key = Array("font-size:".utf8)
        guard let at = ByteScan.find(key, in: compact, from: 0, to: compact.count) else { return false }
        let value = compact[(at + key.count)...].prefix {
            $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "'")
        }
        let text = String(decoding: value, as: UTF8.self)
        if ["xx-small", "x-small", "small", "medium", "large", "x-large", "xx-large"].contains(
            where: { text.hasPrefix($0) })
        {
            return true
        }
        let number = text.prefix { $0.isNumber || $0 == "." }
        guard let size = Double(number), size > 0 else { return false }
        let unit = text.dropFirst(number.count)
        return ["px", "pt", "pc", "cm", "mm", "in", "q"].contains { unit.hasPrefix($0) }
    }

    private static func has(_ text: String, _ compact: [UInt8]) -> Bool {
        ByteScan.find(Array(text.utf8), in: compact, from: 0, to: compact.count) != nil
    }

    /// `property:0` not followed by a digit or `.` (`font-size:0px` yes, `font-size:0.9em` no).
    private static func isZero(_ property: String, _ compact: [UInt8]) -> Bool {
        let key = Array((property + ":0").utf8)
        var from = 0
        while let at = ByteScan.find(key, in: compact, from: from, to: compact.count) {
            let next = at + key.count
            if next == compact.count
                || !(compact[next] == UInt8(ascii: ".") || (0x30...0x39).contains(compact[next]))
            {
                return true
            }
            from = at + 1
        }
        return false
    }

    /// Text coloured (`color:` in a style, `color=` on `<font>`) like its own background
    /// (`background-color`, `background`, `bgcolor`, within 16 of 255 on each channel), or
    /// near-white (each channel 240 or more) when `whiteIsHidden`.
    static func colourHides(_ compact: [UInt8], whiteIsHidden: @autoclosure () -> Bool) -> Bool {
        guard let text = colour(after: ["color:", "color="], in: compact, excludingPrefixes: true) else {
            return false
        }
        if let background = colour(after: ["background-color:", "background:", "bgcolor="], in: compact) {
            return zip(text, background).allSatisfy { abs(Int($0) - Int($1)) <= 16 }
        }
        return text.allSatisfy { $0 >= 240 } && whiteIsHidden()
    }

    /// The colour after the first of `keys` found in `compact`. With `excludingPrefixes`, a key
    /// preceded by a letter or `-` does not count (`color:` is not `background-color:`, `color=`
    /// not `bgcolor=`).
    static func colour(after keys: [String], in compact: [UInt8], excludingPrefixes: Bool = false) -> [UInt8]?
    {
        for key in keys {
            let needle = Array(key.utf8)
            var from = 0
            while let at = ByteScan.find(needle, in: compact, from: from, to: compact.count) {
                from = at + 1
                if excludingPrefixes && at > 0 {
                    let before = compact[at - 1]
                    if before == UInt8(ascii: "-") || (0x61...0x7A).contains(before) { continue }
                }
                var value = compact[(at + needle.count)...]
                while let q = value.first, q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") {
                    value = value.dropFirst()
                }
                if let rgb = parseColour(value) { return rgb }
            }
        }
        return nil
    }

    /// `#rgb`, `#rrggbb`, `rgb(r,g,b)` or a few named near-whites, at the start of `value`.
    static func parseColour(_ value: ArraySlice<UInt8>) -> [UInt8]? {
        if value.first == UInt8(ascii: "#") {
            let digits = value.dropFirst().prefix { QuotedPrintable.hexValue($0) != nil }
            let nibbles = digits.prefix(6).map { QuotedPrintable.hexValue($0)! }
            if digits.count == 3 { return nibbles.map { $0 * 17 } }
            if digits.count == 6 { return (0..<3).map { nibbles[2 * $0] * 16 + nibbles[2 * $0 + 1] } }
            return nil
        }
        if value.starts(with: Array("rgb(".utf8)) {
            let inner = value.dropFirst(4).prefix { $0 != UInt8(ascii: ")") }
            let parts = inner.split(separator: UInt8(ascii: ","))
            guard parts.count == 3 else { return nil }
            var channels: [UInt8] = []
            for part in parts {
                guard !part.isEmpty, part.count <= 3, part.allSatisfy({ (0x30...0x39).contains($0) }),
                    let number = Int(String(decoding: part, as: UTF8.self)), number <= 255
                else { return nil }
                channels.append(UInt8(number))
            }
            return channels
        }
        for (name, rgb) in namedColours where value.starts(with: Array(name.utf8)) {
            return rgb
        }
        return nil
    }

    static let namedColours: [(String, [UInt8])] = [
        ("white", [255, 255, 255]), ("snow", [255, 250, 250]), ("ivory", [255, 255, 240]),
        ("ghostwhite", [248, 248, 255]), ("whitesmoke", [245, 245, 245]), ("black", [0, 0, 0]),
    ]

    // MARK: Bytes

    /// The value of attribute `name` (quoted or not) in a tag's attribute bytes.
    static func attributeValue(_ name: String, in attributes: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let key = Array(name.utf8)
        var k = attributes.startIndex
        while k < attributes.endIndex {
            let atNameStart = k == attributes.startIndex || isSpace(attributes[k - 1])
            guard atNameStart, k + key.count <= attributes.endIndex,
                attributes[k..<(k + key.count)].map(\.asciiLowercased).elementsEqual(key)
            else {
                k += 1
                continue
            }
            var v = k + key.count
            while v < attributes.endIndex && isSpace(attributes[v]) { v += 1 }
            guard v < attributes.endIndex, attributes[v] == UInt8(ascii: "=") else {
                k += 1
                continue
            }
            v += 1
            while v < attributes.endIndex && isSpace(attributes[v]) { v += 1 }
            guard v < attributes.endIndex else { return nil }
            let quote = attributes[v]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                let end = attributes[(v + 1)...].firstIndex(of: quote) ?? attributes.endIndex
                return attributes[(v + 1)..<end]
            }
            let end =
                attributes[v...].firstIndex {
                    isSpace($0) || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "/")
                }
                ?? attributes.endIndex
            return attributes[v..<end]
        }
        return nil
    }

    /// The index after the first `needle` at or after `from`, or nil.
    private static func after(_ needle: [UInt8], in bytes: ArraySlice<UInt8>, from: Int) -> Int? {
        var k = from
        while k + needle.count <= bytes.endIndex {
            if bytes[k..<(k + needle.count)].elementsEqual(needle) { return k + needle.count }
            k += 1
        }
        return nil
    }

    /// The index after the block opened at `open` (a `{`), nested blocks included.
    private static func afterBlock(_ bytes: ArraySlice<UInt8>, from open: Int) -> Int {
        var depth = 0
        var k = open
        while k < bytes.endIndex {
            if bytes[k] == UInt8(ascii: "{") { depth += 1 }
            if bytes[k] == UInt8(ascii: "}") {
                depth -= 1
                if depth == 0 { return k + 1 }
            }
            k += 1
        }
        return bytes.endIndex
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }

    private static func isIdentifierByte(_ c: UInt8) -> Bool {
        HTMLText.isNameByte(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c >= 0x80
    }
}
