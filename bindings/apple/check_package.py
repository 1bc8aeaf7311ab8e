#!/usr/bin/env python3
"""Checks the Swift package and the XCFramework layout by their tools' rules.

Neither Xcode nor SwiftPM runs on the machines that test this repository,
so this script applies the rules those tools apply, as their sources and
documentation state them, to the committed layout:

  python3 bindings/apple/check_package.py [--package DIR] [--headers DIR]
      [--xcframework DIR] [--zip FILE] [--write-module-map MODULE=FILE]

--package DIR (default: the repository) is a package root holding
Package.swift. Checked there:
  * the manifest (swift-package-manager, Sources/PackageLoading/
    ManifestLoader+Validation.swift, ToolsVersionParser.swift): the tools
    version on the first line; unique target names; products naming
    existing targets; binary targets with either a relative path ending in
    .xcframework, .zip or .artifactbundle, or an https URL ending in .zip
    or .artifactbundleindex with a checksum, which must be the lowercase
    SHA-256 hex that `swift package compute-checksum` prints
    (Sources/Workspace/Workspace+BinaryArtifacts.swift) to ever match;
  * each source target (Sources/PackageLoading/PackageBuilder.swift,
    TargetSourcesBuilder.swift): its path relative, inside the package, a
    directory; its public-headers path inside it and present (required of
    a C-family library from tools version 5.5); declared sources,
    resources and excludes present; no file without a rule (SwiftPM warns
    "unhandled"); no Swift mixed with C-family sources;
  * the module map SwiftPM gives each C-family target
    (Sources/PackageLoading/ModuleMapGenerator.swift): a module.modulemap
    in the public-headers directory is used as the target's own, whatever
    `exclude:` says, so it must declare the target's module; an umbrella
    header include/<Module>.h allows no directory beside it; a nested
    include/<Module>/<Module>.h allows no other directory and no header
    beside its folder; a header named after the target instead of the
    module is ignored (SwiftPM warns). Two rules of this project's own on
    top: a custom module map must declare the target's module (SwiftPM
    would use one declaring another without a word), and a public-headers
    directory without an umbrella header must hold only headers (SwiftPM
    makes it an umbrella directory anyway, which breaks on the first
    header that is not modular);
  * a declared PrivacyInfo.xcprivacy: a property list with only the keys
    Apple documents for privacy manifests (App Store Connect rejects
    others), each accessed-API entry with its category and reasons.

--headers DIR is a Headers directory staged for one XCFramework slice;
--xcframework DIR checks the Headers of every slice its Info.plist lists.
Xcode copies the Headers of each static-library slice into the build's
include/ directory, so two XCFrameworks that both put a module.modulemap at
the top of Headers collide there ("Multiple commands produce
.../include/module.modulemap"). The rule: Headers holds one directory
named after the module, holding the module map (declaring that module) and
every header it names.

--write-module-map MODULE=FILE writes the module map SwiftPM generates for
the C-family target of that module (umbrella header or directory), for a
clang module build of what an app would import.

--zip FILE: the release archive holds <binary target>.xcframework with its
Info.plist at the top and, when the manifest names a URL, its SHA-256 is
the manifest's checksum.

Prints each violation and exits 1 if there is any, else prints what was
checked and exits 0.
"""

import argparse
import hashlib
import os
import plistlib
import re
import sys
import zipfile

# ------------------------------------------------------------------ Package.swift


class ManifestError(Exception):
    """The manifest is not in the subset of Swift this checker reads."""


TOKEN = re.compile(
    r'\s+|//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)*|[()\[\],:.=]',
    re.S,
)


def tokenize(text):
    tokens, position = [], 0
    while position < len(text):
        match = TOKEN.match(text, position)
        if match is None:
            raise ManifestError("cannot read Package.swift at offset %d: %r" % (position, text[position:position + 20]))
        token = match.group(0)
        position = match.end()
        if token.isspace() or token.startswith("//") or token.startswith("/*"):
            continue
        tokens.append(token)
    return tokens


