import SpamStore

/// spamd's protocol (`SpamdProtocol`) as `FilterServer` speaks it, so that `spamc`, Exim and the
/// other clients of SpamAssassin's spamd use smsfilter unchanged. A connection carries one
/// request (spamd closes after the answer).
public struct SpamdFrontEnd: FrontEnd {
    /// `--allow-tell`: TELL requests mark messages in the store (`smsfilter learn`'s marks). Off
    /// by default, as in spamd: whoever can reach the socket could otherwise teach the filter.
    public var allowsTell: Bool
    public var name: String { "spamd" }
    public var teaches: Bool { allowsTell }
    /// A client that stalls is dropped after this; spamc sends its request at once.
    public var idleTimeoutSeconds: Int { 30 }

    public init(allowsTell: Bool = false) { self.allowsTell = allowsTell }

    public func serve(_ connection: Connection, worker: inout FilterWorker) {
        connection.send(answer(connection, worker: &worker))
    }

    /// Reads one request from `connection` and makes its response.
    func answer(_ connection: Connection, worker: inout FilterWorker) -> [UInt8] {
        guard let (buffer, headEnd) = connection.receiveHead(limit: SpamdProtocol.maxHeadBytes) else {
            return SpamdProtocol.failureResponse(
                .init(code: 76, message: "request ended early or head too long"))
        }
        let request: SpamdProtocol.Request
        let storePath: String?
        do {
            request = try SpamdProtocol.parse(
                head: buffer[0..<headEnd], maxBody: worker.maxRequestBody)
        } catch {
            return SpamdProtocol.failureResponse(error)
        }
        do {
            // spamc sends the user it runs as, or `-u NAME`.
            storePath = try worker.storePath(forUser: request.headers["user"])
        } catch {
            return SpamdProtocol.failureResponse(.init(code: 67, message: error.description))
        }
        switch request.method {
        case .ping: return SpamdProtocol.pong
        case .skip: return []
        case .tell where !allowsTell:
            return SpamdProtocol.failureResponse(
                .init(code: 69, message: "TELL is not allowed (smsfilter serve --allow-tell)"))
        default: break
        }
        var message = Array(buffer[headEnd...])
        let length = request.contentLength ?? 0
        if message.count < length {
            guard let rest = connection.receive(exactly: length - message.count) else {
                return SpamdProtocol.failureResponse(.init(code: 79, message: "message ended early"))
            }
            message += rest
        }
        if message.count > length { message.removeLast(message.count - length) }
        if request.method == .tell {
            return tell(message, request: request, storePath: storePath, worker: worker)
        }
        let judged = worker.judge(message, storePath: storePath, source: "spamd")
        return SpamdProtocol.response(
            to: request.method, outcome: judged.outcome, message: message, spamCutoff: judged.spamCutoff)
    }

    /// A TELL: `Message-class: spam` or `ham` with `Set: local` marks the message as `smsfilter
    /// learn` does (and counts towards its sender's trust); `Remove: local` takes the mark back
    /// (`smsfilter unlearn`). spamd's "remote" databases have no counterpart and are ignored.
    func tell(_ message: [UInt8], request: SpamdProtocol.Request, storePath: String?, worker: FilterWorker)
        -> [UInt8]
    {
        func wants(_ name: String) -> Bool {
            (request.headers[name] ?? "").split(separator: ",").contains {
                $0.filter { $0 != " " && $0 != "\t" } == "local"
            }
        }
        let set = wants("set")
        let remove = wants("remove")
        guard set != remove else {
            return SpamdProtocol.failureResponse(
                .init(code: 64, message: "TELL needs one of Set: local and Remove: local"))
        }
        let label = request.headers["message-class"].flatMap { FeedbackLabel(rawValue: $0) }
        if set && label == nil {
            return SpamdProtocol.failureResponse(
                .init(code: 64, message: "TELL needs Message-class: spam or ham"))
        }
        do {
            try worker.teach(message, label: set ? label : nil, storePath: storePath, source: "spamd")
        } catch {
            AppLog.logger.error("TELL: \(error)")
            return SpamdProtocol.failureResponse(.init(code: 70, message: "\(error)"))
        }
        return SpamdProtocol.response(code: 0, headers: [set ? ("DidSet", "local") : ("DidRemove", "local")])
    }
}
