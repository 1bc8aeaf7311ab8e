# shellcheck shell=bash
# Sourced by build-desktop.sh and test.sh.
#
# oss_android_javac_lint JAVAC: prints the -Xlint option that turns on every
# lint category JAVAC knows, each by name. Not -Xlint:all: with --release 8,
# reading JSpecify's @NullMarked (whose @Target names ElementType.MODULE,
# which Java 8 lacks) prints "unknown enum constant ElementType.MODULE", a
# warning javac ties to no category (the published jar does the same; JSpecify's
# "version compatibility" notes say so), so -Werror would fail on it; a list
# that starts from -Xlint:none leaves it out.
oss_android_javac_lint() {
    printf -- '-Xlint:none,%s\n' \
        "$("$1" --help-lint | awk '/^    [a-z]/ && $1 != "all" && $1 != "none" {print $1}' | paste -sd, -)"
}
