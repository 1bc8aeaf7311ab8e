#!/usr/bin/env bash
# Runs every test of the repository: the README's test command and what CI runs.
#
#   bash scripts/test.sh
#
# Sets up what it needs first (Debian packages when run as root, the Python
# venv with Alibaba's SDK in target/venv), then runs, stopping at the first
# failure:
#   1. formatting, lints, rustdoc warnings, and no panic=abort anywhere (the
#      C ABI needs unwinding); licenses and banned crates (cargo deny, offline)
#   2. Rust tests: unit, known-answer vectors, C ABI contract, header, doc tests,
#      allocation counts, property tests, the concurrency stress test, the
#      documented tables against the behaviour, every relative link and
#      #anchor of the Markdown pages (tests/doc_links.rs)
#   2b. hardening: Miri on the C ABI's tests (scripts/miri.sh), ThreadSanitizer
#      on the concurrent tests (scripts/tsan.sh), a 30 s fuzz run of each fuzz
#      target (scripts/fuzz.sh); each proves itself on a planted bug first
#   3. the differential test against alibabacloud-oss-v2 (1000 random cases),
#      and oss_client_verify_url against its signer on ~15000 valid and
#      tampered URLs
#   4. the emulator's own tests (it must reject what OSS rejects)
#   5. the C suite: shared + static, ASan/UBSan, valgrind, libcurl downloads
#   5b. the JNI wrapper: JUnit on the JVM (plain, -Xcheck:jni, ASan glue),
#       HttpURLConnection downloads, URLs against Alibaba's SDK, the Gradle
#       files against AGP's rules, the Android targets' static libraries
#   5c. the Objective-C wrapper under GNUstep (gcc, clang, ASan; ARC and
#       NSURLSession syntax checks; emulator downloads) and the iOS static library
#   6. install with cargo-c, build the C example with pkg-config only and
#      the C++ example with CMake (find_package, shared and static)
#   7. the demo (presign + download end to end on loopback)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
# shellcheck disable=SC2086 # the list is meant to split into words
oss_setup_apt $OSS_APT_PACKAGES
oss_setup_venv
oss_setup_hardening

started=$SECONDS
step() {
    printf '\n==> %s (%ss)\n' "$*" "$((SECONDS - started))"
}

step "format, lints, docs, panic strategy"
cargo fmt --check
cargo fmt --check --manifest-path fuzz/Cargo.toml
cargo clippy --all-targets -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet
if grep -rnE 'panic *= *"abort"|panic=abort' Cargo.toml .cargo 2>/dev/null; then
    echo "panic=abort breaks the C ABI's panic boundary; use unwind" >&2
    exit 1
fi

step "licenses and banned crates (cargo deny, offline)"
cargo deny --offline --log-level error check licenses bans

step "Rust tests"
cargo test

step "Miri (the C ABI's tests and contract, the key cache)"
bash scripts/miri.sh

step "ThreadSanitizer (stress, live client, batch, unit tests)"
bash scripts/tsan.sh

step "fuzz smoke run (30 s per target, ASan)"
bash scripts/fuzz.sh -t 30 -j 2

step "differential test against alibabacloud-oss-v2"
cargo build --release --lib
"$OSS_PYTHON" tests/differential/differential.py \
    --lib target/release/liboss_presign.so --cases 1000
"$OSS_PYTHON" tests/differential/verify_agreement.py \
    --lib target/release/liboss_presign.so --cases 500

step "emulator tests"
"$OSS_PYTHON" -m unittest discover -s tests/emulator

step "C suite (shared, static, ASan+UBSan, valgrind, libcurl)"
bash tests/c/run.sh

step "C download sample: resume, If-Match, re-presign, skew, CRC-64 (emulator faults)"
# oss_get against cuts, stalls, a replaced object, expiry, skew and flipped
# bytes (about 25 s), after oss_crc64_update against the SDK's own CRC-64.
cargo build --release --lib
make -s -C examples/c
# The one-line build docs/c-sample.md promises, run from the repository root.
cc -std=c11 examples/c/oss_get.c -I include -L target/release -loss_presign -lcurl -o target/c-example/oss_get-cc
"$OSS_PYTHON" tests/differential/crc64_agreement.py --lib target/release/liboss_presign.so
"$OSS_PYTHON" -m unittest discover -s tests/samples

step "JNI wrapper (JUnit plain, -Xcheck:jni, ASan; downloads; SDK URLs; Gradle check; Android targets)"
bash bindings/android/test.sh

step "Objective-C wrapper (GNUstep, ASan, downloads; iOS static library)"
bash bindings/apple/tests/run.sh

step "install with cargo-c, build against pkg-config and CMake"
bash scripts/check_install.sh

step "demo"
bash scripts/demo.sh

printf '\nall tests passed in %ss\n' "$((SECONDS - started))"
