// swift-tools-version:6.0
import PackageDescription

/// libFuzzer targets for smsfilter (docs/ROBUSTNESS.md, scripts/fuzz.sh). A separate package so the
/// main `swift build` / `swift test` never sees the fuzzer flags. Build with
/// `swift build -c release -Xswiftc -sanitize=fuzzer,address`.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "SMSFilterFuzz",
    dependencies: [.package(name: "smsfilter", path: "..")],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver for the executables' main.swift.
        .target(name: "CFuzzDriver"),
        // The mail targets' oracle: forged fields, the body, the header as an MDA reads it.
        .target(name: "FuzzMailOracle", swiftSettings: strict),
        // Mail reader: header block, MIME text extraction, pass-through writer, mbox split.
        .executableTarget(
            name: "FuzzMail",
            dependencies: [
                "CFuzzDriver", "FuzzMailOracle", .product(name: "SpamMail", package: "smsfilter"),
            ],
            swiftSettings: strict),
        // Header shapes and line endings through the pass-through writer (issue 17, items 3–6).
        .executableTarget(
            name: "FuzzHeaders",
            dependencies: [
                "CFuzzDriver", "FuzzMailOracle", .product(name: "SpamMail", package: "smsfilter"),
            ],
            swiftSettings: strict),
        // Padding before and after text in the tokenizer (issue 17, item 2).
        .executableTarget(
            name: "FuzzPadding",
            dependencies: ["CFuzzDriver", .product(name: "SpamText", package: "smsfilter")],
            swiftSettings: strict),
        // Tokenizer: ICU segmentation, shapes, caps.
        .executableTarget(
            name: "FuzzTokenizer",
            dependencies: ["CFuzzDriver", .product(name: "SpamText", package: "smsfilter")],
            swiftSettings: strict),
        // Model loader: mutated copies of a small valid model, checksum optionally repaired.
        .executableTarget(
            name: "FuzzModel",
            dependencies: [
                "CFuzzDriver", .product(name: "SpamModel", package: "smsfilter"),
                .product(name: "SpamNN", package: "smsfilter"),
                .product(name: "SpamText", package: "smsfilter"),
            ],
            swiftSettings: strict),
        // The spamd protocol of `smsfilter serve`: request heads and the responses to them.
        .executableTarget(
            name: "FuzzSpamd",
            dependencies: [
                "CFuzzDriver", .product(name: "SpamApp", package: "smsfilter"),
                .product(name: "SpamMail", package: "smsfilter"),
            ],
            swiftSettings: strict),
        // The milter protocol of `smsfilter serve --milter`: packets, a session's replies.
        .executableTarget(
            name: "FuzzMilter",
            dependencies: [
                "CFuzzDriver", .product(name: "SpamApp", package: "smsfilter"),
                .product(name: "SpamMail", package: "smsfilter"),
            ],
            swiftSettings: strict),
        // The HTTP API of `smsfilter serve --http`: request heads and the JSON answers.
        .executableTarget(
            name: "FuzzHTTP",
            dependencies: [
                "CFuzzDriver", .product(name: "SpamApp", package: "smsfilter"),
                .product(name: "SpamMail", package: "smsfilter"),
            ],
            swiftSettings: strict),
        // Forecast CSV reader and resampler.
        .executableTarget(
            name: "FuzzCSV",
            dependencies: ["CFuzzDriver", .product(name: "SpamForecast", package: "smsfilter")],
            swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
