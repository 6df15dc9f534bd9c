/// How a command prints its data: lines for people, or one JSON document for scripts.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text
    case json
}
