import SpamIO
import SpamModel
public import SpamStore

/// What `activate` and `rollback` check before a model becomes active: its file loads (framing,
/// sizes, checksum, finite weights). A corrupt file made active once turned every delivery into
/// `Error … checksum mismatch`, passed through unfiltered.
public enum ModelCheck {
    public static func loads(_ model: ModelRecord) throws {
        do {
            _ = try SpamClassifier.load(path: model.path, inMemory: true)
        } catch {
            throw ModelCheckError(
                description: "model #\(model.id) cannot be used (\(error)); the active model stays")
        }
    }
}

public struct ModelCheckError: Error, CustomStringConvertible {
    public var description: String
}

/// `models activate` and `models rollback`: the registry's pointer moved, after `ModelCheck`.
public enum ModelActivation {
    public static func activate(id: Int64, storePath: String) throws -> String {
        let model = try StoreBackends.open(storePath).activate(
            id: id, at: ProcessInfoLite.now(), reason: "activated by hand", verify: ModelCheck.loads)
        return "active model: #\(id) \(model.path)"
    }

    public static func rollback(storePath: String) throws -> String {
        let model = try StoreBackends.open(storePath).rollback(
            at: ProcessInfoLite.now(), verify: ModelCheck.loads)
        return "active model: #\(model.id) \(model.path)"
    }
}
