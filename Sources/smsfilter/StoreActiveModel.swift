import SpamIO
import SpamStore

/// The classify command's question to the store: which model file is active? Fails softly: any
/// store problem means "use the default model", with a warning on stderr.
enum StoreActiveModel {
    /// The active model's file and registry id, or nil (no store, no registered model, or a
    /// store that cannot be read).
    static func lookup(storePath: String?) -> (path: String, id: Int64)? {
        let path = StoreLocation.resolve(explicit: storePath)
        guard FileIO.exists(path) else { return nil }
        do {
            guard let model = try FeedbackStore(path: path, readOnly: true).activeModel() else { return nil }
            guard FileIO.exists(model.path) else {
                ProcessInfoLite.printError("smsfilter: warning: active model file \(model.path) is missing; using the default model")
                return nil
            }
            return (model.path, model.id)
        } catch {
            ProcessInfoLite.printError("smsfilter: warning: cannot read the model registry: \(error)")
            return nil
        }
    }
}
