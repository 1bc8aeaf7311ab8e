#!/usr/bin/env bash
# The C test suite of the C ABI (include/oss_presign.h).
#
#   bash tests/c/run.sh
#
# Builds the Rust library (release profile), compiles the C tests with
# -std=c11 -Wall -Wextra -Wpedantic -Werror and runs them,
#   test_api       every exported function, bad inputs, NULLs, ownership
#   test_download  presign + libcurl GET against the loopback OSS emulator
#   test_sleep     the corrected clock counts time asleep: run under the
#                  LD_PRELOAD shim sleep_shim.c, which moves CLOCK_BOOTTIME
#                  and CLOCK_REALTIME but not CLOCK_MONOTONIC (shared and
#                  static only: ASan must be the first library loaded)
# the first two in four ways:
#   shared    linked against liboss_presign.so
#   static    linked against liboss_presign.a
#   asan      AddressSanitizer + UndefinedBehaviorSanitizer (static library)
#   valgrind  the shared build under valgrind (memcheck, leak check full)
# and, once each:
#   test_integers  every function taking an int64_t, uint64_t or size_t, with
#                  the extremes of its type, against the library's debug
#                  build, whose overflow checks panic where a release build
#                  would wrap
#   test_wipe      no block the library frees still holds the secret or the
#                  STS token (static library, free() wrapped by the linker)
# Any run whose output shows a panic of the library fails.
# The Rust code is not instrumented by -fsanitize (only the C tests are):
# ASan sees leaks and bad frees through its malloc interceptors, but not a
# read of freed memory inside the library (e.g. a handle freed twice, which
# Rust's Arc turns into a read). Valgrind sees those, hence both.
# Build outputs go to target/c-tests/. The emulator runs from a temporary
# directory and is stopped by PID when this script exits, even on failure.
#
# Needs: cargo, a C compiler (CC, default cc), libcurl headers (pkg-config
# libcurl), valgrind, and the Python venv of scripts/setup.sh (created here
# if missing). Exits non-zero when anything fails.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO"

OUT="$REPO/target/c-tests"
LIBDIR="$REPO/target/release"
LOGS="$OUT/logs"
CC="${CC:-cc}"

