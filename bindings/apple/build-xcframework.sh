#!/usr/bin/env bash
# Builds OSSPresignFFI.xcframework: the Rust library as a static library for
# iOS devices (aarch64-apple-ios) and the simulator (aarch64-apple-ios-sim +
# x86_64-apple-ios, joined with lipo), each slice with
# Headers/OSSPresignFFI/{oss_presign.h,module.modulemap} (module
# OSSPresignFFI). The Objective-C wrapper (bindings/apple/OPSPresigner) is
# compiled from source by the app: through Package.swift (target
# OPSPresigner, which also carries the privacy manifest), or added to an
# Xcode project (docs/ios.md).
#
#   bash bindings/apple/build-xcframework.sh           on macOS with Xcode:
#        release libraries, lipo, xcodebuild -create-xcframework
#        -> target/apple/OSSPresignFFI.xcframework, its .zip and the zip's
#        SwiftPM checksum (release_package.py pins Package.swift to it)
#   bash bindings/apple/build-xcframework.sh --check   anywhere (what CI runs):
#        dev-profile static libraries for the three targets, each checked
#        for the C ABI's symbols and for "required reason" API calls
#        (exactly those PrivacyInfo.xcprivacy declares); the two simulator
#        slices joined with lipo when llvm-lipo exists. A target whose Rust
#        standard library rustup cannot add (the simulator ones on Linux:
#        the dist server has no rust-std for them there) is built with
#        nightly's -Zbuild-std from rust-src (scripts/setup.sh
#        oss_setup_hardening installs both). Only without that toolchain is
#        a target SKIPPED, with a message; with CI=true that fails
#   bash bindings/apple/build-xcframework.sh --headers DIR
#        only stages the Headers directory of a slice into DIR
#
# Each slice's headers sit in a folder named after the module, not at the
# top of Headers/: Xcode copies every static-library slice's Headers into
# one include/ directory, where two XCFrameworks that each put a
# module.modulemap at the top would collide.
#
# IPHONEOS_DEPLOYMENT_TARGET is fixed here so that Rust and the wrapper
# agree; override it in the environment if your app's minimum differs.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO"
# shellcheck source=../../scripts/setup.sh
source "$REPO/scripts/setup.sh"
# shellcheck source=../../scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"

export IPHONEOS_DEPLOYMENT_TARGET="${IPHONEOS_DEPLOYMENT_TARGET:-13.0}"
DEVICE=aarch64-apple-ios
SIMULATORS=(aarch64-apple-ios-sim x86_64-apple-ios)
TARGETS=("$DEVICE" "${SIMULATORS[@]}")
OUT="$(oss_target_dir)/apple"
NAME=OSSPresignFFI
MANIFEST="$REPO/bindings/apple/OPSPresigner/PrivacyInfo.xcprivacy"

# The Headers directory of one slice: the C header and the module map in
# Headers/OSSPresignFFI/.
stage_headers() { # DIR
    rm -rf "$1"
    mkdir -p "$1/$NAME"
    cp "$REPO/include/oss_presign.h" "$REPO/bindings/apple/$NAME/module.modulemap" "$1/$NAME/"
}

CHECK=0
case "${1:-}" in
    --check) CHECK=1 ;;
    --headers)
        [ "$#" -eq 2 ] || { echo "usage: $0 --headers DIR" >&2; exit 2; }
        stage_headers "$2"
        exit 0
        ;;
    "") ;;
    *) echo "usage: $0 [--check | --headers DIR]" >&2; exit 2 ;;
esac
oss_require_cargo

# Where a target's Rust standard library comes from: "prebuilt" when rustup
# has (or can add) the target's rust-std, "build-std" when nightly with
# rust-src can compile it, nothing when neither can.
std_source() { # TARGET
    if rustup target list --installed 2>/dev/null | grep -qx "$1" \
        || { oss_setup_rust_targets "$1" >/dev/null 2>&1 \
             && rustup target list --installed 2>/dev/null | grep -qx "$1"; }; then
        echo prebuilt
    elif rustup run nightly rustc --version >/dev/null 2>&1 \
        && rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src'; then
        echo build-std
    fi
}

# The static library for one target: cargo rustc with --crate-type
# staticlib, since a plain `cargo build --target` would also link the
# cdylib, which needs Apple's linker. (That is also why the two simulator
# targets take one cargo call each: cargo passes --crate-type to one target
# only.)
# The dev profile (--check) goes without debug info: the checks read
# symbols only, and a standard library compiled from source takes half the
# time without it.
build_target() { # TARGET PROFILE STD-SOURCE
    local flags=(--quiet --lib --crate-type staticlib --target "$1")
    [ "$2" = release ] && flags+=(--release)
    (
        [ "$2" = release ] || export CARGO_PROFILE_DEV_DEBUG=0
        if [ "$3" = build-std ]; then
            cargo +nightly rustc -Zbuild-std=std,panic_unwind "${flags[@]}"
        else
            cargo rustc "${flags[@]}"
        fi
    )
}

