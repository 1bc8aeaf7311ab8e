#!/usr/bin/env bash
# Presign throughput against Alibaba's SDKs, in one run on this machine.
#
#   bash bench/run_peers.sh [bench/peers.py options, e.g. --repeat 5 --cases short_key]
#
# Builds the release library and the C driver (bench/presign_loop.c), puts
# the pinned Python SDKs (bench/requirements.txt) in target/bench-venv and
# the pinned ali-oss (bench/package.json, package-lock.json) in
# target/bench-node, then runs bench/peers.py. Needs cargo, cc, python3 with
# venv, node and npm. Not part of the test suite; see BENCHMARKS.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-target}"

echo "peers: building the release library" >&2
cargo build --release --lib --quiet
mkdir -p "$target/bench"
# The static library's native dependencies on Linux/glibc
# (`rustc --print native-static-libs`).
cc -O2 -std=c11 -Wall -Wextra -Iinclude bench/presign_loop.c \
    "$target/release/liboss_presign.a" -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc \
    -o "$target/bench/presign_loop"

venv="$target/bench-venv"
if ! cmp -s bench/requirements.txt "$venv/.requirements.installed" 2>/dev/null; then
    echo "peers: installing the Python SDKs into $venv" >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
    cp bench/requirements.txt "$venv/.requirements.installed"
fi

node_dir="$target/bench-node"
if ! cmp -s bench/package-lock.json "$node_dir/package-lock.json" 2>/dev/null \
    || [ ! -d "$node_dir/node_modules/ali-oss" ]; then
    echo "peers: installing ali-oss into $node_dir" >&2
    rm -rf "$node_dir"
    mkdir -p "$node_dir"
    cp bench/package.json bench/package-lock.json "$node_dir/"
    (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi

exec "$venv/bin/python" bench/peers.py \
    --c-driver "$target/bench/presign_loop" --node-dir "$node_dir" "$@"
