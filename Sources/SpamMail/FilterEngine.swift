public import SpamSenders

/// What a scorer reports for one text: the spam probability and the model that produced it.
public struct ModelScore: Sendable, Equatable {
    public var probability: Double
    /// The model's identifier, written into the verdict header.
    public var modelID: String
    /// The model's decision threshold, the default spam cutoff.
    public var threshold: Double

    public init(probability: Double, modelID: String, threshold: Double) {
        self.probability = probability
        self.modelID = modelID
        self.threshold = threshold
    }
}

/// How the one-line verdict is printed when not in pass-through mode.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json
}

/// The options of one filter run (the command-line flags, resolved).
public struct FilterOptions: Sendable, Equatable {
    /// `-p`: write the message with the verdict header instead of a one-line verdict.
    public var passThrough = false
    /// `-e`: exit 0 whatever the verdict (and after a post-read error, since the message has been
    /// written intact).
    public var exitZero = false
    /// `--tempfail`: errors exit 75 (EX_TEMPFAIL) so the MTA retries later.
    public var tempFail = false
    /// `--spam-cutoff` / `--ham-cutoff`; nil means derived from the model threshold.
    public var spamCutoff: Double? = nil
    public var hamCutoff: Double? = nil
    /// The verdict header's name.
    public var headerName = "X-SMSFilter"
    /// Messages larger than this many bytes pass through unfiltered (spamc's default: 512 KiB).
    public var maxSize = 512 * 1024
    public var format: OutputFormat = .text
    /// Add `X-SMSFilter: Error, reason=...` when a failure leaves the message unclassified.
    public var errorHeader = true
    /// The program version written into the header.
    public var version = "0"
    public var limits = TextExtractionLimits()
    /// `--sender`: who sent the message (an SMS gateway's number or ID), taken as given; nil
    /// means the mail's `From:` and `Return-Path:`, believed only when vouched for.
    public var sender: String? = nil
    /// `default_country_code`: expands national numbers (`07700 900123` → `+447700900123`).
    public var countryCode: Int? = nil
    /// `trusted_authserv_id`: the host whose `Authentication-Results` header is believed.
    public var trustedAuthservID: String? = nil

    public init() {}
}

/// Exit codes (bogofilter's, plus sysexits' EX_TEMPFAIL).
public enum FilterExit {
    public static let spam: Int32 = 0
    public static let ham: Int32 = 1
    public static let unsure: Int32 = 2
    public static let error: Int32 = 3
    public static let tempFail: Int32 = 75
}

/// The result of filtering one message: what to write, where, and the exit code.
public struct FilterOutcome: Sendable {
    public enum Status: Sendable, Equatable {
        case classified(Verdict, score: Double, modelID: String)
        /// Over the size cap: passed through unfiltered.
        case skipped(size: Int)
        /// The message could not be classified (it was still passed through in `-p` mode).
        case failed(reason: String)
        /// Nothing to judge (`TextContent`): unsure, or the sender list's verdict, with a reason
        /// instead of a score.
        case unjudged(Verdict, reason: String)
    }

    public var status: Status
    /// Pass-through mode: the message. Otherwise: the verdict line in `stdoutLine`.
    public var passThrough: PassThroughOutput?
    public var stdoutLine: String?
    /// What went wrong, for the log (`smsfilter: <diagnostic>` on stderr by default).
    public var diagnostic: String?
    public var exitCode: Int32
    /// The text that was classified (for the classification log).
    public var text: String?
    /// When the sender list decided or was consulted: why.
    public var senderRule: SenderRule? = nil
    /// Why the verdict is not the score's alone (`learned-spam`, `trusted-sender`, `few-words`),
    /// or why nothing was judged; nil otherwise.
    public var reason: String? = nil
    /// Pass-through mode: the header lines added to the message (`Name: value`), for a front end
    /// that adds them itself (milter) instead of writing `passThrough`.
    public var headerLines: [String] = []
}

