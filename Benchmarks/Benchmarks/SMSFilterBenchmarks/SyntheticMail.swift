/// Deterministic MIME mails for the parser benchmarks, built from the synthetic corpus.
///
/// - `small` (~4 KB): a typical newsletter-style mail: folded headers, an RFC 2047 subject,
///   multipart/alternative with a quoted-printable text/plain part and a base64 text/html part.
/// - `large` (~1 MB): multipart/mixed with the same alternative part plus a ~1 MB base64
///   attachment, the case where a filter must not spend time on parts it will not read.
enum SyntheticMail {
    static func small(texts: [String]) -> [UInt8] {
        Array(mail(texts: texts, targetTextBytes: 1_300, attachmentBytes: 0).utf8)
    }

    static func large(texts: [String]) -> [UInt8] {
        Array(mail(texts: texts, targetTextBytes: 1_300, attachmentBytes: 760_000).utf8)
    }

    private static func mail(texts: [String], targetTextBytes: Int, attachmentBytes: Int) -> String {
        var paragraph = ""
        var i = 0
        while paragraph.utf8.count < targetTextBytes {
            paragraph += texts[i % texts.count] + (i % 3 == 2 ? "\n\n" : " ")
            i += 1
        }
        let html =
            "<html><head><style>p{color:#333}</style></head><body><p>"
            + paragraph.replacingNewlines(with: "</p>\n<p>") + "</p></body></html>"
        var lines = [
            "Return-Path: <news@example.org>",
            "Received: from mx.example.org (mx.example.org [192.0.2.7])",
            "\tby mail.example.net with ESMTPS id 4ab2c; Thu, 26 Nov 2026 09:00:00 +0000",
            "From: \"Example News\" <news@example.org>",
            "To: user@example.net",
            "Subject: =?UTF-8?Q?Your_weekly_update_=E2=80=94_?= =?UTF-8?B?bmV3cyBhbmQgb2ZmZXJz?=",
            "Date: Thu, 26 Nov 2026 09:00:00 +0000",
            "Message-ID: <bench.1@example.org>",
            "MIME-Version: 1.0",
        ]
        let alternative = [
            "Content-Type: multipart/alternative; boundary=\"alt-b1\"",
            "",
            "--alt-b1",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            quotedPrintable(paragraph),
            "--alt-b1",
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            base64(Array(html.utf8)),
            "--alt-b1--",
        ]
        if attachmentBytes == 0 {
            lines += alternative
        } else {
            var blob = [UInt8](repeating: 0, count: attachmentBytes)
            var x: UInt32 = 2_463_534_242
            for k in blob.indices {
                x ^= x << 13
                x ^= x >> 17
                x ^= x << 5
                blob[k] = UInt8(truncatingIfNeeded: x)
            }
            lines += ["Content-Type: multipart/mixed; boundary=\"mix-b0\"", "", "--mix-b0"]
            lines += alternative
            lines += [
                "--mix-b0",
                "Content-Type: application/pdf; name=\"report.pdf\"",
                "Content-Disposition: attachment; filename=\"report.pdf\"",
                "Content-Transfer-Encoding: base64",
                "",
                base64(blob),
                "--mix-b0--",
            ]
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Quoted-printable with soft line breaks at 76 columns (RFC 2045 §6.7).
    static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        var column = 0
        for byte in text.utf8 {
            if byte == 0x0A {
                out += [0x0D, 0x0A]
                column = 0
                continue
            }
            var encoded: [UInt8] = [byte]
            if byte == 0x3D || byte >= 0x7F || (byte < 0x20 && byte != 0x09) {
                encoded = [0x3D, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
            if column + encoded.count > 75 {
                out += [0x3D, 0x0D, 0x0A]
                column = 0
            }
            out += encoded
            column += encoded.count
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Base64 in 76-column lines (RFC 2045 §6.8).
    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 4 / 3 + bytes.count / 38 + 4)
        var column = 0
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let n = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(i + 1 < bytes.count ? alphabet[Int(n >> 6 & 63)] : 0x3D)
            out.append(i + 2 < bytes.count ? alphabet[Int(n & 63)] : 0x3D)
            i += 3
            column += 4
            if column >= 76 && i < bytes.count {
                out += [0x0D, 0x0A]
                column = 0
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    fileprivate func replacingNewlines(with replacement: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
