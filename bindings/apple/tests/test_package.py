"""Tests of check_package.py and release_package.py (bindings/apple).

Each rule is shown to catch its violation on a copy of the committed
package (Package.swift, bindings/apple/OPSPresigner, the XCFramework's
staged headers) with one thing planted or changed; the unchanged copy, and
the repository itself, pass. release_package.py pins a copy of the manifest
to a zip, whose checksum must be what coreutils' sha256sum prints. And
build-xcframework.sh --check, where rustup can add no iOS target, skips
them, except with CI=true, where it fails.

    python3 -m unittest discover -s bindings/apple/tests -p 'test_package.py'
"""

import os
import plistlib
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

APPLE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(os.path.dirname(APPLE))
sys.path.insert(0, APPLE)

import check_package  # noqa: E402
import release_package  # noqa: E402

TARGET = os.path.join("bindings", "apple", "OPSPresigner")
INCLUDE = os.path.join(TARGET, "include")


def violations_of(root=None, headers=(), xcframeworks=(), zip_path=None):
    checker = check_package.Checker()
    package = checker.check_package(root or REPO)
    for directory in headers:
        checker.check_headers(directory, "OSSPresignFFI")
    for directory in xcframeworks:
        checker.check_xcframework(directory, "OSSPresignFFI")
    if zip_path is not None and package is not None:
        checker.check_zip(zip_path, package)
    return checker.violations


class PackageCopy(unittest.TestCase):
    """A fresh copy of the package for each test, in a temporary directory."""

    @classmethod
    def setUpClass(cls):
        cls.staged = tempfile.mkdtemp(prefix="ops-headers-")
        subprocess.run(["bash", os.path.join(APPLE, "build-xcframework.sh"), "--headers",
                        os.path.join(cls.staged, "Headers")], check=True, stdout=subprocess.DEVNULL)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.staged)

    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="ops-package-")
        shutil.copy(os.path.join(REPO, "Package.swift"), self.root)
        shutil.copytree(os.path.join(REPO, TARGET), os.path.join(self.root, TARGET))
        shutil.copytree(os.path.join(APPLE, "OSSPresignFFI"),
                        os.path.join(self.root, "bindings", "apple", "OSSPresignFFI"))
        self.headers = os.path.join(self.root, "Headers")
        shutil.copytree(os.path.join(self.staged, "Headers"), self.headers)

    def tearDown(self):
        shutil.rmtree(self.root)

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def write(self, relative, text=""):
        os.makedirs(os.path.dirname(self.path(relative)), exist_ok=True)
        with open(self.path(relative), "w", encoding="utf-8") as handle:
            handle.write(text)

    def edit_manifest(self, old, new):
        with open(self.path("Package.swift"), encoding="utf-8") as handle:
            text = handle.read()
        self.assertIn(old, text)
        with open(self.path("Package.swift"), "w", encoding="utf-8") as handle:
            handle.write(text.replace(old, new, 1))

    def assertViolation(self, fragment, **kwargs):
        found = violations_of(self.root, **kwargs)
        self.assertTrue(any(fragment in v for v in found),
                        "no violation containing %r in %r" % (fragment, found))

    def assertClean(self, **kwargs):
        self.assertEqual(violations_of(self.root, **kwargs), [])

    def make_xcframework(self):
        framework = self.path("OSSPresignFFI.xcframework")
        libraries = []
        for identifier in ("ios-arm64", "ios-arm64_x86_64-simulator"):
            os.makedirs(os.path.join(framework, identifier))
            shutil.copytree(self.headers, os.path.join(framework, identifier, "Headers"))
            self.write(os.path.join("OSSPresignFFI.xcframework", identifier, "liboss_presign.a"), "!<arch>\n")
            libraries.append({"LibraryIdentifier": identifier, "LibraryPath": "liboss_presign.a",
                              "HeadersPath": "Headers", "SupportedPlatform": "ios"})
        with open(os.path.join(framework, "Info.plist"), "wb") as handle:
            plistlib.dump({"AvailableLibraries": libraries, "CFBundlePackageType": "XFWK",
                           "XCFrameworkFormatVersion": "1.0"}, handle)
        return framework


