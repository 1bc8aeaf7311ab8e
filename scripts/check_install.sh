#!/usr/bin/env bash
# Installs oss-presign like a C library and checks the result, as CI does:
#
#   bash scripts/check_install.sh
#
# 1. cargo-c (`cargo cinstall`), installed into target/tools when missing;
# 2. `cargo cinstall --release` into a temporary prefix: liboss_presign.so/.a,
#    include/oss_presign.h (the checked-in header), oss_presign.pc and the
#    CMake package (share/cmake/oss_presign/, from cmake/);
# 3. the shared library exports exactly the oss_* functions the header
#    declares (nm -D --defined-only);
# 4. rustc's native static libraries are the documented ones
#    (NATIVE_STATIC_LIBS below, also listed in cmake/oss_presignConfig.cmake,
#    which step 7 checks, and in docs/c-api.md, which tests/docs_tables.rs
#    keeps equal to the CMake file's list);
# 5. examples/c compiled with `pkg-config --cflags --libs oss_presign` only,
#    run against the loopback OSS emulator with LD_LIBRARY_PATH=<prefix>/lib;
# 6. examples/c linked statically with <prefix>/lib/liboss_presign.a and
#    NATIVE_STATIC_LIBS, run against the emulator;
# 7. the CMake package's rules (cmake/tests): which library
#    oss_presign::oss_presign is, version compatibility, the static library's
#    native libraries equal to rustc's, a prefix moved elsewhere;
# 8. examples/cpp (C++17) built with CMake, find_package(oss_presign CONFIG),
#    the shared library, -Werror, ASan+UBSan: a download, the URL alone
#    downloaded by curl, --head (size and ETag; a missing object), an
#    expired URL and a bad argument refused, no leak;
# 9. examples/cpp with the default choice (the static library), and with
#    the pkg-config recipe (pkg_check_modules IMPORTED_TARGET): downloads.
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
CXXFLAGS_STRICT="-Werror"
SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
WORK=""
STARTED=$SECONDS

fail() { oss_fail check_install "$@"; }
trap 'oss_cleanup_work check_install' EXIT
trap 'exit 130' INT TERM

# ----------------------------------------------------------------------------
say "[1/9] Tools: Debian packages, the emulator's venv, Rust, cargo-c"
oss_setup_apt build-essential binutils pkg-config libcurl4-openssl-dev python3 python3-venv \
    ca-certificates cmake curl || fail "missing Debian packages: run the apt-get line above, then this again"
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
say "[2/9] cargo cinstall --release --prefix <tmp>/prefix (builds the library: a minute or two)"
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
say "[3/9] Exported symbols (nm -D --defined-only liboss_presign.so)"
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
say "[4/9] Native static libraries"
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
    || fail "the native static libraries changed: update NATIVE_STATIC_LIBS," \
        "cmake/oss_presignConfig.cmake and docs/c-api.md"
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

# loads_installed_so NAME PROGRAM [VAR=VALUE...]: PROGRAM, run with the
# variables given (none: by its RUNPATH alone), loads the installed library.
loads_installed_so() {
    local name="$1" program="$2" loaded
    shift 2
    loaded="$(env "$@" ldd "$program" | awk '/liboss_presign/ {print $3}')"
    [ -n "$loaded" ] && [ "$(readlink -f "$loaded")" = "$(readlink -f "$SO")" ] \
        || fail "$name: liboss_presign resolves to '$loaded', not the installed one"
    info "loads ${loaded#"$WORK"/} ${*:+with }${*:-by its RUNPATH (no LD_LIBRARY_PATH)}" \
        | sed "s|$WORK/|<tmp>/|g"
}

# ----------------------------------------------------------------------------
say "[5/9] examples/c with pkg-config only, shared library"
read -r -a OSS_FLAGS <<<"$(pkg-config --cflags --libs oss_presign)"
read -r -a CURL_FLAGS <<<"$(pkg-config --cflags --libs libcurl)"
info "$CC ${CWARNINGS[*]} examples/c/oss_get.c \$(pkg-config --cflags --libs oss_presign libcurl)"
"$CC" "${CWARNINGS[@]}" -O2 examples/c/oss_get.c "${OSS_FLAGS[@]}" "${CURL_FLAGS[@]}" \
    -o "$WORK/oss_get_shared" || fail "the example did not compile with pkg-config's flags"
