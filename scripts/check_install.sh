#!/usr/bin/env bash
# Installs oss-presign like a C library and checks the result, as CI does:
#
#   bash scripts/check_install.sh
#
# 1. cargo-c (`cargo cinstall`), installed into target/tools when missing;
# 2. `cargo cinstall --release` into a temporary prefix: liboss_presign.so/.a,
#    include/oss_presign.h (the checked-in header) and oss_presign.pc;
# 3. the shared library exports exactly the oss_* functions the header
#    declares (nm -D --defined-only);
# 4. rustc's native static libraries are the documented ones
#    (NATIVE_STATIC_LIBS below, also listed in the README);
# 5. examples/c compiled with `pkg-config --cflags --libs oss_presign` only,
#    run against the loopback OSS emulator with LD_LIBRARY_PATH=<prefix>/lib;
# 6. examples/c linked statically with <prefix>/lib/liboss_presign.a and
#    NATIVE_STATIC_LIBS, run against the emulator.
#
# Temporary files are removed on exit; the emulator is stopped by its PID.

set -euo pipefail

# What a C program linking liboss_presign.a needs besides libc's defaults:
# `cargo rustc --release --lib --crate-type staticlib -- --print native-static-libs`.
NATIVE_STATIC_LIBS="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"

# cargo-c pinned to a release that builds with the rust-version of this crate.
CARGO_C_VERSION="0.10.24+cargo-0.98.0"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh

CC="${CC:-cc}"
CWARNINGS=(-std=c11 -Wall -Wextra -Wpedantic -Werror)
WORK=""
STARTED=$SECONDS

fail() { oss_fail check_install "$@"; }
trap 'oss_cleanup_work check_install' EXIT
trap 'exit 130' INT TERM

# ----------------------------------------------------------------------------
say "[1/6] Tools: Debian packages, the emulator's venv, Rust, cargo-c"
oss_setup_apt build-essential binutils pkg-config libcurl4-openssl-dev python3 python3-venv \
    ca-certificates || fail "missing Debian packages: run the apt-get line above, then this again"
oss_setup_venv || fail "could not prepare the Python venv (target/venv)"
oss_require_cargo || fail "Rust is missing or too old"

TARGET="$(oss_target_dir)"
TOOLS="$ROOT/target/tools"
if [ -x "$TOOLS/bin/cargo-cinstall" ]; then
    info "cargo-c present (target/tools)"
else
    # --debug: an unoptimised cargo-c builds in a third of the time and only
    # drives cargo, so its own speed does not matter here.
    info "installing cargo-c $CARGO_C_VERSION into target/tools (once: about 5 minutes on 2 cores)"
    cargo install --debug --locked cargo-c --version "$CARGO_C_VERSION" --root "$TOOLS" \
        || fail "cargo install cargo-c failed"
fi
export PATH="$TOOLS/bin:$PATH"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/oss-presign-install.XXXXXX")"
PREFIX="$WORK/prefix"

# ----------------------------------------------------------------------------
say "[2/6] cargo cinstall --release --prefix <tmp>/prefix (builds the library: a minute or two)"
if ! cargo cinstall --release --prefix "$PREFIX" --libdir "$PREFIX/lib" \
    >"$WORK/cinstall.log" 2>&1; then
    cat "$WORK/cinstall.log" >&2
    if grep -q 'does not contain this feature: capi' "$WORK/cinstall.log"; then
        fail "cargo-c builds only packages with a 'capi' feature;" \
            "Cargo.toml needs: [features] capi = []"
    fi
    fail "cargo cinstall failed"
fi
(cd "$PREFIX" && find . ! -type d | sort | sed 's|^\./|    |')

SO="$PREFIX/lib/liboss_presign.so"
A="$PREFIX/lib/liboss_presign.a"
PC="$PREFIX/lib/pkgconfig/oss_presign.pc"
for file in "$SO" "$A" "$PC" "$PREFIX/include/oss_presign.h"; do
    [ -e "$file" ] || fail "not installed: ${file#"$PREFIX"/}"
done
cmp -s include/oss_presign.h "$PREFIX/include/oss_presign.h" \
    || fail "the installed header differs from include/oss_presign.h"
info "OK: header identical to include/oss_presign.h"
export PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig"
pkg-config --exists --print-errors oss_presign || fail "pkg-config cannot use oss_presign.pc"
info "pkg-config --cflags --libs oss_presign: $(pkg-config --cflags --libs oss_presign)"
info "pkg-config --static --libs oss_presign: $(pkg-config --static --libs oss_presign)"

# ----------------------------------------------------------------------------
say "[3/6] Exported symbols (nm -D --defined-only liboss_presign.so)"
nm -D --defined-only "$SO" | awk '{print $NF}' | sort -u >"$WORK/exported"
# Function declarations start at the beginning of a line in the header.
grep -E '^[A-Za-z].*\boss_[a-z0-9_]+\(' include/oss_presign.h \
    | grep -oE '\boss_[a-z0-9_]+\(' | tr -d '(' | sort -u >"$WORK/declared"
if grep -v '^oss_' "$WORK/exported" >"$WORK/foreign"; then
    fail "symbols other than oss_* are exported: $(tr '\n' ' ' <"$WORK/foreign")"
