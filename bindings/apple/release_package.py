#!/usr/bin/env python3
"""The release side of Package.swift: a package that resolves by URL.

As committed, Package.swift's binary target OSSPresignFFI is a local
`path:` to the XCFramework that build-xcframework.sh writes under target/
(git-ignored): right for developing here, useless to an app that adds the
package by URL. A release commit points it at the uploaded zip instead:

  python3 bindings/apple/release_package.py checksum ZIP
      prints the zip's SHA-256, as `swift package compute-checksum` does
  python3 bindings/apple/release_package.py pin --zip ZIP --url URL
                                             [--manifest FILE] [--output FILE]
      rewrites the binary target to `url: URL, checksum: <SHA-256 of ZIP>`
      (in place, or into --output); run again to re-pin

URL must be where the zip will be downloaded from (https, ending in .zip,
e.g. a release asset). check_package.py then checks the result by
SwiftPM's rules, and with --zip that the checksum is the zip's.
"""

import argparse
import hashlib
import re
import sys

TARGET = "OSSPresignFFI"


def checksum(path):
    """SHA-256 of the file's bytes in lowercase hex: what SwiftPM computes
    for a binary target's archive and compares with the manifest's."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def swift_string(text):
    if re.search(r'["\\\n]', text):
        raise ValueError("not a plain string for Package.swift: %r" % text)
    return '"%s"' % text


def pin(manifest_text, url, sha256, target=TARGET):
    """The manifest with target's .binaryTarget(...) pointing at url."""
    pattern = re.compile(
        r'(?P<indent>[ \t]*)\.binaryTarget\(\s*name:\s*"%s",\s*'
        r'(?:path:\s*"[^"]*"|url:\s*"[^"]*",\s*checksum:\s*"[^"]*")\s*,?\s*\)' % re.escape(target))
    matches = list(pattern.finditer(manifest_text))
    if len(matches) != 1:
        raise ValueError("expected one .binaryTarget(name: \"%s\", path: or url:/checksum:) in the "
                         "manifest, found %d" % (target, len(matches)))
    indent = matches[0].group("indent")
    replacement = ("%s.binaryTarget(\n%s    name: %s,\n%s    url: %s,\n%s    checksum: %s\n%s)"
                   % (indent, indent, swift_string(target), indent, swift_string(url), indent,
                      swift_string(sha256), indent))
    return manifest_text[:matches[0].start()] + replacement + manifest_text[matches[0].end():]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    sum_command = commands.add_parser("checksum", help="print the SHA-256 of a zip")
    sum_command.add_argument("zip")
    pin_command = commands.add_parser("pin", help="point the binary target at a released zip")
    pin_command.add_argument("--zip", required=True)
    pin_command.add_argument("--url", required=True)
    pin_command.add_argument("--manifest", default="Package.swift")
    pin_command.add_argument("--output")
    arguments = parser.parse_args(argv)
    if arguments.command == "checksum":
        print(checksum(arguments.zip))
        return 0
    if not re.match(r"^https://[^\s\"]+\.zip$", arguments.url):
        print("release_package: --url must be an https URL ending in .zip", file=sys.stderr)
        return 2
    with open(arguments.manifest, encoding="utf-8") as handle:
        text = handle.read()
    try:
        text = pin(text, arguments.url, checksum(arguments.zip))
    except ValueError as error:
        print("release_package: %s" % error, file=sys.stderr)
        return 1
    with open(arguments.output or arguments.manifest, "w", encoding="utf-8") as handle:
        handle.write(text)
    print("release_package: %s -> %s" % (TARGET, arguments.url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