# "Required reason" APIs (Apple's privacy manifest categories), each as the
# symbols, C or Rust std entry points (legacy or v0 mangling), through which
# code would reach it. The archive's calls must give exactly the categories
# PrivacyInfo.xcprivacy declares: nothing undeclared, nothing declared in
# vain. (sysctlbyname, which sha2's CPU feature detection calls for
# hw.optional.* keys, is in none of these lists.) The library reads the
# boot-time clock that counts sleep, clock_gettime(CLOCK_MONOTONIC)
# (src/boot_clock.rs): the System Boot Time category; so would std's
# Instant::now (clock_gettime(CLOCK_UPTIME_RAW), mach_absolute_time in older
# releases) or mach_continuous_time. The clock id is not visible in the
# symbol, so any direct clock_gettime call counts.
REASON_CATEGORIES=(
    "NSPrivacyAccessedAPICategorySystemBootTime=_mach_absolute_time$|_mach_continuous_time|_clock_gettime|7Instant3now|systemUptime"
    "NSPrivacyAccessedAPICategoryFileTimestamp=_stat$|_fstat$|_lstat|_fstatat|getattrlist|2fs8metadata|8Metadata"
    "NSPrivacyAccessedAPICategoryDiskSpace=_statfs|_fstatfs|_statvfs|_fstatvfs"
    "NSPrivacyAccessedAPICategoryActiveKeyboards=activeInputModes"
    "NSPrivacyAccessedAPICategoryUserDefaults=NSUserDefaults"
)
# The categories the manifest declares, sorted, one a line.
declared_categories() {
    sed -n 's:.*<string>\(NSPrivacyAccessedAPICategory[A-Za-z]*\)</string>.*:\1:p' \
        "$MANIFEST" | sort -u
}