class CommittedLayout(PackageCopy):
    def test_repository_passes(self):
        self.assertEqual(violations_of(REPO, headers=[self.headers]), [])

    def test_copy_passes(self):
        self.assertClean(headers=[self.headers])

    def test_generated_module_map_is_swiftpms(self):
        checker = check_package.Checker()
        checker.check_package(self.root)
        umbrella = os.path.join(os.path.realpath(self.root), INCLUDE, "OPSPresigner.h")
        self.assertEqual(checker.generated["OPSPresigner"],
                         'module OPSPresigner {\n    umbrella header "%s"\n    export *\n}\n' % umbrella)


class ModuleMapRules(PackageCopy):
    def test_ffi_module_map_in_public_headers(self):
        shutil.copy(self.path("bindings", "apple", "OSSPresignFFI", "module.modulemap"), self.path(INCLUDE))
        self.assertViolation("declares OSSPresignFFI, not module OPSPresigner")

    def test_exclude_does_not_hide_a_module_map(self):
        shutil.copy(self.path("bindings", "apple", "OSSPresignFFI", "module.modulemap"), self.path(INCLUDE))
        self.edit_manifest('path: "bindings/apple/OPSPresigner",',
                           'path: "bindings/apple/OPSPresigner",\n            exclude: ["include/module.modulemap"],')
        self.assertViolation("whatever exclude: says")

    def test_custom_module_map_of_the_target_is_accepted(self):
        self.write(os.path.join(INCLUDE, "module.modulemap"),
                   'module OPSPresigner {\n    umbrella header "OPSPresigner.h"\n    export *\n}\n')
        self.assertClean()

    def test_directory_beside_the_umbrella_header(self):
        os.makedirs(self.path(INCLUDE, "sample"))
        self.assertViolation("directories exist next to it")

    def test_nested_umbrella_header(self):
        nested = self.path(INCLUDE, "OPSPresigner")
        os.makedirs(nested)
        for name in os.listdir(self.path(INCLUDE)):
            if name.endswith(".h"):
                shutil.move(self.path(INCLUDE, name), nested)
        self.assertClean()
        self.write(os.path.join(INCLUDE, "OPSExtra.h"))
        self.assertViolation("additional header files exist")
        os.remove(self.path(INCLUDE, "OPSExtra.h"))
        os.makedirs(self.path(INCLUDE, "tests"))
        self.assertViolation("more than one directory exists next to its parent directory")

    def test_umbrella_named_after_the_target_not_the_module(self):
        self.edit_manifest('name: "OPSPresigner",\n            dependencies',
                           'name: "OPS-Presigner",\n            dependencies')
        self.edit_manifest('targets: ["OPSPresigner"]', 'targets: ["OPS-Presigner"]')
        shutil.move(self.path(INCLUDE, "OPSPresigner.h"), self.path(INCLUDE, "OPS-Presigner.h"))
        self.assertViolation("should be renamed to")

    def test_umbrella_directory_holding_more_than_headers(self):
        os.remove(self.path(INCLUDE, "OPSPresigner.h"))
        self.assertClean()
        self.write(os.path.join(INCLUDE, "README.txt"))
        self.assertViolation("holds more than headers")

    def test_layout_before_the_move(self):
        """The layout this package had: the target at bindings/apple with
        publicHeadersPath ".", the FFI's module map, sample/ and tests/."""
        old = self.path("bindings", "apple")
        for name in os.listdir(self.path(INCLUDE)):
            shutil.move(self.path(INCLUDE, name), old)
        for name in os.listdir(self.path(TARGET)):
            if name != "include":
                shutil.move(self.path(TARGET, name), old)
        shutil.rmtree(self.path(TARGET))
        shutil.move(self.path("bindings", "apple", "OSSPresignFFI", "module.modulemap"), old)
        shutil.rmtree(self.path("bindings", "apple", "OSSPresignFFI"))
        os.makedirs(os.path.join(old, "sample"))
        os.makedirs(os.path.join(old, "tests"))
        self.edit_manifest('path: "bindings/apple/OPSPresigner",',
                           'path: "bindings/apple",\n            exclude: ["sample", "tests", "module.modulemap"],')
        self.edit_manifest('resources: [.copy("PrivacyInfo.xcprivacy")]',
                           'resources: [.copy("PrivacyInfo.xcprivacy")],\n            publicHeadersPath: "."')
        self.assertViolation("declares OSSPresignFFI, not module OPSPresigner")


