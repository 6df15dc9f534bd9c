/// A hand-written SVG line chart: recent history (grey-blue), forecast (orange) inside its
/// prediction interval (light band), a dashed line at the forecast origin, day gridlines.
public struct ForecastChart: Sendable {
    public var title: String
    /// (time, value) of the history to show, oldest first.
    public var history: [(time: Int, value: Double)]
    public var forecast: [ForecastPoint]
    public var width = 960
    public var height = 400

    public init(title: String, history: [(time: Int, value: Double)], forecast: [ForecastPoint]) {
        self.title = title
        self.history = history
        self.forecast = forecast
    }

    /// The SVG document.
    public func svg() -> String {
        let left = 72.0
        let right = 20.0
        let top = 40.0
        let bottom = 48.0
        let plotWidth = Double(width) - left - right
        let plotHeight = Double(height) - top - bottom
        let times = history.map(\.time) + forecast.map(\.time)
        let values = history.map(\.value) + forecast.flatMap { [$0.value, $0.lower, $0.upper] }
        let finite = values.filter(\.isFinite)
        let t0 = times.min() ?? 0
        let t1 = max((times.max() ?? 1), t0 + 1)
        let yMinimum = min(0, finite.min() ?? 0)
        // Scale to the forecast band and the 98th percentile of history, so one spike does not
        // flatten the rest; taller spikes are drawn clipped at the top.
        let sortedHistory = history.map(\.value).filter(\.isFinite).sorted()
        let typical = sortedHistory.isEmpty ? 0 : sortedHistory[Int(Double(sortedHistory.count - 1) * 0.98)]
        let forecastTop = forecast.flatMap { [$0.value, $0.upper] }.filter(\.isFinite).max() ?? 0
        let scaleTop = max(typical * 1.15, forecastTop, yMinimum + 1)
        let (yMaximum, tick) = Self.niceScale(scaleTop - yMinimum)
        func x(_ t: Int) -> Double { left + plotWidth * Double(t - t0) / Double(t1 - t0) }
        func y(_ v: Double) -> Double {
            let clamped = v.isFinite ? min(max(v, yMinimum), yMinimum + yMaximum) : yMinimum
            return top + plotHeight * (1 - (clamped - yMinimum) / yMaximum)
        }
        func n(_ v: Double) -> String { Self.number(v) }

        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
        out += "viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"12\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        out += "<text x=\"\(n(left))\" y=\"24\" font-size=\"15\" fill=\"#222\">\(Self.escape(title))</text>\n"
        // Horizontal gridlines with value labels.
        var v = 0.0
        while v <= yMaximum + tick / 2 {
            let yy = y(yMinimum + v)
            out +=
                "<line x1=\"\(n(left))\" y1=\"\(n(yy))\" x2=\"\(n(left + plotWidth))\" y2=\"\(n(yy))\" stroke=\"#e4e4e4\"/>\n"
            out +=
                "<text x=\"\(n(left - 6))\" y=\"\(n(yy + 4))\" text-anchor=\"end\" fill=\"#555\">\(Self.label(yMinimum + v))</text>\n"
            v += tick
        }
        // Vertical gridlines at midnight (UTC) with dates; every few days when the span is long.
        let dayStride = max(1, (t1 - t0) / 86_400 / 10)
        var day = (Timestamp.floorDivide(t0, 86_400) + 1) * 86_400
        while day <= t1 {
            let xx = x(day)
            let date = Timestamp.format(day)
            let mmdd = String(date.dropFirst(5).prefix(5))
            out +=
                "<line x1=\"\(n(xx))\" y1=\"\(n(top))\" x2=\"\(n(xx))\" y2=\"\(n(top + plotHeight))\" stroke=\"#eeeeee\"/>\n"
            out +=
                "<text x=\"\(n(xx))\" y=\"\(n(top + plotHeight + 16))\" text-anchor=\"middle\" fill=\"#555\">\(mmdd)</text>\n"
            day += 86_400 * dayStride
        }
        out +=
            "<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotWidth))\" height=\"\(n(plotHeight))\" fill=\"none\" stroke=\"#999\"/>\n"
        if !forecast.isEmpty {
            let band =
                forecast.map { "\(n(x($0.time))),\(n(y($0.upper)))" }
                + forecast.reversed().map { "\(n(x($0.time))),\(n(y($0.lower)))" }
            out +=
                "<polygon points=\"\(band.joined(separator: " "))\" fill=\"#f5a623\" fill-opacity=\"0.25\" stroke=\"none\"/>\n"
            let originX = x(forecast[0].time)
            out +=
                "<line x1=\"\(n(originX))\" y1=\"\(n(top))\" x2=\"\(n(originX))\" y2=\"\(n(top + plotHeight))\" "
            out += "stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n"
        }
        if !history.isEmpty {
            let points = history.map { "\(n(x($0.time))),\(n(y($0.value)))" }.joined(separator: " ")
            out += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"#3b6ea5\" stroke-width=\"1.5\"/>\n"
        }
        if !forecast.isEmpty {
            var line = forecast.map { "\(n(x($0.time))),\(n(y($0.value)))" }
            if let last = history.last { line.insert("\(n(x(last.time))),\(n(y(last.value)))", at: 0) }
            out +=
                "<polyline points=\"\(line.joined(separator: " "))\" fill=\"none\" stroke=\"#e07b00\" stroke-width=\"2\"/>\n"
        }
        // Legend.
        let legendY = Double(height) - 12
        out +=
            "<line x1=\"\(n(left))\" y1=\"\(n(legendY - 4))\" x2=\"\(n(left + 24))\" y2=\"\(n(legendY - 4))\" stroke=\"#3b6ea5\" stroke-width=\"2\"/>"
        out += "<text x=\"\(n(left + 30))\" y=\"\(n(legendY))\" fill=\"#222\">history</text>\n"
        out +=
            "<line x1=\"\(n(left + 100))\" y1=\"\(n(legendY - 4))\" x2=\"\(n(left + 124))\" y2=\"\(n(legendY - 4))\" stroke=\"#e07b00\" stroke-width=\"2\"/>"
        out += "<text x=\"\(n(left + 130))\" y=\"\(n(legendY))\" fill=\"#222\">forecast</text>\n"
        out +=
            "<rect x=\"\(n(left + 200))\" y=\"\(n(legendY - 10))\" width=\"24\" height=\"10\" fill=\"#f5a623\" fill-opacity=\"0.25\"/>"
        out += "<text x=\"\(n(left + 230))\" y=\"\(n(legendY))\" fill=\"#222\">prediction interval</text>\n"
        out += "</svg>\n"
        return out
    }

    /// A round axis maximum ≥ `span` and its tick step (1, 2 or 5 × 10^k, about 5 ticks).
    static func niceScale(_ span: Double) -> (maximum: Double, tick: Double) {
        let raw = span / 5
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw && magnitude > 1e-12 { magnitude /= 10 }
        let tick = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var maximum = tick
        while maximum < span { maximum += tick }
        return (maximum, tick)
    }

    /// One decimal at most: coordinates do not need more.
    static func number(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// Axis labels: 12500 → "12.5k", 3000000 → "3M".
    static func label(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1e6 { return number(v / 1e6) + "M" }
        if a >= 1e4 { return number(v / 1e3) + "k" }
        return number(v)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
