#!/usr/bin/env bash
# Runs the fuzz targets of fuzz/ (cargo-fuzz, libFuzzer, nightly Rust) for a
# bounded time each, and fails on any finding.
#
#   bash scripts/fuzz.sh                  smoke run: 30 s per target (what CI runs)
#   bash scripts/fuzz.sh -t 600 presign   one target for 10 minutes
#   bash scripts/fuzz.sh -t 3600 -s none presign verify parsers
#                                         long runs without AddressSanitizer
#
# Options: -t SECONDS per target (default 30); -s SANITIZER (address, the
# default, leak or none; c_abi runs under address or leak, never none: a
# leak checker is what finds its leaks); -j JOBS targets at once (default 1).
#
# The targets are built optimised (-O) with debug assertions and overflow
# checks on (-a): an unchecked `+`, `-` or `*` on a fuzzed integer panics,
# and the fuzzer reports it, where a plain release build would wrap.
#
# First, a planted-bug canary (fuzz/fuzz_targets/canary.rs) proves that the
# machinery is really on: libFuzzer must find an input behind a 6-byte
# comparison, AddressSanitizer must report a heap overflow, LeakSanitizer a
# leak and the overflow checks an integer overflow, each with the flags used
# here. Then each target runs on a working
# corpus in target/fuzz/corpus/<target>, seeded from fuzz/corpus/<target>
# (kept in the repository, minimised). A crash, leak or timeout is saved in
# target/fuzz/artifacts/<target>/ and fails the run; reproduce it with
#   cargo +nightly fuzz run <target> <artifact>   (from fuzz/)
# The figures of each run (executions, coverage, exec/s) are printed at the
# end; BENCHMARKS.md (section 13) records those of the long runs.
#
# Needs: nightly Rust and cargo-fuzz (scripts/setup.sh installs both).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
# shellcheck source=scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"
fail() { oss_fail scripts/fuzz.sh "$@"; }

SECONDS_PER_TARGET=30
SANITIZER=address
JOBS=1
while getopts "t:s:j:" option; do
    case "$option" in
        t) SECONDS_PER_TARGET="$OPTARG" ;;
        s) SANITIZER="$OPTARG" ;;
        j) JOBS="$OPTARG" ;;
        *) fail "usage: $0 [-t SECONDS] [-s address|none] [-j JOBS] [TARGET...]" ;;
    esac
done
shift $((OPTIND - 1))
TARGETS=("$@")
[ "${#TARGETS[@]}" -gt 0 ] || TARGETS=(presign c_abi verify parsers)

oss_require_cargo
cargo +nightly --version >/dev/null 2>&1 || fail "nightly Rust is missing (rustup toolchain install nightly)"
cargo +nightly fuzz --version >/dev/null 2>&1 \
    || fail "cargo-fuzz is missing (cargo install cargo-fuzz --locked; scripts/setup.sh does it)"

# Logs and canary files go to OSS_FUZZ_WORK (default target/fuzz), so that
# runs of different targets can go on at once; working corpora are shared.
WORK="${OSS_FUZZ_WORK:-$REPO/target/fuzz}"
CORPORA="$REPO/target/fuzz/corpus"
ARTIFACTS="$REPO/target/fuzz/artifacts"
LOGS="$WORK/logs"
mkdir -p "$LOGS"

# One build directory per sanitizer: switching never rebuilds the other.
build_dir() { printf '%s\n' "$REPO/target/fuzz-build/$1"; }

# fuzz_run TARGET SANITIZER LOG ARGS...: cargo fuzz run from fuzz/, output to LOG.
fuzz_run() {
    local target="$1" sanitizer="$2" log="$3"
    shift 3
    (cd fuzz && cargo +nightly fuzz run -O -a -s "$sanitizer" --target-dir "$(build_dir "$sanitizer")" \
        "$target" "$@") >"$log" 2>&1
}

BUILDS=address
[ "$SANITIZER" = address ] || BUILDS="address and $SANITIZER"
say "building the fuzz targets (sanitizers: $BUILDS)"
(cd fuzz && cargo +nightly fuzz build -O -a -s address --target-dir "$(build_dir address)") \
    >"$LOGS/build.log" 2>&1 \
    || { tail -n 30 "$LOGS/build.log" >&2; fail "cargo fuzz build failed (see ${LOGS#"$REPO"/}/build.log)"; }
if [ "$SANITIZER" != address ]; then
    (cd fuzz && cargo +nightly fuzz build -O -a -s "$SANITIZER" --target-dir "$(build_dir "$SANITIZER")") \
        >>"$LOGS/build.log" 2>&1 \
        || fail "cargo fuzz build -s $SANITIZER failed (see ${LOGS#"$REPO"/}/build.log)"
fi