class TargetRules(PackageCopy):
    def test_public_headers_outside_the_target(self):
        self.edit_manifest('resources: [.copy("PrivacyInfo.xcprivacy")]',
                           'resources: [.copy("PrivacyInfo.xcprivacy")],\n            publicHeadersPath: "../include"')
        self.assertViolation("is invalid or not contained in the target")

    def test_library_without_public_headers(self):
        shutil.rmtree(self.path(INCLUDE))
        self.assertViolation("no public headers directory")

    def test_unhandled_file(self):
        self.write(os.path.join(TARGET, "README.md"), "notes\n")
        self.assertViolation("which are unhandled")

    def test_hidden_files_are_ignored(self):
        self.write(os.path.join(TARGET, ".DS_Store"))
        self.assertClean()

    def test_declared_sources_leave_the_others_unhandled(self):
        self.edit_manifest('path: "bindings/apple/OPSPresigner",',
                           'path: "bindings/apple/OPSPresigner",\n            sources: ["OPSPresigner.m"],')
        self.assertViolation("OPSGetOptions.m")

    def test_declared_resource_missing(self):
        os.remove(self.path(TARGET, "PrivacyInfo.xcprivacy"))
        self.assertViolation("resource 'PrivacyInfo.xcprivacy' not found")

    def test_undeclared_privacy_manifest_is_unhandled_before_tools_6(self):
        self.edit_manifest(',\n            resources: [.copy("PrivacyInfo.xcprivacy")]', "")
        self.assertViolation("PrivacyInfo.xcprivacy")

    def test_swift_mixed_with_objective_c(self):
        self.write(os.path.join(TARGET, "Extras.swift"), "let x = 1\n")
        self.assertViolation("mixed Swift and C-family sources")

    def test_target_outside_the_package(self):
        self.edit_manifest('path: "bindings/apple/OPSPresigner"', 'path: "../OPSPresigner"')
        self.assertViolation("outside the package root")

    def test_missing_target_directory(self):
        self.edit_manifest('path: "bindings/apple/OPSPresigner"', 'path: "bindings/apple/Missing"')
        self.assertViolation("invalid custom path")


class ManifestRules(PackageCopy):
    def test_tools_version_on_the_first_line(self):
        with open(self.path("Package.swift"), encoding="utf-8") as handle:
            text = handle.read()
        with open(self.path("Package.swift"), "w", encoding="utf-8") as handle:
            handle.write("// The manifest\n" + text)
        self.assertViolation("swift-tools-version")

    def test_product_of_an_unknown_target(self):
        self.edit_manifest('targets: ["OPSPresigner"]', 'targets: ["OPSPresign"]')
        self.assertViolation("referenced in product 'OPSPresigner' could not be found")

    def test_duplicate_target(self):
        self.edit_manifest('        .target(\n', '        .target(name: "OSSPresignFFI"),\n        .target(\n')
        self.assertViolation("duplicate target named 'OSSPresignFFI'")

    def test_unknown_dependency(self):
        self.edit_manifest('dependencies: ["OSSPresignFFI"]', 'dependencies: ["OSSPresignFFi"]')
        self.assertViolation("depends on unknown target 'OSSPresignFFi'")

    def test_binary_targets(self):
        local = 'path: "target/apple/OSSPresignFFI.xcframework"'
        checksum = "a" * 64
        cases = [
            ('path: "/opt/OSSPresignFFI.xcframework"', "expected relative to the package root"),
            ('path: "target/apple/liboss_presign.a"', "unsupported extension"),
            ('url: "http://example.com/OSSPresignFFI.xcframework.zip", checksum: "%s"' % checksum,
             "invalid URL scheme 'http'"),
            ('url: "https://example.com/OSSPresignFFI.tar.gz", checksum: "%s"' % checksum,
             "unsupported extension"),
            ('url: "https://example.com/OSSPresignFFI.xcframework.zip", checksum: "%s"' % ("A" * 64),
             "is not the lowercase SHA-256 hex"),
            ('url: "https://example.com/OSSPresignFFI.xcframework.zip", checksum: "abc"',
             "is not the lowercase SHA-256 hex"),
            ('url: "https://example.com/OSSPresignFFI.xcframework.zip"', "url: needs checksum:"),
            ('path: "x.xcframework", url: "https://example.com/a.zip", checksum: "%s"' % checksum,
             "needs either path: or url:"),
        ]
        for replacement, fragment in cases:
            with self.subTest(replacement=replacement):
                self.edit_manifest(local, replacement)
                self.assertViolation(fragment)
                self.edit_manifest(replacement, local)
        self.edit_manifest(local, 'url: "https://example.com/v1/OSSPresignFFI.xcframework.zip", '
                                  'checksum: "%s"' % checksum)
        self.assertClean()


