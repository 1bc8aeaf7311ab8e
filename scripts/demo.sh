#!/usr/bin/env bash
# The oss-presign demo, which doubles as a smoke test:
#
#   bash scripts/demo.sh
#
# 1. installs what is missing (Debian packages as root, else prints the apt-get
#    line; the emulator's Python venv in target/venv), via scripts/setup.sh;
# 2. builds the library (cargo build --release) and the C example examples/c;
# 3. starts the loopback OSS emulator with one random object;
# 4. presigns a GET through the C ABI and downloads it with libcurl
#    (virtual-hosted URL), then checks the bytes;
# 5. shows that a tampered URL and an expired URL are refused with OSS's
#    error code;
# 6. stops the emulator.
#
# Exits non-zero as soon as something does not behave as expected.
# DEMO_PATH_STYLE=1 uses path-style URLs instead of virtual-hosted ones.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
# shellcheck source=scripts/lib/common.sh
source scripts/lib/common.sh

BUCKET="demo-bucket"
KEY="reports/2024 summary.bin"
SIZE=1048576
REGION="cn-hangzhou"

WORK=""
STARTED=$SECONDS

fail() { oss_fail demo "$@"; }
trap 'oss_cleanup_work demo' EXIT
trap 'exit 130' INT TERM

# ----------------------------------------------------------------------------
say "[1/6] Checking the tools (Debian packages, the emulator's Python venv, Rust)"
oss_setup_apt build-essential pkg-config libcurl4-openssl-dev curl python3 python3-venv \
    ca-certificates || fail "missing Debian packages: run the apt-get line above, then this again"
oss_setup_venv || fail "could not prepare the Python venv (target/venv)"
oss_require_cargo || fail "Rust is missing or too old"

# ----------------------------------------------------------------------------
say "[2/6] Building the library and the C example (the first build takes a minute or two)"
TARGET="$(oss_target_dir)"
info "cargo build --release --lib"
cargo build --quiet --release --lib || fail "cargo build failed"
info "make -C examples/c"
make --no-print-directory -s -C examples/c LIBDIR="$TARGET/release" OUT="$TARGET/c-example" \
    || fail "the C example did not compile"
OSS_GET="$TARGET/c-example/oss_get"

# ----------------------------------------------------------------------------
say "[3/6] Starting the OSS emulator on loopback, with one object"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/oss-presign-demo.XXXXXX")"
oss_sample_world "$WORK" "$BUCKET" "$KEY" "$SIZE"
oss_emulator_start "$WORK" || fail "the emulator did not start"
PORT="$OSS_EMULATOR_PORT"
ENDPOINT="http://localhost:$PORT"
ORIGINAL="$WORK/objects/$BUCKET/$KEY"
info "endpoint   $ENDPOINT (region $REGION; signatures checked with Alibaba's Python SDK)"
info "object     $BUCKET / \"$KEY\" ($SIZE random bytes)"
info "access key $OSS_ACCESS_KEY_ID (random, exported with its secret for the library)"

STYLE_FLAGS=()
if [ "${DEMO_PATH_STYLE:-0}" = "1" ]; then
    STYLE_FLAGS=(--path-style)
fi
# libcurl 7.88 resolves *.localhost itself; --resolve keeps older versions working too.
RESOLVE="$BUCKET.localhost:$PORT:127.0.0.1"

# Runs the C example; its output goes to $WORK/<name>.out, its status to $status.
run_example() {
    local name="$1"
    shift
    status=0
    "$OSS_GET" --endpoint "$ENDPOINT" --region "$REGION" --resolve "$RESOLVE" \
        ${STYLE_FLAGS[@]+"${STYLE_FLAGS[@]}"} "$@" >"$WORK/$name.out" 2>&1 || status=$?
    sed 's/^/    | /' "$WORK/$name.out"
}
url_of() {
    sed -n 's/^GET //p' "$WORK/$1.out"
}

# ----------------------------------------------------------------------------
say "[4/6] Presigning through the C ABI, downloading with libcurl"
info "oss_get $BUCKET \"$KEY\" download.bin"
run_example download "$BUCKET" "$KEY" "$WORK/download.bin"
[ "$status" -eq 0 ] || fail "the download failed (exit status $status)"
URL="$(url_of download)"
case "$URL" in
    http://$BUCKET.localhost:$PORT/*) ;;
    http://localhost:$PORT/$BUCKET/*)
        [ "${DEMO_PATH_STYLE:-0}" = "1" ] || fail "not a virtual-hosted URL: $URL"
        ;;
    *) fail "unexpected URL: $URL" ;;
esac
cmp -s "$ORIGINAL" "$WORK/download.bin" || fail "the downloaded bytes differ from the object"
info "OK: the $SIZE downloaded bytes are the object's (sha256 $(oss_sha256 "$WORK/download.bin"))"

# ----------------------------------------------------------------------------
say "[5/6] A tampered URL: the same URL with its lifetime raised from 900 s to 7 days"
TAMPERED="$(printf '%s\n' "$URL" | sed 's/&x-oss-expires=900&/\&x-oss-expires=604800\&/')"
[ "$TAMPERED" != "$URL" ] || fail "x-oss-expires=900 not found in the URL"
info "curl '$TAMPERED'"
HTTP_STATUS="$(curl -sS --resolve "$RESOLVE" -o "$WORK/tampered.xml" -w '%{http_code}' \
    "$TAMPERED")" || fail "curl could not reach the emulator"
CODE="$(oss_xml_code "$WORK/tampered.xml")"
info "HTTP $HTTP_STATUS, OSS error code: ${CODE:-none}"
[ "$HTTP_STATUS" = "403" ] && [ "$CODE" = "SignatureDoesNotMatch" ] \
    || fail "expected HTTP 403 SignatureDoesNotMatch, got HTTP $HTTP_STATUS ${CODE:-(no code)}"
info "OK: refused, the signature covers every query parameter"

# ----------------------------------------------------------------------------
say "[6/6] An expired URL: signed an hour ago, valid for 60 s"
SIGNED_AT=$(($(date +%s) - 3600))
info "oss_get --signing-time $SIGNED_AT --expires 60 $BUCKET \"$KEY\" expired.bin"
run_example expired --signing-time "$SIGNED_AT" --expires 60 "$BUCKET" "$KEY" "$WORK/expired.bin"
[ "$status" -ne 0 ] || fail "the expired URL was accepted"
grep -q 'OSS error AccessDenied: Request has expired' "$WORK/expired.out" \
    || fail "expected AccessDenied (Request has expired)"
[ ! -e "$WORK/expired.bin" ] || fail "a refused download left a file behind"
info "OK: refused with AccessDenied; oss_get exited with status $status and wrote no file"

# ----------------------------------------------------------------------------
say "Stopping the emulator"
oss_emulator_stop "$WORK" || fail "could not stop the emulator"
rm -rf "$WORK"
WORK=""
printf '\nDemo passed in %ss: presigned through the C ABI, downloaded with libcurl,\n' \
    "$((SECONDS - STARTED))"
printf 'bytes checked; tampered and expired URLs refused with OSS error codes.\n'
