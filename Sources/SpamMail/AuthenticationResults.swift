/// One `Authentication-Results` header field (RFC 8601), parsed:
///
/// ```
/// Authentication-Results: mx.example.org 1; spf=pass smtp.mailfrom=bob@example.com;
///     dkim=pass header.d=example.com; dmarc=pass (p=reject) header.from=example.com
/// ```
///
/// The authserv-id (`mx.example.org`) names the host that checked the message; only a host the
/// user runs can be believed, since anyone can write this header into a message.
public struct AuthenticationResults: Sendable, Equatable {
    /// One `method=result property=value …` clause.
    public struct Result: Sendable, Equatable {
        /// Lower case: `spf`, `dkim`, `dmarc`.
        public var method: String
        /// Lower case: `pass`, `fail`, `none`, …
        public var result: String
        /// `ptype.property` (lower case) → value, e.g. `header.from` → `example.com`.
        public var properties: [String: String]
    }

    /// The host that added the header, lower case.
    public var authservID: String
    public var results: [Result]

    /// Parses a header value; nil when it has no authserv-id.
    public init?(value: String) {
        let clauses = Self.splitClauses(Self.removingComments(value))
        guard let first = clauses.first else { return nil }
        let head = first.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let id = head.first, !id.contains("=") else { return nil }
        authservID = id.lowercased()
        results = []
        for clause in clauses.dropFirst() {
            let tokens = Self.tokens(clause)
            guard let methodToken = tokens.first, let equals = methodToken.firstIndex(of: "=") else {
                continue
            }
            var method = methodToken[..<equals].lowercased()
            if let slash = method.firstIndex(of: "/") { method = String(method[..<slash]) }
            let result = methodToken[methodToken.index(after: equals)...].lowercased()
            var properties: [String: String] = [:]
            for token in tokens.dropFirst() {
                guard let equals = token.firstIndex(of: "=") else { continue }
                let name = token[..<equals].lowercased()
                if name.contains(".") { properties[name] = String(token[token.index(after: equals)...]) }
            }
            results.append(Result(method: method, result: result, properties: properties))
        }
    }

    /// True when this header says the mail's author domain `domain` checked out: `dmarc=pass`
    /// with `header.from` equal to it, or `spf=pass` with the envelope sender
    /// (`smtp.mailfrom`, an address or a bare domain) in it. Domains compare exactly, ignoring
    /// case (no organizational-domain alignment).
    public func vouches(forDomain domain: String) -> Bool {
        let domain = domain.lowercased()
        guard !domain.isEmpty else { return false }
        for result in results where result.result == "pass" {
            switch result.method {
            case "dmarc":
                if let from = result.properties["header.from"], Self.domain(of: from) == domain {
                    return true
                }
            case "spf":
                if let from = result.properties["smtp.mailfrom"], Self.domain(of: from) == domain {
                    return true
                }
            default:
                break
            }
        }
        return false
    }

    /// The domain of an address (`bob@Example.com` → `example.com`) or of a bare domain.
    public static func domain(of text: String) -> String {
        var value = Substring(text)
        while let first = value.first, first == "<" || first == "\"" { value = value.dropFirst() }
        while let last = value.last, last == ">" || last == "\"" || last == "." { value = value.dropLast() }
        if let at = value.lastIndex(of: "@") { value = value[value.index(after: at)...] }
        return value.lowercased()
    }

    /// The value with `(comments)` (nested, with `\` escapes) turned into blanks, quoted strings kept.
    static func removingComments(_ text: String) -> String {
        var out = ""
        var depth = 0
        var quoted = false
        var escaped = false
        for c in text {
            if escaped {
                escaped = false
                if depth == 0 { out.append(c) }
                continue
            }
            if c == "\\" {
                escaped = true
                if depth == 0 { out.append(c) }
                continue
            }
            if quoted {
                if c == "\"" { quoted = false }
                out.append(c)
                continue
            }
            switch c {
            case "\"" where depth == 0:
                quoted = true
                out.append(c)
            case "(":
                depth += 1
                out.append(" ")
            case ")" where depth > 0:
                depth -= 1
            default:
                if depth == 0 { out.append(c == "\r" || c == "\n" ? " " : c) }
            }
        }
        return out
    }

    /// Splits at `;` outside quoted strings; blank clauses dropped.
    static func splitClauses(_ text: String) -> [Substring] {
        var clauses: [Substring] = []
        var start = text.startIndex
        var quoted = false
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if c == "\"" { quoted.toggle() }
            if c == ";" && !quoted {
                clauses.append(text[start..<index])
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        clauses.append(text[start...])
        return clauses.map { $0.drop(while: \.isWhitespace) }.filter { !$0.allSatisfy(\.isWhitespace) }
    }

    /// Blank-separated tokens; `a = b` is joined to `a=b`, quotes around a value removed.
    static func tokens(_ clause: Substring) -> [String] {
        var raw = clause.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var joined: [String] = []
        while !raw.isEmpty {
            var token = raw.removeFirst()
            if token.hasSuffix("="), !raw.isEmpty {
                token += raw.removeFirst()
            } else if raw.first == "=" {
                raw.removeFirst()
                token += "=" + (raw.isEmpty ? "" : raw.removeFirst())
            } else if let next = raw.first, next.hasPrefix("=") {
                token += raw.removeFirst()
            }
            if let equals = token.firstIndex(of: "=") {
                var value = token[token.index(after: equals)...]
                if value.count >= 2, value.first == "\"", value.last == "\"" {
                    value = value.dropFirst().dropLast()
                }
                token = String(token[...equals]) + value
            }
            joined.append(token)
        }
        return joined
    }
}
