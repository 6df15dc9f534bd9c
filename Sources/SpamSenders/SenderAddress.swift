/// Who sent a message, in the one form the sender list stores and compares: an e-mail address,
/// an international phone number, a national number (no default country known), a short code,
/// or an alphanumeric sender ID.
///
/// Pure: no I/O, no locale. Examples with country calling code 44:
/// `07700 900123`, `+44 (0)7700 900123`, `0044 7700 900123`, `tel:+44-7700-900123` →
/// `+447700900123`; `Bob@Example.ORG` → `Bob@example.org`; `Barclays` → `barclays`;
/// `86688` → `86688`.
public struct SenderAddress: Sendable, Hashable, CustomStringConvertible {
    /// What kind of sender it is.
    public enum Kind: String, Sendable, CaseIterable {
        /// `local@domain`; the domain lower-cased, the local part as written (RFC 5321: only the
        /// receiving host may treat it case-insensitively).
        case email
        /// E.164 with a leading `+`: `+447700900123`.
        case international
        /// A national number with no country code to expand it: its digits, `07700900123`.
        case national
        /// Up to six digits: premium and service short codes, `86688`.
        case shortCode = "short-code"
        /// Letters (and digits): `barclays`, `hmrc`, case-folded.
        case alphanumeric
    }

    public let kind: Kind
    /// The normalized text stored and compared.
    public let value: String

    public var description: String { value }

    /// The longest text looked at; sender fields are short, anything longer is not a sender.
    public static let maxLength = 320

    /// Digits in an E.164 number, at most.
    static let maxPhoneDigits = 15

    /// Normalizes `text`; nil when it is not a sender (empty, too long, punctuation only).
    ///
    /// - Parameter countryCode: the default country calling code (`44`, `1`) used to expand
    ///   national numbers; nil leaves them as digits, which then only match the same digits.
    public init?(_ text: String, countryCode: Int? = nil) {
        var trimmed = Substring(text)
        while let first = trimmed.first, first.isWhitespace || first == "<" || first == "\"" {
            trimmed = trimmed.dropFirst()
        }
        while let last = trimmed.last, last.isWhitespace || last == ">" || last == "\"" {
            trimmed = trimmed.dropLast()
        }
        guard !trimmed.isEmpty, trimmed.utf8.count <= Self.maxLength else { return nil }
        if let at = trimmed.lastIndex(of: "@") {
            var local = trimmed[..<at]
            if local.lowercased().hasPrefix("mailto:") { local = local.dropFirst(7) }
            let domain = trimmed[trimmed.index(after: at)...]
            guard !local.isEmpty, !domain.isEmpty, !domain.contains(where: \.isWhitespace),
                !local.contains(where: { $0.isWhitespace || $0 == "<" })
            else { return nil }
            kind = .email
            value = String(local) + "@" + domain.lowercased()
            return
        }
        var phone = trimmed
        if phone.lowercased().hasPrefix("tel:") {
            phone = phone.dropFirst(4)
            // RFC 3966 parameters (`;ext=12`, `;phone-context=…`) are not part of the number.
            if let semicolon = phone.firstIndex(of: ";") { phone = phone[..<semicolon] }
        }
        if let number = Self.phoneNumber(phone, countryCode: countryCode) {
            (kind, value) = number
            return
        }
        // Anything else with a letter or digit in it is a sender ID: case-folded, inner runs of
        // blanks made single spaces.
        guard trimmed.contains(where: { $0.isLetter || $0.isNumber }) else { return nil }
        kind = .alphanumeric
        value = trimmed.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Characters that only group the digits of a written number.
    private static func isSeparator(_ c: Character) -> Bool {
        c == " " || c == "-" || c == "." || c == "/" || c == "(" || c == ")" || c == "\u{A0}" || c == "\t"
    }

    /// The number's kind and normal form, or nil when `text` is not written like a phone number
    /// (a letter in it, a `+` not at the start, no digit).
    private static func phoneNumber(_ text: Substring, countryCode: Int?) -> (Kind, String)? {
        var digits = ""
        var plus = false
        var rest = text
        if rest.first == "+" {
            plus = true
            rest = rest.dropFirst()
            // `+44 (0)7700 900123`: the national trunk prefix in brackets is dropped.
            let compact = rest.filter { !($0 == " " || $0 == "-" || $0 == "." || $0 == "\u{A0}") }
            if let open = compact.firstIndex(of: "("), compact[open...].hasPrefix("(0)") {
                let before = compact[..<open]
                if (1...3).contains(before.count), before.allSatisfy(\.isASCIIDigit) {
                    rest = Substring(before + compact[compact.index(open, offsetBy: 3)...])
                }
            }
        }
        for c in rest {
            if c.isASCIIDigit {
                digits.append(c)
            } else if !isSeparator(c) {
                return nil
            }
        }
        guard !digits.isEmpty, digits.count <= maxPhoneDigits + 3 else { return nil }
        if plus {
            guard digits.first != "0", digits.count >= 3, digits.count <= maxPhoneDigits else { return nil }
            return (.international, "+" + digits)
        }
        if digits.count <= 6 { return (.shortCode, digits) }
        // `00` is the international prefix almost everywhere; `011` in the NANP (country 1).
        if digits.hasPrefix("00") {
            let number = digits.dropFirst(2)
            if number.first != "0", number.count >= 3, number.count <= maxPhoneDigits {
                return (.international, "+" + number)
            }
            return nil
        }
        guard let countryCode, (1...999).contains(countryCode) else { return (.national, digits) }
        let code = String(countryCode)
        if countryCode == 1 {
            if digits.hasPrefix("011"), digits.count > 5 {
                return (.international, "+" + digits.dropFirst(3))
            }
            if digits.count == 10 { return (.international, "+1" + digits) }
            if digits.count == 11 && digits.first == "1" { return (.international, "+" + digits) }
            return (.national, digits)
        }
        // International form without the `+` (`447700900123`, as some gateways write it): the
        // country code and more digits than national numbers have.
        if digits.first != "0", digits.hasPrefix(code), digits.count >= 11, digits.count <= maxPhoneDigits {
            return (.international, "+" + digits)
        }
        // Italy keeps the leading 0 of landlines in international form; elsewhere the leading
        // 0 is the trunk prefix, dropped.
        var national = Substring(digits)
        if national.first == "0" && countryCode != 39 { national = national.dropFirst() }
        guard !national.isEmpty, code.count + national.count <= maxPhoneDigits else {
            return (.national, digits)
        }
        return (.international, "+" + code + national)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
