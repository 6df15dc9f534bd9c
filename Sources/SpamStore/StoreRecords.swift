/// The two classes a user can teach.
public enum FeedbackLabel: String, Sendable, CaseIterable, Comparable {
    case spam
    case ham

    public static func < (a: FeedbackLabel, b: FeedbackLabel) -> Bool { a.rawValue < b.rawValue }
}

/// One message a user marked.
public struct FeedbackRecord: Sendable, Equatable {
    public var digest: String
    public var text: String
    public var label: FeedbackLabel
    public var source: String
    public var created: Double
    public var updated: Double
    /// A mail's text (subject and body) rather than an SMS.
    public var isMail: Bool

    public init(
        digest: String, text: String, label: FeedbackLabel, source: String, created: Double, updated: Double,
        isMail: Bool = false
    ) {
        self.digest = digest
        self.text = text
        self.label = label
        self.source = source
        self.created = created
        self.updated = updated
        self.isMail = isMail
    }
}

/// What `learn` did with one message.
public enum LearnOutcome: Sendable, Equatable {
    case added
    case relabeled(from: FeedbackLabel)
    case unchanged
}

/// One classified message in the log: no text, only its digest.
public struct ClassificationEntry: Sendable, Equatable {
    public var time: Double
    public var digest: String
    public var verdict: String
    public var score: Double
    public var modelID: String?

    public init(time: Double, digest: String, verdict: String, score: Double, modelID: String?) {
        self.time = time
        self.digest = digest
        self.verdict = verdict
        self.score = score
        self.modelID = modelID
    }
}

/// How a model did on a validation set.
public struct ValidationMetrics: Sendable, Equatable {
    /// Matthews correlation coefficient, −1…1.
    public var mcc: Double
    /// Fraction of ham classified as spam.
    public var hamFalsePositiveRate: Double
    /// Fraction of spam caught.
    public var spamRecall: Double
    public var accuracy: Double
    /// Messages in the validation set.
    public var count: Int

    public init(mcc: Double, hamFalsePositiveRate: Double, spamRecall: Double, accuracy: Double, count: Int) {
        self.mcc = mcc
        self.hamFalsePositiveRate = hamFalsePositiveRate
        self.spamRecall = spamRecall
        self.accuracy = accuracy
        self.count = count
    }
}

/// Where a registered model stands.
public enum ModelStatus: String, Sendable, CaseIterable {
    /// Trained, not yet judged.
    case candidate
    /// The model classification uses.
    case active
    /// Failed the validation gate; kept with the reason.
    case rejected
    /// Was active once; a rollback target.
    case retired
}

/// One model file known to the registry.
public struct ModelRecord: Sendable, Equatable {
    public var id: Int64
    public var path: String
    public var created: Double
    /// SHA-256 over the training data, to tell whether anything changed since.
    public var trainingDigest: String
    public var trainingSize: Int
    public var metrics: ValidationMetrics?
    public var status: ModelStatus
    public var reason: String
    public var activated: Double?

    public init(
        id: Int64 = 0, path: String, created: Double, trainingDigest: String, trainingSize: Int,
        metrics: ValidationMetrics?, status: ModelStatus, reason: String = "", activated: Double? = nil
    ) {
        self.id = id
        self.path = path
        self.created = created
        self.trainingDigest = trainingDigest
        self.trainingSize = trainingSize
        self.metrics = metrics
        self.status = status
        self.reason = reason
        self.activated = activated
    }
}

/// One forecast point with its interval.
public struct ForecastRecord: Sendable, Equatable {
    public var created: Double
    public var target: String
    public var timestamp: Double
    public var value: Double
    public var lower: Double?
    public var upper: Double?

    public init(
        created: Double, target: String, timestamp: Double, value: Double, lower: Double?, upper: Double?
    ) {
        self.created = created
        self.target = target
        self.timestamp = timestamp
        self.value = value
        self.lower = lower
        self.upper = upper
    }
}
