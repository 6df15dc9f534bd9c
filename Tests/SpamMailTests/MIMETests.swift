import SpamTestSupport
import Testing

@testable import SpamMail

@Suite struct MIMETests {
    /// The two sides of an alternative say the same thing (as in nearly every real mail): the
    /// plain part is read.
    @Test func alternativePrefersThePlainPart() {
        let text = MessageText.extract(from: fixture("multipart-alternative-agreeing.eml"))
        #expect(text == "Room change\nPlain part: the meeting moved to room 4 — see you there.\n")
    }

    /// The sides disagree ("HTML part: FREE tickets & more" is what a reader sees; the plain part
    /// could be a decoy): the HTML's visible text is read instead.
    @Test func alternativeSidesThatDisagreeAreReadAsTheHTMLSide() {
        let text = MessageText.extract(from: fixture("multipart-alternative.eml"))
        #expect(text == "Room change\n\nHTML part: FREE tickets & more\n")
    }

    @Test func htmlIsUsedOnlyWithoutAPlainPart() {
        let text = MessageText.extract(from: fixture("html-only.eml"))
        #expect(text == "Offer\n\nCafé offer\n\nOnly £5 — today!\n\n")
    }

    @Test func nestedPartsAttachmentsAndForwardedMessages() {
        let text = MessageText.extract(from: fixture("mixed-attachment.eml"))
        #expect(text == "Report\nNested plain text.\nForwarded subject\nForwarded body.")
        #expect(!text.contains("Attached notes"))
        #expect(!text.contains("html"))
    }

    @Test func unclosedBoundaryRunsToTheEnd() {
        let text = MessageText.extract(from: fixture("unclosed-boundary.eml"))
        #expect(text == "unclosed\nFirst part text.\nSecond part, no headers, runs to the end.\n")
    }

    @Test func brokenTransferEncodingsAreBestEffort() {
        #expect(MessageText.extract(from: fixture("broken-base64.eml")) == "broken\nHello world! borkenABC")
        #expect(
            MessageText.extract(from: fixture("broken-qp.eml"))
                == "broken\nSoftbreak, bad =ZZ escape, lone = sign, trailing =4")
    }

    @Test func nestingDeeperThanTheCapIsIgnoredQuickly() throws {
        let input = try #require(readFile(TestEnvironment.fixturesDirectory + "/evidence/nested-1000.eml"))
        // The text at depth 1,000 is beyond the cap: only the subject remains.
        #expect(MessageText.extract(from: input) == "deep")
        // With a cap above the depth, the deepest text is found.
        let deep = MessageText.extract(
            from: input, limits: TextExtractionLimits(maxDepth: 2_000, maxParts: 5_000))
        #expect(deep == "deep\ndeepest text\n")
    }

    @Test func textIsCapped() {
        var message = "From: a@example.org\nTo: b@example.org\nSubject: big\n\n"
        message += String(repeating: "é", count: 100_000)
        let text = MessageText.extract(from: bytes(message), limits: TextExtractionLimits(maxTextBytes: 1001))
        #expect(text.utf8.count == 1000)
        #expect(text.hasPrefix("big\né"))
    }

    @Test func aTextCutInsideACharacterStaysUTF8() {
        let long = String(repeating: "я", count: 100_000)  // two bytes each
        let text = MessageText.extract(
            from: Array(("x" + long).utf8), limits: TextExtractionLimits(maxTextBytes: 1000))
        #expect(text.hasPrefix("xяя"))
        #expect(!text.contains("Ñ"))
    }

    @Test func controlCharactersBecomeSpaces() {
        let text = MessageText.extract(from: bytes("a\u{0}b\u{7}c\r\nd\re\tf"))
        #expect(text == "a b c\nd\ne\tf")
    }

    @Test func contentTypeParameters() {
        let type = ContentType(
            parsing: bytes("Multipart/Mixed; boundary=\"a \\\"q\\\" b\"; CHARSET = utf-8 ; junk; x="))
        #expect(type.mediaType == "multipart/mixed")
        #expect(type.parameters["boundary"] == "a \"q\" b")
        #expect(type.parameters["charset"] == "utf-8")
        #expect(type.parameters["x"] == "")
    }
}

@Suite struct HTMLTextTests {
    @Test func stripsTagsScriptsStylesAndComments() {
        let html =
            "<html><head><title>T</title><style>x{}</style></head><body>"
            + "<p>A <b>F</b>REE &amp; easy</p><!-- c --><script>alert(1)</script>end</body></html>"
        // The title is not shown in a message (it was read until 2026-12-02).
        #expect(HTMLText.text(of: html) == "\nA FREE & easy\nend")
    }