WARNINGS=(-std=c11 -Wall -Wextra -Wpedantic -Werror)
INCLUDES=(-I"$REPO/include" -I"$REPO/tests/c")
SANITIZE=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
# The native libraries a Rust staticlib needs on Linux/glibc, as printed by
#   cargo rustc --release --lib --crate-type staticlib -- --print native-static-libs
STATIC_LIBS=(-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
# The shared builds find the library next door, wherever the checkout lives.
RPATH=(-Wl,-rpath,'$ORIGIN/../release')
VALGRIND=(valgrind --error-exitcode=99 --leak-check=full
          --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect)
# Presigns per thread in test_download's thread test (valgrind is slow).
ITERATIONS=200
VALGRIND_ITERATIONS=10

START=$(date +%s)
# shellcheck source=../../scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"
fail() { oss_fail tests/c "$@"; }

# ---------------------------------------------------------------- tools
command -v cargo >/dev/null || fail "cargo not found"
command -v "$CC" >/dev/null || fail "C compiler '$CC' not found (set CC)"
command -v valgrind >/dev/null || fail "valgrind not found (bash scripts/setup.sh installs it)"
command -v pkg-config >/dev/null && pkg-config --exists libcurl \
    || fail "libcurl development files not found (bash scripts/setup.sh installs libcurl4-openssl-dev)"
read -r -a CURL_CFLAGS <<<"$(pkg-config --cflags libcurl)"
read -r -a CURL_LIBS <<<"$(pkg-config --libs libcurl)"

# The emulator's Python venv (quick when already up to date).
# shellcheck source=../../scripts/setup.sh
source "$REPO/scripts/setup.sh"
oss_setup_venv >/dev/null || fail "the Python venv is missing: run bash scripts/setup.sh"
PY="$OSS_PYTHON"

# ---------------------------------------------------------------- build
say "building the library (cargo build --release --lib, and the debug build)"
cargo build --release --lib --quiet
[ -f "$LIBDIR/liboss_presign.so" ] && [ -f "$LIBDIR/liboss_presign.a" ] \
    || fail "cargo did not produce liboss_presign.so and liboss_presign.a"
DEBUG_LIBDIR="$REPO/target/debug"
cargo build --lib --quiet
[ -f "$DEBUG_LIBDIR/liboss_presign.a" ] || fail "cargo did not produce the debug liboss_presign.a"

rm -rf "$OUT"
mkdir -p "$OUT" "$LOGS"

say "compiling the C tests (${WARNINGS[*]})"
for test in test_api test_download; do
    extra=()
    if [ "$test" = test_download ]; then
        extra=("${CURL_CFLAGS[@]}")
        libs=("${CURL_LIBS[@]}" -pthread)
    else
        libs=()
    fi
    src="$REPO/tests/c/$test.c"
    "$CC" "${WARNINGS[@]}" -O2 -g "${INCLUDES[@]}" "${extra[@]}" "$src" -o "$OUT/${test}_shared" \
        -L"$LIBDIR" -loss_presign "${RPATH[@]}" "${libs[@]}"
    "$CC" "${WARNINGS[@]}" -O2 -g "${INCLUDES[@]}" "${extra[@]}" "$src" -o "$OUT/${test}_static" \
        "$LIBDIR/liboss_presign.a" "${libs[@]}" "${STATIC_LIBS[@]}"
    "$CC" "${WARNINGS[@]}" -O1 -g "${SANITIZE[@]}" "${INCLUDES[@]}" "${extra[@]}" "$src" \
        -o "$OUT/${test}_asan" "$LIBDIR/liboss_presign.a" "${libs[@]}" "${STATIC_LIBS[@]}"
done
"$CC" "${WARNINGS[@]}" -O1 -g "${INCLUDES[@]}" "$REPO/tests/c/test_integers.c" \
    -o "$OUT/test_integers_debug" "$DEBUG_LIBDIR/liboss_presign.a" "${STATIC_LIBS[@]}"
"$CC" "${WARNINGS[@]}" -O2 -g "${INCLUDES[@]}" "$REPO/tests/c/test_wipe.c" -o "$OUT/test_wipe_static" \
    "$LIBDIR/liboss_presign.a" -Wl,--wrap=free "${STATIC_LIBS[@]}"

# The sleep test and its shim (a suspend without waiting for one).
"$CC" "${WARNINGS[@]}" -O2 -g -fPIC -shared "$REPO/tests/c/sleep_shim.c" -o "$OUT/sleep_shim.so" -ldl
"$CC" "${WARNINGS[@]}" -O2 -g "${INCLUDES[@]}" "$REPO/tests/c/test_sleep.c" -o "$OUT/test_sleep_shared" \
    -L"$LIBDIR" -loss_presign "${RPATH[@]}" -ldl
"$CC" "${WARNINGS[@]}" -O2 -g "${INCLUDES[@]}" "$REPO/tests/c/test_sleep.c" -o "$OUT/test_sleep_static" \
    "$LIBDIR/liboss_presign.a" "${STATIC_LIBS[@]}"

# ---------------------------------------------------------------- link checks
# (Outputs go through variables: `cmd | grep -q` can fail with SIGPIPE under pipefail.)
needs() { local dynamic; dynamic="$(readelf -d "$1")"; [[ "$dynamic" == *"Shared library: [$2"* ]]; }
for test in test_api test_download; do
    needs "$OUT/${test}_shared" liboss_presign.so \
        || fail "${test}_shared is not linked against liboss_presign.so"
    if needs "$OUT/${test}_static" liboss_presign.so || needs "$OUT/${test}_asan" liboss_presign.so; then
        fail "${test}_static or ${test}_asan needs liboss_presign.so: the static library was not used"
    fi
    symbols="$(nm "$OUT/${test}_static")"
    [[ "$symbols" == *" T oss_presign_get"$'\n'* ]] || fail "${test}_static does not contain the library's code"
    # GCC links the runtimes as shared libraries; clang links them in.
    libraries="$(ldd "$OUT/${test}_asan")"
    symbols="$(nm "$OUT/${test}_asan")"
    [[ "$libraries" == *libasan.so* || "$symbols" == *" T __asan_init"$'\n'* ]] \
        || fail "${test}_asan lacks the ASan runtime"
    [[ "$libraries" == *libubsan.so* || "$symbols" == *" T __ubsan_handle_"* ]] \
        || fail "${test}_asan lacks the UBSan runtime"
    [[ "$symbols" == *__asan_report_* && "$symbols" == *__ubsan_handle_* ]] \
        || fail "${test}_asan is not instrumented"
done

# test_api must call every function the library exports.
exported="$(nm -D --defined-only "$LIBDIR/liboss_presign.so" | awk '$2 == "T" && $3 ~ /^oss_/ {print $3}' | sort)"
called="$(nm -D --undefined-only "$OUT/test_api_shared" | awk '$2 ~ /^oss_/ {print $2}' | sort)"
missing="$(comm -23 <(printf '%s\n' "$exported") <(printf '%s\n' "$called"))"
[ -z "$missing" ] || fail "test_api does not call: $(echo "$missing" | tr '\n' ' ')"
info "shared/static/asan builds linked as intended; test_api calls all $(echo "$exported" | wc -l) exported functions"

# test_integers must probe every function of the header that takes an
# integer by value (the preprocessor drops comments; one declaration a line).
declarations="$("$CC" -E -P -x c "$REPO/include/oss_presign.h" | tr '\n' ' ' | tr ';' '\n')"
integer_functions="$(grep -E '\((.*, *)?(const +)?(u?int64_t|size_t) +[a-z_]+ *[,)]' <<<"$declarations" \
    | grep -oE 'oss_[a-z0-9_]+ *\(' | tr -d ' (' | sort -u)"
probed="$("$OUT/test_integers_debug" --list | sort -u)"
[ "$(wc -l <<<"$integer_functions")" -ge 12 ] || fail "no integer-taking functions found in the header"
missing="$(comm -23 <(printf '%s\n' "$integer_functions") <(printf '%s\n' "$probed"))"
[ -z "$missing" ] || fail "test_integers does not probe: $(echo "$missing" | tr '\n' ' ')"
info "test_integers probes all $(wc -l <<<"$integer_functions") functions that take an integer"

# ---------------------------------------------------------------- canaries
# The sanitizers and valgrind must catch a real bug with these very flags.
cat >"$OUT/canary.c" <<'EOF'
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
    volatile size_t size = 8;
    char *p = malloc(size);
    (void)argv;
    if (argc == 2) { memset(p, 0, size + 1); free(p); return 0; } /* heap overflow */
    if (argc == 3) { volatile int big = 2147483647; free(p); return big + argc > 0; } /* signed overflow */
    p[0] = 1; argc = p[0] - 1; p = NULL; return argc; /* leak */
}
EOF
"$CC" -std=c11 -O0 -g "${SANITIZE[@]}" "$OUT/canary.c" -o "$OUT/canary_asan"
"$CC" -std=c11 -O0 -g "$OUT/canary.c" -o "$OUT/canary_plain"
# canary_expect NAME STATUS PATTERN COMMAND...: the command must exit with
# STATUS ("any": any failure) and log PATTERN.
canary_expect() {
    local name="$1" status="$2" pattern="$3" log rc=0
    shift 3
    log="$LOGS/canary_$name.log"
    "$@" >"$log" 2>&1 || rc=$?
    if [ "$rc" -eq 0 ] || { [ "$status" != any ] && [ "$rc" -ne "$status" ]; }; then
        fail "canary $name: exit status $rc, expected ${status/any/a failure} (see ${log#"$REPO"/})"
    fi
    grep -q -- "$pattern" "$log" || fail "canary $name: no '$pattern' in ${log#"$REPO"/}"
}
canary_expect asan any 'AddressSanitizer: heap-buffer-overflow' "$OUT/canary_asan" overflow
canary_expect ubsan any 'runtime error: signed integer overflow' "$OUT/canary_asan" signed overflow
canary_expect lsan any 'LeakSanitizer: detected memory leaks' "$OUT/canary_asan"
canary_expect valgrind 99 'definitely lost: 8 bytes' "${VALGRIND[@]}" "$OUT/canary_plain"
info "canaries: ASan, UBSan, LeakSanitizer and valgrind each catch a planted bug"