loads_installed_so shared "$WORK/oss_get_shared" LD_LIBRARY_PATH="$PREFIX/lib"
download shared "$WORK/oss_get_shared" LD_LIBRARY_PATH="$PREFIX/lib"

# ----------------------------------------------------------------------------
say "[6/9] examples/c linked statically with liboss_presign.a"
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

# ----------------------------------------------------------------------------
say "[7/9] The CMake package's rules (cmake/tests)"
CMAKE_STARTED=$SECONDS
VERSION="$(cargo pkgid)"
VERSION="${VERSION##*[#@]}"
# A second prefix, elsewhere, with only the shared library.
cp -a "$PREFIX" "$WORK/shared-only"
rm "$WORK/shared-only/lib/liboss_presign.a"
if ! cmake -S cmake/tests -B "$WORK/package-tests" -DOSS_PREFIX="$PREFIX" \
    -DOSS_SHARED_ONLY_PREFIX="$WORK/shared-only" -DOSS_VERSION="$VERSION" \
    -DOSS_RUSTC_NATIVE_STATIC_LIBS="$FOUND" >"$WORK/package-tests.log" 2>&1; then
    cat "$WORK/package-tests.log" >&2
    fail "the CMake package broke a rule"
fi
info "OK: $(sed -n 's/^-- //p' "$WORK/package-tests.log" | grep 'package cases passed')" \
    "(version $VERSION, static: $FOUND)"

# cmake_example NAME [CMAKE ARGS...]: configures and builds examples/cpp in
# $WORK/NAME against the installed prefix; sets EXAMPLE to the program.
cmake_example() {
    local name="$1"
    shift
    info "cmake -S examples/cpp -B <tmp>/$name -DCMAKE_PREFIX_PATH=<prefix> ${*@Q}"
    if ! { cmake -S examples/cpp -B "$WORK/$name" -G "Unix Makefiles" \
        -DCMAKE_PREFIX_PATH="$PREFIX" "$@" && cmake --build "$WORK/$name" -j 2; } \
        >"$WORK/$name.log" 2>&1; then
        cat "$WORK/$name.log" >&2
        fail "$name: examples/cpp did not build"
    fi
    EXAMPLE="$WORK/$name/oss_get_cpp"
    info "$(sed -n 's/^-- *\(oss_presign::oss_presign: .*\|Found oss_presign.*\)/\1/p' \
        "$WORK/$name.log" | sed "s|$WORK/||")"
}

# refused NAME STATUS TEXT PROGRAM ARGS...: PROGRAM must exit with STATUS and
# say TEXT (an OSS error code or an oss_code) on stderr.
refused() {
    local name="$1" status="$2" text="$3" rc=0
    shift 3
    "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
    if [ "$rc" -ne "$status" ] || ! grep -qF -- "$text" "$WORK/$name.err"; then
        cat "$WORK/$name.out" "$WORK/$name.err" >&2
        fail "$name: expected exit status $status and '$text', got $rc"
    fi
    info "refused as expected: $(head -n1 "$WORK/$name.err")"
}

# ----------------------------------------------------------------------------
say "[8/9] examples/cpp with CMake: the shared library, -Werror, ASan+UBSan"
cmake_example cpp-shared -Doss_presign_SHARED_LIBS=ON -DCMAKE_CXX_FLAGS="$CXXFLAGS_STRICT $SANITIZE" \
    -DCMAKE_EXE_LINKER_FLAGS="$SANITIZE"
loads_installed_so cpp-shared "$EXAMPLE"
# (Through a variable: `ldd | grep -q` can fail with SIGPIPE under pipefail.)
[[ "$(ldd "$EXAMPLE")" == *libasan* ]] || fail "cpp-shared: not linked with AddressSanitizer"
# A sanitizer's report exits with 86, never with the example's own 1 or 2.
export ASAN_OPTIONS="detect_leaks=1:detect_stack_use_after_return=1:exitcode=86"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=86"
download cpp-shared "$EXAMPLE"
# The URL alone (an owned string of the library), downloaded by curl.
"$EXAMPLE" --endpoint "$ENDPOINT" --region cn-hangzhou --print-url "$BUCKET" "$KEY" unused \
    >"$WORK/url.txt" || fail "cpp-shared --print-url failed"
