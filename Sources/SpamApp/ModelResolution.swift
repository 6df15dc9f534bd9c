import SpamModel

/// The one rule that picks the model: `--model`, else `$SMSFILTER_MODEL`, else config `model`
/// (those three are `configured`, already ranked by `EffectiveConfiguration`), else the store's
/// active model (set by `retrain`, `models activate|rollback`), else the bundled default model.
/// classify, evaluate, models show, bench and retrain's baseline all use it.
public enum ModelResolution {
    /// The model file to load, or an error saying how to name one.
    public static func path(configured: String?, storePath: String?) throws(ModelResolutionError) -> String {
        if let configured { return configured }
        if let active = StoreActiveModel.lookup(storePath: storePath) { return active.path }
        if let bundled = ModelLocator.defaultModelPath() { return bundled }
        throw ModelResolutionError(
            description:
                "no model found: pass --model PATH, set SMSFILTER_MODEL or `model` in the config file, "
                + "or install the default model (searched: "
                + ModelLocator.candidatePaths().joined(separator: ", ") + ")")
    }
}

/// No model could be found by any rule.
public struct ModelResolutionError: Error, CustomStringConvertible, Sendable {
    public let description: String
}
