import SpamStore
import SpamText

/// The HTTP API (`HTTPProtocol`) as `FilterServer` speaks it, for SMS gateways and web
/// applications: one request per connection, a JSON answer.
public struct HTTPFrontEnd: FrontEnd {
    /// `--allow-tell`: `/learn` and `/unlearn` mark messages in the store. Off by default, as
    /// for spamd's TELL: whoever can reach the socket could otherwise teach the filter.
    public var allowsLearning: Bool
    public var name: String { "HTTP" }
    public var teaches: Bool { allowsLearning }
    public var idleTimeoutSeconds: Int { 30 }

    public init(allowsLearning: Bool = false) { self.allowsLearning = allowsLearning }

    public func serve(_ connection: Connection, worker: inout FilterWorker) {
        connection.send(answer(connection, worker: &worker))
    }

    /// Reads one request from `connection` and makes its response.
    func answer(_ connection: Connection, worker: inout FilterWorker) -> [UInt8] {
        guard let (buffer, headEnd) = connection.receiveHead(limit: HTTPProtocol.maxHeadBytes) else {
            return HTTPProtocol.failureResponse(
                .init(status: 400, message: "request ended early or head too long"))
        }
        let request: HTTPProtocol.Request
        let storePath: String?
        do {
            request = try HTTPProtocol.parse(
                head: buffer[0..<headEnd], maxBody: worker.maxRequestBody)
            storePath = try worker.storePath(forUser: request.query["user"])
        } catch let failure as HTTPProtocol.Failure {
            return HTTPProtocol.failureResponse(failure)
        } catch {
            return HTTPProtocol.failureResponse(.init(status: 400, message: "\(error)"))
        }
        let allowed: String
        switch request.path {
        case "/classify", "/learn", "/unlearn": allowed = "POST"
        case "/health": allowed = "GET"
        default:
            return HTTPProtocol.failureResponse(
                .init(status: 404, message: "no such endpoint: \(request.path.prefix(80))"))
        }
        guard request.method == allowed else {
            return HTTPProtocol.failureResponse(
                .init(status: 405, message: "\(request.path) takes \(allowed)"),
                extraHeaders: [("Allow", allowed)])
        }
        if request.path == "/health" {
            guard let model = worker.modelID(for: storePath) else {
                return HTTPProtocol.failureResponse(.init(status: 503, message: "no model could be loaded"))
            }
            return HTTPProtocol.response(
                status: 200, json: .object([("status", .string("ok")), ("model", .string(model))]))
        }
        if request.path != "/classify" && !allowsLearning {
            return HTTPProtocol.failureResponse(
                .init(status: 403, message: "learning is not allowed (smsfilter serve --allow-tell)"))
        }
        var label: FeedbackLabel? = nil
        if request.path == "/learn" {
            guard let given = request.query["label"].flatMap({ FeedbackLabel(rawValue: $0) }) else {
                return HTTPProtocol.failureResponse(
                    .init(status: 400, message: "/learn needs ?label=spam or ham"))
            }
            label = given
        }
        if request.expectsContinue { connection.send(HTTPProtocol.continueResponse) }
        var message = Array(buffer[headEnd...].prefix(request.contentLength))
        if message.count < request.contentLength {
            guard let rest = connection.receive(exactly: request.contentLength - message.count) else {
                return HTTPProtocol.failureResponse(.init(status: 400, message: "body ended early"))
            }
            message += rest
        }
        switch request.path {
        case "/classify":
            let judged = worker.judge(
                message, storePath: storePath, source: "http", sender: request.query["sender"])
            return HTTPProtocol.verdictResponse(judged.outcome, spamCutoff: judged.spamCutoff)
        default:
            do {
                let forgotten = try worker.teach(message, label: label, storePath: storePath, source: "http")
                let answer: JSONValue =
                    label.map { .object([("learned", .string($0.rawValue))]) }
                    ?? .object([("unlearned", .int(forgotten))])
                return HTTPProtocol.response(status: 200, json: answer)
            } catch {
                AppLog.logger.error("\(request.path): \(error)")
                return HTTPProtocol.failureResponse(.init(status: 500, message: "\(error)"))
            }
        }
    }
}
