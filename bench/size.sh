#!/usr/bin/env bash
# Stripped sizes of the release library at each opt-level (LTO and one
# codegen unit as in Cargo.toml's [profile.release]; the level is set with
# CARGO_PROFILE_RELEASE_OPT_LEVEL, Cargo.toml is not changed).
#
#   bash bench/size.sh [LEVEL...]      default: 3 s z
#
# For each level: the stripped cdylib, and what the static library adds to a
# stripped C program that presigns (bench/size_probe.c, linked with
# --gc-sections, minus the same program linked against stubs). Builds go to
# target/size-LEVEL so they do not disturb other builds.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
levels=("$@")
[ "${#levels[@]}" -gt 0 ] || levels=(3 s z)
libs=(-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

cc -O2 -std=c11 -Iinclude -DOSS_SIZE_PROBE_STUBS bench/size_probe.c \
    -Wl,--gc-sections -s -o "$out/probe_stubs"
stub_size=$(stat -c %s "$out/probe_stubs")

printf '| opt-level | stripped liboss_presign.so | static library in a stripped C program |\n'
printf '|---|---:|---:|\n'
for level in "${levels[@]}"; do
    dir="target/size-$level"
    CARGO_PROFILE_RELEASE_OPT_LEVEL="$level" CARGO_TARGET_DIR="$dir" \
        cargo build --release --lib --quiet
    strip -o "$out/lib.so" "$dir/release/liboss_presign.so"
    cc -O2 -std=c11 -Iinclude bench/size_probe.c "$dir/release/liboss_presign.a" \
        "${libs[@]}" -Wl,--gc-sections -s -o "$out/probe"
    so=$(stat -c %s "$out/lib.so")
    linked=$(( $(stat -c %s "$out/probe") - stub_size ))
    awk -v l="$level" -v so="$so" -v linked="$linked" 'BEGIN {
        printf "| %s | %d bytes (%.1f KiB) | %d bytes (%.1f KiB) |\n", l, so, so / 1024, linked, linked / 1024
    }'
done