class Call:
    """`name(label: value, ...)` or `.name(...)`: a constructor or factory."""

    def __init__(self, name, arguments):
        self.name = name
        self.arguments = arguments  # [(label or None, value)]

    def get(self, label, default=None):
        for name, value in self.arguments:
            if name == label:
                return value
        return default

    def has(self, label):
        return any(name == label for name, _ in self.arguments)


class Member:
    """`.name` without arguments, e.g. `.v13`."""

    def __init__(self, name):
        self.name = name


class Parser:
    """Reads the expressions a manifest is made of: calls, members, arrays,
    string literals, identifiers and numbers (no interpolation, no closures)."""

    def __init__(self, tokens):
        self.tokens = tokens
        self.index = 0

    def peek(self, offset=0):
        index = self.index + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self, expected=None):
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise ManifestError("expected %r, found %r" % (expected, token))
        self.index += 1
        return token

    def expression(self):
        token = self.peek()
        if token == "[":
            self.take("[")
            items = []
            while self.peek() != "]":
                items.append(self.expression())
                if self.peek() == ",":
                    self.take(",")
            self.take("]")
            return items
        if token is not None and token.startswith('"'):
            self.take()
            return re.sub(r"\\(.)", r"\1", token[1:-1])
        if token == ".":
            self.take(".")
            name = self.take()
            return self.call_rest(name) if self.peek() == "(" else Member(name)
        if token is not None and re.match(r"[A-Za-z_0-9]", token):
            self.take()
            while self.peek() == "." and self.peek(1) is not None and re.match(r"[A-Za-z_]", self.peek(1)):
                self.take(".")
                token += "." + self.take()
            return self.call_rest(token) if self.peek() == "(" else token
        raise ManifestError("unexpected %r" % token)

    def call_rest(self, name):
        self.take("(")
        arguments = []
        while self.peek() != ")":
            label = None
            if self.peek(1) == ":" and re.match(r"[A-Za-z_]", self.peek() or ""):
                label = self.take()
                self.take(":")
            arguments.append((label, self.expression()))
            if self.peek() == ",":
                self.take(",")
        self.take(")")
        return Call(name, arguments)