/// The whole filter flow for one message, pure: input bytes, a scorer and options in; output
/// bytes, exit code and diagnostic out. The scorer is called at most once, after the input has
/// been read, so the executable can load the model lazily and any loading failure lands here.
///
/// Never lose mail: in pass-through mode every path writes the message (original bytes, plus at
/// most our header lines).
public enum FilterEngine {
    ///
    /// `scorer` scores the text of a message; `mailScorer`, when given, the text of a mail (the
    /// executable lets windows further into a mail count only from a higher score,
    /// `LazyModel.scoreMail`).
    /// `senders` looks a normalized sender up in the user's sender list; it is called only when
    /// the message names a sender (`--sender`, or a mail's `From:` / `Return-Path:`), so a
    /// message without one costs no lookup. Nil: no sender list.
    /// `marked` says whether the user marked the text's template spam (true) or ham (false),
    /// nil when not (`ScoredVerdict`); it is asked once a text was scored. Nil: no marks.
    /// - Parameter inputSize: the message's full size when `input` holds only its first bytes
    ///   (without `-p` nothing past `maxSize` is kept: it would not be scored).
    public static func run(
        input: [UInt8], inputSize: Int? = nil, options: FilterOptions, scorer: (String) throws -> ModelScore,
        senders: ((String) -> SenderState?)? = nil, mailScorer: ((String) throws -> ModelScore)? = nil,
        marked: ((String) -> Bool?)? = nil
    ) -> FilterOutcome {
        let size = max(inputSize ?? input.count, input.count)
        let oversize = size > options.maxSize
        // Over the cap only the header's extent matters (where our line goes); its fields are
        // counted, not kept, so memory stays bounded whatever the header's shape.
        let header = HeaderBlock.parse(input, in: 0..<input.count, allowFromLine: true, keepFields: !oversize)
        let removing = verdictFieldNames(options)
        let version = VerdictFormat.headerSafe(options.version)

        if oversize {
            let line = tooLargeHeaderLine(size: size, options: options)
            var outcome = FilterOutcome(
                status: .skipped(size: size),
                passThrough: options.passThrough
                    ? PassThroughWriter.insert(
                        headerLines: [line], into: input, header: header, removing: removing, oversize: true)
                    : nil,
                stdoutLine: options.passThrough ? nil : "Unfiltered, reason=too-large, size=\(size)",
                diagnostic: nil,
                exitCode: tooLargeExitCode(options),
                text: nil)
            if options.passThrough { outcome.headerLines = [line] }
            return outcome
        }

        let text = MessageText.extract(from: input, header: header, limits: options.limits)
        if !TextContent.hasTextToJudge(text) {
            // Nothing for the model, but a trusted or blocked sender still decides.
            if let senders,
                let rule = SenderRule.decide(
                    senderCandidates(input: input, header: header, options: options), lookup: senders),
                rule.verdict(overriding: .unsure) != .unsure
            {
                return unjudged(
                    rule.rawValue, verdict: rule.verdict(overriding: .unsure), input: input, header: header,
                    options: options)
            }
            return unjudged(TextContent.noTextReason, input: input, header: header, options: options)
        }
        let isMail = header.looksLikeMail(input)
        let score: ModelScore
        do {
            if isMail, let mailScorer {
                score = try mailScorer(text)
            } else {
                score = try scorer(text)
            }
        } catch {
            return failure("\(error)", input: input, header: header, options: options, text: text)
        }
        guard score.probability.isFinite, (0...1).contains(score.probability) else {
            return failure(
                "the model returned an invalid score (\(score.probability))", input: input, header: header,
                options: options, text: text)
        }
        let cutoffs = Cutoffs(threshold: score.threshold, spam: options.spamCutoff, ham: options.hamCutoff)
        if let problem = cutoffs.problem {
            return failure(problem, input: input, header: header, options: options, text: text)
        }
        var rule: SenderRule? = nil
        if let senders {
            let candidates = senderCandidates(input: input, header: header, options: options)
            rule = SenderRule.decide(candidates, lookup: senders)
        }
        let decided = ScoredVerdict(
            score: score.probability, cutoffs: cutoffs, text: text, isMail: isMail, rule: rule,
            marked: marked?(text))
        let verdict = decided.verdict
        let scoreText = VerdictFormat.score(score.probability)
        let reason = decided.reason.map { ", reason=\($0)" } ?? ""
        let modelID = VerdictFormat.headerSafe(score.modelID)
        var outcome = FilterOutcome(
            status: .classified(verdict, score: score.probability, modelID: score.modelID),
            passThrough: nil, stdoutLine: nil, diagnostic: nil,
            exitCode: options.exitZero ? 0 : verdict.exitCode, text: text, senderRule: rule)
        outcome.reason = decided.reason
        if options.passThrough {
            var lines = [
                "\(options.headerName): \(verdict.title), score=\(scoreText)\(reason), model=\(modelID), "
                    + "version=\(version)"
            ]
            if verdict == .spam { lines.append("X-Spam-Flag: YES") }
            outcome.headerLines = lines
            outcome.passThrough = PassThroughWriter.insert(
                headerLines: lines, into: input, header: header, removing: removing)
        } else {
            switch options.format {
            case .text:
                outcome.stdoutLine = "\(verdict.title), score=\(scoreText)\(reason)"
            case .json:
                outcome.stdoutLine =
                    "{\"verdict\":\(VerdictFormat.json(verdict.rawValue)),\"score\":\(scoreText),"
                    + (decided.reason.map { "\"reason\":\(VerdictFormat.json($0))," } ?? "")
                    + "\"model\":\(VerdictFormat.json(score.modelID))}"
            }
        }
        return outcome
    }

