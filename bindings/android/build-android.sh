#!/usr/bin/env bash
# Builds liboss_presign_jni.so for each Android ABI with the NDK: the Rust
# static library (release profile) linked with the JNI glue into one shared
# library per ABI, which Gradle then packages from src/main/jniLibs/. Gradle
# runs it (task buildNativeLibraries, before preBuild); it also runs alone.
#
#   ANDROID_NDK_HOME=/path/to/ndk bash bindings/android/build-android.sh [ABI...]
#
# ABIs: arm64-v8a armeabi-v7a x86_64 x86 (default: all four). Needs the NDK
# (r23 or newer; r28+ recommended) and the rustup targets
#   rustup target add aarch64-linux-android armv7-linux-androideabi \
#       x86_64-linux-android i686-linux-android
# Settings (environment): ANDROID_API (minimum API level, default 21, the
# minSdk of build.gradle.kts), CARGO_PROFILE_FLAGS (default --release).
#
# Each library is linked with
#   -shared -fvisibility=hidden -Wl,--exclude-libs,ALL -Wl,--gc-sections
#   -Wl,-z,max-page-size=16384   16 KB page alignment (Google Play requires it
#                                for Android 15+ devices; NDK r28+ defaults to it)
# and checked: it exports JNI_OnLoad alone (the natives are bound there with
# RegisterNatives), and every LOAD segment is aligned to 16 KB. The unstripped copy (for symbolicating
# crash reports) stays in build/native/<abi>/; the stripped one goes to
# src/main/jniLibs/<abi>/.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$REPO/bindings/android"
# shellcheck source=../../scripts/setup.sh
source "$REPO/scripts/setup.sh"
# shellcheck source=../../scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"

fail() {
    printf 'build-android: %s\n' "$*" >&2
    exit 1
}

oss_require_cargo
NDK="${ANDROID_NDK_HOME:-${ANDROID_NDK_ROOT:-}}"
[ -n "$NDK" ] && [ -d "$NDK" ] || fail "set ANDROID_NDK_HOME to the NDK directory"
case "$(uname -s)" in
    Linux) HOST_TAG=linux-x86_64 ;;
    Darwin) HOST_TAG=darwin-x86_64 ;; # also on Apple silicon (the NDK ships this tag)
    *) fail "unsupported build host $(uname -s)" ;;
esac
TOOLCHAIN="$NDK/toolchains/llvm/prebuilt/$HOST_TAG"
[ -d "$TOOLCHAIN/bin" ] || fail "no LLVM toolchain at $TOOLCHAIN"
API="${ANDROID_API:-21}"
read -r -a PROFILE <<<"${CARGO_PROFILE_FLAGS:---release}"
PROFILE_DIR=release
[[ " ${PROFILE[*]} " == *" --release "* ]] || PROFILE_DIR=debug
STRIP="$TOOLCHAIN/bin/llvm-strip"
READELF="$TOOLCHAIN/bin/llvm-readelf"

ABIS=("$@")
[ "${#ABIS[@]}" -gt 0 ] || ABIS=(arm64-v8a armeabi-v7a x86_64 x86)

for abi in "${ABIS[@]}"; do
    case "$abi" in
        arm64-v8a) target=aarch64-linux-android clang_triple=aarch64-linux-android ;;
        armeabi-v7a) target=armv7-linux-androideabi clang_triple=armv7a-linux-androideabi ;;
        x86_64) target=x86_64-linux-android clang_triple=x86_64-linux-android ;;
        x86) target=i686-linux-android clang_triple=i686-linux-android ;;
        *) fail "unknown ABI $abi (arm64-v8a, armeabi-v7a, x86_64, x86)" ;;
    esac
    clang="$TOOLCHAIN/bin/$clang_triple$API-clang"
    [ -x "$clang" ] || fail "$clang not found (is API level $API in this NDK?)"
    say "$abi ($target, API $API)"

    # One compiler for Rust's linker and any C code a dependency builds, so
    # both agree on the minimum API level.
    upper="$(tr 'a-z-' 'A-Z_' <<<"$target")"
    export "CARGO_TARGET_${upper}_LINKER=$clang"
    export "CC_${target//-/_}=$clang"
    export "AR_${target//-/_}=$TOOLCHAIN/bin/llvm-ar"

    # The static library, and the native libraries it needs on this target.
    native_libs="$(cargo rustc "${PROFILE[@]}" --lib --crate-type staticlib --target "$target" \
        -- --print native-static-libs 2>&1 | sed -n 's/.*native-static-libs: //p' | tail -n 1)"
    if [ -z "$native_libs" ]; then
        # Printed only when rustc ran; a fresh build prints nothing. This is
        # what rustc 1.85-1.95 prints for all four Android targets.
        native_libs="-ldl -llog -lunwind -ldl -lm -lc"
    fi
    read -r -a native <<<"$native_libs"
    staticlib="$(oss_target_dir)/$target/$PROFILE_DIR/liboss_presign.a"
    [ -f "$staticlib" ] || fail "cargo did not produce $staticlib"

    unstripped="$HERE/build/native/$abi/liboss_presign_jni.so"
    stripped="$HERE/src/main/jniLibs/$abi/liboss_presign_jni.so"
    mkdir -p "$(dirname "$unstripped")" "$(dirname "$stripped")"
    "$clang" -std=c11 -Wall -Wextra -Wpedantic -Wconversion -Werror -O2 -g -fPIC \
        -fvisibility=hidden -I"$REPO/include" "$HERE/src/main/c/oss_presign_jni.c" "$staticlib" \
        -shared -Wl,--exclude-libs,ALL -Wl,--gc-sections -Wl,-z,defs -Wl,--build-id=sha1 \
        -Wl,-z,max-page-size=16384 -Wl,-z,noexecstack "${native[@]}" -o "$unstripped"
    "$STRIP" --strip-unneeded -o "$stripped" "$unstripped"

    exported="$("$READELF" --dyn-syms -W "$stripped" | awk '$5 != "LOCAL" && $7 != "UND" && $8 != "" {print $8}' | sort -u)"
    [ "$exported" = JNI_OnLoad ] || fail "$abi: must export JNI_OnLoad alone, exports: $(tr '\n' ' ' <<<"$exported")"
    aligns="$("$READELF" -l -W "$stripped" | awk '$1 == "LOAD" {print $NF}' | sort -u)"
    for align in $aligns; do
        [ $((align)) -ge 16384 ] || fail "$abi: a LOAD segment is aligned to $align, not 16 KB"
    done
    info "$(wc -c <"$stripped") bytes, exports JNI_OnLoad alone, LOAD alignment $aligns" \
         "-> ${stripped#"$REPO"/} (unstripped: ${unstripped#"$REPO"/})"
done
