#!/usr/bin/env bash
# The soak (tests/soak.rs): presigns through the C ABI on 4 threads sharing
# one client while credentials rotate, server times are fed and clients are
# made and freed, for a bounded time (60 s by default), in release mode.
# Fails on any error, on a URL not valid for exactly one credential set, or
# when the resident set grows after the warm-up. Not part of scripts/test.sh
# (it is a minute long); its figures are recorded in BENCHMARKS.md.
#
#   bash scripts/soak.sh [SECONDS]
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
# shellcheck source=scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"

oss_require_cargo
export OSS_SOAK_SECONDS="${1:-60}"
say "building the soak (release profile)"
cargo test --release --test soak --no-run --quiet
say "soak: ${OSS_SOAK_SECONDS} s"
cargo test --release --test soak --quiet -- --ignored --nocapture soak
