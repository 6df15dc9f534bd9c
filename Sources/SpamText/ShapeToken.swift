/// The placeholder tokens that stand for surface forms whose exact spelling carries little signal
/// but whose kind carries much: a spam SMS almost always has a premium-rate number, a price or a
/// link, each spelled differently.
///
/// Rules (applied to NFKC-case-folded text, chunk by chunk between white space):
/// - `<url>`: `http://`, `https://` or `www.` prefixes, or a bare domain `label.label…tld` whose last
///   label is a common top-level domain (`example.com/win`, `bit.ly/x`).
/// - `<email>`: `local@domain.tld`.
/// - `<phone>`: 7 or more digits, optionally starting with `+` and grouped by single spaces, `-`,
///   `.` or parentheses (`09061701461`, `+44 7700 900123`, `0800-123-4567`); groups after the first
///   need at least 2 digits each.
/// - `<shortcode>`: a 5- or 6-digit number (premium SMS short codes such as `86688`).
/// - `<money>`: a currency symbol next to a number (`£1000`, `$5`, `1,50€`), a number followed by
///   a currency code (`1.50 eur`, `100 usd`) or by `p` for pence (`150p`).
/// - `<num1>` … `<num4>`: other whole numbers by digit count (`<num4>` for 4 digits and more that
///   are not phones); `<decimal>` for numbers with a fractional part.
/// Digit runs of 3 or more inside words (`txt82228`, `08452810075over18s`) are split out and
/// shaped the same way; shorter ones stay part of the word (`2nite`, `b4`), which are vocabulary.
public enum ShapeToken {
    public static let url = "<url>"
    public static let email = "<email>"
    public static let phone = "<phone>"
    public static let shortCode = "<shortcode>"
    public static let money = "<money>"
    public static let decimal = "<decimal>"
    /// After `<url>` (with `TokenizerOptions.urlTraits`): a host that is an IP address.
    public static let numericHost = "<url-ip>"
    /// After `<url>` (with `TokenizerOptions.urlTraits`): a host with a hyphen in it.
    public static let hyphenatedHost = "<url-dash>"

    /// Last token of every window of a mail's text, for a model trained on mail beside SMS: the
    /// network's last step reads which of the two it had. Length, long prose and an offer at the
    /// end mean spam in SMS and little in mail (a list footer); without the mark, mail trained
    /// beside SMS lowered the SMS corpora's nested MCC by .01 to .05 (docs/ACCURACY.md, run Z13).
    /// Marked first instead (run Z15), the SMS side still read a lure after 20 words of chat as
    /// a footer (0.36, against 0.93 before mail was trained); marked last, with the mail's weight
    /// at 0.1 (Z17), lures after chat are caught about as often as before (docs/ROBUSTNESS.md). The
    /// tokenizer never emits it (`<` is no word character); a model has it in its vocabulary only
    /// when trained with a mail corpus, and only then are a mail's windows read with it.
    public static let mail = "<mail>"

    /// The shape of a whole number with `digits` digits that is not a phone or a price.
    public static func number(digits: Int) -> String {
        switch digits {
        case ...1: return "<num1>"
        case 2: return "<num2>"
        case 3: return "<num3>"
        case 4: return "<num4>"
        case 5...6: return shortCode
        default: return phone
        }
    }

    /// Every shape token, for documentation and for vocabulary seeding.
    public static let all: [String] = [
        url, email, phone, shortCode, money, decimal, "<num1>", "<num2>", "<num3>", "<num4>",
    ]

    /// Top-level domains that make `word.tld` a bare domain. Kept short on purpose: SMS often
    /// omits the space after a full stop (`home.then`), so only real, common TLDs count.
    static let topLevelDomains: Set<String> = [
        "com", "net", "org", "info", "biz", "co", "uk", "us", "io", "me", "tv", "mobi", "ly", "gl",
        "ru", "cn", "de", "fr", "it", "es", "nl", "eu", "au", "ca", "in", "jp", "kr", "br", "mx",
        "pl", "ua", "tk", "xyz", "top", "club", "online", "site", "win", "vip", "app", "link",
        "shop", "store", "click", "live", "ws", "cc", "to", "be", "ch", "at", "se", "no", "dk",
        "fi", "ie", "nz", "za", "sg", "hk", "tw", "id", "ph", "my", "th", "vn", "ng", "ke", "gov",
        "edu", "ai",
    ]

    /// With `TokenizerOptions.lureDomains`, more top-level domains make a bare domain: the cheap
    /// ones today's lures are sent from (`.icu`, `.cfd`, `.sbs`, `.help`), which the list above,
    /// made from the UCI era's mail and texts, lacks. A bare `ezpass-tolls.help` was read as the
    /// words `ezpass tolls help`, and a toll lure with it scored Unsure where the same lure with
    /// `https://` scored Spam.
    static let lureTopLevelDomains: Set<String> = lureWordLikeTLDs.union([
        "icu", "cfd", "sbs", "cyou", "xin", "pw", "su", "ga", "ml", "cf", "gq", "ltd", "asia", "tech",
        "tokyo", "motorcycles",
    ])

    /// Of `lureTopLevelDomains`, those that are also words: a bare domain needs a path after it,
    /// or a host two words run together cannot make (`ShapeMatcher`).
    static let lureWordLikeTLDs: Set<String> = [
        "help", "today", "pro", "life", "world", "one", "page", "work", "support", "services", "fun",
        "space", "bond", "lat", "rest", "website", "email", "digital", "network", "center", "ink",
        "zone", "group", "finance", "cash", "money", "loan", "loans", "lol", "dev", "run", "cloud",
        "host", "press", "news", "bid", "date", "review", "trade", "party", "stream", "download",
        "racing", "best", "beauty", "hair", "skin", "quest", "autos", "boats", "homes", "mom", "baby",
        "makeup", "monster", "kim", "ren", "buzz",
    ]

    /// Currency codes that make `<number> <code>` a price.
    static let currencyCodes: Set<String> = [
        "eur", "usd", "gbp", "jpy", "chf", "cad", "aud", "inr", "cny", "rub", "brl", "zar", "sgd",
        "hkd", "nzd", "sek", "nok", "dkk", "pln", "try", "mxn", "krw", "ngn", "php", "idr", "myr",
        "thb", "vnd", "aed", "sar", "pence", "pounds", "dollars", "euros", "quid", "rs",
    ]
}
