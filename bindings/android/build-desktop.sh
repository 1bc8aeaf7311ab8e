#!/usr/bin/env bash
# Builds the JNI wrapper for a desktop JVM: the host's liboss_presign_jni and
# a jar of org.osspresign. An Android app's JVM unit tests (src/test, run by
# Gradle on the build machine) cannot load the Android .so; with these two
# they presign for real, exactly as on a device. bindings/android/test.sh
# runs its suite against this very build.
#
#   bash bindings/android/build-desktop.sh [--out DIR] [--asan]
#
# Writes DIR/oss-presign.jar (Java 8 bytecode, what Android accepts too) and
# DIR/lib/liboss_presign_jni.so (.dylib on macOS), and DIR/jspecify: the
# JSpecify annotation types the classes were compiled against (compile time
# only, never in the jar: an app resolves org.jspecify:jspecify:1.0.0); with --asan also
# DIR/lib-asan/liboss_presign_jni.so, the glue under AddressSanitizer and
# UBSan. DIR defaults to target/android-desktop. Point the JVM at the library
# with -Djava.library.path=DIR/lib (docs/android.md shows the Gradle lines).
#
# Needs cargo, a C compiler (CC, default cc) and a JDK 17+ (JAVA_HOME or javac
# on PATH); nothing from Maven: the four JSpecify annotation types are
# declared in build-support/jspecify (same names, targets and retention as
# the published 1.0.0). The library is checked to export
# JNI_OnLoad alone: the natives are bound by RegisterNatives. Linux is what
# this repository's tests run; the macOS branch is not exercised here.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$REPO/bindings/android"
# shellcheck source=../../scripts/setup.sh
source "$REPO/scripts/setup.sh"
# shellcheck source=../../scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"

fail() {
    printf 'build-desktop: %s\n' "$*" >&2
    exit 1
}

OUT="" ASAN=0
while [ "$#" -gt 0 ]; do
    case "$1" in
        --out) OUT="${2:?--out needs a directory}"; shift 2 ;;
        --asan) ASAN=1; shift ;;
        *) fail "unknown argument $1 (usage: build-desktop.sh [--out DIR] [--asan])" ;;
    esac
done

oss_require_cargo
OUT="${OUT:-$(oss_target_dir)/android-desktop}"
command -v javac >/dev/null || [ -n "${JAVA_HOME:-}" ] || fail "no JDK: set JAVA_HOME or put javac on PATH"
JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
JAVAC="$JAVA_HOME/bin/javac"
JAR="$JAVA_HOME/bin/jar"
[ -x "$JAVAC" ] && [ -x "$JAR" ] || fail "no javac/jar under $JAVA_HOME/bin"
CC="${CC:-cc}"
command -v "$CC" >/dev/null || fail "C compiler '$CC' not found (set CC)"

case "$(uname -s)" in
    Linux)
        JNI_OS=linux SUFFIX=so
        # Only JNI_OnLoad leaves the library: the glue is -fvisibility=hidden
        # and Rust's symbols are hidden with the archive (--exclude-libs).
        LINK=(-shared -Wl,--exclude-libs,ALL -Wl,--gc-sections -Wl,-z,defs -Wl,-z,noexecstack)
        # What the Rust staticlib needs on glibc (cargo rustc -- --print native-static-libs).
        STATIC_LIBS=(-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
        ;;
    Darwin)
        JNI_OS=darwin SUFFIX=dylib
        LINK=(-dynamiclib -Wl,-exported_symbol,_JNI_OnLoad -Wl,-dead_strip)
        STATIC_LIBS=(-lSystem -lc -lm)
        ;;
    *) fail "unsupported build host $(uname -s) (Linux, macOS)" ;;
esac
[ -f "$JAVA_HOME/include/jni.h" ] || fail "no jni.h under $JAVA_HOME/include (install a JDK, not a JRE)"

mkdir -p "$OUT/lib" "$OUT/classes"
cargo build --release --lib --quiet
STATIC="$(oss_target_dir)/release/liboss_presign.a"
[ -f "$STATIC" ] || fail "cargo did not produce $STATIC"

# The glue is strict C11; the JDK's headers are system headers, so the
# warnings judge only our code.
GLUE="$HERE/src/main/c/oss_presign_jni.c"
CFLAGS=(-std=c11 -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wstrict-prototypes -Werror
        -fPIC -fvisibility=hidden -isystem "$JAVA_HOME/include" -isystem "$JAVA_HOME/include/$JNI_OS"
        -I"$REPO/include")
LIB="$OUT/lib/liboss_presign_jni.$SUFFIX"
"$CC" "${CFLAGS[@]}" -O2 -g "$GLUE" "$STATIC" "${LINK[@]}" "${STATIC_LIBS[@]}" -o "$LIB"
if [ "$ASAN" = 1 ]; then
    [ "$JNI_OS" = linux ] || fail "--asan is for Linux"
    mkdir -p "$OUT/lib-asan"
    "$CC" "${CFLAGS[@]}" -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
        -fno-omit-frame-pointer "$GLUE" "$STATIC" "${LINK[@]}" -lasan -lubsan "${STATIC_LIBS[@]}" \
        -o "$OUT/lib-asan/liboss_presign_jni.$SUFFIX"
fi
if [ "$JNI_OS" = linux ]; then
    exported="$(nm -D --defined-only "$LIB" | awk '{print $3}' | sort)"
else
    exported="$(nm -gU "$LIB" | awk '{print $3}' | sed 's/^_//' | sort)"
fi
[ "$exported" = JNI_OnLoad ] \
    || fail "${LIB#"$REPO"/} must export JNI_OnLoad alone, exports: $(tr '\n' ' ' <<<"$exported")"

# The JSpecify annotation types, compiled as the published jar is (Java 8
# bytecode against a newer JDK's ElementType, which has MODULE), apart from the
# classes: they must never be packaged (an app would get them twice).
JSPECIFY_SOURCES=()
while IFS= read -r source; do JSPECIFY_SOURCES+=("$source"); done < <(find "$HERE/build-support/jspecify" -name '*.java' | sort)
rm -rf "$OUT/jspecify"
"$JAVAC" -Xlint:all -Xlint:-options -Werror -source 8 -target 8 -d "$OUT/jspecify" "${JSPECIFY_SOURCES[@]}"

# --release 8: the classes use only APIs that Android has, and run on any JVM.
# Every lint category, but not -Xlint:all (see javac-lint.sh).
# shellcheck source=javac-lint.sh
source "$HERE/javac-lint.sh"
LINT="$(oss_android_javac_lint "$JAVAC")"
sources=()
while IFS= read -r source; do sources+=("$source"); done < <(find "$HERE/src/main/java" -name '*.java' | sort)
rm -rf "$OUT/classes"
"$JAVAC" "$LINT" -Werror -encoding UTF-8 --release 8 -cp "$OUT/jspecify" -d "$OUT/classes" "${sources[@]}"
"$JAR" --create --file "$OUT/oss-presign.jar" -C "$OUT/classes" .
packaged="$("$JAR" --list --file "$OUT/oss-presign.jar")"
! grep -q '^org/jspecify/' <<<"$packaged" || fail "oss-presign.jar holds org/jspecify classes: they must come from the app's dependency"
grep -qx 'org/osspresign/package-info.class' <<<"$packaged" || fail "oss-presign.jar lacks the @NullMarked package-info.class"
info "${LIB#"$REPO"/}: exports JNI_OnLoad alone" \
     "${OUT#"$REPO"/}/oss-presign.jar: ${#sources[@]} classes' sources, Java 8 bytecode"
