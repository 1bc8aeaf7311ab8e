#!/usr/bin/env python3
"""Checks the committed Gradle files of bindings/android against the rules of
the Android Gradle Plugin (AGP) and Gradle that decide whether an app can
include the module. Nothing here can run Gradle (no Maven repository is
reachable), so the rules are read from the files:

    python3 bindings/android/check_gradle.py [bindings/android]

Prints one line per broken rule and exits 1, or prints a summary and exits 0.
The rules, and where they come from:

  module-plugin-version  The module applies com.android.library without a
      version: a build that declares AGP at its root (as apps do) fails with
      "plugin ... is already on the classpath with a different version".
  module-plugins-only-core  No other plugin with a version in the module.
  root-declares-version  The sample root (sample/build.gradle.kts) declares
      com.android.library and com.android.application with one version,
      `apply false` (AGP's plugins must share a version in one build).
  settings-include  sample/settings.gradle.kts includes :oss-presign from
      this directory and every other included module exists.
  namespace  android.namespace is set (AGP 8 requires it) and no manifest has
      a package attribute (AGP 8 refuses it); the app's namespace differs
      from the library's (AGP refuses two modules with one namespace).
  min-sdk  minSdk is 21, the API level build-android.sh builds for, and no
      app of this build has a lower minSdk (the manifest merger refuses it).
  library-no-application-id  A library module sets no applicationId.
  ndk-version  android.ndkVersion is set, so sdkComponents.ndkDirectory (the
      NDK the native build is given) resolves.
  native-build  A task runs build-android.sh, preBuild depends on it, and so
      does every merge*JniLibFolders task (Gradle 8 fails a task that reads
      another's output without depending on it).
  page-size  build-android.sh links with -Wl,-z,max-page-size=16384 and
      builds arm64-v8a, armeabi-v7a, x86_64 and x86.
  consumer-rules  consumerProguardFiles names consumer-rules.pro, which exists
      and keeps org.osspresign.Native and every native method (-keep: the
      glue's RegisterNatives table needs them all, not just their names).
  jnilibs-generated  src/main/jniLibs is ignored by .gitignore and no file
      under it is tracked by git.
  publication-version  The Maven publication's version is Cargo.toml's.
  jspecify  The module declares api("org.jspecify:jspecify:1.x") (the public
      API is @NullMarked with @Nullable types: an app compiles against them,
      and Kotlin reads them); no build file of the module or the sample names
      org.jetbrains:annotations (one nullness vocabulary) or build-support
      (the desktop build's stand-ins for the annotation types: as a source
      folder or a dependency they would be packaged, and an app would then
      have the classes twice).
"""

import os
import re
import subprocess
import sys

ABIS = ("arm64-v8a", "armeabi-v7a", "x86_64", "x86")
MIN_SDK = 21