    /// The fields a sender could forge to pass for our verdict: dropped from every message.
    public static func verdictFieldNames(_ options: FilterOptions) -> [String] {
        [options.headerName, "X-Spam-Flag"]
    }

    /// The header line of a message over the size cap. `size` is nil when the message is
    /// streamed from a pipe: our line goes out before its end is read.
    public static func tooLargeHeaderLine(size: Int?, options: FilterOptions) -> String {
        "\(options.headerName): Unfiltered, reason=too-large, " + (size.map { "size=\($0), " } ?? "")
            + "max-size=\(options.maxSize), version=\(VerdictFormat.headerSafe(options.version))"
    }

    /// The exit code of a message passed through unjudged for its size.
    public static func tooLargeExitCode(_ options: FilterOptions) -> Int32 {
        options.exitZero ? 0 : FilterExit.ham
    }

    /// The senders the message names: `--sender` (taken as given), else the mail's `From:` and
    /// `Return-Path:` (verified against `trusted_authserv_id`'s `Authentication-Results`).
    public static func senderCandidates(input: [UInt8], header: HeaderBlock, options: FilterOptions)
        -> [SenderCandidate]
    {
        if let sender = options.sender {
            guard let address = SenderAddress(sender, countryCode: options.countryCode) else { return [] }
            return [SenderCandidate(address: address, verified: true)]
        }
        return MailSenders.candidates(
            in: input, header: header, authservID: options.trustedAuthservID,
            countryCode: options.countryCode)
    }

    /// A message with nothing to judge: unsure, or the sender rule's verdict, with the reason
    /// where the score would be.
    static func unjudged(
        _ reason: String, verdict: Verdict = .unsure, input: [UInt8], header: HeaderBlock,
        options: FilterOptions
    ) -> FilterOutcome {
        let version = VerdictFormat.headerSafe(options.version)
        var outcome = FilterOutcome(
            status: .unjudged(verdict, reason: reason), passThrough: nil, stdoutLine: nil, diagnostic: nil,
            exitCode: options.exitZero ? 0 : verdict.exitCode, text: nil)
        outcome.reason = reason
        if options.passThrough {
            var lines = ["\(options.headerName): \(verdict.title), reason=\(reason), version=\(version)"]
            if verdict == .spam { lines.append("X-Spam-Flag: YES") }
            outcome.headerLines = lines
            outcome.passThrough = PassThroughWriter.insert(
                headerLines: lines, into: input, header: header, removing: verdictFieldNames(options))
        } else {
            switch options.format {
            case .text:
                outcome.stdoutLine = "\(verdict.title), reason=\(reason)"
            case .json:
                outcome.stdoutLine =
                    "{\"verdict\":\(VerdictFormat.json(verdict.rawValue)),\"reason\":\(VerdictFormat.json(reason))}"
            }
        }
        return outcome
    }

    /// A failure after the message was read: the message goes out intact (pass-through), the
    /// reason to standard error, and the documented exit code.
    static func failure(
        _ reason: String, input: [UInt8], header: HeaderBlock, options: FilterOptions, text: String?
    ) -> FilterOutcome {
        var output: PassThroughOutput? = nil
        var lines: [String] = []
        if options.passThrough {
            if options.errorHeader {
                let line =
                    "\(options.headerName): Error, reason=\(VerdictFormat.headerSafe(reason)), "
                    + "version=\(VerdictFormat.headerSafe(options.version))"
                lines = [line]
                output = PassThroughWriter.insert(
                    headerLines: lines, into: input, header: header,
                    removing: verdictFieldNames(options))
            } else {
                output = .unchanged(input)
            }
        }
        var outcome = FilterOutcome(
            status: .failed(reason: reason), passThrough: output, stdoutLine: nil,
            diagnostic: reason, exitCode: errorExitCode(options), text: text)
        outcome.headerLines = lines
        return outcome
    }

    /// The exit code for an error after the message was read (and, in `-p` mode, written).
    public static func errorExitCode(_ options: FilterOptions) -> Int32 {
        if options.tempFail { return FilterExit.tempFail }
        return options.exitZero && options.passThrough ? 0 : FilterExit.error
    }

    /// The exit code when the input itself could not be read: never 0, nothing is written.
    public static func readFailureExitCode(_ options: FilterOptions) -> Int32 {
        options.tempFail ? FilterExit.tempFail : FilterExit.error
    }
}
