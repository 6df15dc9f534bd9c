import ArgumentParser
import SpamApp

/// `smsfilter serve`: the filter as a daemon that speaks SpamAssassin's spamd protocol.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Serve spamd requests (spamc, Exim's spamd_address), milter (Postfix, Sendmail) or HTTP, on a Unix socket or a TCP port.",
        discussion:
            "spamd: CHECK, SYMBOLS, REPORT, REPORT_IFSPAM, PROCESS, HEADERS, PING, SKIP, and TELL with "
            + "--allow-tell; scores are ten times the spam probability against ten times the threshold. "
            + "milter: each message gets the verdict's header fields (forged ones deleted); rejected (550) "
            + "only with --reject-above. HTTP: POST /classify (a message; JSON verdict), /learn?label=spam|ham and "
            + "/unlearn with --allow-tell, GET /health. Verdicts are logged as deliveries are. Runs until stopped."
    )

    @Option(help: "Listen on this Unix socket (made mode 660; a stale socket there is replaced).")
    var socket: String?

    @Option(help: "Listen on this TCP port.")
    var port: UInt16?

    @Option(help: "The IPv4 address --port listens on.")
    var listen = "127.0.0.1"

    @Flag(
        help:
            "Speak the milter protocol (Postfix smtpd_milters, Sendmail INPUT_MAIL_FILTER) instead of spamd's."
    )
    var milter = false

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "With --milter: reject (550) during the SMTP transaction a message scored Spam at this probability or more (default: never; every message is accepted with its verdict).",
            valueName: "probability"))
    var rejectAbove: Double?

    @Flag(help: "Speak HTTP (POST /classify, /learn, /unlearn; GET /health) instead of spamd's protocol.")
    var http = false

    @Option(
        help:
            "Connections served at once, each by its own copy of the model (default 2; with --milter 16: an SMTP session holds one)."
    )
    var workers: Int?

    @Option(help: "Model file (default: the one classify uses).")
    var model: String?

    @Option(help: "Feedback store for the classification log, sender list and marks (default: classify's).")
    var db: String?

    @Option(parsing: .unconditional, help: "Messages larger than this many bytes are passed back unjudged.")
    var maxSize = 512 * 1024

    @Flag(help: "Do not log verdicts in the feedback store.")
    var noLog = false

    @Flag(
        help: "Take TELL requests (spamc -L spam|ham) and HTTP /learn: marks, as smsfilter learn makes them.")
    var allowTell = false

    @Option(
        help: ArgumentHelp(
            "Keep a store per user: a request's User: (spamc's user, or -u; HTTP: ?user=; milter: the local part of a message's one recipient) is judged, logged and taught in DIR/USER/smsfilter.sqlite, with that store's model.",
            valueName: "dir"))
    var userStores: String?

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard (socket == nil) != (port == nil) else {
            throw ValidationError("give one of --socket and --port")
        }
        if let workers, !(1...64).contains(workers) { throw ValidationError("--workers must be 1...64") }
        if milter && http { throw ValidationError("give at most one of --milter and --http") }
        if let rejectAbove {
            guard milter else { throw ValidationError("--reject-above is for --milter") }
            guard (0.5...1).contains(rejectAbove) else {
                throw ValidationError("--reject-above must lie between 0.5 and 1")
            }
        }
        if milter && allowTell {
            throw ValidationError("--allow-tell is for spamd and HTTP clients, not --milter")
        }
        guard maxSize >= 0 else { throw ValidationError("--max-size must not be negative") }
    }

    /// The protocol the flags ask for.
    var frontEnd: any FrontEnd {
        if milter { return MilterFrontEnd(rejectAbove: rejectAbove) }
        if http { return HTTPFrontEnd(allowsLearning: allowTell) }
        return SpamdFrontEnd(allowsTell: allowTell)
    }

    func run() throws {
        var settings = ClassifySettings()
        settings.modelPath = model
        settings.storePath = db
        settings.filter.maxSize = maxSize
        settings.logVerdicts = !noLog
        settings.verbosity = logging.verbose
        settings.syslog = logging.syslog
        let endpoint: FilterServer.Endpoint =
            socket.map { .unix(path: $0) } ?? .tcp(host: listen, port: port ?? 0)
        let server = FilterServer(
            settings: settings, endpoint: endpoint, workers: workers ?? (milter ? 16 : 2),
            userStores: userStores, frontEnd: frontEnd
        )
        throw ExitCode(server.run())
    }
}
