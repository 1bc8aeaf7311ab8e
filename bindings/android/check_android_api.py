#!/usr/bin/env python3
"""Checks that compiled classes use no Java API that Android lacks at the module's minSdk.

    check_android_api.py --levels android-api-levels.tsv --min-sdk 21 CLASSES_DIR_OR_JAR...

`javac --release 8` keeps out what Java 8 lacks, not what Android lacks: Android 5.0 (API 21)
has no `java.nio.file`, no `java.util.function`, no `HttpURLConnection.getContentLengthLong`
(API 24). So every JDK class, method and field the bytecode references (and every JDK type
it extends or implements) must be listed in the levels file with the API level that
developer.android.com gives it ("Added in API level N"), and N must be at most --min-sdk.
A reference that is not listed fails the check too: look it up, then add its row.

Lambdas and method references compile to invokedynamic, which Android's D8 desugars for
every API level; they are not API calls and are not checked.
"""

import argparse
import os
import re
import subprocess
import sys
import zipfile

# javap -c: "invokevirtual #7  // Method java/net/URL.openConnection:()Ljava/net/URLConnection;"
MEMBER = re.compile(r"// (?:Method|InterfaceMethod|Field) ((?:java|javax)/[\w/$]+)\.(\"?<?[\w$]+>?\"?):(\S+)")
CLASS = re.compile(r"// class ((?:java|javax)/[\w/$]+)\b")
# "public final class a.B extends java.lang.Enum<a.B> implements java.io.Closeable {"
DECLARATION = re.compile(r"^(?:[a-z]+ )*(?:class|interface) \S+(.*)\{$")
SUPERTYPE = re.compile(r"\b((?:java|javax)\.[\w.$]+)")


def class_names(entry):
    """The binary names of the classes in a directory or a jar."""
    if os.path.isdir(entry):
        for root, _, files in os.walk(entry):
            for name in files:
                if name.endswith(".class"):
                    path = os.path.relpath(os.path.join(root, name), entry)
                    yield path[: -len(".class")].replace(os.sep, ".")
    else:
        with zipfile.ZipFile(entry) as jar:
            for name in jar.namelist():
                if name.endswith(".class") and not name.startswith("META-INF/"):
                    yield name[: -len(".class")].replace("/", ".")


def references(javap_output):
    """{reference: first class seen using it}: members as owner.name:descriptor, types by name."""
    found = {}
    current = "?"
    for line in javap_output.splitlines():
        declaration = DECLARATION.match(line.strip())
        if declaration and not line.startswith(" "):
            current = line.split("{")[0].strip()
            for supertype in SUPERTYPE.findall(declaration.group(1)):
                found.setdefault(supertype.replace(".", "/"), current)
            continue
        member = MEMBER.search(line)
        if member:
            owner, name, descriptor = member.groups()
            found.setdefault(f"{owner}.{name.strip(chr(34))}:{descriptor}", current)
            continue
        for owner in CLASS.findall(line):
            found.setdefault(owner, current)
    return found


def load_levels(path):
    levels = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            fields = line.split()
            if len(fields) != 2 or not fields[1].isdigit():
                raise SystemExit(f"{path}:{number}: expected 'REFERENCE LEVEL', got {line!r}")
            levels[fields[0]] = int(fields[1])
    return levels


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", required=True, help="the table of API levels")
    parser.add_argument("--min-sdk", type=int, required=True)
    parser.add_argument("--javap", default="javap")
    parser.add_argument("entries", nargs="+", help="class directories or jars")
    args = parser.parse_args(argv)

    levels = load_levels(args.levels)
    used = {}
    for entry in args.entries:
        names = sorted(class_names(entry))
        if not names:
            raise SystemExit(f"check_android_api: no class in {entry}")
        out = subprocess.run([args.javap, "-c", "-p", "-cp", entry, *names], check=True,
                             capture_output=True, text=True).stdout
        for reference, where in references(out).items():
            used.setdefault(reference, where)

    problems = []
    for reference in sorted(used):
        level = levels.get(reference)
        if level is None:
            problems.append(f"{reference} (in {used[reference]}): not in {os.path.basename(args.levels)};"
                            " look up its 'Added in API level' and add it")
        elif level > args.min_sdk:
            problems.append(f"{reference} (in {used[reference]}): needs API {level}, minSdk is {args.min_sdk}")
    for problem in problems:
        print(f"check_android_api: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"check_android_api: {len(used)} JDK references, each at most API {args.min_sdk}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