# c_abi must call every function the C ABI exports (it lists them by name).
exported="$(grep -ho 'pub \(unsafe \)\?extern "C" fn [a-z_0-9]*' src/ffi/*.rs | awk '{print $NF}')"
missing=()
for function in $exported; do
    grep -qw "$function" fuzz/fuzz_targets/c_abi.rs || missing+=("$function")
done
[ "${#missing[@]}" -eq 0 ] || fail "fuzz/fuzz_targets/c_abi.rs does not call: ${missing[*]}"
info "c_abi calls all $(wc -w <<<"$exported") exported functions"

# ---------------------------------------------------------------- canaries
say "canaries: the fuzzer, ASan, LSan and the overflow checks must each catch a planted bug"
CANARY="$WORK/canary"
rm -rf "$CANARY"
mkdir -p "$CANARY/corpus" "$CANARY/artifacts"
printf 'ASAN!!' >"$CANARY/asan"
printf 'LEAK!!' >"$CANARY/leak"
printf 'OVER!!' >"$CANARY/overflow"
# canary NAME PATTERN ARGS...: the run must fail and log PATTERN.
canary() {
    local name="$1" pattern="$2"
    local log="$LOGS/canary_$name.log"
    shift 2
    if fuzz_run canary address "$log" "$@"; then
        fail "canary $name: the run passed; the planted bug went unnoticed (see ${log#"$REPO"/})"
    fi
    grep -q -- "$pattern" "$log" || fail "canary $name: '$pattern' not in ${log#"$REPO"/}"
    info "$name: caught ($pattern)"
}
canary search "the fuzzer found the planted input" "$CANARY/corpus" -- \
    -max_total_time=120 -artifact_prefix="$CANARY/artifacts/"
OSS_FUZZ_CANARY=asan canary asan "AddressSanitizer: heap-buffer-overflow" "$CANARY/asan" -- -runs=1
OSS_FUZZ_CANARY=leak canary leak "LeakSanitizer: detected memory leaks" "$CANARY/leak" -- -runs=1 -detect_leaks=1
OSS_FUZZ_CANARY=overflow canary overflow "attempt to add with overflow" "$CANARY/overflow" -- -runs=1

# ---------------------------------------------------------------- targets
# run_target TARGET: bounded run; writes $LOGS/TARGET.log and a summary line.
run_target() {
    local target="$1" sanitizer="$SANITIZER"
    local log="$LOGS/$target.log"
    [ "$target" = c_abi ] && [ "$sanitizer" = none ] && sanitizer=address
    mkdir -p "$CORPORA/$target" "$ARTIFACTS/$target" "fuzz/corpus/$target"
    local rc=0
    fuzz_run "$target" "$sanitizer" "$log" "$CORPORA/$target" "$REPO/fuzz/corpus/$target" -- \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$ARTIFACTS/$target/" || rc=$?
    local runs cov rss rate
    runs="$(awk '/stat::number_of_executed_units/ {print $NF}' "$log")"
    cov="$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1 || true)"
    rate="$(awk '/stat::average_exec_per_sec/ {print $NF}' "$log")"
    rss="$(awk '/stat::peak_rss_mb/ {print $NF}' "$log")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$sanitizer" "$SECONDS_PER_TARGET" \
        "${runs:-?}" "${cov:-?}" "${rate:-?}" "${rss:-?}" >"$LOGS/$target.summary"
    if [ "$rc" -ne 0 ]; then
        echo "--- $target: finding (exit $rc); last lines of ${log#"$REPO"/}:" >&2
        tail -n 40 "$log" >&2
        return 1
    fi
}

say "fuzzing ${TARGETS[*]} for ${SECONDS_PER_TARGET} s each (${JOBS} at a time)"
failed=()
pids=()
names=()
for target in "${TARGETS[@]}"; do
    [ -f "fuzz/fuzz_targets/$target.rs" ] || fail "no fuzz target $target"
    run_target "$target" &
    pids+=("$!")
    names+=("$target")
    if [ "${#pids[@]}" -ge "$JOBS" ]; then
        wait "${pids[0]}" || failed+=("${names[0]}")
        pids=("${pids[@]:1}")
        names=("${names[@]:1}")
    fi
done
for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || failed+=("${names[$i]}")
done

printf '\n%-8s %-9s %7s %12s %-22s %8s %8s\n' target sanitizer seconds executions coverage exec/s rss_mb
for target in "${TARGETS[@]}"; do
    IFS=$'\t' read -r t s secs runs cov rate rss <"$LOGS/$target.summary"
    printf '%-8s %-9s %7s %12s %-22s %8s %8s\n' "$t" "$s" "$secs" "$runs" "$cov" "$rate" "$rss"
done
if [ "${#failed[@]}" -gt 0 ]; then
    fail "findings in: ${failed[*]} (inputs in target/fuzz/artifacts/)"
fi
info "no findings"
