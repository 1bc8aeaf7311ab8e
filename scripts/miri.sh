#!/usr/bin/env bash
# Miri (nightly) over the tests that exercise unsafe code and the C ABI:
# pointer handling, string conversion, handle lifecycles, out-parameters and
# the panic boundary. Miri interprets every step, so the suite is a named
# subset (the rest is pure safe Rust, or too slow interpreted):
#   --lib ffi::        the C ABI's unit tests (src/ffi/*: every module)
#   --lib key_cache::  the lock-free day-key cache (its 4-thread, 20,000-step
#                      torn-read test is skipped: interpreted it takes over
#                      10 minutes; ThreadSanitizer runs it)
#   --test ffi_contract  every exported function: NULLs, invalid UTF-8,
#                        sentinels untouched on failure, frees (skipped: the
#                        4-thread, 2,000-presign test, which ThreadSanitizer
#                        runs, and the one comparing the signing time
#                        with the wall clock within 5 s, which interpreted
#                        presigns outlast)
# Not under Miri, to keep CI's time: tests/stress.rs (ThreadSanitizer runs
# it; interpreted, even 6 presigns per thread took over 5 minutes, each URL
# being judged by 9 more signatures), tests/bad_inputs.rs (150 rows through
# the same conversions ffi_contract covers; 3.5 min interpreted on a loaded
# machine), the signing-state and SHA-256 unit tests and the rest of the
# core, which is safe Rust (#![deny(unsafe_code)]).
# First a planted use-after-free (tests/canaries.rs) must be reported,
# which proves Miri really checks.
#
#   bash scripts/miri.sh
#
# Needs nightly Rust with the miri and rust-src components (scripts/setup.sh
# adds them).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
# shellcheck source=scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"
fail() { oss_fail scripts/miri.sh "$@"; }

oss_require_cargo
cargo +nightly miri --version >/dev/null 2>&1 \
    || fail "Miri is missing (rustup component add --toolchain nightly miri rust-src)"

LOGS="$REPO/target/miri/logs"
mkdir -p "$LOGS"
# The system clock is read by presigns without a fixed signing time.
export MIRIFLAGS="-Zmiri-disable-isolation"
export CARGO_TARGET_DIR="$REPO/target/miri"

say "Miri setup"
cargo +nightly miri setup >"$LOGS/setup.log" 2>&1 || { cat "$LOGS/setup.log" >&2; fail "miri setup failed"; }

say "canary: a planted use-after-free must be reported"
if cargo +nightly miri test --test canaries -- --ignored --exact planted_use_after_free \
    >"$LOGS/canary.log" 2>&1; then
    fail "the planted use-after-free passed: Miri did not check (see ${LOGS#"$REPO"/}/canary.log)"
fi
grep -q "Undefined Behavior" "$LOGS/canary.log" \
    || fail "the canary failed without a Miri report (see ${LOGS#"$REPO"/}/canary.log)"
info "reported: $(grep -m1 "Undefined Behavior" "$LOGS/canary.log")"

# miri_run NAME ARGS...: one cargo miri test invocation, logged.
miri_run() {
    local name="$1"
    shift
    local started=$SECONDS
    if ! cargo +nightly miri test "$@" >"$LOGS/$name.log" 2>&1; then
        grep -m1 -B2 -A30 "Undefined Behavior\|error:\|panicked" "$LOGS/$name.log" >&2 \
            || tail -n 40 "$LOGS/$name.log" >&2
        fail "$name (see ${LOGS#"$REPO"/}/$name.log)"
    fi
    info "$name: $(grep "^test result" "$LOGS/$name.log" | tail -n 1) ($((SECONDS - started)) s)"
}

say "the C ABI and the unsafe-adjacent core under Miri"
miri_run lib-ffi --lib -- ffi:: key_cache:: \
    --skip key_cache::tests::readers_never_see_a_torn_entry
miri_run ffi_contract --test ffi_contract -- \
    --skip one_client_and_options_serve_many_threads --skip null_options_sign_now_for_900_seconds
info "no undefined behaviour found"
