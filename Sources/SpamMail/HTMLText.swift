/// HTML reduced to the text a reader sees: tags dropped (inline tags join their neighbours, so
/// `<b>F</b>REE` reads `FREE`; block tags become line breaks), `script`, `style` and comments
/// removed with their content, elements a reader never sees removed with their content (the
/// `hidden` attribute, or a style with `display:none`, `visibility:hidden`, `font-size:0`,
/// `opacity:0`, or `max-height:0` with `overflow:hidden`: where spam hides a paragraph of
/// innocent words in front of its lure), and common character references decoded. One linear
/// pass; an unclosed tag or comment simply ends the text, and a hidden element that is never
/// closed hides the rest, as it does in a mail reader.
public enum HTMLText {
    static let blockTags: Set<String> = [
        "br", "p", "div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "title", "hr", "td", "th", "section", "article", "header", "footer", "pre",
    ]

    /// Elements without content or closing tag: hiding one hides nothing else.
    static let voidTags: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]

    static let namedEntities: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ",
        "pound": "\u{A3}", "euro": "\u{20AC}", "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}",
        "hellip": "\u{2026}", "mdash": "\u{2014}", "ndash": "\u{2013}", "rsquo": "\u{2019}",
        "lsquo": "\u{2018}", "ldquo": "\u{201C}", "rdquo": "\u{201D}", "bull": "\u{2022}",
        "cent": "\u{A2}", "yen": "\u{A5}", "sect": "\u{A7}", "deg": "\u{B0}", "middot": "\u{B7}",
        "laquo": "\u{AB}", "raquo": "\u{BB}", "times": "\u{D7}", "eacute": "\u{E9}", "egrave": "\u{E8}",
        "agrave": "\u{E0}", "ccedil": "\u{E7}", "uuml": "\u{FC}", "ouml": "\u{F6}", "auml": "\u{E4}",
        "szlig": "\u{DF}", "zwnj": "\u{200C}", "zwj": "\u{200D}", "shy": "\u{AD}",
    ]

    /// The visible text of an HTML document.
    public static func text(of html: String) -> String {
        let bytes = Array(html.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count / 2)
        let n = bytes.count
        var i = 0
        // Inside a hidden element: its name and how many of its kind are open.
        var hidden: (name: String, depth: Int)?
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: "<") {
                if ByteScan.hasPrefix(bytes, at: i, end: n, Array("<!--".utf8)) {
                    guard let close = ByteScan.find(Array("-->".utf8), in: bytes, from: i + 4, to: n) else {
                        break
                    }
                    i = close + 3
                    continue
                }
                var j = i + 1
                var closing = false
                if j < n && bytes[j] == UInt8(ascii: "/") {
                    closing = true
                    j += 1
                }
                let nameStart = j
                while j < n && isNameByte(bytes[j]) { j += 1 }
                let name = String(decoding: bytes[nameStart..<j].map { $0.asciiLowercased }, as: UTF8.self)
                guard
                    nameStart < j
                        || (j < n && (bytes[j] == UInt8(ascii: "!") || bytes[j] == UInt8(ascii: "?")))
                else {
                    // A lone '<' (as in "a < b") is text.
                    output.append(c)
                    i += 1
                    continue
                }
                guard let tagEnd = ByteScan.index(of: UInt8(ascii: ">"), in: bytes, from: j, to: n) else {
                    break
                }
                i = tagEnd + 1
                let selfClosing = tagEnd > j && bytes[tagEnd - 1] == UInt8(ascii: "/")
                if let open = hidden {
                    if name == open.name && !selfClosing {
                        let depth = open.depth + (closing ? -1 : 1)
                        hidden = depth == 0 ? nil : (open.name, depth)
                    }
                    if name != "script" && name != "style" { continue }
                } else if !closing && !selfClosing && !name.isEmpty && !voidTags.contains(name)
                    && isHidden(bytes[j..<tagEnd])
                {
                    hidden = (name, 1)
                    continue
                }
                if !closing && (name == "script" || name == "style") {
                    let closer = Array("</\(name)".utf8)
                    guard let end = ByteScan.find(closer, in: bytes, from: i, to: n),
                        let endTag = ByteScan.index(of: UInt8(ascii: ">"), in: bytes, from: end, to: n)
                    else { break }
                    i = endTag + 1
                    continue
                }
                if blockTags.contains(name) && hidden == nil { output.append(.lf) }
                continue
            }
            if hidden != nil {
                i += 1
                continue
            }
            if c == UInt8(ascii: "&"), let (scalar, next) = entity(bytes, at: i) {
                output.append(contentsOf: Array(String(Character(scalar)).utf8))
                i = next
                continue
            }
            output.append(c)
            i += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether a tag's attributes (the bytes after its name) hide the element: a `hidden`
    /// attribute, or a `style` that shows nothing. White space and case inside the attributes
    /// are ignored, so `STYLE = "Display : None"` counts.
    static func isHidden(_ attributes: ArraySlice<UInt8>) -> Bool {
        var compact: [UInt8] = []
        compact.reserveCapacity(attributes.count)
        var afterSpace = true
        var bareHidden = false
        let word = Array("hidden".utf8)
        var k = attributes.startIndex
        while k < attributes.endIndex {
            let b = attributes[k].asciiLowercased
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == UInt8(ascii: "/") {
                afterSpace = true
                k += 1
                continue
            }
            // `hidden` as an attribute name (not `aria-hidden`, not a value such as
            // `type="hidden"`, which follows a quote or `=`).
            if afterSpace && k + word.count <= attributes.endIndex
                && attributes[k..<(k + word.count)].map(\.asciiLowercased).elementsEqual(word)
            {
                let next = k + word.count
                if next == attributes.endIndex
                    || [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "="), UInt8(ascii: "/")].contains(
                        attributes[next])
                {
                    bareHidden = true
                }
            }
            afterSpace = false
            compact.append(b)
            k += 1
        }
        if bareHidden { return true }
        guard ByteScan.find(Array("style=".utf8), in: compact, from: 0, to: compact.count) != nil else {
            return false
        }
        func has(_ text: String) -> Bool {
            ByteScan.find(Array(text.utf8), in: compact, from: 0, to: compact.count) != nil
        }
        /// `property:0` not followed by a digit or `.` (`font-size:0px` yes, `font-size:0.9em` no).
        func isZero(_ property: String) -> Bool {
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
        return has("display:none") || has("visibility:hidden") || isZero("font-size") || isZero("opacity")
            || (isZero("max-height") && has("overflow:hidden"))
    }

    private static func isNameByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
    }

    /// `&name;`, `&#123;` or `&#x1F;` at `start`: the character and the index after `;`.
    private static func entity(_ bytes: [UInt8], at start: Int) -> (Unicode.Scalar, Int)? {
        let limit = min(bytes.count, start + 12)
        guard let semicolon = ByteScan.index(of: UInt8(ascii: ";"), in: bytes, from: start + 1, to: limit)
        else {
            return nil
        }
        let body = bytes[(start + 1)..<semicolon]
        guard let first = body.first else { return nil }
        if first == UInt8(ascii: "#") {
            var digits = body.dropFirst()
            var radix: UInt32 = 10
            if let x = digits.first, x.asciiLowercased == UInt8(ascii: "x") {
                radix = 16
                digits = digits.dropFirst()
            }
            guard !digits.isEmpty else { return nil }
            var value: UInt32 = 0
            for d in digits {
                guard let digit = QuotedPrintable.hexValue(d), UInt32(digit) < radix else { return nil }
                value = value * radix + UInt32(digit)
                if value > 0x10FFFF { return nil }
            }
            return (Unicode.Scalar(value) ?? "\u{FFFD}", semicolon + 1)
        }
        let name = String(decoding: body, as: UTF8.self)
        guard let scalar = namedEntities[name] ?? namedEntities[name.lowercased()] else { return nil }
        return (scalar, semicolon + 1)
    }
}
