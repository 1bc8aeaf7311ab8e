// swift-tools-version:5.9
// Swift Package Manager manifest of the iOS wrapper: one dependency gives an
// app the Objective-C API (module OPSPresigner, also imported by Swift) and
// the Rust library under it (OSSPresignFFI.xcframework). docs/ios.md has
// the details; bindings/apple/check_package.py checks this file and the
// layout it names by SwiftPM's rules.
//
// On this branch the binary target is the local build of
//     bash bindings/apple/build-xcframework.sh        (macOS with Xcode)
// so the package works from a checkout only. A release commit points it at
// the uploaded zip instead, with
//     python3 bindings/apple/release_package.py pin --zip ZIP --url URL
// which writes `url:` and `checksum:` here; apps then add the package by URL.
import PackageDescription

let package = Package(
    name: "OSSPresign",
    platforms: [.iOS(.v13)],
    products: [
        .library(name: "OPSPresigner", targets: ["OPSPresigner"]),
    ],
    targets: [
        .binaryTarget(
            name: "OSSPresignFFI",
            path: "target/apple/OSSPresignFFI.xcframework"
        ),
        // The wrapper, compiled with the app: public headers in include/
        // (OPSPresigner.h, named after the target, is the umbrella header),
        // private headers and sources beside it, the privacy manifest as a
        // resource (a static library cannot carry one itself).
        .target(
            name: "OPSPresigner",
            dependencies: ["OSSPresignFFI"],
            path: "bindings/apple/OPSPresigner",
            resources: [.copy("PrivacyInfo.xcprivacy")]
        ),
    ]
)
