/// What a document's `<style>` blocks say beyond an element's own `style`: classes and ids they
/// hide (`.x { display: none }`, then `<div class="x">`), and the text colours they give classes
/// (`.w { color: #fff }`), which `ColourStack` compares with the background behind the text.
/// Spam hides its filler these ways as well as with inline styles.
final class HTMLStyles {
    /// The byte strings looked for, made once (a literal's `Array(….utf8)` allocates per use).
    enum Needle {
        static let styleClose = Array("</style".utf8)
        static let style = Array("style".utf8)
        static let commentEnd = Array("*/".utf8)
        static let displayNone = Array("display:none".utf8)
        static let overflowHidden = Array("overflow:hidden".utf8)
        static let visibilityHidden = Array("visibility:hidden".utf8)
        static let visibilityVisible = Array("visibility:visible".utf8)
        static let opacityZero = Array("opacity:0".utf8)
        static let maxHeightZero = Array("max-height:0".utf8)
        static let fontSizeZero = Array("font-size:0".utf8)
        static let fontSize = Array("font-size:".utf8)
        static let background = Array("background".utf8)
        static let bgcolor = Array("bgcolor".utf8)
        static let rgb = Array("rgb(".utf8)
        static let textColour = [Array("color:".utf8), Array("color=".utf8)]
        static let ruleColour = [Array("color:".utf8)]
        static let backgroundColour = [
            Array("background-color:".utf8), Array("background:".utf8), Array("bgcolor=".utf8),
        ]
    }

    /// Class names and ids (lower-cased) hidden by a rule of a `<style>` block.
    private(set) var hiddenClasses: Set<[UInt8]> = []
    private(set) var hiddenIDs: Set<[UInt8]> = []
    /// Text colours (red, green, blue) a rule gives a class.
    private(set) var classColours: [[UInt8]: RGB] = [:]

    /// Reads every `<style>` block of `bytes`. Rules inside at-rules (`@media`) apply only on
    /// some screens (newsletters hide their desktop layout on phones), so they are skipped; only
    /// simple selectors count (`.x`, `p.x`, `#x`, `div#x`): a rule for descendants or states
    /// (`.a .b`, `a:hover`) hides only some elements.
    init(scanning bytes: [UInt8]) {
        var from = 0
        while let start = Self.styleTag(in: bytes, from: from) {
            guard let tagEnd = ByteScan.index(of: UInt8(ascii: ">"), in: bytes, from: start, to: bytes.count)
            else {
                break
            }
            let end =
                ByteScan.find(Needle.styleClose, in: bytes, from: tagEnd + 1, to: bytes.count)
                ?? bytes.count
            readRules(bytes[(tagEnd + 1)..<end])
            from = end
        }
    }

