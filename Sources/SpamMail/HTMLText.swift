/// HTML reduced to the text a reader sees: tags dropped (inline tags join their neighbours, so
/// `<b>F</b>REE` reads `FREE`; block tags become line breaks), `script`, `style` and comments
/// removed with their content, elements a reader never sees removed with their content (the
/// `hidden` attribute, or a style with `display:none`, `visibility:hidden`, `font-size:0`,
/// `opacity:0`, or `max-height:0` with `overflow:hidden`; a class or id a `<style>` rule hides,
/// `HTMLStyles`; text coloured like the background behind it, `ColourStack`: where spam hides a
/// paragraph of innocent words in front of its lure), except descendants that show themselves
/// again, and common character references decoded. One linear pass after the style blocks are read; an unclosed
/// tag or comment simply ends the text, and a hidden element that is never closed hides the
/// rest, as it does in a mail reader.
public enum HTMLText {
    static let blockTags: Set<String> = [
        "br", "p", "div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "title", "hr", "td", "th", "section", "article", "header", "footer", "pre",
    ]

    static let commentOpen = Array("<!--".utf8)
    static let commentClose = Array("-->".utf8)
    static let hiddenWord = Array("hidden".utf8)

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
        let styles = HTMLStyles(scanning: bytes)
        var i = 0
        // Inside a hidden element: its name, how many of its kind are open, and what a
        // descendant must set to be shown again (nothing can undo `display:none`).
        var hidden: (name: String, depth: Int, undo: HiddenBy)?
        // Inside a descendant of it that is shown again: its name and how many of its kind are open.
        var shown: (name: String, depth: Int)?
        // The open elements and the text colour and background each sets: the text is dropped
        // where its colour is that of the background behind it.
        var colours = ColourStack()
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: "<") {
                if ByteScan.hasPrefix(bytes, at: i, end: n, Self.commentOpen) {
                    guard let close = ByteScan.find(Self.commentClose, in: bytes, from: i + 4, to: n) else {
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
                let opensContent = !closing && !selfClosing && !name.isEmpty && !voidTags.contains(name)
                // Inside a hidden element only the names matter (for the stack's balance).
                let style =
                    opensContent && (hidden == nil || shown != nil)
                    ? tagStyle(name: name, attributes: bytes[j..<tagEnd], styles: styles) : TagStyle()
                if opensContent {
                    colours.open(
                        name, text: style.colour ?? (name == "a" ? ColourStack.link : nil),
                        background: style.background)
                } else if closing {
                    colours.close(name)
                }
                // The closing tag of a shown descendant is read as its other tags are.
                var closesShown = false
                if let open = hidden {
                    if let inner = shown {
                        if name == inner.name && !selfClosing {
                            let depth = inner.depth + (closing ? -1 : 1)
                            shown = depth == 0 ? nil : (inner.name, depth)
                            closesShown = depth == 0
                        }
                    } else if opensContent && !open.undo.isEmpty
                        && Self.undoes(open.undo, name: name, attributes: bytes[j..<tagEnd])
                    {
                        shown = (name, 1)
                    }
                    if name == open.name && !selfClosing {
                        let depth = open.depth + (closing ? -1 : 1)
                        hidden = depth == 0 ? nil : (open.name, depth, open.undo)
                        if hidden == nil { shown = nil }
                    }
                    if (hidden != nil && shown == nil && !closesShown) || (hidden == nil && name == open.name)
                    {
                        if name != "script" && name != "style" { continue }
                    }
                } else if opensContent, let by = style.hidden {
                    hidden = (name, 1, by)
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
                // A document's title and a template are never shown in a message; unclosed,
                // they are read as text rather than taking the rest with them.
                if opensContent && (name == "title" || name == "template") && hidden == nil {
                    let closer = Array("</\(name)".utf8)
                    if let end = ByteScan.find(closer, in: bytes, from: i, to: n),
                        let endTag = ByteScan.index(of: UInt8(ascii: ">"), in: bytes, from: end, to: n)
                    {
                        colours.close(name)
                        i = endTag + 1
                        continue
                    }
                }
                if blockTags.contains(name) && (hidden == nil || shown != nil || closesShown) {
                    output.append(.lf)
                }
                continue
            }
            if (hidden != nil && shown == nil) || colours.textIsHidden {
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

    /// What an element's own attributes (the bytes after its tag name) say about showing it.
    struct TagStyle {
        /// What hides it and its content, nil if nothing does (`tagStyle`).
        var hidden: HiddenBy?
        /// The text colour it sets (a `style`'s `color`, `<font color>`, a class's).
        var colour: RGB?
        /// The background it sets (`RGB.unreadable` for an image).
        var background: RGB?
    }

    /// What hides an element, from a tag's attributes, or nil if nothing does: a `hidden`
    /// attribute, a `style` that shows nothing, or a class or id a style block hides
    /// (`HTMLStyles`); and the colours it sets, for `ColourStack`. White space and
    /// case inside the attributes are ignored, so `STYLE = "Display : None"` counts. `hidden`
    /// says what a descendant must set to be shown again (`HiddenBy`).
    static func tagStyle(name: String, attributes: ArraySlice<UInt8>, styles: HTMLStyles) -> TagStyle {
        var compact: [UInt8] = []
        compact.reserveCapacity(attributes.count)
        var afterSpace = true
        var bareHidden = false
        var styled = false
        var coloured = false
        let word = Self.hiddenWord
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
            // Most tags have neither a style nor a colour attribute: noted on the way.
            if b == UInt8(ascii: "=") && compact.count >= 5 {
                let name = compact[(compact.count - 5)...]
                if name.elementsEqual("style".utf8) { styled = true }
                if name.elementsEqual("color".utf8) { coloured = true }
                if compact.count >= 10 && compact[(compact.count - 10)...].elementsEqual("background".utf8) {
                    coloured = true
                }
            }
            compact.append(b)
            k += 1
        }
        let rule = styles.isEmpty ? HTMLStyles.RuleStyle() : styles.rules(for: name, attributes: attributes)
        if bareHidden || rule.hides { return TagStyle(hidden: []) }
        guard styled || coloured else { return TagStyle(colour: rule.text, background: rule.background) }
        let facts = styled ? StyleDeclarations(compact) : nil
        if let facts, facts.removes { return TagStyle(hidden: []) }
        var style = TagStyle()
        if let facts {
            var by: HiddenBy = []
            if facts.hidesVisibility { by.insert(.visibility) }
            if facts.zeroFontSize { by.insert(.fontSize) }
            style.hidden = by.isEmpty ? nil : by
        }
        style.colour =
            HTMLStyles.colour(
                after: HTMLStyles.Needle.textColour, in: compact, excludingPrefixes: true,
                unreadable: .unreadable)
            ?? rule.text
        style.background = HTMLStyles.background(in: compact) ?? rule.background
        return style
    }

    /// How an element is hidden, as what its descendants must undo to be shown: `visibility` and
    /// font size are inherited, and a descendant that sets them again is shown
    /// (`<div style="font-size:0"><span style="font-size:14px">` shows the span). Empty: nothing
    /// undoes it (`display:none`, the `hidden` attribute, `opacity:0`, clipping, a style rule).
    /// Colour is followed element by element (`ColourStack`).
    struct HiddenBy: OptionSet {
        let rawValue: UInt8
        static let visibility = HiddenBy(rawValue: 1)
        static let fontSize = HiddenBy(rawValue: 2)
    }

    /// Whether a descendant (`name`, its attributes) undoes every part of `by`: it sets
    /// `visibility:visible`, or a font size in absolute units or a keyword.
    static func undoes(_ by: HiddenBy, name: String, attributes: ArraySlice<UInt8>) -> Bool {
        let facts = StyleDeclarations(HTMLStyles.compact(attributes))
        if by.contains(.visibility) && !facts.showsVisibility { return false }
        if by.contains(.fontSize) && !facts.absoluteFontSize { return false }
        return true
    }

    static func isNameByte(_ c: UInt8) -> Bool {
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