    @Test func entitiesAndOddInput() {
        #expect(HTMLText.text(of: "&lt;&gt;&quot;&#65;&#x42;&pound;&unknown; & x") == "<>\"AB£&unknown; & x")
        #expect(HTMLText.text(of: "a < b and c > d") == "a < b and c > d")
        #expect(HTMLText.text(of: "text <b unclosed tag") == "text ")
        #expect(HTMLText.text(of: "x<script>never closed") == "x")
        #expect(HTMLText.text(of: "&#1114112; &#xD800;") == "&#1114112; \u{FFFD}")
    }

    /// What a mail reader never shows is not text: spam hides innocent words there.
    @Test func hiddenElementsAreDroppedWithTheirContent() {
        let cases: [(String, String)] = [
            ("<div style=\"display:none\">salad <b>words</b></div>Claim now", "Claim now"),
            ("<SPAN STYLE = 'Display : None'>salad</SPAN>Claim", "Claim"),
            ("<p hidden>salad</p>x", "x"),
            ("<div style=\"font-size:0px\">salad</div>x", "x"),
            ("<div style=\"font-size:0\">salad</div>x", "x"),
            ("<span style=\"opacity:0;\">salad</span>x", "x"),
            ("<div style=\"max-height:0;overflow:hidden\">preheader</div>x", "x"),
            ("<div style=\"visibility: hidden\">salad</div>x", "x"),
            // Nested elements of the same name close the right one.
            ("<div style=\"display:none\"><div>a</div><div>b</div>c</div>seen", "seen"),
            // Never closed: hides the rest, as in a mail reader.
            ("a<span style=\"display:none\">salad and more", "a"),
            // Shown: small fonts, half opacity, max-height alone, aria-hidden, hidden inputs.
            ("<span style=\"font-size:0.9em\">shown</span>", "shown"),
            ("<span style=\"opacity:0.5\">shown</span>", "shown"),
            ("<div style=\"max-height:0\">shown</div>", "\nshown\n"),
            ("<span aria-hidden=\"true\">shown</span>", "shown"),
            ("<input type=\"hidden\" value=\"x\">shown", "shown"),
            ("<img style=\"display:none\" src=x>shown", "shown"),
            ("<div style=\"display:none\"/>shown", "\nshown"),
            // A declaration is not an element: it hides nothing.
            ("<!x style=\"display:none\">shown<!y>", "shown"),
        ]
        for (html, text) in cases {
            #expect(HTMLText.text(of: html) == text, "\(html)")
        }
    }
}

@Suite struct HTMLStylesTests {
    /// Classes and ids a `<style>` block hides hide their elements; rules inside `@media`, for
    /// descendants or for states do not (they hide only on some screens or some elements).
    @Test func classesAndIDsHiddenByAStyleBlockAreDropped() {
        let sheet =
            "<style>/* x */ .pre { DISPLAY: none !important } p.gone, #salad{font-size:0}"
            + " @media (max-width:600px) { .desk { display:none } } .a .b, a:hover {display:none}</style>"
        let cases: [(String, String)] = [
            ("<div class=\"pre\">preview</div>Claim", "Claim"),
            ("<span class='x PRE y'>salad</span>Claim", "Claim"),
            ("<p class=gone>salad</p>x", "x"),
            ("<div id=\"salad\">words <div>more</div></div>x", "x"),
            // Shown: hidden only on phones, only as a descendant, only on hover, other classes.
            ("<div class=\"desk\">shown</div>", "\nshown\n"),
            ("<span class=\"b\">shown</span><a>link</a>", "shownlink"),
            ("<span class=\"prefix\">shown</span>", "shown"),
        ]
        for (html, text) in cases {
            #expect(HTMLText.text(of: sheet + html) == text, "\(html)")
        }
        // Without the style block the same classes show.
        #expect(HTMLText.text(of: "<span class=\"pre\">shown</span>") == "shown")
    }

