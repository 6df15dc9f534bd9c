/// The seasonal-naive forecast: each future step repeats the value one season earlier
/// (season 24 on hourly data = same hour yesterday, 168 = same hour last week).
public enum SeasonalNaive {
    /// Forecasts `horizon` steps after the end of `history`; step h (0-based) is
    /// `history[n − season + (h mod season)]`.
    public static func forecast(_ history: [Double], season: Int, horizon: Int) throws(ForecastError)
        -> [Double]
    {
        guard season > 0 else { throw .invalidParameter("the season must be positive") }
        guard history.count >= season else {
            throw .tooShort(
                needed: season, available: history.count,
                what: "a seasonal-naive forecast with season \(season)")
        }
        let n = history.count
        return (0..<horizon).map { history[n - season + $0 % season] }
    }
}
