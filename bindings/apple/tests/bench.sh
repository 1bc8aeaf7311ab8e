#!/usr/bin/env bash
# Times -[OPSPresigner presignGetURLStringWithBucket:...] against the C ABI
# in one process (bench_presigner.m), under GNUstep, release library.
#
#   bash bindings/apple/tests/bench.sh [ITERATIONS-PER-ROUND [ROUNDS]]
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$REPO"
# shellcheck source=../../../scripts/setup.sh
source "$REPO/scripts/setup.sh"
# shellcheck source=../../../scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"
oss_require_cargo

OUT="$REPO/target/apple-bench"
mkdir -p "$OUT"
cargo build --release --lib --quiet
GS_FLAGS=()
for flag in $(gnustep-config --objc-flags); do
    case "$flag" in
        -I*) GS_FLAGS+=(-isystem "${flag#-I}") ;;
        -MMD | -MP | -g | -O2) ;;
        *) GS_FLAGS+=("$flag") ;;
    esac
done
read -r -a GS_LIBS <<<"$(gnustep-config --base-libs)"
# The C header as the XCFramework ships it: <OSSPresignFFI/oss_presign.h>.
bash "$REPO/bindings/apple/build-xcframework.sh" --headers "$OUT/Headers"
clang -fobjc-runtime=gcc -isystem "$(gcc -print-file-name=include)" "${GS_FLAGS[@]}" -O2 \
    -Wall -Wextra -Werror -I"$OUT/Headers" \
    -I"$REPO/bindings/apple/OPSPresigner/include" -I"$REPO/bindings/apple/OPSPresigner" \
    "$REPO"/bindings/apple/OPSPresigner/OPS*.m "$REPO/bindings/apple/tests/bench_presigner.m" \
    -o "$OUT/bench_presigner" "$REPO/target/release/liboss_presign.a" "${GS_LIBS[@]}" \
    -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
say "bench_presigner $* ($(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg))"
"$OUT/bench_presigner" "$@"
