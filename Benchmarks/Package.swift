// swift-tools-version:6.1
// Micro-benchmarks for smsfilter (package-benchmark). A separate package so that neither
// `swift build` nor `swift test` of the main package pays for it.
//   cd Benchmarks && swift package benchmark
import PackageDescription

let package = Package(
    name: "smsfilter-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "smsfilter", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SMSFilterBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SpamText", package: "smsfilter"),
                .product(name: "SpamNN", package: "smsfilter"),
                .product(name: "SpamModel", package: "smsfilter"),
                .product(name: "SpamMail", package: "smsfilter"),
            ],
            path: "Benchmarks/SMSFilterBenchmarks",
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")])
    ],
    swiftLanguageModes: [.v6]
)
