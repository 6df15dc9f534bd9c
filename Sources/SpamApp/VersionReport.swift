import SpamModel

/// What `smsfilter --version` prints: the program's version, the id of the model classify would
/// use (resolved by the one rule), and the CPU the build's kernels were compiled for.
public enum VersionReport {
    /// Three lines, e.g. `smsfilter 0.1.0` / `model 7f3a… (/usr/share/smsfilter/default.smsmodel)` /
    /// `cpu target x86-64-v3`.
    public static func text(context: AppContext?) -> String {
        let model: String
        do {
            guard let context else { throw ModelResolutionError(description: "configuration unreadable") }
            let path = try context.modelPath()
            let classifier = try SpamClassifier.load(path: path)
            model = "\(classifier.modelID) (\(path))"
        } catch {
            model = "none (\(error))"
        }
        return "smsfilter \(SMSFilterVersion.current)\nmodel \(model)\ncpu target \(cpuTarget)\(kernelTiles)"
    }

    /// The matrix kernels' register tiles, when the Makefile chose wider ones than SSE2's.
    static var kernelTiles: String {
        #if SMSFILTER_AVX512
            return ", AVX-512 kernel tiles"
        #elseif SMSFILTER_WIDE_VECTORS
            return ", AVX2 kernel tiles"
        #else
            return ""
        #endif
    }

    /// The `-target-cpu` the Makefile passed (`CPU=`), as a compilation condition; "unknown" for
    /// a plain `swift build`, which targets the compiler's default.
    public static var cpuTarget: String {
        #if SMSFILTER_CPU_NATIVE
            return "native (the building machine's)"
        #elseif SMSFILTER_CPU_X86_64
            return "x86-64"
        #elseif SMSFILTER_CPU_X86_64_V2
            return "x86-64-v2"
        #elseif SMSFILTER_CPU_X86_64_V3
            return "x86-64-v3"
        #elseif SMSFILTER_CPU_X86_64_V4
            return "x86-64-v4"
        #elseif SMSFILTER_CPU_GENERIC
            return "generic"
        #else
            return "unknown"
        #endif
    }
}