def read_manifest(path):
    """(tools version tuple, the Package(...) call) of the manifest at path."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    first_line = text.split("\n", 1)[0]
    match = re.match(r"^//\s*swift-tools-version:\s*(\d+)\.(\d+)(?:\.(\d+))?\s*$", first_line, re.I)
    if match is None:
        raise ManifestError("the first line must be '// swift-tools-version:X.Y' (SwiftPM reads it there)")
    version = tuple(int(part or 0) for part in match.groups())
    tokens = tokenize(text)
    for index in range(len(tokens) - 1):
        if tokens[index] == "Package" and tokens[index + 1] == "(" and index > 0 and tokens[index - 1] == "=":
            parser = Parser(tokens)
            parser.index = index
            package = parser.expression()
            return version, package
    raise ManifestError("no `let package = Package(...)` found")


# ------------------------------------------------------------------ rules


def c99name(name):
    """SwiftPM's module name of a target (spm_mangledToC99ExtendedIdentifier),
    for ASCII names: every other character becomes '_', a leading digit gets
    a '_' before it."""
    mangled = re.sub(r"[^A-Za-z0-9_]", "_", name)
    return "_" + mangled if mangled[:1].isdigit() else mangled


def inside(path, root):
    path, root = os.path.realpath(path), os.path.realpath(root)
    return path == root or path.startswith(root + os.sep)


def relative_ok(path):
    return isinstance(path, str) and path != "" and not os.path.isabs(path)


# File rules of TargetSourcesBuilder.swift (FileRuleDescription): extension
# -> (rule, tools version from which it applies). Xcode's build system adds
# the resource types; SwiftPM's own ignores .docc (and .xcprivacy from 6.0).
SOURCE_EXTENSIONS = {"swift": "swift", "c": "clang", "m": "clang", "mm": "clang", "cc": "clang",
                     "cpp": "clang", "cxx": "clang", "s": "asm", "S": "asm"}
HEADER_EXTENSIONS = {"h", "hh", "hpp", "h++", "hp", "hxx", "H", "ipp", "def"}
OTHER_RULES = {"modulemap": (0, 0), "apinotes": (0, 0),
               "nib": (5, 3), "xib": (5, 3), "storyboard": (5, 3), "xcassets": (5, 3),
               "xcstrings": (5, 9), "xcdatamodeld": (5, 3), "xcdatamodel": (5, 3),
               "xcmappingmodel": (5, 3), "metal": (5, 3), "docc": (5, 5), "xcprivacy": (6, 0)}
OPAQUE_DIRECTORY_EXTENSIONS = {"nib", "xib", "storyboard", "xcassets", "xcstrings", "xcdatamodeld",
                               "xcdatamodel", "xcmappingmodel", "metal", "xcprivacy", "docc"}
IGNORED_DIRECTORY_EXTENSIONS = {"xcodeproj", "playground", "xcworkspace"}

# The keys Apple documents for a privacy manifest (BundleResources, "Privacy
# manifest files").
PRIVACY_KEYS = {"NSPrivacyTracking", "NSPrivacyTrackingDomains", "NSPrivacyCollectedDataTypes",
                "NSPrivacyAccessedAPITypes"}
PRIVACY_API_KEYS = {"NSPrivacyAccessedAPIType", "NSPrivacyAccessedAPITypeReasons"}


def extension(path):
    name = os.path.basename(path)
    return name.rsplit(".", 1)[1] if "." in name.strip(".") else None


class Checker:
    def __init__(self):
        self.violations = []
        self.notes = []
        self.root = None
        self.generated = {}  # module -> the module map SwiftPM would write for it

    def fail(self, message):
        self.violations.append(message)

    def note(self, message):
        self.notes.append(message)

    # -------------------------------------------------------------- manifest

    def check_package(self, root):
        root = self.root = os.path.realpath(root)
        manifest = os.path.join(root, "Package.swift")
        try:
            tools, package = read_manifest(manifest)
        except (OSError, ManifestError) as error:
            self.fail("Package.swift: %s" % error)
            return None
        targets = package.get("targets", [])
        if not isinstance(targets, list) or not all(isinstance(t, Call) for t in targets):
            self.fail("Package.swift: targets is not a list of .target(...) calls")
            return None
        names = [target.get("name") for target in targets]
        for name in sorted({n for n in names if names.count(n) > 1}):
            self.fail("Package.swift: duplicate target named '%s'" % name)
        for product in package.get("products", []):
            if not isinstance(product, Call):
                continue
            product_targets = product.get("targets", [])
            if not product_targets:
                self.fail("Package.swift: product '%s' doesn't reference any targets" % product.get("name"))
            for name in product_targets:
                if name not in names:
                    self.fail("Package.swift: target '%s' referenced in product '%s' could not be found"
                              % (name, product.get("name")))
        for target in targets:
            for dependency in target.get("dependencies", []):
                if isinstance(dependency, str) and dependency not in names:
                    self.fail("Package.swift: target '%s' depends on unknown target '%s'"
                              % (target.get("name"), dependency))
        binaries = [t for t in targets if t.name == "binaryTarget"]
        for target in binaries:
            self.check_binary_target(root, target)
        contents = {}
        for target in targets:
            if target.name in ("target", "executableTarget", "testTarget"):
                contents[target.get("name")] = self.check_source_target(root, tools, target)
        claimed = {}
        for name, files in contents.items():
            for path in files or ():
                if path in claimed:
                    self.fail("target '%s' has overlapping sources with '%s': %s"
                              % (name, claimed[path], os.path.relpath(path, root)))
                claimed[path] = name
        self.note("Package.swift: tools version %s, targets %s" % (".".join(map(str, tools)), ", ".join(names)))
        return package

    def check_binary_target(self, root, target):
        name = target.get("name")
        path, url, checksum = target.get("path"), target.get("url"), target.get("checksum")
        if (path is None) == (url is None):
            self.fail("binary target '%s': needs either path: or url: with checksum:" % name)
            return
        if path is not None:
            if not relative_ok(path):
                self.fail("binary target '%s': invalid local path '%s', expected relative to the package root"
                          % (name, path))
            elif extension(path) not in ("xcframework", "zip", "artifactbundle"):
                self.fail("binary target '%s': unsupported extension of '%s'; valid: artifactbundle, "
                          "xcframework, zip" % (name, path))
            elif not inside(os.path.join(root, path), root):
                self.fail("binary target '%s': '%s' is outside the package root" % (name, path))
            else:
                self.note("binary target '%s': local path %s (a build output: for development, "
                          "not for a package added by URL)" % (name, path))
            return
        match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://[^/\s]+(/[^\s?#]*)?(\?[^\s#]*)?$", url or "")
        if match is None:
            self.fail("binary target '%s': invalid URL '%s'" % (name, url))
        elif match.group(1) != "https":
            self.fail("binary target '%s': invalid URL scheme '%s'; valid schemes are: 'https'"
                      % (name, match.group(1)))
        elif extension(match.group(2) or "") not in ("zip", "artifactbundleindex"):
            self.fail("binary target '%s': unsupported extension of '%s'; valid: artifactbundleindex, zip"
                      % (name, url))
        if checksum is None:
            self.fail("binary target '%s': url: needs checksum:" % name)
        elif not re.match(r"^[0-9a-f]{64}$", checksum):
            self.fail("binary target '%s': checksum '%s' is not the lowercase SHA-256 hex that "
                      "swift package compute-checksum prints" % (name, checksum))
        else:
            self.note("binary target '%s': %s, checksum %s" % (name, url, checksum))

    def check_source_target(self, root, tools, target):
        name = target.get("name")
        subpath = target.get("path", os.path.join("Sources", name or ""))
        if not relative_ok(subpath):
            self.fail("target '%s': path '%s' is not supported; it should be relative to the package root"
                      % (name, subpath))
            return None
        path = os.path.normpath(os.path.join(root, subpath))
        if not inside(path, root):
            self.fail("target '%s' is outside the package root" % name)
            return None
        if not os.path.isdir(path):
            self.fail("target '%s': invalid custom path '%s'" % (name, subpath))
            return None
        excluded = {os.path.normpath(os.path.join(path, p)) for p in target.get("exclude", [])}
        declared_sources = target.get("sources")
        sources = None if declared_sources is None else {os.path.normpath(os.path.join(path, p))
                                                        for p in declared_sources}
        resources = []
        for resource in target.get("resources", []):
            if not isinstance(resource, Call) or resource.name not in ("copy", "process", "embedInCode"):
                self.fail("target '%s': unknown resource rule" % name)
                continue
            resources.append((resource.name, os.path.normpath(os.path.join(path, resource.arguments[0][1]))))
        for kind, paths in (("exclude", excluded), ("source", sources or ()),
                            ("resource", [p for _, p in resources])):
            for declared in sorted(paths):
                if not os.path.exists(declared):
                    self.fail("target '%s': %s '%s' not found" % (name, kind, os.path.relpath(declared, path)))
                elif not inside(declared, path):
                    self.fail("target '%s': %s '%s' is outside the target" % (name, kind, declared))
        contents = self.target_contents(root, path, excluded, [p for k, p in resources if k == "copy"])
        languages, unhandled = set(), []
        for file in contents:
            rule = self.file_rule(tools, file, sources, [p for _, p in resources])
            if rule in ("swift", "clang", "asm"):
                languages.add("swift" if rule == "swift" else "c")
            elif rule is None:
                unhandled.append(os.path.relpath(file, path))
        if unhandled:
            self.fail("target '%s': found %d file(s) which are unhandled; explicitly declare them as "
                      "resources or exclude from the target: %s" % (name, len(unhandled), ", ".join(unhandled)))
        if languages == {"swift", "c"}:
            self.fail("target '%s': mixed Swift and C-family sources" % name)
        if "swift" not in languages:
            self.check_clang_target(root, tools, target, path, bool(languages))
        for kind, resource in resources:
            if os.path.basename(resource) == "PrivacyInfo.xcprivacy" and os.path.isfile(resource):
                self.check_privacy_manifest(resource)
        return set(contents)

    def target_contents(self, root, path, excluded, copied_directories):
        """TargetSourcesBuilder.computeContents: the files (and opaque
        directories) SwiftPM considers part of the target."""
        contents, queue = [], [path]
        while queue:
            current = queue.pop()
            base = os.path.basename(current)
            if base.startswith("."):
                continue
            if extension(current) in IGNORED_DIRECTORY_EXTENSIONS and os.path.isdir(current):
                continue
            if os.path.dirname(current) == os.path.realpath(root) and (
                    base in ("Package.swift", "Package.resolved") or re.match(r"Package@.*\.swift$", base)):
                continue
            if current in excluded:
                continue
            if not os.path.isdir(current):
                contents.append(current)
                continue
            if current != path and (extension(current) in OPAQUE_DIRECTORY_EXTENSIONS
                                    or current in copied_directories):
                contents.append(current)
                continue
            queue.extend(os.path.join(current, entry) for entry in sorted(os.listdir(current)))
        return sorted(contents)

    @staticmethod
    def file_rule(tools, file, sources, resources):
        """TargetSourcesBuilder.computeRule: declared resources first, then
        declared sources (headers stay headers), then the built-in rules by
        extension (compile rules only when no sources are declared)."""
        if any(inside(file, resource) for resource in resources):
            return "resource"
        ext = extension(file)
        if sources is not None and any(inside(file, source) for source in sources):
            return "header" if ext in HEADER_EXTENSIONS else SOURCE_EXTENSIONS.get(ext, "clang")
        if ext in SOURCE_EXTENSIONS:
            return SOURCE_EXTENSIONS[ext] if sources is None else None
        if ext in HEADER_EXTENSIONS:
            return "header"
        if ext in OTHER_RULES and tools >= OTHER_RULES[ext] + (0,):
            return ext
        if os.path.basename(os.path.dirname(file)).endswith(".lproj"):
            return "resource"
        return None

    def check_clang_target(self, root, tools, target, path, has_sources):
        name = target.get("name")
        module = c99name(name)
        headers = os.path.normpath(os.path.join(path, target.get("publicHeadersPath", "include")))
        if not inside(headers, path):
            self.fail("target '%s': public headers directory '%s' is invalid or not contained in the target"
                      % (name, target.get("publicHeadersPath")))
            return
        if not os.path.isdir(headers):
            if has_sources and target.name == "target" and tools >= (5, 5, 0):
                self.fail("target '%s': no public headers directory '%s' (a C-family library needs one)"
                          % (name, os.path.relpath(headers, root)))
            return
        kind = self.module_map_type(name, module, headers)
        if kind is not None:
            self.note("target '%s' (module %s): %s" % (name, module, kind))

    def module_map_type(self, name, module, headers):
        """ModuleMapGenerator.determineModuleMapType, with its diagnostics."""
        relative = lambda p: os.path.relpath(p, self.root)
        custom = os.path.join(headers, "module.modulemap")
        if os.path.isfile(custom):
            declared = declared_modules(custom)
            if declared != [module]:
                self.fail("target '%s': SwiftPM uses %s as the target's own module map (whatever exclude: "
                          "says), and it declares %s, not module %s"
                          % (name, relative(custom), ", ".join(declared) or "no module", module))
                return None
            return "custom module map %s" % relative(custom)
        entries = [os.path.join(headers, e) for e in os.listdir(headers)]
        header_files = [e for e in entries if os.path.isfile(e) and e.endswith(".h")]
        directories = sorted(e for e in entries if os.path.isdir(e))
        umbrella = os.path.join(headers, module + ".h")
        if os.path.isfile(umbrella):
            if directories:
                self.fail("target '%s' has invalid header layout: umbrella header found at '%s', but "
                          "directories exist next to it: %s; consider removing them"
                          % (name, relative(umbrella), ", ".join(map(relative, directories))))
                return None
            self.generated[module] = generated_module_map(module, "umbrella header", umbrella)
            return "umbrella header %s" % relative(umbrella)
        misnamed = os.path.join(headers, name + ".h")
        if name != module and os.path.isfile(misnamed):
            self.fail("target '%s': %s should be renamed to %s to be used as an umbrella header"
                      % (name, relative(misnamed), relative(umbrella)))
        nested = os.path.join(headers, module, module + ".h")
        if os.path.isfile(nested):
            if len(directories) != 1:
                self.fail("target '%s' has invalid header layout: umbrella header found at '%s', but more "
                          "than one directory exists next to its parent directory: %s"
                          % (name, relative(nested),
                             ", ".join(relative(d) for d in directories if os.path.basename(d) != module)))
                return None
            if header_files:
                self.fail("target '%s' has invalid header layout: umbrella header found at '%s', but "
                          "additional header files exist: %s"
                          % (name, relative(nested), ", ".join(sorted(map(relative, header_files)))))
                return None
            self.generated[module] = generated_module_map(module, "umbrella header", nested)
            return "umbrella header %s" % relative(nested)
        misnamed = os.path.join(headers, module, name + ".h")
        if name != module and os.path.isfile(misnamed):
            self.fail("target '%s': %s should be renamed to %s to be used as an umbrella header"
                      % (name, relative(misnamed), relative(nested)))
        if len(header_files) != len(entries):
            self.fail("target '%s': %s holds more than headers and no umbrella header: SwiftPM makes it "
                      "an umbrella directory anyway, which breaks when those headers are not modular"
                      % (name, relative(headers)))
        self.generated[module] = generated_module_map(module, "umbrella", headers)
        return "umbrella directory %s" % relative(headers)

    # -------------------------------------------------------------- privacy manifest

    def check_privacy_manifest(self, path):
        try:
            with open(path, "rb") as handle:
                manifest = plistlib.load(handle)
        except Exception as error:  # plistlib raises several types
            self.fail("%s: not a property list: %s" % (path, error))
            return
        if not isinstance(manifest, dict):
            self.fail("%s: the top level is not a dictionary" % path)
            return
        for key in sorted(set(manifest) - PRIVACY_KEYS):
            self.fail("%s: unexpected key %s (App Store Connect rejects it)" % (path, key))
        for entry in manifest.get("NSPrivacyAccessedAPITypes", []):
            if not isinstance(entry, dict) or set(entry) != PRIVACY_API_KEYS:
                self.fail("%s: an NSPrivacyAccessedAPITypes entry needs exactly %s"
                          % (path, ", ".join(sorted(PRIVACY_API_KEYS))))
                continue
            category = entry["NSPrivacyAccessedAPIType"]
            reasons = entry["NSPrivacyAccessedAPITypeReasons"]
            if not str(category).startswith("NSPrivacyAccessedAPICategory"):
                self.fail("%s: unknown accessed-API category %r" % (path, category))
            if not reasons or not all(re.match(r"^[0-9A-F]{4}\.\d$", str(r)) for r in reasons):
                self.fail("%s: %s needs reasons like 35F9.1, has %r" % (path, category, reasons))
        self.note("%s: privacy manifest with %d accessed-API categories"
                  % (os.path.basename(path), len(manifest.get("NSPrivacyAccessedAPITypes", []))))

    # -------------------------------------------------------------- XCFramework

    def check_headers(self, headers, module):
        """One slice's Headers: a single directory <module>/ with the module map."""
        if not os.path.isdir(headers):
            self.fail("%s: no Headers directory" % headers)
            return
        entries = sorted(os.listdir(headers))
        if entries != [module]:
            self.fail("%s: must hold only the directory %s/ (Xcode copies every slice's Headers into "
                      "one include/ directory, where top-level files of two XCFrameworks collide), "
                      "holds %s" % (headers, module, ", ".join(entries) or "nothing"))
        folder = os.path.join(headers, module)
        module_map = os.path.join(folder, "module.modulemap")
        if not os.path.isfile(module_map):
            self.fail("%s: no %s/module.modulemap" % (headers, module))
            return
        if declared_modules(module_map) != [module]:
            self.fail("%s: declares %s, not module %s" % (module_map, declared_modules(module_map), module))
        for header in module_map_headers(module_map):
            if not os.path.isfile(os.path.join(folder, header)):
                self.fail("%s: names header %s, which is not beside it" % (module_map, header))
        self.note("%s: %s/ with its module map" % (headers, module))

    def check_xcframework(self, path, module):
        try:
            with open(os.path.join(path, "Info.plist"), "rb") as handle:
                info = plistlib.load(handle)
            libraries = info["AvailableLibraries"]
        except Exception as error:
            self.fail("%s: no readable Info.plist with AvailableLibraries: %s" % (path, error))
            return
        for library in libraries:
            slice_path = os.path.join(path, library["LibraryIdentifier"])
            if "HeadersPath" not in library:
                self.fail("%s: slice %s has no headers" % (path, library["LibraryIdentifier"]))
                continue
            self.check_headers(os.path.join(slice_path, library["HeadersPath"]), module)

    def check_zip(self, path, package):
        binary = [t for t in package.get("targets", []) if isinstance(t, Call) and t.name == "binaryTarget"]
        if len(binary) != 1:
            self.fail("Package.swift: expected one binary target to check %s against" % path)
            return
        name = binary[0].get("name")
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (OSError, zipfile.BadZipFile) as error:
            self.fail("%s: not a zip archive: %s" % (path, error))
            return
        if "%s.xcframework/Info.plist" % name not in names:
            self.fail("%s: no %s.xcframework/Info.plist at the top of the archive" % (path, name))
        checksum = binary[0].get("checksum")
        if checksum is not None and checksum != sha256_of(path):
            self.fail("%s: SHA-256 %s is not the manifest's checksum %s" % (path, sha256_of(path), checksum))