class PrivacyManifestRules(PackageCopy):
    def edit_privacy(self, change):
        path = self.path(TARGET, "PrivacyInfo.xcprivacy")
        with open(path, "rb") as handle:
            manifest = plistlib.load(handle)
        change(manifest)
        with open(path, "wb") as handle:
            plistlib.dump(manifest, handle)

    def test_unknown_key(self):
        self.edit_privacy(lambda m: m.__setitem__("NSPrivacyTrackingEnabled", False))
        self.assertViolation("unexpected key NSPrivacyTrackingEnabled")

    def test_category_without_reasons(self):
        self.edit_privacy(lambda m: m["NSPrivacyAccessedAPITypes"][0].__setitem__(
            "NSPrivacyAccessedAPITypeReasons", []))
        self.assertViolation("needs reasons")

    def test_not_a_property_list(self):
        self.write(os.path.join(TARGET, "PrivacyInfo.xcprivacy"), "<plist><dict>")
        self.assertViolation("not a property list")


class XCFrameworkHeaderRules(PackageCopy):
    def test_module_map_at_the_top_of_headers(self):
        """The layout that makes two XCFrameworks collide in include/."""
        shutil.move(os.path.join(self.headers, "OSSPresignFFI", "module.modulemap"), self.headers)
        self.assertViolation("must hold only the directory OSSPresignFFI/", headers=[self.headers])

    def test_another_file_at_the_top(self):
        self.write(os.path.join("Headers", "oss_presign.h"))
        self.assertViolation("must hold only the directory OSSPresignFFI/", headers=[self.headers])

    def test_module_map_of_another_module(self):
        self.write(os.path.join("Headers", "OSSPresignFFI", "module.modulemap"),
                   'module OSSPresign {\n    header "oss_presign.h"\n}\n')
        self.assertViolation("not module OSSPresignFFI", headers=[self.headers])

    def test_header_the_module_map_names_is_missing(self):
        os.remove(os.path.join(self.headers, "OSSPresignFFI", "oss_presign.h"))
        self.assertViolation("names header oss_presign.h", headers=[self.headers])

    def test_xcframework_slices(self):
        framework = self.make_xcframework()
        self.assertClean(xcframeworks=[framework])
        shutil.move(os.path.join(framework, "ios-arm64", "Headers", "OSSPresignFFI", "module.modulemap"),
                    os.path.join(framework, "ios-arm64", "Headers"))
        self.assertViolation("ios-arm64/Headers: must hold only", xcframeworks=[framework])


