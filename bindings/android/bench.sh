#!/usr/bin/env bash
# JNI against the C ABI: presignGet through the wrapper (bench/PresignBench.java)
# next to oss_presign_get + oss_string_free from C (bench/presign_loop.c), same
# inputs, same process type of loop, alternating, in one run.
#
#   bash bindings/android/bench.sh [RUNS]      (default 3 runs of each, 3 rounds of ~1 s)
#
# Prints, per case, the median nanoseconds per presign by CPU time for C and
# for JNI, and their ratio (the median of the per-run ratios). Both sides
# must produce the same URL, so they did the same work. Then, JNI only: 100
# keys as 100 presignGet calls against one presignGetBatch, per URL.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$REPO/bindings/android"
cd "$REPO"
# shellcheck source=../../scripts/setup.sh
source "$REPO/scripts/setup.sh"
# shellcheck source=../../scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"
oss_require_cargo
RUNS="${1:-3}"
CC="${CC:-cc}"
JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
OUT="$(oss_target_dir)/android-bench"
rm -rf "$OUT"
mkdir -p "$OUT/bench"

# The wrapper as build-desktop.sh makes it (what the tests and app unit tests use).
JAVA_HOME="$JAVA_HOME" CC="$CC" bash "$HERE/build-desktop.sh" --out "$OUT" >/dev/null
STATIC="$(oss_target_dir)/release/liboss_presign.a"
STATIC_LIBS=(-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
"$CC" -std=c11 -O2 -I"$REPO/include" "$REPO/bench/presign_loop.c" "$STATIC" -pthread \
    "${STATIC_LIBS[@]}" -o "$OUT/presign_loop"
"$JAVA_HOME/bin/javac" -encoding UTF-8 --release 8 -nowarn -d "$OUT/bench" -cp "$OUT/oss-presign.jar" \
    "$HERE/bench/PresignBench.java"
CLASSPATH_BENCH="$OUT/oss-presign.jar:$OUT/bench"

say "JNI vs C ABI, $RUNS runs of 3 rounds each ($(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg))"
for kind in short unicode; do
    : >"$OUT/$kind.txt"
    for run in $(seq "$RUNS"); do
        # The Java side builds the unicode key itself (no locale-dependent argv);
        # the C side gets the URL's key from it, so both sign the same bytes.
        java_line="$(LC_ALL=C.UTF-8 "$JAVA_HOME/bin/java" -Djava.library.path="$OUT/lib" \
            -cp "$CLASSPATH_BENCH" PresignBench "$kind" 1 3)"
        key="$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]).path; print(u.unquote(p[1:]))' \
            "$(cut -f2 <<<"$java_line")")"
        c_json="$(LC_ALL=C.UTF-8 "$OUT/presign_loop" --key "$key" --seconds 1 --rounds 3)"
        printf '%s\t%s\n' "$java_line" "$c_json" >>"$OUT/$kind.txt"
        info "$kind run $run done"
    done
done

# The batch through JNI: 100 single presigns against one presignGetBatch, per URL.
: >"$OUT/batch.txt"
for run in $(seq "$RUNS"); do
    LC_ALL=C.UTF-8 "$JAVA_HOME/bin/java" -Djava.library.path="$OUT/lib" -cp "$CLASSPATH_BENCH" \
        PresignBench batch 1 3 >>"$OUT/batch.txt"
    info "batch run $run done"
done

python3 - "$OUT" <<'EOF'
import json, statistics, sys
out = sys.argv[1]
print("| case | C ABI ns/presign (CPU) | JNI ns/presign (CPU) | JNI / C per run | median ratio |")
print("|---|---:|---:|---|---:|")
for kind, name in (("short", "short_key"), ("unicode", "unicode_key_200b")):
    c_runs, j_runs, ratios = [], [], []
    for line in open(f"{out}/{kind}.txt", encoding="utf-8"):
        _, url, _wall, cpu, c_json = line.rstrip("\n").split("\t")
        c = json.loads(c_json)
        if c["url"] != url:
            sys.exit(f"{kind}: C and JNI made different URLs:\n  {c['url']}\n  {url}")
        c_ns = statistics.median(1e9 / r for r in c["cpu"])
        j_ns = statistics.median(json.loads(cpu))
        c_runs.append(c_ns)
        j_runs.append(j_ns)
        ratios.append(j_ns / c_ns)
    print(f"| {name} | {', '.join(f'{x:.0f}' for x in c_runs)} | {', '.join(f'{x:.0f}' for x in j_runs)} "
          f"| {', '.join(f'{r:.2f}' for r in ratios)} | **{statistics.median(ratios):.2f}x** |")
print()
print("| 100 keys through JNI | ns/URL, 100 x presignGet (runs) | ns/URL, one presignGetBatch (runs) | batch / single |")
print("|---|---:|---:|---:|")
singles, batches = [], []
for line in open(f"{out}/batch.txt", encoding="utf-8"):
    _, _url, single, batch = line.rstrip("\n").split("\t")
    singles.append(statistics.median(json.loads(single)))
    batches.append(statistics.median(json.loads(batch)))
print(f"| gallery/2024/photo-NNN.jpg | {', '.join(f'{x:.0f}' for x in singles)} "
      f"| {', '.join(f'{x:.0f}' for x in batches)} "
      f"| **{statistics.median(b / s for b, s in zip(batches, singles)):.2f}** |")
EOF
