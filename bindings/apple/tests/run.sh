#!/usr/bin/env bash
# The test suite of the Objective-C wrapper (bindings/apple) under GNUstep.
#
#   bash bindings/apple/tests/run.sh
#
# 1. the error-code mirror of OPSErrors.h against include/oss_presign.h;
#    that the wrapper converts strings to C text only through its one
#    wiping conversion (OPSUTF8); the Swift package and the XCFramework's header layout by SwiftPM's and
#    Xcode's rules (check_package.py), and that checker's own tests
#    (tests/test_package.py: each rule catches its violation, and
#    release_package.py pins a manifest the checker accepts)
# 2. compiles the wrapper, the sample (OPSResumableDownload, its partial
#    file and byte range, the NSURLConnection downloader) and the test program
#    (tests/test_presigner.m, test_live.m, test_api.m, test_download.m,
#    test_head.m, test_support.m)
#    with -Wall -Wextra -Werror (GNUstep headers via -isystem) three ways:
#      clang  clang -fobjc-runtime=gcc, manual retain/release
#      gcc    gcc -std=gnu11 (no nullability, no generics, no blocks)
#      asan   gcc with AddressSanitizer + UndefinedBehaviorSanitizer (Debian's
#             clang lacks the sanitizer runtimes without another package)
#    and syntax-checks what only Apple builds: every wrapper source and the
#    sample under ARC (non-fragile ivars, in class extensions), and the
#    NSURLSession downloader with blocks; with clang modules, the module
#    OPSPresigner from the module map SwiftPM generates for it and the
#    module OSSPresignFFI from the XCFramework's staged headers; and that
#    the immutable classes refuse subclasses
# 3. runs the test program of each build against the loopback OSS emulator
#    (tests/emulator, which judges signatures with Alibaba's SDK), its sleep
#    clock test under the LD_PRELOAD shim tests/c/sleep_shim.c, and the
#    sample's oss_get through the C sample's tests of network faults
#    (tests/test_objc_sample.py: cuts, stalls, a replaced object, an
#    expired URL, a kill, CRC-64 mismatches, clocks 2 h ahead and behind,
#    signed Range and If-Match headers)
# 4. builds the static library for the three iOS targets
#    (bindings/apple/build-xcframework.sh --check)
# Outputs go to target/apple-tests/. The emulator is stopped by PID on exit.
#
# Needs: cargo, clang, gcc/gobjc, gnustep-config and libgnustep-base-dev,
# the Python venv of scripts/setup.sh (created here if missing).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$REPO"
# shellcheck source=../../../scripts/setup.sh
source "$REPO/scripts/setup.sh"
# shellcheck source=../../../scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"

APPLE="$REPO/bindings/apple"
OUT="$REPO/target/apple-tests"
LIBDIR="$REPO/target/release"
LOGS="$OUT/logs"
START=$SECONDS
fail() { printf 'bindings/apple/tests: %s\n' "$*" >&2; exit 1; }

# ------------------------------------------------------------------ tools
for tool in cargo clang gcc gnustep-config; do
    command -v "$tool" >/dev/null || fail "$tool not found (bash scripts/setup.sh installs it)"
done
oss_require_cargo
oss_setup_venv >/dev/null || fail "the Python venv is missing: run bash scripts/setup.sh"

say "error codes"
bash "$APPLE/tests/check_error_codes.sh"