class Release(PackageCopy):
    URL = "https://example.com/releases/download/v0.1.0/OSSPresignFFI.xcframework.zip"

    def make_zip(self):
        framework = self.make_xcframework()
        archive = self.path("OSSPresignFFI.xcframework.zip")
        with zipfile.ZipFile(archive, "w") as handle:
            for directory, _, files in os.walk(framework):
                for name in files:
                    path = os.path.join(directory, name)
                    handle.write(path, os.path.relpath(path, self.root))
        return archive

    def test_checksum_is_sha256sum(self):
        archive = self.make_zip()
        sha256sum = subprocess.run(["sha256sum", archive], check=True, capture_output=True,
                                   text=True).stdout.split()[0]
        self.assertEqual(release_package.checksum(archive), sha256sum)

    def test_pinned_manifest_passes_and_matches_the_zip(self):
        archive = self.make_zip()
        manifest = self.path("Package.swift")
        self.assertEqual(release_package.main(["pin", "--zip", archive, "--url", self.URL,
                                               "--manifest", manifest]), 0)
        with open(manifest, encoding="utf-8") as handle:
            text = handle.read()
        self.assertIn('url: "%s"' % self.URL, text)
        self.assertNotIn("target/apple/OSSPresignFFI.xcframework", text)
        self.assertClean(zip_path=archive)
        # Pinned again to another build, it follows.
        with zipfile.ZipFile(archive, "a") as handle:
            handle.writestr("OSSPresignFFI.xcframework/ios-arm64/NOTES", "rebuilt\n")
        self.assertViolation("is not the manifest's checksum", zip_path=archive)
        self.assertEqual(release_package.main(["pin", "--zip", archive, "--url", self.URL,
                                               "--manifest", manifest]), 0)
        self.assertClean(zip_path=archive)

    def test_zip_without_the_xcframework(self):
        archive = self.path("other.zip")
        with zipfile.ZipFile(archive, "w") as handle:
            handle.writestr("liboss_presign.a", "!<arch>\n")
        self.assertViolation("no OSSPresignFFI.xcframework/Info.plist", zip_path=archive)

    def test_pin_refuses_what_swiftpm_would(self):
        archive = self.make_zip()
        for url in ("http://example.com/a.zip", "https://example.com/a.tar.gz"):
            with self.subTest(url=url):
                self.assertEqual(release_package.main(["pin", "--zip", archive, "--url", url,
                                                       "--manifest", self.path("Package.swift")]), 2)
        self.assertClean()

    def test_pin_into_another_file(self):
        archive = self.make_zip()
        output = self.path("Package.release.swift")
        self.assertEqual(release_package.main(["pin", "--zip", archive, "--url", self.URL,
                                               "--manifest", self.path("Package.swift"),
                                               "--output", output]), 0)
        self.assertClean()  # the original is left as it was
        shutil.move(output, self.path("Package.swift"))
        self.assertClean(zip_path=archive)


class MissingTargets(unittest.TestCase):
    """build-xcframework.sh --check with a rustup that has no iOS target
    and cannot add one (a stand-in first on PATH); with nightly_src, its
    nightly toolchain has rust-src, and a stand-in cargo records how it is
    asked to build (then fails, ending the script)."""

    def run_check(self, ci, nightly_src=False):
        with tempfile.TemporaryDirectory(prefix="ops-rustup-") as bin_dir:
            rustup = os.path.join(bin_dir, "rustup")
            log = os.path.join(bin_dir, "cargo.log")
            with open(rustup, "w", encoding="utf-8") as handle:
                handle.write('#!/bin/sh\n[ "$1 $2" = "target list" ] && exit 0\n')
                if nightly_src:
                    handle.write('[ "$1 $2 $3" = "run nightly rustc" ] && exit 0\n'
                                 '[ "$1 $2" = "component list" ] && echo "rust-src" && exit 0\n')
                handle.write('echo "error: component download failed" >&2\nexit 1\n')
            os.chmod(rustup, 0o755)
            if nightly_src:
                cargo = os.path.join(bin_dir, "cargo")
                with open(cargo, "w", encoding="utf-8") as handle:
                    handle.write('#!/bin/sh\necho "$*" >>"%s"\nexit 3\n' % log)
                os.chmod(cargo, 0o755)
            environment = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"])
            environment.pop("CI", None)
            if ci:
                environment["CI"] = "true"
            result = subprocess.run(["bash", os.path.join(APPLE, "build-xcframework.sh"), "--check"],
                                    env=environment, capture_output=True, text=True)
            result.cargo_calls = open(log, encoding="utf-8").read() if os.path.exists(log) else ""
            return result

    def test_skipped_outside_ci(self):
        result = self.run_check(ci=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        for target in ("aarch64-apple-ios", "aarch64-apple-ios-sim", "x86_64-apple-ios"):
            self.assertIn("SKIPPED %s:" % target, result.stdout)
        self.assertIn("built: none", result.stdout)

    def test_fails_in_ci(self):
        result = self.run_check(ci=True)
        self.assertEqual(result.returncode, 1)
        self.assertIn("aarch64-apple-ios: no Rust standard library (rustup target add failed) and no "
                      "nightly with rust-src for -Zbuild-std (CI=true", result.stderr)
        self.assertNotIn("SKIPPED", result.stdout)

    def test_std_compiled_from_source_when_rustup_has_none(self):
        result = self.run_check(ci=True, nightly_src=True)
        self.assertNotEqual(result.returncode, 0)
        self.assertNotIn("SKIPPED", result.stdout)
        self.assertIn("+nightly rustc -Zbuild-std=std,panic_unwind --quiet --lib --crate-type staticlib "
                      "--target aarch64-apple-ios", result.cargo_calls)


if __name__ == "__main__":
    unittest.main()