def generated_module_map(module, kind, path):
    """ModuleMapGenerator.generateModuleMap: the text SwiftPM writes."""
    escaped = path.replace("\\", "\\\\").replace('"', '\\"')
    return 'module %s {\n    %s "%s"\n    export *\n}\n' % (module, kind, escaped)


def declared_modules(module_map):
    with open(module_map, encoding="utf-8") as handle:
        text = re.sub(r"//[^\n]*|/\*.*?\*/", "", handle.read(), flags=re.S)
    return re.findall(r"(?:^|\s)(?:framework\s+)?module\s+([A-Za-z_][A-Za-z0-9_]*)", text)


def module_map_headers(module_map):
    with open(module_map, encoding="utf-8") as handle:
        text = re.sub(r"//[^\n]*|/\*.*?\*/", "", handle.read(), flags=re.S)
    return re.findall(r'(?<!umbrella )header\s+"([^"]+)"', text)


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main(argv=None):
    repository = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", default=repository, help="package root (default: the repository)")
    parser.add_argument("--module", default="OSSPresignFFI", help="the binary target's module")
    parser.add_argument("--headers", action="append", default=[], help="a staged Headers directory")
    parser.add_argument("--xcframework", action="append", default=[], help="an .xcframework")
    parser.add_argument("--zip", help="the release archive of the binary target")
    parser.add_argument("--write-module-map", metavar="MODULE=FILE", action="append", default=[],
                        help="write the module map SwiftPM generates for MODULE into FILE")
    arguments = parser.parse_args(argv)
    checker = Checker()
    package = checker.check_package(arguments.package)
    for headers in arguments.headers:
        checker.check_headers(headers, arguments.module)
    for xcframework in arguments.xcframework:
        checker.check_xcframework(xcframework, arguments.module)
    if arguments.zip and package is not None:
        checker.check_zip(arguments.zip, package)
    for request in arguments.write_module_map:
        module, _, path = request.partition("=")
        if module not in checker.generated:
            checker.fail("SwiftPM generates no module map for module %s here" % module)
            continue
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(checker.generated[module])
    for message in checker.violations:
        print("check_package: %s" % message, file=sys.stderr)
    if checker.violations:
        return 1
    for message in checker.notes:
        print("    %s" % message)
    return 0


if __name__ == "__main__":
    sys.exit(main())
