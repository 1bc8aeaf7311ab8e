#!/usr/bin/env python3
"""Checks that compiled classes use no Java or Android API that Android lacks at the module's minSdk.

    check_android_api.py --levels android-api-levels.txt --min-sdk 21 CLASSES_DIR_OR_JAR...

`javac --release 8` keeps out what Java 8 lacks, not what Android lacks: Android 5.0 (API 21)
has no `java.nio.file`, no `java.util.function`, no `HttpURLConnection.getContentLengthLong`
(API 24); and the Android classes an Activity calls have levels of their own
(`Activity.isChangingConfigurations` is API 11, `isInMultiWindowMode` API 24). So every JDK
and Android (`java/`, `javax/`, `android/`) class, method and field the bytecode references
(and every such type it extends or implements) must be listed in the levels file with the API
level that developer.android.com gives it ("Added in API level N"), and N must be at most
--min-sdk. A reference that is not listed fails the check too: look it up, then add its row.

A member is listed under the class the bytecode names, except where the bytecode names one of
the checked classes for a member it inherits (javac names the caller's own class for an
unqualified `getCacheDir()` in an Activity): then under the first class outside the checked
ones on the way up (`android/app/Activity.getCacheDir`). Method references compile to
invokedynamic, whose target only the constant pool names (`REF_invokeVirtual
android/os/Handler.post`): those targets are checked like calls. The bootstrap itself
(`java/lang/invoke/LambdaMetafactory`) is not an API call: Android's D8 desugars lambdas and
method references for every API level.
"""

import argparse
import os
import re
import subprocess
import sys
import zipfile

CHECKED = ("java/", "javax/", "android/")
# invokedynamic's bootstrap methods: D8 rewrites them away.
DESUGARED = ("java/lang/invoke/",)
NAME = r"(?:([\w/$]+)\.)?(\"?<?[\w$]+>?\"?):(\S+)"
# javap -c: "invokevirtual #7  // Method java/net/URL.openConnection:()Ljava/net/URLConnection;",
# and without the owner when it is the class itself: "// Method getCacheDir:()Ljava/io/File;".
MEMBER = re.compile(r"// (?:Method|InterfaceMethod|Field) " + NAME)
# javap -v's constant pool: "#9 = MethodHandle  5:#10  // REF_invokeVirtual android/os/Handler.post:(...)Z"
HANDLE = re.compile(r"= MethodHandle\s+\d+:#\d+\s+// REF_\w+ " + NAME)
CLASS = re.compile(r"// class ([\w/$]+)")
# "public final class a.B extends java.lang.Enum<a.B> implements java.io.Closeable" (javap -v
# prints no brace), "interface a.I extends java.lang.AutoCloseable".
DECLARATION = re.compile(r"^(?:[a-z-]+ )*(class|interface) (\S+)(.*?)\s*\{?$")
DESCRIPTOR = re.compile(r"^    descriptor: (\S+)$")


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


def internal(dotted):
    return dotted.replace(".", "/")


def supertypes(kind, rest):
    """(superclass or None, [interfaces]) from the text after a declaration's name."""
    while "<" in rest:  # generics, innermost first
        stripped = re.sub(r"<[^<>]*>", "", rest)
        if stripped == rest:
            break
        rest = stripped
    extends = re.search(r"\bextends ([^{]*?)(?: implements |$)", rest)
    implements = re.search(r"\bimplements ([^{]*)$", rest)
    names = lambda text: [internal(n.strip()) for n in text.split(",") if n.strip()]
    if kind == "interface":
        return None, names(extends.group(1)) if extends else []
    return (internal(extends.group(1).strip()) if extends else None,
            names(implements.group(1)) if implements else [])


def member_name(declaration, class_dotted):
    """The JVM name of the member a javap declaration line declares."""
    text = declaration.strip().rstrip(";").strip()
    if text.endswith("{}"):
        return "<clinit>"
    if "(" in text:
        name = text[: text.index("(")].split()[-1]
        return "<init>" if name == class_dotted else name
    return text.split()[-1]


class Classes:
    """What javap -v -p shows of the checked classes: for each, its supertypes, the members it
    declares, and the JDK and Android references it makes."""

    def __init__(self):
        self.supers = {}  # internal name -> [superclass, interfaces...]
        self.members = {}  # internal name -> {(name, descriptor)}
        self.references = []  # (owner, name or None, descriptor or None, class using it)

    def read(self, javap_output):
        current = dotted = None
        lines = javap_output.splitlines()
        for i, line in enumerate(lines):
            declaration = DECLARATION.match(line) if not line.startswith(" ") else None
            if declaration:
                kind, dotted, rest = declaration.groups()
                current = internal(dotted)
                superclass, interfaces = supertypes(kind, rest)
                self.supers[current] = ([superclass] if superclass else []) + interfaces
                self.members.setdefault(current, set())
                for supertype in self.supers[current]:
                    self.references.append((supertype, None, None, current))
                continue
            if current is None:
                continue
            if line.startswith("  ") and not line.startswith("   ") and not line.startswith("  #") \
                    and i + 1 < len(lines) and DESCRIPTOR.match(lines[i + 1]):
                descriptor = DESCRIPTOR.match(lines[i + 1]).group(1)
                self.members[current].add((member_name(line, dotted), descriptor))
                continue
            for pattern in (MEMBER, HANDLE):
                found = pattern.search(line)
                if found:
                    owner, name, descriptor = found.groups()
                    self.references.append((owner or current, name.strip('"'), descriptor, current))
                    break
            else:
                for owner in CLASS.findall(line):
                    self.references.append((owner, None, None, current))

    def judged_owner(self, owner, name, descriptor):
        """The class a member reference is judged by: the owner the bytecode names, or, for a
        member a checked class inherits, the first class outside the checked ones on the way up
        (superclasses first); None when a checked class declares it."""
        queue, seen = [owner], set()
        while queue:
            cls = queue.pop(0)
            if cls in seen:
                continue
            seen.add(cls)
            if cls not in self.members:
                return cls
            if (name, descriptor) in self.members[cls]:
                return None
            queue.extend(self.supers.get(cls, []))
        return None


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


def used_references(classes):
    """{reference: first class seen using it}: members as owner.name:descriptor, types by name."""
    used = {}
    for owner, name, descriptor, where in classes.references:
        if name is not None:
            owner = classes.judged_owner(owner, name, descriptor)
            if owner is None:
                continue
            reference = f"{owner}.{name}:{descriptor}"
        else:
            reference = owner
        if owner.startswith(CHECKED) and not owner.startswith(DESUGARED):
            used.setdefault(reference, where.replace("/", "."))
    return used


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", required=True, help="the table of API levels")
    parser.add_argument("--min-sdk", type=int, required=True)
    parser.add_argument("--javap", default="javap")
    parser.add_argument("entries", nargs="+", help="class directories or jars")
    args = parser.parse_args(argv)

    levels = load_levels(args.levels)
    classes = Classes()
    for entry in args.entries:
        names = sorted(class_names(entry))
        if not names:
            raise SystemExit(f"check_android_api: no class in {entry}")
        classes.read(subprocess.run([args.javap, "-v", "-p", "-cp", entry, *names], check=True,
                                    capture_output=True, text=True).stdout)
    used = used_references(classes)

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
    android = sum(1 for r in used if r.startswith("android/"))
    print(f"check_android_api: {len(used) - android} JDK and {android} Android references,"
          f" each at most API {args.min_sdk}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