# Checks the archive: the C ABI is in it, and the required-reason APIs that
# the library and its dependencies (everything but Rust's own
# std/core/alloc and their internals, whose bitcode this llvm-nm may not
# read) call are exactly those the manifest declares.
check_archive() { # TARGET ARCHIVE
    local target="$1" archive="$2" dir members undefined defined entry category pattern calls
    local used="" declared
    if ! command -v llvm-nm >/dev/null || ! command -v llvm-ar >/dev/null; then
        # CI installs llvm (scripts/setup.sh): there, a check that cannot look fails.
        if [ "${CI:-}" = true ]; then
            echo "$target: llvm-nm/llvm-ar not found: the archive and its privacy manifest cannot be checked (CI=true)" >&2
            return 1
        fi
        info "SKIPPED $target: llvm-nm/llvm-ar not found, archive not inspected (with CI=true this fails)"
        return 0
    fi
    dir="$(mktemp -d)"
    (cd "$dir" && llvm-ar x "$archive")
    members=()
    for member in "$dir"/*.o; do
        case "$(basename "$member")" in
            std-* | core-* | alloc-* | compiler_builtins-* | panic_* | unwind-* | rustc_* | \
            std_detect-* | hashbrown-* | gimli-* | addr2line-* | object-* | miniz_oxide-* | \
            adler* | memchr-* | cfg_if-* | *lse_*) ;;
            *) members+=("$member") ;;
        esac
    done
    # (llvm-nm exits 1 on members without symbols: not an error here.)
    undefined="$({ llvm-nm -u "${members[@]}" 2>/dev/null || true; } | awk 'NF { print $NF }' | sort -u)"
    rm -rf "$dir"
    # (Through variables: `cmd | grep -q` can fail with SIGPIPE under pipefail.)
    defined="$(llvm-nm --defined-only "$archive" 2>/dev/null || true)"
    [[ "$defined" == *" T _oss_presign_get"$'\n'* ]] \
        || { echo "$target: _oss_presign_get missing from $archive" >&2; return 1; }
    # The check sees the calls it looks for: the library reads the wall
    # clock (std's SystemTime::now, or libc directly), so that must show.
    grep -qE '10SystemTime3now|_clock_gettime|_gettimeofday$|_time$' <<<"$undefined" \
        || { echo "$target: no wall-clock read seen: the required-reason check is blind" >&2; return 1; }
    for entry in "${REASON_CATEGORIES[@]}"; do
        category="${entry%%=*}"
        pattern="${entry#*=}"
        calls="$(grep -E "$pattern" <<<"$undefined" || true)"
        if [ -n "$calls" ]; then
            used+="$category"$'\n'
            info "$target: $category through $(paste -sd ' ' <<<"$calls")"
        fi
    done
    used="$(printf '%s' "$used" | sort -u)"
    declared="$(declared_categories)"
    if [ "$used" != "$declared" ]; then
        echo "$target: the required-reason APIs called and those PrivacyInfo.xcprivacy declares differ:" >&2
        diff <(printf '%s\n' "$used") <(printf '%s\n' "$declared") | sed 's/^</  called, not declared:/; s/^>/  declared, not called:/' >&2 || true
        return 1
    fi
    info "$target: $(basename "$archive") has the C ABI; its required-reason API calls are exactly the declared ${used:-none} (${#members[@]} objects of the library, its dependencies and compiler-rt checked)"
}

# Each target's Rust standard library is added here if missing
# (scripts/setup.sh), else compiled from source (std_source). Where neither
# works, --check skips that target and says so; with CI=true, or without
# --check, that fails.
built=()
for target in "${TARGETS[@]}"; do
    std="$(std_source "$target")"
    if [ -z "$std" ]; then
        if [ "$CHECK" -eq 1 ] && [ "${CI:-}" != true ]; then
            info "SKIPPED $target: rustup cannot add its Rust standard library here and nightly with rust-src is missing (scripts/setup.sh oss_setup_hardening; with CI=true this fails)"
            continue
        fi
        echo "$target: no Rust standard library (rustup target add failed) and no nightly with rust-src for -Zbuild-std${CI:+ (CI=$CI: every iOS target must build)}" >&2
        exit 1
    fi
    started=$SECONDS
    if [ "$CHECK" -eq 1 ]; then
        build_target "$target" debug "$std"
        check_archive "$target" "$(oss_target_dir)/$target/debug/liboss_presign.a"
    else
        build_target "$target" release "$std"
    fi
    info "$target: built with the $([ "$std" = prebuilt ] && echo "prebuilt standard library" || echo "standard library compiled from source (nightly -Zbuild-std)") in $((SECONDS - started)) s"
    built+=("$target")
done

if [ "$CHECK" -eq 1 ]; then
    simulator_libs=()
    for target in "${SIMULATORS[@]}"; do
        [ -f "$(oss_target_dir)/$target/debug/liboss_presign.a" ] && [[ " ${built[*]} " == *" $target "* ]] \
            && simulator_libs+=("$(oss_target_dir)/$target/debug/liboss_presign.a")
    done
    lipo_tool="$(command -v llvm-lipo || command -v llvm-lipo-14 || true)"
    if [ "${#simulator_libs[@]}" -eq 2 ] && [ -n "$lipo_tool" ]; then
        mkdir -p "$OUT/check"
        "$lipo_tool" -create "${simulator_libs[@]}" -output "$OUT/check/liboss_presign-simulator.a"
        archs="$("$lipo_tool" -archs "$OUT/check/liboss_presign-simulator.a")"
        [[ " $archs " == *" arm64 "* && " $archs " == *" x86_64 "* ]] \
            || { echo "lipo: the simulator library holds '$archs', not arm64 and x86_64" >&2; exit 1; }
        info "lipo: simulator slices joined (${archs% })"
    else
        info "lipo of the simulator slices not checked (needs both simulator targets and llvm-lipo)"
    fi
    info "built: ${built[*]:-none}; not checked here: xcodebuild -create-xcframework (needs Xcode)"
    exit 0
fi

# ---------------------------------------------------------------- macOS + Xcode
command -v xcodebuild >/dev/null || { echo "xcodebuild not found: run this on macOS with Xcode (or use --check)" >&2; exit 1; }
rm -rf "$OUT"
mkdir -p "$OUT/simulator"
stage_headers "$OUT/headers"
lipo -create "$(oss_target_dir)/aarch64-apple-ios-sim/release/liboss_presign.a" \
    "$(oss_target_dir)/x86_64-apple-ios/release/liboss_presign.a" \
    -output "$OUT/simulator/liboss_presign.a"
xcodebuild -create-xcframework \
    -library "$(oss_target_dir)/$DEVICE/release/liboss_presign.a" -headers "$OUT/headers" \
    -library "$OUT/simulator/liboss_presign.a" -headers "$OUT/headers" \
    -output "$OUT/$NAME.xcframework"
# (No privacy manifest in the slices: a static library cannot carry one.
# The OPSPresigner target ships it as a SwiftPM resource; docs/ios.md says
# where it goes when the XCFramework is added by hand.)
python3 "$REPO/bindings/apple/check_package.py" --xcframework "$OUT/$NAME.xcframework" >/dev/null
(cd "$OUT" && rm -f "$NAME.xcframework.zip" && zip -qry "$NAME.xcframework.zip" "$NAME.xcframework")
say "$OUT/$NAME.xcframework"
info "zip: $OUT/$NAME.xcframework.zip" \
    "SwiftPM checksum: $(python3 "$REPO/bindings/apple/release_package.py" checksum "$OUT/$NAME.xcframework.zip")" \
    "to release: python3 bindings/apple/release_package.py pin --zip $OUT/$NAME.xcframework.zip --url https://.../$NAME.xcframework.zip"
