import SpamIO

/// Timestamps as integer seconds since 1970-01-01T00:00:00Z, parsed and formatted without
/// Foundation. Calendar arithmetic is SpamIO's `CivilTime` (proleptic Gregorian days from civil).
public enum Timestamp {
    /// Days since 1970-01-01 for a Gregorian date: (1970, 1, 1) → 0, (2000, 3, 1) → 11,017.
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        Int(CivilTime.days(year: Int64(year), month: Int64(month), day: Int64(day)))
    }

    /// The Gregorian date of a day count since 1970-01-01 (inverse of `daysFromCivil`).
    public static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let (year, month, day) = CivilTime.civil(fromDays: Int64(days))
        return (Int(year), Int(month), Int(day))
    }

    /// Days in a month of the Gregorian calendar.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Floor division (rounds toward negative infinity), for bucketing times before 1970.
    public static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Parses one of:
    /// - `2015-02-26 21:42:53`, `2015-02-26T21:42:53`, `2015-02-26T21:42` or `2015-02-26`
    ///   (no zone means UTC), optionally with fractional seconds (`.250`, dropped) and a zone
    ///   `Z`, `+01:00`, `+0100` or `-05`;
    /// - the same with slashes in the date (`2015/02/26 21:42:53`; the year first, so it is never
    ///   ambiguous);
    /// - Unix time: seconds (`1424987000`, `1424987000.5`, fraction dropped), or milliseconds,
    ///   microseconds or nanoseconds, told apart by magnitude (as exported by monitoring tools):
    ///   an integer part of 10^11 or more is not plausible as seconds (that is the year 5138),
    ///   so 10^11 up to 10^14 is read as milliseconds, up to 10^17 as microseconds, beyond as
    ///   nanoseconds (all floored to the second).
    /// Returns nil for anything else, including impossible dates such as `2015-02-30`.
    public static func parse(_ text: some StringProtocol) -> Int? {
        var bytes = Array(text.utf8)
        while let last = bytes.last, last == 0x20 || last == 0x09 || last == 0x22 { bytes.removeLast() }
        var start = 0
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x22 {
            start += 1
        }
        let b = Array(bytes[start...])
        if b.isEmpty { return nil }
        if isUnixSeconds(b) { return parseUnixSeconds(b) }
        return parseCalendar(b)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private static func isUnixSeconds(_ b: [UInt8]) -> Bool {
        var i = 0
        if b[0] == 0x2D || b[0] == 0x2B { i = 1 }
        var digits = 0
        while i < b.count, isDigit(b[i]) {
            i += 1
            digits += 1
        }
        if i < b.count, b[i] == 0x2E {
            i += 1
            while i < b.count, isDigit(b[i]) { i += 1 }
        }
        return digits > 0 && i == b.count
    }

    private static func parseUnixSeconds(_ b: [UInt8]) -> Int? {
        var i = 0
        var negative = false
        if b[0] == 0x2D || b[0] == 0x2B {
            negative = b[0] == 0x2D
            i = 1
        }
        var value = 0
        while i < b.count, isDigit(b[i]) {
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.addingReportingOverflow(Int(b[i] - 0x30))
            if overflow1 || overflow2 { return nil }
            value = next
            i += 1
        }
        var hasFraction = false
        if i < b.count, b[i] == 0x2E {
            i += 1
            while i < b.count {
                if b[i] != 0x30 { hasFraction = true }
                i += 1
            }
        }
        // Milliseconds, microseconds, nanoseconds (see `parse`).
        let divisor =
            value < 100_000_000_000
            ? 1
            : value < 100_000_000_000_000
                ? 1_000
                : value < 100_000_000_000_000_000 ? 1_000_000 : 1_000_000_000
        if divisor > 1 {
            let signed = negative ? -value : value
            return floorDivide(signed, divisor) - (negative && hasFraction && signed % divisor == 0 ? 1 : 0)
        }
        // Floor, so -1.5 falls in the second before -1.
        return negative ? -value - (hasFraction ? 1 : 0) : value
    }

    /// Reads exactly `count` digits at `i`.
    private static func number(_ b: [UInt8], _ i: inout Int, count: Int) -> Int? {
        guard i + count <= b.count else { return nil }
        var value = 0
        for k in i..<(i + count) {
            guard isDigit(b[k]) else { return nil }
            value = value * 10 + Int(b[k] - 0x30)
        }
        i += count
        return value
    }

    private static func expect(_ b: [UInt8], _ i: inout Int, _ c: UInt8) -> Bool {
        guard i < b.count, b[i] == c else { return false }
        i += 1
        return true
    }

    private static func parseCalendar(_ b: [UInt8]) -> Int? {
        var i = 0
        // The date's separator: `-` (ISO 8601) or `/`, the same twice.
        let separator: UInt8 = b.count > 4 && b[4] == 0x2F ? 0x2F : 0x2D
        guard let year = number(b, &i, count: 4), expect(b, &i, separator),
            let month = number(b, &i, count: 2), expect(b, &i, separator),
            let day = number(b, &i, count: 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else {
            return nil
        }
        var hour = 0
        var minute = 0
        var second = 0
        var offset = 0
        if i < b.count, b[i] == 0x54 || b[i] == 0x74 || b[i] == 0x20 {  // 'T', 't', ' '
            i += 1
            guard let h = number(b, &i, count: 2), expect(b, &i, 0x3A), let m = number(b, &i, count: 2)
            else { return nil }
            hour = h
            minute = m
            if i < b.count, b[i] == 0x3A {
                i += 1
                guard let s = number(b, &i, count: 2) else { return nil }
                second = s
                if i < b.count, b[i] == 0x2E || b[i] == 0x2C {
                    i += 1
                    let fractionStart = i
                    while i < b.count, isDigit(b[i]) { i += 1 }
                    if i == fractionStart { return nil }
                }
            }
            guard hour <= 23 || (hour == 24 && minute == 0 && second == 0), minute <= 59, second <= 60
            else { return nil }
            second = min(second, 59)  // a leap second counts as the second before it
            if i < b.count {
                if b[i] == 0x5A || b[i] == 0x7A {  // 'Z'
                    i += 1
                } else if b[i] == 0x2B || b[i] == 0x2D {  // '+' / '-'
                    let sign = b[i] == 0x2D ? -1 : 1
                    i += 1
                    guard let zh = number(b, &i, count: 2), zh <= 23 else { return nil }
                    var zm = 0
                    if i < b.count {
                        _ = expect(b, &i, 0x3A)
                        guard let m = number(b, &i, count: 2), m <= 59 else { return nil }
                        zm = m
                    }
                    offset = sign * (zh * 3600 + zm * 60)
                }
            }
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return days * 86_400 + hour * 3600 + minute * 60 + second - offset
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// `YYYY-MM-DD HH:MM:SS` in UTC, the format of the input CSVs.
    public static func format(_ seconds: Int) -> String {
        let days = floorDivide(seconds, 86_400)
        let inDay = seconds - days * 86_400
        let (y, m, d) = civilFromDays(days)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2)) \(pad(inDay / 3600, 2)):"
            + "\(pad(inDay % 3600 / 60, 2)):\(pad(inDay % 60, 2))"
    }

    /// ISO 8601 in UTC: `2015-02-26T21:00:00Z`.
    public static func formatISO(_ seconds: Int) -> String {
        var text = format(seconds)
        text = text.replacingSpaceWithT()
        return text + "Z"
    }

    /// Day of the week, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
    public static func dayOfWeek(_ seconds: Int) -> Int {
        let days = floorDivide(seconds, 86_400)
        return ((days + 4) % 7 + 7) % 7
    }
}

extension String {
    fileprivate func replacingSpaceWithT() -> String {
        String(self.map { $0 == " " ? "T" : $0 })
    }
}
