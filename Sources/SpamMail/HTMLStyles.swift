/// What a document's `<style>` blocks say beyond an element's own `style`: the classes, ids and
/// tag names they hide (`.x { display: none }`, then `<div class="x">`), and the text colours and
/// backgrounds they give them (`.w { color: #fff }`, `body { background: #000 }`), which
/// `ColourStack` compares. Spam hides its filler these ways as well as with inline styles; and a
/// button's white text on the dark background its class gives it is seen, so it is read.
final class HTMLStyles {
    /// The byte strings looked for, made once (a literal's `Array(….utf8)` allocates per use).
    enum Needle {
        static let styleClose = Array("</style".utf8)
        static let style = Array("style".utf8)
        static let commentEnd = Array("*/".utf8)
        static let background = Array("background".utf8)
        static let bgcolor = Array("bgcolor".utf8)
        static let rgb = Array("rgb(".utf8)
        static let rgba = Array("rgba(".utf8)
        static let transparent = Array("transparent".utf8)
        static let classAttribute = Array("class".utf8)
        static let idAttribute = Array("id".utf8)
        static let textColour = [Array("color:".utf8), Array("color=".utf8)]
        static let ruleColour = [Array("color:".utf8)]
        static let backgroundColour = [
            Array("background-color:".utf8), Array("background:".utf8), Array("bgcolor=".utf8),
        ]
    }

    /// What the rules for one class, id or tag name say (a later rule adds to an earlier one).
    struct RuleStyle {
        /// A rule removes it (`display:none`, `visibility:hidden`, a zero font size, …).
        var hides = false
        /// The text colour a rule gives it.
        var text: RGB?
        /// The background a rule gives it (`RGB.unreadable` for an image or an unknown name).
        var background: RGB?

        mutating func add(_ other: RuleStyle) {
            hides = hides || other.hides
            if let colour = other.text { text = colour }
            if let colour = other.background { background = colour }
        }
    }

    /// Rules by lower-cased class name, id and tag name.
    private var classRules: [[UInt8]: RuleStyle] = [:]
    private var idRules: [[UInt8]: RuleStyle] = [:]
    private var tagRules: [String: RuleStyle] = [:]

