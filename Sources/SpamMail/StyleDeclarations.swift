/// The declarations of a style that can keep text out of sight, read in one pass over its
/// compacted bytes (`HTMLStyles.compact`: no white space, lower case): a tag's attributes
/// (`class="x"style="display:none"`) or a rule's block. Each property keeps its last value, as in
/// CSS; a property name counts at the start or after `;`, `{` or a quote, so `height` is not
/// `line-height`. Most tags set none of these, and one scan tells.
struct StyleDeclarations {
    enum Property: Int, CaseIterable {
        case display, opacity, overflow, visibility, transform, clip, fontSize
        case height, width, maxHeight, maxWidth
        case left, top, textIndent, marginLeft, marginTop

        static let boxSizes: [Property] = [.height, .width, .maxHeight, .maxWidth]
        static let offsets: [Property] = [.left, .top, .textIndent, .marginLeft, .marginTop]
    }

    /// The name of each `Property`, by its raw value.
    private static let names: [[UInt8]] = [
        "display", "opacity", "overflow", "visibility", "transform", "clip", "font-size",
        "height", "width", "max-height", "max-width",
        "left", "top", "text-indent", "margin-left", "margin-top",
    ].map { Array($0.utf8) }

    private let bytes: [UInt8]
    /// The value of each property found (nil-filled only when one is found).
    private var values: [Range<Int>?] = []

    init(_ compact: [UInt8]) {
        bytes = compact
        let n = compact.count
        var k = 0
        while k < n {
            guard compact[k] == UInt8(ascii: ":") else {
                k += 1
                continue
            }
            let colon = k
            var start = colon
            while start > 0 && !Self.endsName(compact[start - 1]) { start -= 1 }
            var end = colon + 1
            while end < n && !Self.endsValue(compact[end]) { end += 1 }
            let length = colon - start
            if length >= 3 && length <= 11 {
                for (index, name) in Self.names.enumerated()
                where name.count == length && compact[start..<colon].elementsEqual(name) {
                    if values.isEmpty { values = Array(repeating: nil, count: Self.names.count) }
                    values[index] = (colon + 1)..<end
                    break
                }
            }
            k = end
        }
    }

    private static func endsName(_ b: UInt8) -> Bool {
        b == UInt8(ascii: ";") || b == UInt8(ascii: "{") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'")
    }

    private static func endsValue(_ b: UInt8) -> Bool {
        b == UInt8(ascii: ";") || b == UInt8(ascii: "}") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'")
    }

    /// The value of `property`, if set.
    func value(_ property: Property) -> ArraySlice<UInt8>? {
        guard !values.isEmpty, let range = values[property.rawValue] else {
            return nil
        }
        return bytes[range]
    }

    private func starts(_ property: Property, with word: String) -> Bool {
        value(property)?.starts(with: word.utf8) ?? false
    }

    private func length(_ property: Property) -> CSSLength? { value(property).flatMap(CSSLength.init) }

    /// Hidden whatever the descendants say: `display:none`, a zero opacity, a box of 1px or less
    /// with `overflow:hidden` (`max-height:0`: the invisible preview line of newsletters), a
    /// scale of zero, a clip to nothing, or an offset that puts it off the screen
    /// (`left:-9999px`, `text-indent:-9999px`).
    var removes: Bool {
        guard !values.isEmpty else { return false }
        if starts(.display, with: "none") || length(.opacity)?.value == 0 { return true }
        if let transform = value(.transform), Self.scalesToNothing(transform) { return true }
        if let clip = value(.clip), Self.clipsToNothing(clip) { return true }
        if starts(.overflow, with: "hidden") {
            for property in Property.boxSizes {
                if let size = length(property), size.isAbsolute, size.value <= 1 { return true }
            }
        }
        for property in Property.offsets {
            if let offset = length(property), offset.value <= (offset.isAbsolute ? -500 : -50) { return true }
        }
        return false
    }

    var hidesVisibility: Bool { starts(.visibility, with: "hidden") }

    var showsVisibility: Bool { starts(.visibility, with: "visible") }

    /// A font size no one reads: zero in any unit, or 1px (1pt) or less.
    var zeroFontSize: Bool {
        guard let size = length(.fontSize) else { return false }
        return size.value == 0 || (size.isAbsolute && size.value <= 1)
    }

    /// A font size that does not scale an inherited zero: a readable length in absolute units
    /// (`14px`, `10pt`) or a size keyword (`medium`; `2em` and `150%` of zero are zero).
    var absoluteFontSize: Bool {
        guard let value = value(.fontSize) else { return false }
        for keyword in Self.sizeKeywords where value.starts(with: keyword) { return true }
        guard let size = CSSLength(value) else { return false }
        return size.isAbsolute && size.value > 1
    }

    private static let sizeKeywords = [
        "xx-small", "x-small", "small", "medium", "large", "x-large", "xx-large",
    ].map { Array($0.utf8) }

    private static let scaleZero = Array("scale(0".utf8)

    /// `scale(0)` or `scale(0,0)`, not `scale(0.5)`.
    private static func scalesToNothing(_ value: ArraySlice<UInt8>) -> Bool {
        let needle = Self.scaleZero
        var k = value.startIndex
        while k + needle.count < value.endIndex {
            if value[k..<(k + needle.count)].elementsEqual(needle) {
                let next = value[k + needle.count]
                return next == UInt8(ascii: ")") || next == UInt8(ascii: ",")
            }
            k += 1
        }
        return false
    }

    /// `rect(0,0,0,0)` (or `rect(0px 0px 0px 0px)`, compacted): a clip that shows nothing.
    private static func clipsToNothing(_ value: ArraySlice<UInt8>) -> Bool {
        guard value.starts(with: "rect(".utf8) else { return false }
        let inside = value.dropFirst(5).prefix { $0 != UInt8(ascii: ")") }
        return !inside.isEmpty
            && inside.allSatisfy {
                $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "p")
                    || $0 == UInt8(ascii: "x")
            }
    }
}

/// A CSS length: its number and whether its unit is absolute (px, pt, …; a bare 0 counts as 0px).
struct CSSLength {
    var value: Double
    var isAbsolute: Bool

    /// `-12.5px`, `0`, `3em`, `50%` at the start of `text`; nil for anything else (`auto`).
    init?(_ text: ArraySlice<UInt8>) {
        var k = text.startIndex
        var negative = false
        if k < text.endIndex && text[k] == UInt8(ascii: "-") {
            negative = true
            k += 1
        }
        let numberStart = k
        while k < text.endIndex && (text[k] == UInt8(ascii: ".") || (0x30...0x39).contains(text[k])) {
            k += 1
        }
        guard k > numberStart, k - numberStart <= 12,
            let number = Double(String(decoding: text[numberStart..<k], as: UTF8.self))
        else { return nil }
        let unit = text[k...].prefix { (0x61...0x7A).contains($0) || $0 == 0x25 }
        let absolute =
            Self.absoluteUnits.contains { unit.elementsEqual($0) } || (unit.isEmpty && number == 0)
        value = negative ? -number : number
        isAbsolute = absolute
    }

    private static let absoluteUnits = ["px", "pt", "pc", "cm", "mm", "in", "q"].map { Array($0.utf8) }
}