    /// Text coloured like the background behind it (its own, the nearest an enclosing element
    /// sets, else the reader's white) is dropped; white text on a background that an enclosing
    /// element sets (a button, a dark header) is shown.
    @Test func textColouredLikeItsBackgroundIsDropped() {
        let cases: [(String, String)] = [
            ("<font color=\"#FFFFFF\">salad</font>Claim", "Claim"),
            ("<span style=\"color: #fff\">salad</span>Claim", "Claim"),
            ("<span style=\"color:rgb(250, 250, 250)\">salad</span>x", "x"),
            ("<span style=\"color:white\">salad</span>x", "x"),
            ("<span style=\"color:#123456;background-color:#133457\">salad</span>x", "x"),
            ("<style>.w{color:#fefefe}</style><p class=w>salad</p>x", "\n\nx"),
            // The background an element inherits: white on a white body, black on black.
            ("<body bgcolor=\"#ffffff\"><font color=\"#ffffff\">salad</font>Claim</body>", "Claim"),
            (
                "<div style=\"background:#000\"><span style=\"color:#080808\">salad</span><b style=\"color:#fff\">x</b></div>",
                "\nx\n"
            ),
            // Shown: a dark colour, a background set on the element or anywhere in the document.
            ("<span style=\"color:#333\">shown</span>", "shown"),
            ("<span style=\"background-color:#fff\">shown</span>", "shown"),
            ("<td bgcolor=\"#003366\"><font color=\"#ffffff\">Sale</font></td>", "\nSale\n"),
            ("<span style=\"color:#fff;background:#c00 url(x.png)\">Buy</span>", "Buy"),
            // A background or colour that cannot be read hides nothing.
            ("<td background=\"sky.jpg\"><font color=white>shown</font></td>", "\nshown\n"),
            ("<td bgcolor=navy><font color=white>shown</font></td>", "\nshown\n"),
            ("<font color=white>salad <font color=red>shown</font></font>", "shown"),
            ("<body style=\"background:#000\"><p style=\"color:#fff\">shown</p></body>", "\nshown\n"),
        ]
        for (html, text) in cases {
            #expect(HTMLText.text(of: html) == text, "\(html)")
        }
    }

    /// Visibility, font size and colour are inherited, and a descendant can set them again: its
    /// text shows, so a lure inside it is read (else hiding its parent would hide the lure from
    /// the filter but not from the reader). `display:none` cannot be undone.
    @Test func aDescendantThatShowsItselfAgainIsRead() {
        let cases: [(String, String)] = [
            (
                "<div style=\"visibility:hidden\">salad <span style=\"visibility:visible\">LURE</span> more</div>x",
                "LUREx"
            ),
            ("<div style=\"font-size:0\">salad <b style=\"font-size:14px\">LURE</b></div>x", "LUREx"),
            ("<div style=\"font-size:0\"><p style=\"font-size:medium\">LURE</p></div>", "\nLURE\n"),
            ("<font color=\"#ffffff\">salad <font color=\"#cc0000\">LURE</font> more</font>", "LURE"),
            ("<font color=white>salad <a href=\"x\">LINK</a></font>", "LINK"),
            // Not undone: a relative size of zero, a colour under `visibility:hidden`, white in white,
            // anything under `display:none`.
            ("<div style=\"font-size:0\">salad <b style=\"font-size:2em\">x</b></div>y", "y"),
            ("<div style=\"visibility:hidden\">salad <b style=\"color:#000\">x</b></div>y", "y"),
            ("<font color=#fff>salad <font color=#fefefe>x</font></font>y", "y"),
            ("<div style=\"display:none\">salad <b style=\"visibility:visible\">x</b></div>y", "y"),
            // Both hidden ways must be undone.
            (
                "<div style=\"visibility:hidden;font-size:0\"><b style=\"visibility:visible\">x</b></div>y",
                "y"
            ),
        ]
        for (html, text) in cases {
            #expect(HTMLText.text(of: html) == text, "\(html)")
        }
    }

    /// Other ways text is on the page but not seen: no colour at all, a box too small for it, a
    /// clip or scale to nothing, far off the screen, a font too small to read; and what a mail
    /// reader never shows (the document's title, a template).
    @Test func textOutOfSightIsDropped() {
        let cases: [(String, String)] = [
            ("<span style=\"color:transparent\">salad</span>x", "x"),
            ("<span style=\"color: rgba(0, 0, 0, 0)\">salad</span>x", "x"),
            ("<div style=\"height:0;overflow:hidden\">salad</div>x", "x"),
            ("<div style=\"width:1px; height:1px; overflow:hidden\">salad</div>x", "x"),
            ("<div style=\"position:absolute;clip:rect(0 0 0 0)\">salad</div>x", "x"),
            ("<div style=\"transform:scale(0)\">salad</div>x", "x"),
            ("<div style=\"position:absolute; left:-9999px\">salad</div>x", "x"),
            ("<p style=\"text-indent:-100em\">salad</p>x", "x"),
            ("<span style=\"font-size:1px\">salad</span>x", "x"),
            ("<html><head><TITLE>salad</TITLE></head>x", "x"),
            ("<template><p>salad</p></template>x", "x"),
            // Seen: half transparent, a box with room, a small offset, a clip that shows some,
            // small but readable type, a descendant with its own colour or size; an unclosed title
            // is read rather than taking the rest with it.
            ("<span style=\"color:rgba(0,0,0,0.6)\">shown</span>", "shown"),
            ("<div style=\"min-height:0;line-height:0;overflow:hidden\">shown</div>", "\nshown\n"),
            ("<div style=\"margin-left:-12px\">shown</div>", "\nshown\n"),
            ("<div style=\"clip:rect(0,80px,20px,0)\">shown</div>", "\nshown\n"),
            ("<span style=\"font-size:9px\">shown</span>", "shown"),
            ("<span style=\"color:transparent\">salad <b style=\"color:#000\">LURE</b></span>", "LURE"),
            ("<span style=\"font-size:1px\">salad <b style=\"font-size:12px\">LURE</b></span>", "LURE"),
            ("<title>shown", "\nshown"),
        ]
        for (html, text) in cases {
            #expect(HTMLText.text(of: html) == text, "\(html)")
        }
    }