    /// Reads every `<style>` block of `bytes`. Rules inside at-rules (`@media`) apply only on
    /// some screens (newsletters hide their desktop layout on phones), so they are skipped; only
    /// simple selectors count (`.x`, `p.x`, `#x`, `div#x`, `td`): a rule for descendants or
    /// states (`.a .b`, `a:hover`) applies only to some elements.
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
            var rule = RuleStyle()
            let facts = StyleDeclarations(declarations)
            rule.hides = facts.removes || facts.hidesVisibility || facts.zeroFontSize
            rule.text = Self.colour(after: Needle.ruleColour, in: declarations, excludingPrefixes: true)
            rule.background = Self.background(in: declarations)
            if rule.hides || rule.text != nil || rule.background != nil {
                for selector in css[i..<brace].split(separator: UInt8(ascii: ",")) {
                    addSimple(selector, rule)
                }
            }
            i = closing + 1
        }
    }

    /// `.x`, `tag.x`, `#x`, `tag#x` or `tag` (white space around it ignored); anything else is
    /// left out.
    private func addSimple(_ selector: ArraySlice<UInt8>, _ rule: RuleStyle) {
        var trimmed = selector.drop(while: Self.isSpace)
        while let last = trimmed.last, Self.isSpace(last) { trimmed = trimmed.dropLast() }
        guard !trimmed.isEmpty else { return }
        guard let mark = trimmed.firstIndex(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "#") })
        else {
            if trimmed.allSatisfy(HTMLText.isNameByte) {
                tagRules[
                    String(decoding: trimmed.map(\.asciiLowercased), as: UTF8.self), default: RuleStyle()
                ]
                .add(rule)
            }
            return
        }
        let tag = trimmed[trimmed.startIndex..<mark]
        let name = trimmed[(mark + 1)...]
        guard tag.allSatisfy(HTMLText.isNameByte), !name.isEmpty, name.allSatisfy(Self.isIdentifierByte)
        else {
            return
        }
        let lowered = name.map(\.asciiLowercased)
        if trimmed[mark] == UInt8(ascii: ".") {
            classRules[lowered, default: RuleStyle()].add(rule)
        } else {
            idRules[lowered, default: RuleStyle()].add(rule)
        }
    }

    /// What the rules say about an element (its tag name and the bytes after it), the more
    /// specific winning as in CSS: its id's rules over its classes' (the last class named that
    /// has a rule) over its tag name's.
    func rules(for name: String, attributes: ArraySlice<UInt8>) -> RuleStyle {
        var style = tagRules[name] ?? RuleStyle()
        if !classRules.isEmpty, let classes = Self.attributeValue(Needle.classAttribute, in: attributes) {
            for className in classes.split(whereSeparator: Self.isSpace) {
                if let rule = classRules[className.map(\.asciiLowercased)] { style.add(rule) }
            }
        }
        if !idRules.isEmpty, let id = Self.attributeValue(Needle.idAttribute, in: attributes),
            let rule = idRules[id.filter { !Self.isSpace($0) }.map(\.asciiLowercased)]
        {
            style.add(rule)
        }
        return style
    }

    /// Whether any rule was read (most mail has no style block, or none that matters here).
    var isEmpty: Bool { classRules.isEmpty && idRules.isEmpty && tagRules.isEmpty }

    // MARK: Declarations

    /// Declarations (or attributes) without white space, lower-cased: `display:none;color:#fff`.
    static func compact(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.filter { !isSpace($0) }.map(\.asciiLowercased)
    }

    private static func has(_ needle: [UInt8], _ compact: [UInt8]) -> Bool {
        ByteScan.find(needle, in: compact, from: 0, to: compact.count) != nil
    }

    /// The background the declarations (or attributes) set: its colour, `RGB.unreadable` for an
    /// image or a colour not read here, nil when none is set or it is transparent (what is
    /// behind shows through).
    static func background(in compact: [UInt8]) -> RGB? {
        if let colour = colour(after: Needle.backgroundColour, in: compact) {
            return colour.isInvisible ? nil : colour
        }
        return setsBackground(compact) ? .unreadable : nil
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
        if value.starts(with: Needle.transparent) { return .invisible }
        let isRGBA = value.starts(with: Needle.rgba)
        if isRGBA || value.starts(with: Needle.rgb) {
            let inner = value.dropFirst(isRGBA ? 5 : 4).prefix { $0 != UInt8(ascii: ")") }
            var parts = inner.split(separator: UInt8(ascii: ","))
            if isRGBA {
                // The alpha channel: zero is no colour at all; anything else is read as rgb.
                guard parts.count == 4, let alpha = Double(String(decoding: parts[3], as: UTF8.self)) else {
                    return nil
                }
                if alpha == 0 { return .invisible }
                parts.removeLast()
            }
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
    static func attributeValue(_ key: [UInt8], in attributes: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var k = attributes.startIndex
        while k < attributes.endIndex {
            let atNameStart = k == attributes.startIndex || isSpace(attributes[k - 1])
            guard atNameStart, k + key.count <= attributes.endIndex,
                zip(attributes[k..<(k + key.count)], key).allSatisfy({ $0.asciiLowercased == $1 })
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
        let colour = text ?? RGB(0, 0, 0)
        textIsHidden = colour.isInvisible || colour.isClose(to: background ?? RGB(255, 255, 255))
    }
}

/// A colour as red, green and blue, or one that was set but cannot be read (`unreadable`: an
/// image, a colour name not in `HTMLStyles.namedColours`), which hides nothing, or no colour at
/// all (`invisible`: `transparent`, a zero alpha), which hides text of that colour anywhere.
struct RGB: Equatable {
    var red: UInt8
    var green: UInt8
    var blue: UInt8
    var isReadable = true
    var isInvisible = false

    init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        (self.red, self.green, self.blue) = (red, green, blue)
    }

    static let unreadable: RGB = {
        var colour = RGB(0, 0, 0)
        colour.isReadable = false
        return colour
    }()

    static let invisible: RGB = {
        var colour = RGB(0, 0, 0)
        colour.isInvisible = true
        return colour
    }()

    /// Within 16 on every channel, both readable: text of this colour on `other` is not seen.
    func isClose(to other: RGB) -> Bool {
        isReadable && other.isReadable && abs(Int(red) - Int(other.red)) <= 16
            && abs(Int(green) - Int(other.green)) <= 16 && abs(Int(blue) - Int(other.blue)) <= 16
    }
}
