#!/usr/bin/env bash
# Instructions per presign through the C ABI, counted by callgrind, for the
# four benchmark cases, at one or more git revisions built side by side.
#
#   bash bench/callgrind.sh [REV...]     default: HEAD (the working tree)
#
# REV "HEAD" means the working tree as it is; any other revision is checked
# out into target/callgrind/<rev> (a git worktree, removed afterwards) and
# built there. For each revision and case: callgrind runs
# bench/presign_loop.c for 1 and for 20001 presigns, and the difference / 20000
# is one steady-state presign (the client, the options and the first key
# derivation cancel out). Counts are deterministic for a given build, so two
# revisions compare exactly, whatever else the machine is doing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=../scripts/lib/common.sh
source scripts/lib/common.sh
command -v valgrind >/dev/null || { echo "valgrind is needed (Debian: valgrind)" >&2; exit 1; }

revs=("$@")
[ "${#revs[@]}" -gt 0 ] || revs=(HEAD)
work="$root/target/callgrind"
mkdir -p "$work"
libs=(-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
worktrees=()
cleanup() {
    local tree
    for tree in "${worktrees[@]}"; do
        git worktree remove --force "$tree" >/dev/null 2>&1 || true
    done
}
trap cleanup EXIT

unicode_key="$(cd bench && python3 -c 'import peers; print(peers.unicode_key())')"
sts_token="$(cd bench && python3 -c 'import peers; print(peers.sts_token())')"
base=(--bucket examplebucket --signing-time 1704164645 --expires 3600)
case_names=(short_key unicode_key_200b version_disposition_process sts_token)
case_args() {
    case "$1" in
        short_key) printf '%s\n' --key exampleobject.txt ;;
        unicode_key_200b) printf '%s\n' --key "$unicode_key" ;;
        version_disposition_process)
            printf '%s\n' --key exampleobject.txt \
                --version-id CAEQNhiBgM0BYiIDc4MGZjZGI2OTBjOTRmNTE5NmU5NmFhZjhjYmY0 \
                --disposition 'attachment; filename="report 2024.pdf"' \
                --process image/resize,w_200/format,webp ;;
        sts_token) printf '%s\n' --key exampleobject.txt --token "$sts_token" ;;
    esac
}

# instructions PROGRAM N ARGS...: total instructions of one run.
instructions() {
    local program="$1" n="$2" out
    shift 2
    out="$(mktemp "$work/cg.XXXXXX")"
    valgrind --tool=callgrind --callgrind-out-file="$out" \
        "$program" --iterations "$n" "$@" >/dev/null 2>&1
    awk '/^summary:/ { print $2 }' "$out"
    rm -f "$out"
}

printf '%-12s' revision
printf ' %28s' "${case_names[@]}"
printf '\n'
for rev in "${revs[@]}"; do
    if [ "$rev" = HEAD ]; then
        tree="$root"
    else
        tree="$work/$(git rev-parse --short "$rev")"
        git worktree add --force --detach "$tree" "$rev" >/dev/null 2>&1
        worktrees+=("$tree")
    fi
    (cd "$tree" && CARGO_TARGET_DIR="$tree/target" cargo build --release --lib --quiet)
    program="$work/presign_loop-$(basename "$tree")"
    cc -O2 -g -I"$tree/include" bench/presign_loop.c "$tree/target/release/liboss_presign.a" \
        "${libs[@]}" -o "$program"
    printf '%-12s' "$rev"
    for name in "${case_names[@]}"; do
        mapfile -t args < <(case_args "$name")
        one="$(instructions "$program" 1 "${base[@]}" "${args[@]}")"
        many="$(instructions "$program" 20001 "${base[@]}" "${args[@]}")"
        printf ' %28s' "$(((many - one) / 20000))"
    done
    printf '\n'
done
