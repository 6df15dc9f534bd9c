#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Where the tests find the package, its fixtures, the built `smsfilter` and the programs the hook
/// tests drive. One copy for every test target (they used to carry their own).
public enum TestEnvironment {
    /// The package root, found from this file's path (Tests/SpamTestSupport/…).
    public static let packageRoot: String = {
        var path = #filePath
        for _ in 0..<3 {
            if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
        }
        return path
    }()

    /// Tests/Fixtures, with a trailing slash left off.
    public static var fixturesDirectory: String { packageRoot + "/Tests/Fixtures" }

    /// The shared data sets: $SMSFILTER_SHARED, else ../shared next to the package.
    public static let sharedDirectory: String = {
        if let value = getenv("SMSFILTER_SHARED") { return String(cString: value) }
        return packageRoot + "/../shared"
    }()

    /// True when the run is CI (`CI=true`): tests that would skip for missing shared data fail.
    public static var isCI: Bool {
        guard let value = getenv("CI") else { return false }
        return ["1", "true", "yes"].contains(String(cString: value).lowercased())
    }

    /// The sanitizer the tests and the binary were built with (`scripts/sanitizers.sh` sets
    /// SMSFILTER_SANITIZER), or nil. Such a binary reserves terabytes of address space for its
    /// shadow memory and runs several times slower, so tests of an address-space limit or of a
    /// time bound say nothing under it.
    public static var sanitizer: String? {
        getenv("SMSFILTER_SANITIZER").map { String(cString: $0) }
    }

    /// The `smsfilter` built next to the test runner (or `$SMSFILTER_BIN`), or nil. Looking it up
    /// first points every child's per-user directories at a scratch directory (`isolateUserData`).
    public static let smsfilterBinary: String? = {
        isolateUserData()
        if let explicit = getenv("SMSFILTER_BIN") { return String(cString: explicit) }
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let runner = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = runner.lastIndex(of: "/") else { return nil }
        let path = String(runner[..<slash]) + "/smsfilter"
        return access(path, X_OK) == 0 ? path : nil
    }()

    /// The model for tests that need real verdicts: $SMSFILTER_TEST_MODEL, else the bundled
    /// models/default.smsmodel; nil when neither exists.
    public static let model: String? = {
        if let value = getenv("SMSFILTER_TEST_MODEL") {
            let path = String(cString: value)
            if access(path, R_OK) == 0 { return path }
        }
        let bundled = packageRoot + "/models/default.smsmodel"
        return access(bundled, R_OK) == 0 ? bundled : nil
    }()

    /// The full path of a program in the usual system directories, or nil.
    public static func which(_ program: String) -> String? {
        for directory in ["/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin"] {
            let path = directory + "/" + program
            if access(path, X_OK) == 0 { return path }
        }
        return nil
    }

    /// The bytes of Tests/Fixtures/`name` (empty when missing).
    public static func fixture(_ name: String) -> [UInt8] {
        readFile(fixturesDirectory + "/" + name) ?? []
    }

    /// Points the per-user data, configuration and cache directories of every `smsfilter` these
    /// tests start at a scratch directory, once per test process, so that a test that forgets
    /// `--db` can never write into the developer's own store or read their configuration.
    public static func isolateUserData() { _ = userDataIsolated }

    private static let userDataIsolated: Void = {
        let home = TemporaryDirectory("home").path
        setenv("XDG_DATA_HOME", home + "/data", 1)
        setenv("XDG_CONFIG_HOME", home + "/config", 1)
        setenv("XDG_CACHE_HOME", home + "/cache", 1)
        unsetenv("SMSFILTER_DB")
        unsetenv("SMSFILTER_CONFIG")
    }()
}

extension TestEnvironment {
    /// An environment variable of the test process, or nil.
    public static func variable(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
}

extension TestEnvironment {
    /// Whether a test of the shared data sets should run: when ../shared/`folder` exists. The
    /// data is not redistributable and a clean clone (a user's machine, the CI machine) has none
    /// of it, so its absence is a skip, under CI too.
    public static func runsSharedDataTests(needing folder: String) -> Bool {
        access(sharedDirectory + "/" + folder, R_OK) == 0
    }
}
