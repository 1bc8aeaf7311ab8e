#!/usr/bin/env bash
# The mobile-sized release build: the library with Rust's standard library
# rebuilt for size, on nightly Rust.
#
#   bash scripts/build-mobile.sh [TARGET...]
#        default targets: aarch64-linux-android aarch64-apple-ios
#
# For each target, the release profile of Cargo.toml (opt-level 3, fat LTO,
# one codegen unit, panic = "unwind") with
#   -Zbuild-std=std,panic_unwind          std compiled with the library, so
#                                         LTO sees it and drops what is unused
#   -Zbuild-std-features=panic-unwind,optimize_for_size
#                                         no `backtrace` feature: no DWARF
#                                         symbolizer behind the default panic
#                                         hook; size-optimised std algorithms
#   RUSTFLAGS=-Zlocation-detail=none      no file/line/column strings for
#                                         panics (the C ABI never shows a
#                                         panic message; it returns
#                                         OSS_CODE_PANIC)
#   std, core, alloc at opt-level "s"     what the library calls of them out
#                                         of line is not on the presign path
#                                         (what it inlines is optimised as
#                                         the caller is)
# Panics still unwind, so the C ABI's panic boundary works as in the
# ordinary build. The library's own code and its dependencies stay at
# opt-level 3: at "s" a presign takes twice as long (BENCHMARKS.md,
# "Mobile-sized build").
#
# Builds the static library (liboss_presign.a) for every target, and the
# shared library too for the host target (a cross shared library needs the
# platform's linker: NDK or Xcode). Output: target/mobile/TARGET/release/
# (CARGO_TARGET_DIR is left alone: the std build is kept apart from the
# ordinary one). Link the archive as the ordinary one, with the same native
# libraries. Prints each archive's size and the size of its code.
#
# Needs the nightly toolchain with rust-src:
#   rustup toolchain install nightly --component rust-src
# OSS_NIGHTLY names another toolchain (a dated nightly, to pin the build):
#   OSS_NIGHTLY=nightly-2026-05-19 bash scripts/build-mobile.sh
# For an Apple target, IPHONEOS_DEPLOYMENT_TARGET defaults to 13.0 as in
# bindings/apple/build-xcframework.sh. RUSTFLAGS from the environment are
# added to the recipe's, and Cargo's CARGO_PROFILE_RELEASE_* variables
# apply as usual (how the alternatives measured in BENCHMARKS.md are built).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
# shellcheck source=scripts/setup.sh
source "$REPO/scripts/setup.sh"
# shellcheck source=scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"

NIGHTLY="${OSS_NIGHTLY:-nightly}"
OUT="$REPO/target/mobile"
STD_FEATURES="panic-unwind,optimize_for_size"
MOBILE_RUSTFLAGS="-Zlocation-detail=none"
STD_PROFILE=()
for crate in std core alloc; do
    STD_PROFILE+=(--config "profile.release.package.$crate.opt-level=\"s\"")
done
export IPHONEOS_DEPLOYMENT_TARGET="${IPHONEOS_DEPLOYMENT_TARGET:-13.0}"

targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(aarch64-linux-android aarch64-apple-ios)

oss_require_cargo
command -v rustup >/dev/null 2>&1 || oss_fail build-mobile "rustup is needed for the $NIGHTLY toolchain"
host="$(rustc -vV | awk '/^host:/ { print $2 }')"
# Checked first: `rustup run` may otherwise install a missing toolchain.
rustup toolchain list | awk '{ print $1 }' | grep -qx -e "$NIGHTLY" -e "$NIGHTLY-$host" \
    || oss_fail build-mobile "no $NIGHTLY toolchain: rustup toolchain install $NIGHTLY --component rust-src"
sysroot="$(rustup run "$NIGHTLY" rustc --print sysroot)"
[ -f "$sysroot/lib/rustlib/src/rust/library/std/Cargo.toml" ] \
    || oss_fail build-mobile "$NIGHTLY has no rust-src: rustup component add rust-src --toolchain $NIGHTLY"

say "mobile-sized build with $(rustup run "$NIGHTLY" rustc --version)"
for target in "${targets[@]}"; do
    crate_types=staticlib
    [ "$target" = "$host" ] && crate_types=staticlib,cdylib
    RUSTFLAGS="$MOBILE_RUSTFLAGS${RUSTFLAGS:+ $RUSTFLAGS}" CARGO_TARGET_DIR="$OUT" \
        rustup run "$NIGHTLY" cargo rustc --quiet --release --lib --target "$target" \
        --crate-type "$crate_types" "${STD_PROFILE[@]}" \
        -Zbuild-std=std,panic_unwind -Zbuild-std-features="$STD_FEATURES" \
        || oss_fail build-mobile "$target: the build failed"
    dir="$OUT/$target/release"
    archive="$dir/liboss_presign.a"
    [ -f "$archive" ] || oss_fail build-mobile "$target: cargo did not produce $archive"
    info "$target: ${archive#"$REPO"/}: $(wc -c <"$archive") bytes, code $(oss_code_bytes "$archive") bytes"
    if [ "$target" = "$host" ]; then
        strip -o "$dir/liboss_presign.stripped.so" "$dir/liboss_presign.so"
        info "$target: ${dir#"$REPO"/}/liboss_presign.stripped.so: $(wc -c <"$dir/liboss_presign.stripped.so") bytes"
    fi
done
