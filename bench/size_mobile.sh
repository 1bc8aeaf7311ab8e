#!/usr/bin/env bash
# Sizes and speed of the ordinary release build (stable Rust) against the
# mobile-sized build (scripts/build-mobile.sh, nightly), side by side.
#
#   bash bench/size_mobile.sh [PASSES]      default: 5 speed passes
#
# Builds compared:
#   cargo-build   stable, `cargo build --release --lib`: the rlib, the .so and
#                 the .a in one compiler run (x86_64 only);
#   stable        stable, `cargo rustc --release --lib --crate-type
#                 staticlib,cdylib`: as cargo cinstall and the Android and
#                 iOS build scripts build the libraries;
#   mobile        scripts/build-mobile.sh (nightly, std rebuilt for size).
# Sizes, for each build:
#   - the stripped x86_64 liboss_presign.so;
#   - what the x86_64 static library adds to a stripped C program that
#     creates a client and presigns (bench/size_probe.c linked with
#     --gc-sections, minus the same program linked against stubs), as
#     bench/size.sh measures it;
#   - for aarch64-linux-android and aarch64-apple-ios: the static library
#     (.a) and the machine code in it (.text* or __text of all members,
#     llvm-size). An archive holds all of std, used or not: the linker of
#     the app drops what the app does not reach.
# Speed: bench/presign_loop.c linked against each x86_64 static library,
# the short key and the 200-byte unicode key of benches/presign.rs; the
# passes alternate between the builds, and each build's best CPU-time rate
# over all passes is kept (the least disturbed by other work on the machine).
#
# Builds go to target/size-cargo-build, target/size-stable and target/mobile,
# apart from other builds.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
# shellcheck source=../scripts/setup.sh
source scripts/setup.sh
# shellcheck source=../scripts/lib/common.sh
source scripts/lib/common.sh

passes="${1:-5}"
host="$(rustc -vV | awk '/^host:/ { print $2 }')"
[ "$host" = x86_64-unknown-linux-gnu ] || oss_fail size_mobile "expects an x86_64 Linux host, not $host"
mobile_targets=(aarch64-linux-android aarch64-apple-ios)
libs=(-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
cargo_build_dir="$REPO/target/size-cargo-build"
stable_dir="$REPO/target/size-stable"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export IPHONEOS_DEPLOYMENT_TARGET="${IPHONEOS_DEPLOYMENT_TARGET:-13.0}"

kib() { awk -v b="$1" 'BEGIN { printf "%d B (%.1f KiB)", b, b / 1024 }'; }

say "builds"
info "stable: $(rustc --version)"
CARGO_TARGET_DIR="$cargo_build_dir" cargo build --release --lib --quiet
CARGO_TARGET_DIR="$stable_dir" cargo rustc --quiet --release --lib \
    --crate-type staticlib,cdylib
for target in "${mobile_targets[@]}"; do
    CARGO_TARGET_DIR="$stable_dir" cargo rustc --quiet --release --lib \
        --crate-type staticlib --target "$target"
done
bash scripts/build-mobile.sh "$host" "${mobile_targets[@]}" >/dev/null

# libdir BUILD TARGET: where a build put its libraries.
libdir() {
    case "$1" in
        cargo-build) echo "$cargo_build_dir/release" ;;
        stable) [ "$2" = "$host" ] && echo "$stable_dir/release" || echo "$stable_dir/$2/release" ;;
        mobile) echo "$REPO/target/mobile/$2/release" ;;
    esac
}

cc -O2 -std=c11 -Iinclude -DOSS_SIZE_PROBE_STUBS bench/size_probe.c \
    -Wl,--gc-sections -s -o "$work/probe_stubs"
stub_size=$(stat -c %s "$work/probe_stubs")

say "sizes"
printf '| build | stripped x86_64 .so | x86_64 static library in a stripped C program |'
for target in "${mobile_targets[@]}"; do printf ' %s .a | its code |' "$target"; done
printf '\n|---|---:|---:|'
for _ in "${mobile_targets[@]}"; do printf -- '---:|---:|'; done
printf '\n'
for build in cargo-build stable mobile; do
    d="$(libdir "$build" "$host")"
    strip -o "$work/lib.so" "$d/liboss_presign.so"
    cc -O2 -std=c11 -Iinclude bench/size_probe.c "$d/liboss_presign.a" "${libs[@]}" \
        -Wl,--gc-sections -s -o "$work/probe"
    printf '| %s | %s | %s |' "$build" "$(kib "$(stat -c %s "$work/lib.so")")" \
        "$(kib $(($(stat -c %s "$work/probe") - stub_size)))"
    for target in "${mobile_targets[@]}"; do
        archive="$(libdir "$build" "$target")/liboss_presign.a"
        if [ "$build" = cargo-build ]; then
            printf ' | |'
        else
            printf ' %s | %s |' "$(kib "$(stat -c %s "$archive")")" "$(kib "$(oss_code_bytes "$archive")")"
        fi
    done
    printf '\n'
    cc -O2 -std=c11 -Iinclude bench/presign_loop.c "$d/liboss_presign.a" "${libs[@]}" \
        -o "$work/loop-$build"
done

say "speed (C ABI, CPU time, best of $passes passes of 3 x 300000 presigns)"
unicode_key="$(cd bench && python3 -c 'import peers; print(peers.unicode_key())')"
declare -A best
for _ in $(seq "$passes"); do
    for case_name in short_key unicode_key_200b; do
        key=exampleobject.txt
        [ "$case_name" = unicode_key_200b ] && key="$unicode_key"
        for build in cargo-build stable mobile; do
            rate="$("$work/loop-$build" --key "$key" --iterations 300000 --rounds 3 \
                | python3 -c 'import json, sys; print(max(json.load(sys.stdin)["cpu"]))')"
            best[$build/$case_name]="$(python3 -c "print(max(${best[$build/$case_name]:-0}, $rate))")"
        done
    done
done
printf '| case | cargo-build ns/presign | stable ns/presign | mobile ns/presign | mobile time / stable time |\n'
printf '|---|---:|---:|---:|---:|\n'
for case_name in short_key unicode_key_200b; do
    python3 -c "c, s, m = ${best[cargo-build/$case_name]}, ${best[stable/$case_name]}, ${best[mobile/$case_name]}
print(f'| $case_name | {1e9 / c:.0f} | {1e9 / s:.0f} | {1e9 / m:.0f} | {s / m:.3f} |')"
done