    /// Rules for tag names count like rules for classes, and a rule's background counts like an
    /// inline one: a button's white text on the dark background its class gives it is read (it
    /// was dropped as white on white), and white text in a body a rule makes dark is read.
    @Test func rulesForTagsAndBackgroundsFromRules() {
        let cases: [(String, String)] = [
            ("<style>pad { display: none }</style><pad>salad</pad>x", "x"),
            ("<style>body{color:#fff}</style><body>salad</body>", ""),
            (
                "<style>.btn{color:#ffffff;background-color:#1a73e8}</style><a class=\"btn\">Verify</a>",
                "Verify"
            ),
            (
                "<style>.w{color:#fff} .bg{background:#000}</style><div class=bg><span class=w>Claim</span></div>",
                "\nClaim\n"
            ),
            (
                "<style>td{background:#000}.w{color:#fff}</style><td><span class=\"w\">Claim</span></td>",
                "\nClaim\n"
            ),
            ("<style>body{color:#fff;background:#222}</style><body><p>shown</p></body>", "\nshown\n"),
            // A transparent background shows what is behind it: white text there is on white.
            ("<div style=\"background:transparent\"><span style=\"color:#fff\">salad</span></div>x", "\n\nx"),
        ]
        for (html, text) in cases {
            #expect(HTMLText.text(of: html) == text, "\(html)")
        }
    }

    @Test func coloursParse() {
        #expect(HTMLStyles.parseColour(ArraySlice("transparent".utf8)) == RGB.invisible)
        #expect(HTMLStyles.parseColour(ArraySlice("rgba(1,2,3,0)".utf8)) == RGB.invisible)
        #expect(HTMLStyles.parseColour(ArraySlice("rgba(1,2,3,.5)".utf8)) == RGB(1, 2, 3))
        #expect(HTMLStyles.parseColour(ArraySlice("#abc".utf8)) == RGB(0xAA, 0xBB, 0xCC))
        #expect(HTMLStyles.parseColour(ArraySlice("#a0b1c2;x".utf8)) == RGB(0xA0, 0xB1, 0xC2))
        #expect(HTMLStyles.parseColour(ArraySlice("rgb(1,2,3)".utf8)) == RGB(1, 2, 3))
        #expect(HTMLStyles.parseColour(ArraySlice("rgb(1,2,300)".utf8)) == nil)
        #expect(HTMLStyles.parseColour(ArraySlice("#abcd".utf8)) == nil)
        #expect(HTMLStyles.parseColour(ArraySlice("red".utf8)) == nil)
    }
}

@Suite struct AlternativePartsTests {
    @Test func sidesAgreeWhenTheHTMLUsesThePlainPartsWords() {
        let plain = ["Your order 1234 has shipped. Track it at example.com/track. Thanks for shopping!"]
        #expect(!AlternativeParts.disagree(plain: plain, html: ["Your order has shipped! Track it. Thanks"]))
        // Few words on the HTML side (a logo, "View online"): too little to judge.
        #expect(!AlternativeParts.disagree(plain: plain, html: ["View online"]))
        let decoy = ["Hi, please find the minutes of the meeting attached. Regards, Tom"]
        #expect(
            AlternativeParts.disagree(
                plain: decoy, html: ["Your parcel is held: pay the redelivery fee within 24 hours"]))
        // Case and accents: `Café` in both is one word.
        #expect(
            !AlternativeParts.disagree(
                plain: ["CAFÉ menu today: soup, bread, cake"], html: ["café Menu today soup bread CAKE"]))
    }
}
