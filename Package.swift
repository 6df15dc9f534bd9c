// swift-tools-version:6.0
import PackageDescription

/// Strict settings shared by every Swift target (see ../shared/STYLE.md).
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "smsfilter",
    products: [
        .executable(name: "smsfilter", targets: ["smsfilter"]),
        .library(name: "SpamText", targets: ["SpamText"]),
        .library(name: "SpamNN", targets: ["SpamNN"]),
        .library(name: "SpamModel", targets: ["SpamModel"]),
        .library(name: "SpamMail", targets: ["SpamMail"]),
        .library(name: "SpamSenders", targets: ["SpamSenders"]),
        // For the fuzz package (Fuzz/), which can only reach products.
        .library(name: "SpamForecast", targets: ["SpamForecast"]),
        .library(name: "SpamApp", targets: ["SpamApp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The only code that touches ICU's C API; hides ICU's versioned symbol names.
        .target(name: "CICU", linkerSettings: [.linkedLibrary("icuuc")]),
        // System SQLite (libsqlite3-dev).
        .systemLibrary(name: "CSQLite"),

        // Files, stdin, environment and clock: the edges, kept out of the core.
        .target(name: "SpamIO", swiftSettings: strict),
        .target(name: "SpamText", dependencies: ["CICU"], swiftSettings: strict),
        .target(name: "SpamNN", swiftSettings: strict),
        // Who sent it: sender normalization, vCard contacts, the sender list file format. Pure.
        .target(name: "SpamSenders", swiftSettings: strict),
        .target(name: "SpamMarks", swiftSettings: strict),
        .target(name: "SpamMail", dependencies: ["CICU", "SpamText", "SpamSenders"], swiftSettings: strict),
        .target(name: "SpamModel", dependencies: ["SpamIO", "SpamText", "SpamNN"], swiftSettings: strict),
        .target(
            name: "SpamStore", dependencies: ["CSQLite", "SpamIO", "SpamSenders", "SpamMarks"],
            swiftSettings: strict),
        .target(name: "SpamForecast", dependencies: ["SpamNN", "SpamIO", "SpamText"], swiftSettings: strict),
        // Config file, environment and flags → effective settings with their sources.
        .target(
            name: "SpamConfig", dependencies: ["SpamIO", "SpamModel", "SpamStore"], swiftSettings: strict),
        // The retrain flow: store + trainer + model files (sits above both, see STYLE.md).
        .target(
            name: "SpamRetrain", dependencies: ["SpamStore", "SpamModel", "SpamIO", "SpamText"],
            swiftSettings: strict),
        // The application layer every front end uses: settings, model and store resolution, logging,
        // the classify, learn, train, retrain and forecast flows, reports.
        .target(
            name: "SpamApp",
            dependencies: [
                "SpamIO", "SpamText", "SpamMail", "SpamModel", "SpamStore", "SpamConfig", "SpamSenders",
                "SpamMarks", "SpamRetrain",
                "SpamForecast", "SpamNN", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "smsfilter",
            dependencies: [
                "SpamApp", "SpamIO", "SpamText", "SpamMail", "SpamModel", "SpamStore", "SpamConfig",
                "SpamSenders", "SpamForecast",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),

        // Helpers every test target shares (temporary directories, files, the built binary, child
        // processes); used only by test targets.
        .target(name: "SpamTestSupport", path: "Tests/SpamTestSupport", swiftSettings: strict),

        .testTarget(name: "SpamIOTests", dependencies: ["SpamIO"], swiftSettings: strict),
        .testTarget(
            name: "SpamTextTests", dependencies: ["SpamText", "SpamTestSupport"], swiftSettings: strict),
        .testTarget(name: "SpamNNTests", dependencies: ["SpamNN"], swiftSettings: strict),
        .testTarget(
            name: "SpamMailTests", dependencies: ["SpamMail", "SpamTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "SpamSendersTests", dependencies: ["SpamSenders", "SpamTestSupport"], swiftSettings: strict),
        .testTarget(name: "SpamMarksTests", dependencies: ["SpamMarks"], swiftSettings: strict),
        .testTarget(
            name: "SpamModelTests", dependencies: ["SpamModel", "SpamTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "SpamStoreTests",
            dependencies: ["SpamStore", "SpamSenders", "SpamMarks", "SpamTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "SpamRetrainTests", dependencies: ["SpamRetrain", "SpamStore", "SpamTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "SpamForecastTests", dependencies: ["SpamForecast", "SpamTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "SpamConfigTests", dependencies: ["SpamConfig", "SpamTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "SpamAppTests",
            dependencies: [
                "SpamApp", "SpamConfig", "SpamTestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "smsfilter", "SpamApp", "SpamStore", "CSQLite", "SpamTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