    /// The next `<style` at or after `from` (any case), found from `<` to `<`.
    private static func styleTag(in bytes: [UInt8], from: Int) -> Int? {
        let name = Needle.style
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
                i = Self.after(Needle.commentEnd, in: css, from: i + 2) ?? end
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
            let hides =
                Self.removes(declarations) || Self.hidesVisibility(declarations)
                || Self.zeroFontSize(declarations)
            let colour = Self.colour(after: Needle.ruleColour, in: declarations, excludingPrefixes: true)
            if hides || colour != nil {
                for selector in css[i..<brace].split(separator: UInt8(ascii: ",")) {
                    addSimple(selector, hides: hides, colour: colour)
                }
            }
            i = closing + 1
        }
    }

    /// `.x`, `tag.x`, `#x` or `tag#x` (white space around it ignored); anything else is left out.
    /// A colour is kept for classes only.
    private func addSimple(_ selector: ArraySlice<UInt8>, hides: Bool, colour: RGB?) {
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
        let isClass = trimmed[mark] == UInt8(ascii: ".")
        if hides {
            if isClass { hiddenClasses.insert(lowered) } else { hiddenIDs.insert(lowered) }
        }
        if isClass, let colour { classColours[lowered] = colour }
    }

    /// The text colour a rule gives one of the element's classes (the last such class), if any.
    func classColour(_ attributes: ArraySlice<UInt8>) -> RGB? {
        guard !classColours.isEmpty, let classes = Self.attributeValue("class", in: attributes) else {
            return nil
        }
        var found: RGB?
        for name in classes.split(whereSeparator: Self.isSpace) {
            if let colour = classColours[name.map(\.asciiLowercased)] { found = colour }
        }
        return found
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

    /// Hidden whatever the descendants say: `display:none`, a zero opacity, or `max-height:0`
    /// with `overflow:hidden` (the invisible preview line of newsletters).
    static func removes(_ compact: [UInt8]) -> Bool {
        has(Needle.displayNone, compact) || isZero(Needle.opacityZero, compact)
            || (isZero(Needle.maxHeightZero, compact) && has(Needle.overflowHidden, compact))
    }

    static func hidesVisibility(_ compact: [UInt8]) -> Bool { has(Needle.visibilityHidden, compact) }

    static func showsVisibility(_ compact: [UInt8]) -> Bool { has(Needle.visibilityVisible, compact) }

    static func zeroFontSize(_ compact: [UInt8]) -> Bool { isZero(Needle.fontSizeZero, compact) }

    /// A font size that does not scale the inherited zero: a non-zero length in absolute units
    /// (`14px`, `10pt`) or a size keyword (`medium`; `2em` and `150%` of zero are zero).
    static func absoluteFontSize(_ compact: [UInt8]) -> Bool {
        let key = Needle.fontSize
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

    private static func has(_ needle: [UInt8], _ compact: [UInt8]) -> Bool {
        ByteScan.find(needle, in: compact, from: 0, to: compact.count) != nil
    }

    /// `key` (`property:0`) not followed by a digit or `.` (`font-size:0px` yes,
    /// `font-size:0.9em` no).
    private static func isZero(_ key: [UInt8], _ compact: [UInt8]) -> Bool {
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

    /// Whether the declarations (or attributes) set a background, readable or not (an image,
    /// `background="a.png"`, a colour name not in `namedColours`).
    static func setsBackground(_ compact: [UInt8]) -> Bool {
        has(Needle.background, compact) || has(Needle.bgcolor, compact)
    }

    /// The colour after the first of `keys` found in `compact` that gives a readable one, else
    /// `unreadable` if a key was found (a colour name not in `namedColours`), else nil. With
    /// `excludingPrefixes`, a key preceded by a letter or `-` does not count (`color:` is not
    /// `background-color:`, `color=` not `bgcolor=`).
    static func colour(
        after keys: [[UInt8]], in compact: [UInt8], excludingPrefixes: Bool = false,
        unreadable: RGB? = nil
    ) -> RGB? {
        var found = false
        for needle in keys {
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
                found = true
            }
        }
        return found ? unreadable : nil
    }

    /// `#rgb`, `#rrggbb`, `rgb(r,g,b)` or a few named near-whites, at the start of `value`.
    static func parseColour(_ value: ArraySlice<UInt8>) -> RGB? {
        if value.first == UInt8(ascii: "#") {
            var nibbles: [UInt8] = []
            var k = value.startIndex + 1
            while k < value.endIndex, nibbles.count < 7, let nibble = QuotedPrintable.hexValue(value[k]) {
                nibbles.append(nibble)
                k += 1
            }
            if nibbles.count == 3 { return RGB(nibbles[0] * 17, nibbles[1] * 17, nibbles[2] * 17) }
            if nibbles.count == 6 {
                return RGB(
                    nibbles[0] * 16 + nibbles[1], nibbles[2] * 16 + nibbles[3], nibbles[4] * 16 + nibbles[5])
            }
            return nil
        }
        if value.starts(with: Needle.rgb) {
            let inner = value.dropFirst(4).prefix { $0 != UInt8(ascii: ")") }
            let parts = inner.split(separator: UInt8(ascii: ","))
            guard parts.count == 3 else { return nil }
            var channels: [UInt8] = []
            for part in parts {
                guard !part.isEmpty, part.count <= 3, part.allSatisfy({ (0x30...0x39).contains($0) }) else {
                    return nil
                }
                let number = part.reduce(0) { $0 * 10 + Int($1 - 0x30) }
                guard number <= 255 else { return nil }
                channels.append(UInt8(number))
            }
            return RGB(channels[0], channels[1], channels[2])
        }
        for (name, rgb) in namedColours where value.starts(with: name) {
            return rgb
        }
        return nil
    }

    static let namedColours: [([UInt8], RGB)] = [
        (Array("white".utf8), RGB(255, 255, 255)), (Array("snow".utf8), RGB(255, 250, 250)),
        (Array("ivory".utf8), RGB(255, 255, 240)), (Array("ghostwhite".utf8), RGB(248, 248, 255)),
        (Array("whitesmoke".utf8), RGB(245, 245, 245)), (Array("black".utf8), RGB(0, 0, 0)),
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

/// The open elements of an HTML document and the text colour and background each sets, to tell
/// whether text at this point has the colour of what is behind it (within 16 on each channel;
/// black text on white where nothing is set, as a reader shows it; a background image hides
/// nothing). Mail is tag soup: a closing tag closes the nearest open element of its name among
/// the last 64, with those opened after it; one with no such element is ignored.
struct ColourStack {
    /// The colour readers give links (`<a>` without a colour of its own).
    static let link = RGB(0, 0, 238)
    private var elements: [(name: String, text: RGB?, background: RGB?)] = []
    private(set) var textIsHidden = false

    mutating func open(_ name: String, text: RGB?, background: RGB?) {
        // A document that never closes its elements stops growing the stack here; elements
        // opened past it are not followed.
        guard elements.count < 4096 else { return }
        elements.append((name, text, background))
        if text != nil || background != nil { update() }
    }

    mutating func close(_ name: String) {
        var k = elements.count - 1
        let lowest = max(0, elements.count - 64)
        while k >= lowest && elements[k].name != name { k -= 1 }
        guard k >= lowest else { return }
        let changesColour = elements[k...].contains { $0.text != nil || $0.background != nil }
        elements.removeSubrange(k...)
        if changesColour { update() }
    }

    private mutating func update() {
        var text: RGB?
        var background: RGB?
        for element in elements.reversed() {
            if text == nil { text = element.text }
            if background == nil { background = element.background }
            if text != nil && background != nil { break }
        }
        textIsHidden = (text ?? RGB(0, 0, 0)).isClose(to: background ?? RGB(255, 255, 255))
    }
}

/// A colour as red, green and blue, or one that was set but cannot be read (`unreadable`: an
/// image, a colour name not in `HTMLStyles.namedColours`), which hides nothing.
struct RGB: Equatable {
    var red: UInt8
    var green: UInt8
    var blue: UInt8
    var isReadable = true

    init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        (self.red, self.green, self.blue) = (red, green, blue)
    }

    static let unreadable: RGB = {
        var colour = RGB(0, 0, 0)
        colour.isReadable = false
        return colour
    }()

    /// Within 16 on every channel, both readable: text of this colour on `other` is not seen.
    func isClose(to other: RGB) -> Bool {
        isReadable && other.isReadable && abs(Int(red) - Int(other.red)) <= 16
            && abs(Int(green) - Int(other.green)) <= 16 && abs(Int(blue) - Int(other.blue)) <= 16
    }
}