say "secrets: one string conversion, which wipes its copies"
# The wrapper turns an NSString into C text only through OPSUTF8
# (OPSSupport.m), whose every copy is wiped (test_api.m,
# TestUTF8CopiesWiped): another conversion would leave the secret's or an
# URL's bytes in memory nobody wipes.
if grep -nE 'UTF8String\]|cStringUsingEncoding:|getCString:|dataUsingEncoding:|getBytes:[^;]*encoding:|lossyCString|fileSystemRepresentation' \
    "$APPLE"/OPSPresigner/*.m; then
    fail "a wrapper source converts a string to bytes besides OPSUTF8 (above)"
fi
info "the wrapper's sources convert strings to C text only through OPSUTF8"

rm -rf "$OUT"
mkdir -p "$OUT" "$LOGS"
say "the Swift package and the XCFramework headers, by SwiftPM's and Xcode's rules"
# A slice's Headers as build-xcframework.sh stages them; the wrapper and
# the tests include <OSSPresignFFI/oss_presign.h> from there.
bash "$APPLE/build-xcframework.sh" --headers "$OUT/Headers"
mkdir -p "$OUT/swiftpm"
"$OSS_PYTHON" "$APPLE/check_package.py" --headers "$OUT/Headers" \
    --write-module-map OPSPresigner="$OUT/swiftpm/module.modulemap" \
    || fail "Package.swift or the layout it names breaks a rule (above)"
"$OSS_PYTHON" -m unittest discover -s "$APPLE/tests" -p 'test_package.py' >"$LOGS/test_package.log" 2>&1 \
    || { cat "$LOGS/test_package.log" >&2; fail "the package checker's tests failed"; }
info "its tests (tests/test_package.py): $(tail -n 3 "$LOGS/test_package.log" | grep -E '^(OK|Ran)' | tr '\n' ' ')"

say "building the library (cargo build --release --lib)"
cargo build --release --lib --quiet
[ -f "$LIBDIR/liboss_presign.a" ] || fail "cargo did not produce liboss_presign.a"

# ------------------------------------------------------------------ flags
# GNUstep's own flags minus its include paths (passed again as -isystem so
# -Werror judges only this code) and minus -MMD/-MP (no dependency files).
GS_FLAGS=()
GS_INCLUDES=()
for flag in $(gnustep-config --objc-flags); do
    case "$flag" in
        -I*) GS_INCLUDES+=(-isystem "${flag#-I}") ;;
        -MMD | -MP | -Wall | -Wno-import | -g | -O2) ;;
        *) GS_FLAGS+=("$flag") ;;
    esac
done
read -r -a GS_LIBS <<<"$(gnustep-config --base-libs)"
GCC_INCLUDE="$(gcc -print-file-name=include)"
WARNINGS=(-Wall -Wextra -Werror)
# The public headers, the private ones (OPSCompat.h, OPSIvars.h: the sample
# uses the former, GNUstep's fragile ivars need the latter), the sample's,
# and the C header as a slice's Headers hold it.
INCLUDES=(-I"$APPLE/OPSPresigner/include" -I"$APPLE/OPSPresigner" -I"$APPLE/sample" -I"$OUT/Headers")
# The native libraries a Rust staticlib needs on Linux/glibc (docs/c-api.md).
STATIC_LIBS=(-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
CLANG=(clang -fobjc-runtime=gcc -isystem "$GCC_INCLUDE")
GCC=(gcc -std=gnu11)
SANITIZE=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)

WRAPPER=("$APPLE"/OPSPresigner/OPS*.m)
SAMPLE=("$APPLE/sample/OPSByteRange.m" "$APPLE/sample/OPSPartialFile.m"
        "$APPLE/sample/OPSResumableDownload.m" "$APPLE/sample/OPSURLConnectionDownloader.m")
TEST=("$APPLE/tests/test_presigner.m" "$APPLE/tests/test_support.m" "$APPLE/tests/test_live.m"
      "$APPLE/tests/test_api.m" "$APPLE/tests/test_download.m" "$APPLE/tests/test_head.m")

# ------------------------------------------------------------------ builds
say "compiling (${WARNINGS[*]}; GNUstep headers via -isystem)"
build() { # NAME COMPILER-AND-FLAGS... -- SOURCES...
    local name="$1"
    shift
    "$@" "${GS_FLAGS[@]}" "${GS_INCLUDES[@]}" "${WARNINGS[@]}" "${INCLUDES[@]}" -g \
        "${WRAPPER[@]}" "${SAMPLE[@]}" "${TEST[@]}" -o "$OUT/test_presigner_$name" \
        "$LIBDIR/liboss_presign.a" "${GS_LIBS[@]}" "${STATIC_LIBS[@]}"
}
sample_build() {
    "${CLANG[@]}" "${GS_FLAGS[@]}" "${GS_INCLUDES[@]}" "${WARNINGS[@]}" "${INCLUDES[@]}" -O2 \
        "${WRAPPER[@]}" "${SAMPLE[@]}" "$APPLE/sample/main.m" -o "$OUT/oss_get" \
        "$LIBDIR/liboss_presign.a" "${GS_LIBS[@]}" "${STATIC_LIBS[@]}"
}

# ARC and blocks: what Apple's toolchain compiles. GNUstep's headers are
# made for the gcc runtime, which clang refuses to combine with ARC, so the
# check runs with -fobjc-runtime=gnustep-1.9 against two shims made here:
# gcc's objc/runtime.h with its one inline function that ARC cannot parse
# (object_getClass, `object->class_pointer`) replaced by a stub; GSConfig.h
# with GS_HAVE_NSURLSESSION=1, so GNUstep's own NSURLSession declarations
# are used; and, for the NSURLSession downloader, tests/apple_url_session.h:
# what of Apple's API it uses GNUstep 1.28 does not declare (download
# tasks and their delegate, resume data, background configurations,
# dispatch_after), as Apple documents it.
SHIM="$OUT/arc-shim"
mkdir -p "$SHIM/objc" "$SHIM/GNUstepBase" "$SHIM/ObjectiveC2"
sed -e 's/return object->class_pointer;/return (Class)0; \/* stub for the ARC syntax check *\//' \
    -e 's/#include "\([a-z-]*\.h\)"/#include <objc\/\1>/' \
    "$GCC_INCLUDE/objc/runtime.h" >"$SHIM/objc/runtime.h"
grep -q 'stub for the ARC syntax check' "$SHIM/objc/runtime.h" \
    || fail "gcc's objc/runtime.h changed: update the ARC shim in $0"
cat >"$SHIM/GNUstepBase/GSConfig.h" <<'EOF'
#include_next <GNUstepBase/GSConfig.h>
#undef GS_HAVE_NSURLSESSION
#define GS_HAVE_NSURLSESSION 1
EOF
printf '%s\n' 'void *_Block_copy(const void *);' 'void _Block_release(const void *);' \
    | tee "$SHIM/objc/blocks_runtime.h" >"$SHIM/ObjectiveC2/blocks_runtime.h"
# The four builds run at once in the background (each one compiler
# process) while the ARC checks below run; then each is waited for by its
# PID, and a failed one shows its log.
BUILDS=()
build clang "${CLANG[@]}" -O2 >"$LOGS/build_clang.log" 2>&1 & BUILDS+=("$!:clang")
build gcc "${GCC[@]}" -O2 >"$LOGS/build_gcc.log" 2>&1 & BUILDS+=("$!:gcc")
build asan "${GCC[@]}" -O1 "${SANITIZE[@]}" >"$LOGS/build_asan.log" 2>&1 & BUILDS+=("$!:asan")
sample_build >"$LOGS/build_sample.log" 2>&1 & BUILDS+=("$!:sample")

# (gnustep-1.9 is a runtime with non-fragile ivars, like Apple's: the
# wrapper's classes keep theirs in class extensions there.)
ARC_BASE=(clang -fsyntax-only -fobjc-arc -fobjc-runtime=gnustep-1.9 -fblocks -isystem "$SHIM"
          -isystem "$GCC_INCLUDE" "${GS_FLAGS[@]}" "${GS_INCLUDES[@]}" "${WARNINGS[@]}")
ARC=("${ARC_BASE[@]}" "${INCLUDES[@]}")
arc_checks() { # prints what failed; status 1 if anything did
    local source status=0
    for source in "${WRAPPER[@]}" "${SAMPLE[@]}" "$APPLE/sample/main.m"; do
        "${ARC[@]}" "$source" || { echo "$(basename "$source") does not compile under ARC"; status=1; }
    done
    "${ARC[@]}" -include "$APPLE/tests/apple_url_session.h" "$APPLE/sample/OPSURLSessionDownloader.m" \
        || { echo "OPSURLSessionDownloader.m does not compile (ARC, blocks)"; status=1; }
    # The check has teeth: a stray -release under ARC must fail it.
    printf '%s\n' '#import "OPSCompat.h"' 'void f(NSObject *o);' 'void f(NSObject *o) { [o release]; }' \
        >"$OUT/arc_canary.m"
    if "${ARC[@]}" "$OUT/arc_canary.m" 2>/dev/null; then
        echo "the ARC syntax check accepted an explicit -release"
        status=1
    fi
    return "$status"
}
arc_status=0
arc_checks >"$LOGS/arc.log" 2>&1 || arc_status=$?

# Clang modules, as SwiftPM compiles on Apple platforms (-fmodules, ARC):
# the wrapper's sources as module OPSPresigner, from the module map SwiftPM
# generates for the target (check_package.py wrote it above), where
# <OSSPresignFFI/oss_presign.h> becomes an import of the module that the
# slice's Headers/OSSPresignFFI/module.modulemap declares; then an app's
# view, with only the public headers and the slice's Headers on its path:
# @import OPSPresigner (-Wincomplete-umbrella: a public header the umbrella
# misses is left out of the module; a private header is out of reach) and
# @import OSSPresignFFI. Canaries: a stray public header must fail the
# import, and a subclass of each immutable class must fail to compile
# (while one of OPSGetOptions compiles).
FINAL_CLASSES=(OPSCRC64 OPSKeyLintReport OPSPresignedRequest OPSPresignedURLResult OPSServiceError
               OPSSigningKey OPSURLInfo)
module_checks() { # prints what failed; status 1 if anything did
    local source status=0 class refused
    local modules=(-fmodules -fmodules-cache-path="$OUT/module-cache")
    local app=("${ARC_BASE[@]}" "${modules[@]}" -Wincomplete-umbrella -I"$APPLE/OPSPresigner/include"
               -I"$OUT/Headers")
    for source in "${WRAPPER[@]}"; do
        "${ARC[@]}" "${modules[@]}" -fmodule-name=OPSPresigner \
            -fmodule-map-file="$OUT/swiftpm/module.modulemap" "$source" \
            || { echo "$(basename "$source") does not compile as part of module OPSPresigner"; status=1; }
    done
    printf '%s\n' '@import OPSPresigner;' '@import OSSPresignFFI;' 'const char *Version(void);' \
        'const char *Version(void) { return [[OPSPresigner libraryVersion] length] > 0 ? oss_version() : ""; }' \
        >"$OUT/app_imports.m"
    "${app[@]}" -fmodule-map-file="$OUT/swiftpm/module.modulemap" "$OUT/app_imports.m" \
        || { echo "an app cannot @import OPSPresigner and OSSPresignFFI"; status=1; }
    mkdir -p "$OUT/stray"
    cp -R "$APPLE/OPSPresigner/include" "$OUT/stray/"
    echo 'int OPSStray;' >"$OUT/stray/include/OPSStray.h"
    sed "s#$APPLE/OPSPresigner/include#$OUT/stray/include#" "$OUT/swiftpm/module.modulemap" \
        >"$OUT/stray/module.modulemap"
    if "${app[@]}" -fmodules-cache-path="$OUT/stray/cache" -fmodule-map-file="$OUT/stray/module.modulemap" \
        "$OUT/app_imports.m" 2>/dev/null; then
        echo "the module check accepted a public header the umbrella header does not include"
        status=1
    fi
    for class in "${FINAL_CLASSES[@]}" OPSGetOptions; do
        printf '%s\n' '#import "OPSPresigner.h"' "@interface Sub$class : $class" '@end' \
            "@implementation Sub$class" '@end' >"$OUT/subclass_$class.m"
        refused=0
        "${CLANG[@]}" -fsyntax-only "${GS_FLAGS[@]}" "${GS_INCLUDES[@]}" "${INCLUDES[@]}" \
            "$OUT/subclass_$class.m" >"$OUT/subclass_$class.log" 2>&1 || refused=1
        if [ "$class" = OPSGetOptions ]; then
            [ "$refused" -eq 0 ] || { echo "a subclass of OPSGetOptions does not compile"; status=1; }
        elif [ "$refused" -eq 0 ] || ! grep -q "cannot subclass" "$OUT/subclass_$class.log"; then
            echo "$class accepts a subclass (objc_subclassing_restricted missing)"
            status=1
        fi
    done
    return "$status"
}
module_status=0
module_checks >"$LOGS/modules.log" 2>&1 || module_status=$?

build_failed=()
for entry in "${BUILDS[@]}"; do
    if ! wait "${entry%%:*}"; then
        build_failed+=("${entry#*:}")
        cat "$LOGS/build_${entry#*:}.log" >&2
    fi
done
[ "${#build_failed[@]}" -eq 0 ] || fail "build(s) failed: ${build_failed[*]}"
symbols="$(nm "$OUT/test_presigner_asan")"
[[ "$symbols" == *__asan_report_* && "$symbols" == *__ubsan_handle_* ]] \
    || fail "test_presigner_asan is not instrumented"
info "clang, gcc and ASan+UBSan builds of wrapper + sample + tests; the sample binary"
[ "$arc_status" -eq 0 ] || { cat "$LOGS/arc.log" >&2; fail "the ARC syntax checks failed"; }
info "ARC (-fsyntax-only) for every wrapper and sample source; NSURLSession downloader with blocks"
[ "$module_status" -eq 0 ] || { cat "$LOGS/modules.log" >&2; fail "the clang module checks failed"; }
info "clang modules: the wrapper as module OPSPresigner (SwiftPM's module map); an app's" \
    "@import OPSPresigner and OSSPresignFFI; a stray public header refused; ${#FINAL_CLASSES[@]} classes refuse subclasses"

# ------------------------------------------------------------------ emulator
WORK="$(mktemp -d "${TMPDIR:-/tmp}/oss-apple-tests.XXXXXX")"
trap 'oss_cleanup_work bindings/apple/tests' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export OPS_TEST_ROOT="$WORK/objects"
export OPS_TEST_BUCKET="objc-tests-bucket"
export OPS_TEST_AK="LTAI-objc-tests"
export OPS_TEST_SK="sk-$(oss_random_hex 16)"
export OPS_TEST_STS_AK="STS.objc-tests"
export OPS_TEST_STS_SK="sts-sk-$(oss_random_hex 16)"
export OPS_TEST_STS_TOKEN="CAIS+sts/$(oss_random_hex 24)=="
# A third key pair: the credential set a delegated day key stands for.
export OPS_TEST_AK3="LTAI-objc-day-key"
export OPS_TEST_SK3="sk3-$(oss_random_hex 16)"
export OPS_TEST_BAD_INPUTS="$REPO/tests/bad_inputs.tsv"
export OPS_TEST_SIGNING_TIME=1700000000 OPS_TEST_EXPIRES=3600
mkdir -p "$OPS_TEST_ROOT/$OPS_TEST_BUCKET"
(
    umask 077
    printf '[{"access_key_id": "%s", "access_key_secret": "%s"},\n {"access_key_id": "%s", "access_key_secret": "%s", "security_token": "%s"},\n {"access_key_id": "%s", "access_key_secret": "%s"}]\n' \
        "$OPS_TEST_AK" "$OPS_TEST_SK" "$OPS_TEST_STS_AK" "$OPS_TEST_STS_SK" "$OPS_TEST_STS_TOKEN" \
        "$OPS_TEST_AK3" "$OPS_TEST_SK3" >"$WORK/credentials.json"
)
oss_emulator_start "$WORK"
export OPS_TEST_PORT="$OSS_EMULATOR_PORT"
say "OSS emulator on 127.0.0.1:$OPS_TEST_PORT (pid $(cat "$WORK/emulator.pid"))"

# The URLs Alibaba's SDK makes for the test program's SDK keys (kSDKKeys):
# GETs (GetObjectRequest) and HEADs (HeadObjectRequest).
SDK_KEYS=($'unicode/\u5b50\u76ee\u5f55/\u6587\u4ef6.txt'
          $'emoji/\U0001F680 launch \U0001F600.bin'
          $'combining/e\u0301le\u0300ve cafe\u0301 \u00e9.txt'
          $'mixed/\u00fc \u00e9+\U0001F389 ~!*\'()&=;,$@.dat')
SDK_ARGS=("http://localhost:$OPS_TEST_PORT" cn-hangzhou "$OPS_TEST_AK" "$OPS_TEST_SK" -
          "$OPS_TEST_SIGNING_TIME" "$OPS_TEST_EXPIRES" "$OPS_TEST_BUCKET" "${SDK_KEYS[@]}")
export OPS_TEST_SDK_URLS="$WORK/sdk_urls.txt" OPS_TEST_SDK_HEAD_URLS="$WORK/sdk_head_urls.txt"
"$OSS_PYTHON" "$APPLE/tests/sdk_presign.py" "${SDK_ARGS[@]}" >"$OPS_TEST_SDK_URLS"
"$OSS_PYTHON" "$APPLE/tests/sdk_presign.py" --head "${SDK_ARGS[@]}" >"$OPS_TEST_SDK_HEAD_URLS"
# The known-answer vectors (test_head.m reads the HEAD ones).
export OPS_TEST_VECTORS="$REPO/tests/vectors/oss-v4-vectors.json"
# The day key of the third key pair for the UTC day of OPS_TEST_SIGNING_TIME,
# derived as Alibaba's SDK derives it (and checked against its signer).
export OPS_TEST_DAY="$(date -u -d "@$OPS_TEST_SIGNING_TIME" +%Y%m%d)"
OPS_TEST_DAY_KEY="$("$OSS_PYTHON" "$APPLE/tests/sdk_presign.py" --signing-key "$OPS_TEST_SK3" \
    "$OPS_TEST_DAY" cn-hangzhou oss)"
export OPS_TEST_DAY_KEY

# ------------------------------------------------------------------ runs
# LeakSanitizer: the suppression file names only GNUstep's runtime and
# Foundation (class tables, the autorelease pool of the main thread, thread
# dictionaries live until exit); a leak with a frame in the wrapper or the
# Rust library is still reported.
cat >"$OUT/lsan.supp" <<'EOF'
leak:libobjc.so
leak:libgnustep-base.so
EOF
FAILED=()
run() { # NAME COMMAND...
    local name="$1" log rc=0 summary
    shift
    log="$LOGS/$name.log"
    "$@" >"$log" 2>&1 || rc=$?
    summary="$(grep -E '^test_presigner: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 || true)"
    if [ "$rc" -eq 0 ] && [ -n "$summary" ]; then
        info "PASS  $name: ${summary#test_presigner: }"
    else
        FAILED+=("$name")
        info "FAIL  $name: exit status $rc; last lines of ${log#"$REPO"/}:"
        tail -n 40 "$log" | sed 's/^/          /'
    fi
}
say "running test_presigner"
run clang "$OUT/test_presigner_clang"
run gcc "$OUT/test_presigner_gcc"
OPS_TEST_THREAD_ITERATIONS=100 \
    ASAN_OPTIONS="detect_leaks=1:fast_unwind_on_malloc=0:malloc_context_size=40:strict_string_checks=1" \
    LSAN_OPTIONS="suppressions=$OUT/lsan.supp:print_suppressions=0" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    run asan "$OUT/test_presigner_asan"
if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$LOGS/asan.log"; then
    FAILED+=("asan-findings")
    info "FAIL  ASan/UBSan findings in ${LOGS#"$REPO"/}/asan.log"
fi
# The sleep clock (TestSleepClock alone), under the shim that suspends the
# machine without waiting (tests/c/sleep_shim.c: CLOCK_BOOTTIME and
# CLOCK_REALTIME jump, CLOCK_MONOTONIC does not). Not under ASan, whose
# runtime must be the first library loaded.
gcc -std=c11 -Wall -Wextra -Werror -O1 -fPIC -shared "$REPO/tests/c/sleep_shim.c" -o "$OUT/sleep_shim.so" -ldl
for build in clang gcc; do
    run "sleep-$build" env OPS_TEST_SLEEP=1 LD_PRELOAD="$OUT/sleep_shim.so" "$OUT/test_presigner_$build"
done

# The sample's oss_get runs the C sample's tests (test_objc_sample.py):
# whole, cut and resumed (Range, If-Match, bytes transferred), the object
# replaced after the cut, saved bytes past the end, the URL expired between
# attempts, killed and run again, 404, CRC-64 mismatches, a stall, retries
# used up, the server's clock 2 h ahead and behind; each test with its own
# emulator faults, judged by Alibaba's signer.
say "the sample (OPSResumableDownload over NSURLConnection) on the C sample's network faults"
if OPS_OSS_GET="$OUT/oss_get" "$OSS_PYTHON" -m unittest discover -s "$APPLE/tests" -p 'test_objc_sample.py' \
    >"$LOGS/sample.log" 2>&1; then
    info "PASS  sample: $(grep -E '^Ran ' "$LOGS/sample.log")"
else
    FAILED+=("sample")
    info "FAIL  sample; last lines of ${LOGS#"$REPO"/}/sample.log:"
    tail -n 40 "$LOGS/sample.log" | sed 's/^/          /'
fi

if [ "${#FAILED[@]}" -ne 0 ]; then
    if [ -s "$WORK/emulator.log" ]; then
        info "emulator log (last lines):"
        tail -n 20 "$WORK/emulator.log" | sed 's/^/          /'
    fi
    fail "${#FAILED[@]} run(s) failed: ${FAILED[*]} (logs in ${LOGS#"$REPO"/})"
fi

# ------------------------------------------------------------------ iOS
say "iOS static libraries (build-xcframework.sh --check)"
bash "$APPLE/build-xcframework.sh" --check

printf '\nObjective-C tests: all passed in %ss\n' "$((SECONDS - START))"
