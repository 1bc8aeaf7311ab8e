// swift-tools-version:5.9
// Swift Package Manager manifest of the iOS wrapper: one dependency gives an
// app the Objective-C API (module OPSPresigner, also imported by Swift) and
// the Rust library under it (OSSPresignFFI.xcframework).
//
// Build the XCFramework first, on macOS with Xcode:
//     bash bindings/apple/build-xcframework.sh
// which writes target/apple/OSSPresignFFI.xcframework (and a .zip with its
// checksum). To publish the package, upload that zip with a release and
// replace `path:` below by `url: "<zip URL>", checksum: "<checksum>"`.
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
        .target(
            name: "OPSPresigner",
            dependencies: ["OSSPresignFFI"],
            path: "bindings/apple",
            exclude: ["sample", "tests", "build-xcframework.sh", "module.modulemap"],
            sources: [
                "OPSGetOptions.m",
                "OPSPresignedRequest.m",
                "OPSPresignedURLResult.m",
                "OPSPresigner.m",
                "OPSPresignerConfiguration.m",
                "OPSServiceError.m",
                "OPSSigningKey.m",
                "OPSSupport.m",
                "OPSURLInfo.m",
            ],
            resources: [.copy("PrivacyInfo.xcprivacy")],
            // OPSPresigner.h, named after the target, is the module's umbrella
            // header; OPSCompat.h and OPSPrivate.h are not part of the module.
            publicHeadersPath: "."
        ),
    ]
)
