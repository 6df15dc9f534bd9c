import SpamIO
import SpamStore

/// Every command's question to the store: which model file is active? Fails softly: any
/// store problem means "use the default model", with a warning on stderr.
public enum StoreActiveModel {
    /// The active model's file and registry id, or nil (no store, no registered model, or a
    /// store that cannot be read).
    public static func lookup(storePath: String?) -> (path: String, id: Int64)? {
        let path = StoreLocation.resolve(explicit: storePath)
        // The pointer file beside the store answers without opening SQLite (the delivery path).
        let active: ActiveModel
        if let pointed = ActiveModelPointer(storePath: path).read() {
            active = pointed
        } else {
            // No pointer: a store written by an older smsfilter. Opening it for writing upgrades it
            // and writes the pointer, so this happens once; a store we cannot write is only read.
            guard FileIO.exists(path) else { return nil }
            do {
                let store: any StoreBackend
                do {
                    store = try StoreBackends.open(path)
                } catch {
                    store = try StoreBackends.open(path, readOnly: true)
                }
                active = try store.activeModel().map { .registered(id: $0.id, path: $0.path) } ?? .none
            } catch {
                AppLog.logger.warning("cannot read the model registry: \(error)")
                return nil
            }
        }
        guard case .registered(let id, let modelPath) = active else { return nil }
        guard FileIO.exists(modelPath) else {
            AppLog.logger.warning("active model file \(modelPath) is missing; using the default model")
            return nil
        }
        return (modelPath, id)
    }
}