fi
if ! diff -u "$WORK/declared" "$WORK/exported" >"$WORK/symbols.diff"; then
    cat "$WORK/symbols.diff" >&2
    fail "the exported symbols differ from the functions of the header (- header, + library)"
fi
info "OK: $(wc -l <"$WORK/exported") symbols, all oss_*, exactly the functions of the header"
info "SONAME: $(readelf -d "$SO" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')"

# ----------------------------------------------------------------------------
say "[4/6] Native static libraries"
# A target directory of its own: a staticlib-only build would otherwise
# replace the fingerprints of the regular build. Cargo replays the note
# when nothing changed.
cargo rustc --release --lib --crate-type staticlib --target-dir "$TARGET/native-static-libs" \
    -- --print native-static-libs >"$WORK/rustc.log" 2>&1 \
    || { cat "$WORK/rustc.log" >&2; fail "cargo rustc failed"; }
FOUND="$(sed -n 's/^note: native-static-libs: //p' "$WORK/rustc.log" | tail -n1)"
info "rustc:    ${FOUND:-(none printed)}"
info "expected: $NATIVE_STATIC_LIBS"
[ "$FOUND" = "$NATIVE_STATIC_LIBS" ] \
    || fail "the native static libraries changed: update NATIVE_STATIC_LIBS and the README"
info "OK"

# ----------------------------------------------------------------------------
# Shared by steps 5 and 6: one emulator, one object.
BUCKET="install-check"
KEY="lib/hello world.bin"
oss_sample_world "$WORK" "$BUCKET" "$KEY" 65536
oss_emulator_start "$WORK" || fail "the emulator did not start"
ENDPOINT="http://localhost:$OSS_EMULATOR_PORT"
RESOLVE="$BUCKET.localhost:$OSS_EMULATOR_PORT:127.0.0.1"

# download NAME PROGRAM [env...]: runs PROGRAM against the emulator, checks the bytes.
download() {
    local name="$1" program="$2"
    shift 2
    if ! env "$@" "$program" --endpoint "$ENDPOINT" --region cn-hangzhou --resolve "$RESOLVE" \
        "$BUCKET" "$KEY" "$WORK/$name.bin" >"$WORK/$name.out" 2>&1; then
        cat "$WORK/$name.out" >&2
        fail "$name: the download failed"
    fi
    cmp -s "$WORK/objects/$BUCKET/$KEY" "$WORK/$name.bin" || fail "$name: the bytes differ"
    info "ran it: $(tail -n1 "$WORK/$name.out" | sed "s|$WORK/||")"
}

# ----------------------------------------------------------------------------
say "[5/6] examples/c with pkg-config only, shared library"
read -r -a OSS_FLAGS <<<"$(pkg-config --cflags --libs oss_presign)"
read -r -a CURL_FLAGS <<<"$(pkg-config --cflags --libs libcurl)"
info "$CC ${CWARNINGS[*]} examples/c/oss_get.c \$(pkg-config --cflags --libs oss_presign libcurl)"
"$CC" "${CWARNINGS[@]}" -O2 examples/c/oss_get.c "${OSS_FLAGS[@]}" "${CURL_FLAGS[@]}" \
    -o "$WORK/oss_get_shared" || fail "the example did not compile with pkg-config's flags"
LOADED="$(LD_LIBRARY_PATH="$PREFIX/lib" ldd "$WORK/oss_get_shared" \
    | awk '/liboss_presign/ {print $3}')"
[ -n "$LOADED" ] && [ "$(readlink -f "$LOADED")" = "$(readlink -f "$SO")" ] \
    || fail "liboss_presign resolves to '$LOADED', not the installed one"
info "loads ${LOADED#"$WORK"/} with LD_LIBRARY_PATH=<prefix>/lib"
download shared "$WORK/oss_get_shared" LD_LIBRARY_PATH="$PREFIX/lib"

# ----------------------------------------------------------------------------
say "[6/6] examples/c linked statically with liboss_presign.a"
read -r -a OSS_CFLAGS <<<"$(pkg-config --cflags oss_presign)"
read -r -a NATIVE <<<"$NATIVE_STATIC_LIBS"
info "$CC ... examples/c/oss_get.c <prefix>/lib/liboss_presign.a \$(pkg-config --libs libcurl)" \
    "    $NATIVE_STATIC_LIBS"
"$CC" "${CWARNINGS[@]}" -O2 "${OSS_CFLAGS[@]}" examples/c/oss_get.c "$A" "${CURL_FLAGS[@]}" \
    "${NATIVE[@]}" -o "$WORK/oss_get_static" || fail "static linking failed"
if readelf -d "$WORK/oss_get_static" | grep -q 'NEEDED.*liboss_presign'; then
    fail "the static build still needs liboss_presign.so"
fi
NEEDED="$(readelf -d "$WORK/oss_get_static" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')"
info "needs no liboss_presign.so; needs: ${NEEDED//$'\n'/ }"
download static "$WORK/oss_get_static"

oss_emulator_stop "$WORK" || fail "could not stop the emulator"
printf '\nInstall check passed in %ss. Native static libs: %s\n' "$((SECONDS - STARTED))" \
    "$NATIVE_STATIC_LIBS"