def strip_comments(text):
    """Kotlin source without // and /* */ comments (string literals kept)."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif text[i] == '"':
            end = i + 1
            while end < n and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            out.append(text[i:end + 1])
            i = end + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def depth_at(text, index):
    """How many braces are open at `index` (comments already stripped)."""
    return text.count("{", 0, index) - text.count("}", 0, index)


def blocks(text, name):
    """The bodies of the `name { ... }` blocks at the top level of `text`."""
    found = []
    for m in re.finditer(r"(?<![\w.])" + re.escape(name) + r"\s*(?:\([^)]*\)\s*)?\{", text):
        if depth_at(text, m.start()):
            continue
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        found.append(text[m.end():i - 1])
    return found


def block(text, *path):
    """The body of the first block at `path` (e.g. "android", "defaultConfig": each a
    direct child of the one before), or ""."""
    for name in path:
        found = blocks(text, name)
        if not found:
            return ""
        text = found[0]
    return text


def plugin_requests(plugins_body):
    """(id, version or None, apply false?) of each id("...") in a plugins block."""
    requests = []
    for line in plugins_body.splitlines():
        m = re.search(r'\bid\(\s*"([^"]+)"\s*\)(.*)', line)
        if m:
            version = re.search(r'\bversion\s*(?:\(\s*)?"([^"]*)"', m.group(2))
            requests.append((m.group(1), version.group(1) if version else None,
                             bool(re.search(r"\bapply\s*(?:\(\s*)?false", m.group(2)))))
        elif re.search(r"\bversion\b|\balias\(", line):
            requests.append((line.strip(), "?", False))
    return requests


def assigned(body, name):
    """The value assigned to `name` (name = value) in a block body, or None."""
    m = re.search(r"(?<![\w.])" + re.escape(name) + r"\s*=\s*([^\n]+)", body)
    return m.group(1).strip() if m else None


def string_value(value):
    m = re.fullmatch(r'"([^"]*)"', value or "")
    return m.group(1) if m else None


def int_value(value, text):
    """An integer literal, or a `val` of the file that holds one."""
    if value is None:
        return None
    if re.fullmatch(r"\d+", value):
        return int(value)
    m = re.search(r"\bval\s+" + re.escape(value) + r"\s*=\s*(\d+)\b", text)
    return int(m.group(1)) if m else None


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class Checker:
    def __init__(self, module):
        self.module = os.path.abspath(module)
        self.problems = []
        self.passed = []

    def rule(self, name, ok, message):
        if ok:
            self.passed.append(name)
        else:
            self.problems.append(f"{name}: {message}")

    def kts(self, *parts):
        path = os.path.join(self.module, *parts)
        if not os.path.isfile(path):
            self.problems.append(f"files: {os.path.join(*parts)} is missing")
            return ""
        return strip_comments(read(path))

    def run(self):
        lib = self.kts("build.gradle.kts")
        settings = self.kts("sample", "settings.gradle.kts")
        root = self.kts("sample", "build.gradle.kts")
        self.check_plugins(lib, root)
        apps = self.check_settings(settings, root)
        self.check_android(lib, apps)
        self.check_native_build(lib)
        self.check_consumer_rules(lib)
        self.check_jnilibs()
        self.check_publication(lib)
        self.check_jspecify(lib, [text for _, _, text in self.modules])
        return not self.problems

    def check_plugins(self, lib, root):
        requests = plugin_requests(block(lib, "plugins"))
        library = [r for r in requests if r[0] == "com.android.library"]
        self.rule("module-plugin-version", len(library) == 1 and library[0][1] is None and not library[0][2],
                  "build.gradle.kts must apply id(\"com.android.library\") once, without a version "
                  f"(found {library or 'none'})")
        versioned = [r for r in requests if r[1] is not None]
        self.rule("module-plugins-only-core", not versioned,
                  f"the module's plugins block names versions: {versioned}; declare them at the root")
        declared = {r[0]: r for r in plugin_requests(block(root, "plugins"))}
        wanted = ("com.android.library", "com.android.application")
        versions = {declared[p][1] for p in wanted if p in declared}
        self.rule("root-declares-version",
                  all(p in declared and declared[p][1] and declared[p][2] for p in wanted) and len(versions) == 1,
                  "sample/build.gradle.kts must declare com.android.library and com.android.application "
                  f"with one version and apply false (found {[declared.get(p) for p in wanted]})")

    def check_settings(self, settings, root):
        """Returns the build files of the application modules the settings include."""
        includes = re.findall(r'\binclude\(\s*"([^"]+)"\s*\)', settings)
        dirs = {name: name.lstrip(":").replace(":", os.sep) for name in includes}
        for name, rel in re.findall(r'\bproject\(\s*"([^"]+)"\s*\)\.projectDir\s*=\s*file\(\s*"([^"]+)"\s*\)',
                                    settings):
            dirs[name] = rel
        sample = os.path.join(self.module, "sample")
        library = dirs.get(":oss-presign")
        self.rule("settings-include",
                  library is not None and os.path.realpath(os.path.join(sample, library)) == os.path.realpath(self.module),
                  f"sample/settings.gradle.kts must include(\":oss-presign\") with projectDir = this module (found {library!r})")
        apps = []
        self.modules = []
        for name, rel in sorted(dirs.items()):
            build = os.path.join(sample, rel, "build.gradle.kts")
            self.rule("settings-include", os.path.isfile(build),
                      f"{name} is included but {os.path.relpath(build, self.module)} does not exist")
            if name != ":oss-presign" and os.path.isfile(build):
                text = strip_comments(read(build))
                self.modules.append((name, build, text))
                requests = plugin_requests(block(text, "plugins"))
                self.rule("module-plugin-version", all(v is None for _, v, _ in requests),
                          f"{name} names a plugin version: {requests}; the root declares them")
                if any(r[0] == "com.android.application" for r in requests):
                    apps.append((name, os.path.join(sample, rel), text))
        return apps

    def check_android(self, lib, apps):
        android = block(lib, "android")
        namespace = string_value(assigned(android, "namespace"))
        self.rule("namespace", namespace == "org.osspresign",
                  f"android.namespace must be \"org.osspresign\" (found {assigned(android, 'namespace')!r})")
        manifests = [os.path.join(self.module, "src", "main", "AndroidManifest.xml")]
        manifests += [os.path.join(d, "src", "main", "AndroidManifest.xml") for _, d, _ in apps]
        for manifest in manifests:
            ok = os.path.isfile(manifest) and not re.search(r"<manifest\b[^>]*\bpackage\s*=", read(manifest))
            self.rule("namespace", ok, f"{os.path.relpath(manifest, self.module)} must exist and have no "
                                       "package attribute (the namespace lives in the build file)")
        default_config = block(lib, "android", "defaultConfig")
        min_sdk = int_value(assigned(default_config, "minSdk"), lib)
        self.rule("min-sdk", min_sdk == MIN_SDK, f"defaultConfig.minSdk must be {MIN_SDK} (found {min_sdk})")
        script = read(os.path.join(self.module, "build-android.sh"))
        self.rule("min-sdk", f'API="${{ANDROID_API:-{MIN_SDK}}}"' in script,
                  f"build-android.sh must default ANDROID_API to {MIN_SDK}, the module's minSdk")
        self.rule("library-no-application-id", assigned(default_config, "applicationId") is None,
                  "a library module sets no applicationId")
        self.rule("ndk-version", string_value(assigned(android, "ndkVersion")) is not None,
                  "android.ndkVersion must be set (the native build asks AGP for that NDK)")
        for name, _, text in apps:
            app_android = block(text, "android")
            app_min = int_value(assigned(block(app_android, "defaultConfig"), "minSdk"), text)
            self.rule("min-sdk", app_min is not None and app_min >= MIN_SDK,
                      f"{name}: minSdk {app_min} is below the library's {MIN_SDK}")
            app_namespace = string_value(assigned(app_android, "namespace"))
            self.rule("namespace", app_namespace not in (None, namespace),
                      f"{name}: namespace must be set and differ from the library's (found {app_namespace!r})")

    def check_native_build(self, lib):
        task = re.search(r'\bval\s+(\w+)\s*=\s*tasks\.register<Exec>\(\s*"(\w+)"\s*\)\s*\{', lib)
        body = blocks(lib, f'tasks.register<Exec>("{task.group(2)}")')[0] if task else ""
        runs = re.search(r'\bcommandLine\([^\n]*"build-android\.sh"', body)
        self.rule("native-build", task is not None and runs is not None,
                  "an Exec task registered as `val x = tasks.register<Exec>(\"...\")` must run build-android.sh "
                  "(commandLine)")
        if task is None:
            return
        variable = task.group(1)
        depends = rf"dependsOn\(\s*{variable}\s*\)"
        pre = "".join(blocks(lib, 'tasks.named("preBuild")'))
        self.rule("native-build", re.search(depends, pre) is not None,
                  f'tasks.named("preBuild") {{ dependsOn({variable}) }} is missing')
        merge = [b for b in blocks(lib, "tasks.configureEach")
                 if re.search(r'name\.startsWith\("merge"\)\s*&&\s*name\.endsWith\("JniLibFolders"\)', b)
                 and re.search(depends, b)]
        self.rule("native-build", bool(merge),
                  f"every merge*JniLibFolders task must dependsOn({variable}) (tasks.configureEach)")
        self.rule("native-build", re.search(r'outputs\.dir\(\s*"src/main/jniLibs"\s*\)', body) is not None,
                  "the native build must declare src/main/jniLibs as its output")

    def check_consumer_rules(self, lib):
        config = block(lib, "android", "defaultConfig")
        self.rule("consumer-rules", re.search(r'consumerProguardFiles\(\s*"consumer-rules.pro"\s*\)', config),
                  'defaultConfig must have consumerProguardFiles("consumer-rules.pro")')
        path = os.path.join(self.module, "consumer-rules.pro")
        rules = "\n".join(l.split("#", 1)[0] for l in read(path).splitlines()) if os.path.isfile(path) else ""
        keep = re.search(r"^-keep(?:,[\w,]+)?\s+class\s+org\.osspresign\.Native\s*\{\s*native\s+<methods>;\s*\}",
                         rules, re.M)
        self.rule("consumer-rules", keep is not None,
                  "consumer-rules.pro must `-keep class org.osspresign.Native { native <methods>; }` "
                  "(names alone are not enough: RegisterNatives needs every native present)")

    def check_jnilibs(self):
        ignore = os.path.join(self.module, ".gitignore")
        lines = [l.strip() for l in read(ignore).splitlines()] if os.path.isfile(ignore) else []
        self.rule("jnilibs-generated", any(l in ("src/main/jniLibs/", "src/main/jniLibs", "/src/main/jniLibs/")
                                           for l in lines),
                  ".gitignore must ignore src/main/jniLibs/ (build-android.sh writes it)")
        try:
            tracked = subprocess.run(["git", "ls-files", "--", "src/main/jniLibs"], cwd=self.module,
                                     capture_output=True, text=True, check=True).stdout.split()
        except (OSError, subprocess.CalledProcessError):
            tracked = []  # not a git checkout: nothing is tracked
        self.rule("jnilibs-generated", not tracked, f"generated libraries are committed: {tracked}")
        script = "\n".join(l for l in read(os.path.join(self.module, "build-android.sh")).splitlines()
                           if not l.lstrip().startswith("#"))
        self.rule("page-size", "-Wl,-z,max-page-size=16384" in script,
                  "build-android.sh must link with -Wl,-z,max-page-size=16384")
        default = re.search(r"\|\|\s*ABIS=\(([^)]*)\)", script)
        self.rule("page-size", default is not None and tuple(default.group(1).split()) == ABIS,
                  f"build-android.sh must build {' '.join(ABIS)} by default")

    def check_jspecify(self, lib, others):
        dependencies = "".join(blocks(lib, "dependencies"))
        api = re.search(r'\bapi\(\s*"org\.jspecify:jspecify:(1\.[0-9.]+)"\s*\)', dependencies)
        self.rule("jspecify", api is not None,
                  'dependencies must declare api("org.jspecify:jspecify:1.0.0"): the public API is annotated with it')
        for text in [lib] + others:
            self.rule("jspecify", "org.jetbrains:annotations" not in text,
                      "org.jetbrains:annotations is declared: the nullness annotations are JSpecify's alone")
            self.rule("jspecify", "build-support" not in text,
                      "a build file names build-support: its annotation stand-ins would be packaged")

    def check_publication(self, lib):
        cargo = os.path.join(self.module, "..", "..", "Cargo.toml")
        if not os.path.isfile(cargo):
            return
        crate = re.search(r'(?ms)^\[package\][^\[]*?^version\s*=\s*"([^"]+)"', read(cargo))
        publication = block(lib, "publishing", "publications")
        version = string_value(assigned(publication, "version"))
        self.rule("publication-version", crate is not None and version == crate.group(1),
                  f"the publication's version {version!r} must be Cargo.toml's {crate and crate.group(1)!r}")


def main(argv):
    module = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    checker = Checker(module)
    ok = checker.run()
    for problem in checker.problems:
        print(f"check_gradle: {problem}", file=sys.stderr)
    if ok:
        print(f"    check_gradle.py: {len(checker.passed)} checks of {len(set(checker.passed))} AGP/Gradle rules pass")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