# ---------------------------------------------------------------- emulator
WORK="$(mktemp -d "${TMPDIR:-/tmp}/oss-c-tests.XXXXXX")"
# The second emulator (a server clock two hours ahead) is stopped first.
trap 'oss_emulator_stop "$WORK/skewed" || true; oss_cleanup_work tests/c' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export OSS_TEST_ROOT="$WORK/objects"
export OSS_TEST_BUCKET="c-tests-bucket"
export OSS_TEST_AK="LTAI-c-tests"
export OSS_TEST_SK="sk-$(oss_random_hex 16)"
export OSS_TEST_STS_AK="STS.c-tests"
export OSS_TEST_STS_SK="sts-sk-$(oss_random_hex 16)"
export OSS_TEST_STS_TOKEN="CAIS+sts/$(oss_random_hex 24)=="
export OSS_TEST_CNAME="static.example.test"
export OSS_TEST_BAD_INPUTS="$REPO/tests/bad_inputs.tsv"
mkdir -p "$OSS_TEST_ROOT/$OSS_TEST_BUCKET"
(
    umask 077
    printf '[{"access_key_id": "%s", "access_key_secret": "%s"},\n {"access_key_id": "%s", "access_key_secret": "%s", "security_token": "%s"}]\n' \
        "$OSS_TEST_AK" "$OSS_TEST_SK" "$OSS_TEST_STS_AK" "$OSS_TEST_STS_SK" "$OSS_TEST_STS_TOKEN" \
        >"$WORK/credentials.json"
)
# The same objects and credentials behind a server whose clock runs two hours
# ahead of this machine's: the clock-skew tests.
mkdir -p "$WORK/skewed"
ln -s ../objects "$WORK/skewed/objects"
cp "$WORK/credentials.json" "$WORK/skewed/credentials.json"
oss_emulator_start "$WORK/skewed" --time-offset 7200 || fail "the skewed OSS emulator did not start"
export OSS_TEST_SKEWED_PORT="$OSS_EMULATOR_PORT"
oss_emulator_start "$WORK" --cname "$OSS_TEST_CNAME=$OSS_TEST_BUCKET" \
    || fail "the OSS emulator did not start"
