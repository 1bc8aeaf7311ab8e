"""check_gradle.py passes the committed layout and catches each rule broken.

    python3 -m unittest discover -s bindings/android/src/test/gradle -p 'test_*.py'

Each test copies the committed files into a temporary tree, breaks one rule
the way a real edit would, and expects that rule's name in the report.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

MODULE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
REPO = os.path.abspath(os.path.join(MODULE, "..", ".."))
sys.path.insert(0, MODULE)
import check_gradle  # noqa: E402

FILES = [
    "build.gradle.kts", "build-android.sh", "consumer-rules.pro", ".gitignore",
    "src/main/AndroidManifest.xml", "sample/settings.gradle.kts", "sample/build.gradle.kts",
    "sample/app/build.gradle.kts", "sample/app/src/main/AndroidManifest.xml",
]


class CheckGradleTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="check-gradle-")
        self.module = os.path.join(self.tmp, "bindings", "android")
        for rel in FILES:
            os.makedirs(os.path.dirname(os.path.join(self.module, rel)), exist_ok=True)
            shutil.copy(os.path.join(MODULE, rel), os.path.join(self.module, rel))
        shutil.copy(os.path.join(REPO, "Cargo.toml"), os.path.join(self.tmp, "Cargo.toml"))

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def edit(self, rel, old, new):
        path = os.path.join(self.module, rel)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.assertIn(old, text, f"{rel} no longer holds {old!r}: update this test")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(old, new, 1))

    def problems(self):
        checker = check_gradle.Checker(self.module)
        checker.run()
        return checker.problems

    def assertBroken(self, rule):
        problems = self.problems()
        self.assertTrue(any(p.startswith(rule + ":") for p in problems), f"{rule} not reported: {problems}")

    def test_the_committed_layout_passes(self):
        self.assertEqual([], self.problems())

    def test_a_version_in_the_module(self):
        self.edit("build.gradle.kts", 'id("com.android.library")\n', 'id("com.android.library") version "8.7.3"\n')
        self.assertBroken("module-plugin-version")

    def test_a_version_in_the_app_module(self):
        self.edit("sample/app/build.gradle.kts", 'id("com.android.application")\n',
                  'id("com.android.application") version "8.7.3"\n')
        self.assertBroken("module-plugin-version")

    def test_a_versioned_third_party_plugin_in_the_module(self):
        self.edit("build.gradle.kts", "    `maven-publish`\n",
                  '    `maven-publish`\n    id("org.jetbrains.kotlin.android") version "2.1.0"\n')
        self.assertBroken("module-plugins-only-core")

    def test_no_version_at_the_root(self):
        self.edit("sample/build.gradle.kts", 'id("com.android.library") version "8.7.3" apply false',
                  'id("com.android.library") apply false')
        self.assertBroken("root-declares-version")

    def test_two_agp_versions_at_the_root(self):
        self.edit("sample/build.gradle.kts", 'id("com.android.library") version "8.7.3"',
                  'id("com.android.library") version "8.6.0"')
        self.assertBroken("root-declares-version")

    def test_root_plugin_applied(self):
        self.edit("sample/build.gradle.kts", 'id("com.android.library") version "8.7.3" apply false',
                  'id("com.android.library") version "8.7.3"')
        self.assertBroken("root-declares-version")

    def test_library_included_from_elsewhere(self):
        self.edit("sample/settings.gradle.kts", 'projectDir = file("..")', 'projectDir = file("../library")')
        self.assertBroken("settings-include")

    def test_included_module_without_build_file(self):
        os.remove(os.path.join(self.module, "sample/app/build.gradle.kts"))
        self.assertBroken("settings-include")

    def test_no_namespace(self):
        self.edit("build.gradle.kts", '    namespace = "org.osspresign"\n', "")
        self.assertBroken("namespace")

    def test_package_attribute_in_the_manifest(self):
        self.edit("src/main/AndroidManifest.xml", "<manifest ", '<manifest package="org.osspresign" ')
        self.assertBroken("namespace")

    def test_app_with_the_library_namespace(self):
        self.edit("sample/app/build.gradle.kts", 'namespace = "org.osspresign.sample"', 'namespace = "org.osspresign"')
        self.assertBroken("namespace")

    def test_another_min_sdk(self):
        self.edit("build.gradle.kts", "val minApi = 21", "val minApi = 24")
        self.assertBroken("min-sdk")

    def test_native_build_for_another_api(self):
        self.edit("build-android.sh", 'API="${ANDROID_API:-21}"', 'API="${ANDROID_API:-23}"')
        self.assertBroken("min-sdk")

    def test_app_below_the_library_min_sdk(self):
        self.edit("sample/app/build.gradle.kts", "minSdk = 21", "minSdk = 19")
        self.assertBroken("min-sdk")

    def test_application_id_in_the_library(self):
        self.edit("build.gradle.kts", "        minSdk = minApi\n",
                  '        minSdk = minApi\n        applicationId = "org.osspresign"\n')
        self.assertBroken("library-no-application-id")

    def test_no_ndk_version(self):
        self.edit("build.gradle.kts", '    ndkVersion = "27.2.12479018"\n', "")
        self.assertBroken("ndk-version")

    def test_prebuild_not_wired(self):
        self.edit("build.gradle.kts", 'tasks.named("preBuild") {\n    dependsOn(buildNativeLibraries)\n}\n', "")
        self.assertBroken("native-build")

    def test_merge_jnilibs_not_wired(self):
        self.edit("build.gradle.kts", '        dependsOn(buildNativeLibraries)\n    }\n}\ntasks.named<Delete>',
                  '    }\n}\ntasks.named<Delete>')
        self.assertBroken("native-build")

    def test_native_build_task_running_something_else(self):
        self.edit("build.gradle.kts", 'listOf("bash", "build-android.sh")', 'listOf("bash", "other.sh")')
        self.assertBroken("native-build")

    def test_no_16k_pages(self):
        self.edit("build-android.sh", "        -Wl,-z,max-page-size=16384 ", "        ")
        self.assertBroken("page-size")

    def test_an_abi_dropped(self):
        self.edit("build-android.sh", "ABIS=(arm64-v8a armeabi-v7a x86_64 x86)", "ABIS=(arm64-v8a x86_64)")
        self.assertBroken("page-size")

    def test_no_consumer_rules(self):
        self.edit("build.gradle.kts", '        consumerProguardFiles("consumer-rules.pro")\n', "")
        self.assertBroken("consumer-rules")

    def test_consumer_rules_that_only_keep_names(self):
        self.edit("consumer-rules.pro", "-keep,includedescriptorclasses class org.osspresign.Native {",
                  "-keepclasseswithmembernames,includedescriptorclasses class org.osspresign.Native {")
        self.assertBroken("consumer-rules")

    def test_jnilibs_not_ignored(self):
        self.edit(".gitignore", "src/main/jniLibs/\n", "")
        self.assertBroken("jnilibs-generated")

    def test_jnilibs_committed(self):
        lib = os.path.join(self.module, "src/main/jniLibs/arm64-v8a/liboss_presign_jni.so")
        os.makedirs(os.path.dirname(lib))
        with open(lib, "wb") as f:
            f.write(b"\x7fELF")
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
        subprocess.run(git + ["init", "-q"], cwd=self.tmp, check=True)
        subprocess.run(git + ["add", "-f", "bindings/android/src/main/jniLibs"], cwd=self.tmp, check=True)
        self.assertBroken("jnilibs-generated")

    def test_publication_of_another_version(self):
        self.edit("build.gradle.kts", 'version = "0.1.0"', 'version = "0.0.9"')
        self.assertBroken("publication-version")

    def test_no_jspecify(self):
        self.edit("build.gradle.kts", '    api("org.jspecify:jspecify:1.0.0")\n', "")
        self.assertBroken("jspecify")

    def test_jspecify_compile_only(self):
        # The annotations would be missing from an app's compile class path.
        self.edit("build.gradle.kts", 'api("org.jspecify:jspecify:1.0.0")',
                  'compileOnly("org.jspecify:jspecify:1.0.0")')
        self.assertBroken("jspecify")

    def test_jetbrains_annotations_in_the_app(self):
        self.edit("sample/app/build.gradle.kts", '    implementation(project(":oss-presign"))\n',
                  '    implementation(project(":oss-presign"))\n    compileOnly("org.jetbrains:annotations:26.0.2")\n')
        self.assertBroken("jspecify")

    def test_build_support_as_a_source_folder(self):
        self.edit("build.gradle.kts", "    compileOptions {\n",
                  '    sourceSets { getByName("main") { java.srcDir("build-support/jspecify") } }\n'
                  "    compileOptions {\n")
        self.assertBroken("jspecify")

    def test_commented_out_rules_do_not_count(self):
        self.edit("build.gradle.kts", 'tasks.named("preBuild") {\n    dependsOn(buildNativeLibraries)\n}\n',
                  '// tasks.named("preBuild") {\n//     dependsOn(buildNativeLibraries)\n// }\n')
        self.assertBroken("native-build")


if __name__ == "__main__":
    unittest.main()
