#!/usr/bin/env bash
# ThreadSanitizer over the concurrent tests: the library and its tests built
# with -Zsanitizer=thread (nightly, std rebuilt with -Zbuild-std so that it
# is instrumented too), running
#   tests/stress.rs       threads presigning on one client under credential,
#                         day-key and server-time rotation, across day and
#                         year boundaries (Rust API and C ABI)
#   tests/live_client.rs  rotation under running presigns
#   tests/batch.rs        batches under rotation
#   the unit tests        among them the lock-free key cache's torn-read test
# Any report fails the run. First, a planted race (tests/canaries.rs) must
# be reported, which proves the sanitizer is on.
#
#   bash scripts/tsan.sh
#
# Builds into target/tsan (about 75 s cold on 2 cores). Needs nightly Rust
# with the rust-src component (scripts/setup.sh adds it).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
# shellcheck source=scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"
fail() { oss_fail scripts/tsan.sh "$@"; }

oss_require_cargo
rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src' \
    || fail "nightly's rust-src is missing (rustup component add --toolchain nightly rust-src)"

HOST="$(rustc -vV | awk '/^host:/ {print $2}')"
LOGS="$REPO/target/tsan/logs"
mkdir -p "$LOGS"
export RUSTFLAGS="-Zsanitizer=thread"
export RUSTDOCFLAGS="-Zsanitizer=thread"
export CARGO_TARGET_DIR="$REPO/target/tsan"
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
tsan_test() {
    cargo +nightly test -Zbuild-std --target "$HOST" "$@"
}

say "building the tests with ThreadSanitizer (target/tsan)"
tsan_test --no-run --lib --test stress --test live_client --test batch --test canaries \
    >"$LOGS/build.log" 2>&1 || { tail -n 30 "$LOGS/build.log" >&2; fail "build failed"; }

say "canary: a planted data race must be reported"
if tsan_test --test canaries -- --ignored --exact planted_data_race >"$LOGS/canary.log" 2>&1; then
    fail "the planted race passed: ThreadSanitizer is not on (see ${LOGS#"$REPO"/}/canary.log)"
fi
grep -q "WARNING: ThreadSanitizer: data race" "$LOGS/canary.log" \
    || fail "the canary failed without a ThreadSanitizer report (see ${LOGS#"$REPO"/}/canary.log)"
info "reported: $(grep -m1 "ThreadSanitizer: data race" "$LOGS/canary.log")"

say "stress, live-client, batch and unit tests under ThreadSanitizer"
if ! tsan_test --lib --test stress --test live_client --test batch >"$LOGS/tests.log" 2>&1; then
    grep -m1 -A30 "ThreadSanitizer" "$LOGS/tests.log" >&2 || tail -n 40 "$LOGS/tests.log" >&2
    fail "see ${LOGS#"$REPO"/}/tests.log"
fi
if grep -q "ThreadSanitizer" "$LOGS/tests.log"; then
    fail "a ThreadSanitizer report (see ${LOGS#"$REPO"/}/tests.log)"
fi
grep "^test result" "$LOGS/tests.log" | sed 's/^/    /'
info "no data race reported"