export OSS_TEST_PORT="$OSS_EMULATOR_PORT"
say "OSS emulator on 127.0.0.1:$OSS_TEST_PORT (pid $(cat "$WORK/emulator.pid"))"

# ---------------------------------------------------------------- runs
export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

FAILED=()
PASSED=0
# run NAME ITERATIONS COMMAND...: runs a test binary, logs its output, reports.
run() {
    local name="$1" iterations="$2"
    shift 2
    local log="$LOGS/${name//\//.}.log" rc=0 t0 t1 summary
    t0=$(date +%s.%N)
    OSS_TEST_ITERATIONS="$iterations" "$@" >"$log" 2>&1 || rc=$?
    t1=$(date +%s.%N)
    summary="$(grep -E '^test_[a-z]+: [0-9]+ checks' "$log" | tail -n 1 || true)"
    # A panic caught at the boundary still prints its message (std's hook).
    if grep -q "panicked at" "$log"; then
        rc=98
    fi
    if [ "$rc" -eq 0 ] && [ -n "$summary" ]; then
        PASSED=$((PASSED + 1))
        printf '   PASS  %-22s %-40s %5.1fs\n' "$name" "${summary#*: }" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
    else
        FAILED+=("$name")
        printf '   FAIL  %-22s exit status %s; last lines of %s:\n' "$name" "$rc" "${log#"$REPO"/}"
        tail -n 40 "$log" | sed 's/^/         /'
    fi
}

say "running"
for test in test_api test_download; do
    run "$test/shared" "$ITERATIONS" "$OUT/${test}_shared"
    run "$test/static" "$ITERATIONS" "$OUT/${test}_static"
    run "$test/asan" "$ITERATIONS" "$OUT/${test}_asan"
    run "$test/valgrind" "$VALGRIND_ITERATIONS" "${VALGRIND[@]}" "$OUT/${test}_shared"
done
run test_integers/debug 1 "$OUT/test_integers_debug"
run test_wipe/static 1 "$OUT/test_wipe_static"
for build in shared static; do
    run "test_sleep/$build" 1 env LD_PRELOAD="$OUT/sleep_shim.so" "$OUT/test_sleep_$build"
done

ELAPSED=$(($(date +%s) - START))
if [ "${#FAILED[@]}" -ne 0 ]; then
    if [ -s "$WORK/emulator.log" ]; then
        info "emulator log (last lines):"
        tail -n 20 "$WORK/emulator.log" | sed 's/^/         /'
    fi
    say "C tests: ${#FAILED[@]} of $((PASSED + ${#FAILED[@]})) runs FAILED (${FAILED[*]}) in ${ELAPSED}s; logs in ${LOGS#"$REPO"/}"
    exit 1
fi
say "C tests: all $PASSED runs passed in ${ELAPSED}s (logs in ${LOGS#"$REPO"/})"