curl --silent --show-error --fail --resolve "$RESOLVE" -o "$WORK/url.bin" "$(cat "$WORK/url.txt")" \
    || fail "curl could not download the URL of --print-url"
cmp -s "$WORK/objects/$BUCKET/$KEY" "$WORK/url.bin" || fail "--print-url: the bytes differ"
info "ran it: --print-url, then curl downloaded the same bytes"
# Signed 2000 s ago for 60 s: OSS's answer parsed by oss_service_error.
refused cpp-expired 1 "OSS error AccessDenied" "$EXAMPLE" --endpoint "$ENDPOINT" \
    --region cn-hangzhou --resolve "$RESOLVE" --signing-time "$(($(date +%s) - 2000))" \
    --expires 60 "$BUCKET" "$KEY" "$WORK/expired.bin"
[ ! -e "$WORK/expired.bin" ] || fail "cpp-expired: a refused download left a file"
# --head: a presigned HEAD; the size and the ETag (OSS's: the MD5, upper-case,
# quoted) of the object, as stat and md5sum see the file; nothing written.
OBJECT="$WORK/objects/$BUCKET/$KEY"
HEAD_LINE="HTTP 200, size $(stat -c %s "$OBJECT") bytes, ETag \"$(md5sum "$OBJECT" | cut -c1-32 | tr a-f A-F)\""
"$EXAMPLE" --endpoint "$ENDPOINT" --region cn-hangzhou --resolve "$RESOLVE" --head "$BUCKET" "$KEY" \
    >"$WORK/head.out" 2>&1 || { cat "$WORK/head.out" >&2; fail "cpp-shared --head failed"; }
grep -q '^HEAD http://' "$WORK/head.out" && grep -qF "$HEAD_LINE" "$WORK/head.out" \
    || { cat "$WORK/head.out" >&2; fail "cpp-shared --head: expected '$HEAD_LINE'"; }
info "ran it: --head: $(tail -n1 "$WORK/head.out")"
refused cpp-head-missing 1 "HTTP 404 (EC " "$EXAMPLE" --endpoint "$ENDPOINT" --region cn-hangzhou \
    --resolve "$RESOLVE" --head "$BUCKET" "lib/missing.bin"
# A bad argument: oss_presign::error with the library's code (OSS_CODE_INVALID_EXPIRY).
refused cpp-bad-expires 1 "oss_code 300" "$EXAMPLE" --endpoint "$ENDPOINT" \
    --region cn-hangzhou --expires 0 "$BUCKET" "$KEY" "$WORK/never.bin"
unset ASAN_OPTIONS UBSAN_OPTIONS

# ----------------------------------------------------------------------------
say "[9/9] examples/cpp: the default (static) library, and the pkg-config recipe"
cmake_example cpp-static -DCMAKE_CXX_FLAGS="$CXXFLAGS_STRICT"
if readelf -d "$EXAMPLE" | grep -q 'NEEDED.*liboss_presign'; then
    fail "cpp-static: the default build needs liboss_presign.so"
fi
LINK_LINE="$(cat "$WORK/cpp-static/CMakeFiles/oss_get_cpp.dir/link.txt")"
[[ "$LINK_LINE" == *"$A "* && "$LINK_LINE" == *" $NATIVE_STATIC_LIBS"* ]] \
    || fail "cpp-static: the link line lacks liboss_presign.a or $NATIVE_STATIC_LIBS: $LINK_LINE"
info "links liboss_presign.a and $NATIVE_STATIC_LIBS; needs no liboss_presign.so"
download cpp-static "$EXAMPLE"
cmake_example cpp-pkg-config -DOSS_GET_USE_PKG_CONFIG=ON -DCMAKE_CXX_FLAGS="$CXXFLAGS_STRICT"
loads_installed_so cpp-pkg-config "$EXAMPLE"
download cpp-pkg-config "$EXAMPLE"
info "CMake steps 7-9: $((SECONDS - CMAKE_STARTED))s"

oss_emulator_stop "$WORK" || fail "could not stop the emulator"
printf '\nInstall check passed in %ss. Native static libs: %s\n' "$((SECONDS - STARTED))" \
    "$NATIVE_STATIC_LIBS"
