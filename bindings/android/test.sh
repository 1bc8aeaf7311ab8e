#!/usr/bin/env bash
# The JNI wrapper's test suite, on a desktop JVM (OpenJDK 17, Debian's junit5).
#
#   bash bindings/android/test.sh
#
# 1. builds the desktop artifact with build-desktop.sh: the Rust static
#    library and the glue linked into liboss_presign_jni.so (-std=c11 -Wall
#    -Wextra -Wpedantic -Werror; JNI_OnLoad its only export) plus a copy
#    under AddressSanitizer, and oss-presign.jar (Java 8 bytecode); checks
#    that the glue's RegisterNatives table is exactly Native's natives; runs
#    glue_test.c (the glue without a JVM: every copy of a secret is wiped)
# 2. checks that the public API is null-marked with JSpecify's annotations
#    alone (an annotation processor) and that they reach the bytecode, and
#    the Gradle files against AGP's rules (check_gradle.py), the checks also
#    shown to catch planted mistakes
# 3. compiles the download sample and the JUnit tests against the jar, and
#    the sample's Activity against stand-ins of the android.* classes it uses
#    (src/test/android-stubs); checks every JDK and Android member the
#    library and the sample use against its Android API level
#    (check_android_api.py, minSdk 21); makes reference URLs through
#    the C ABI (src/test/c/reference_urls.c) and random ones with Alibaba's
#    SDK (src/test/python/sdk_urls.py)
# 4. starts the loopback OSS emulator (Alibaba's SDK judges each signature),
#    and two more on the same objects whose clocks run 2 h ahead and behind,
#    and runs the JUnit suite three times: plainly, under -Xcheck:jni
#    (failing on any JNI warning), and with the ASan glue (libasan preloaded,
#    LeakSanitizer on); the download sample's network-fault tests (tag
#    "faults") run in the plain run only
# 5. builds the Rust static library for the four Android ABIs' targets,
#    adding the rustup targets first (no NDK here: the JNI .so for Android is
#    built by build-android.sh or Gradle); a target that cannot be had is
#    SKIPPED with a message, or fails the run when CI=true
#
# Outputs go to target/android-tests/. The emulator is stopped by PID when
# this script exits, even on failure. OSS_ANDROID_SKIP_CROSS=1 skips step 5
# (not allowed with CI=true); OSS_ANDROID_SDK_SEED=N replays the SDK cases.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$REPO/bindings/android"
cd "$REPO"
# shellcheck source=../../scripts/setup.sh
source "$REPO/scripts/setup.sh"
# shellcheck source=../../scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"

STARTED=$SECONDS
fail() {
    printf 'bindings/android: %s\n' "$*" >&2
    exit 1
}

# ---------------------------------------------------------------- tools
oss_require_cargo
command -v javac >/dev/null || fail "javac not found (Debian: openjdk-17-jdk-headless)"
JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
JAVA="$JAVA_HOME/bin/java"
JAVAC="$JAVA_HOME/bin/javac"
JAVA_VERSION="$("$JAVAC" -version 2>&1 | awk '{print $2}')"
[ "${JAVA_VERSION%%.*}" -ge 17 ] || fail "JDK 17 or newer needed, found $JAVA_VERSION at $JAVA_HOME"
[ -f "$JAVA_HOME/include/jni.h" ] || fail "no jni.h under $JAVA_HOME/include (install a JDK, not a JRE)"
SHARE=/usr/share/java
JUNIT="$SHARE/junit-platform-console-standalone.jar"
for jar in "$JUNIT" "$SHARE/junit-jupiter-api.jar" "$SHARE/apiguardian-api.jar"; do
    [ -f "$jar" ] || fail "$jar missing (Debian: junit5)"
done
CC="${CC:-cc}"
command -v "$CC" >/dev/null || fail "C compiler '$CC' not found (set CC)"
oss_setup_venv >/dev/null || fail "the Python venv is missing: run bash scripts/setup.sh"

OUT="$(oss_target_dir)/android-tests"
rm -rf "$OUT"
mkdir -p "$OUT/classes/sample" "$OUT/classes/test" "$OUT/logs" "$OUT/checks"

# ---------------------------------------------------------------- native
say "building the desktop artifact (build-desktop.sh --asan)"
JAVA_HOME="$JAVA_HOME" CC="$CC" bash "$HERE/build-desktop.sh" --out "$OUT" --asan
STATIC="$(oss_target_dir)/release/liboss_presign.a"
JAR="$OUT/oss-presign.jar"
# The JSpecify annotation types (build-support/jspecify), compile time only.
JSPECIFY="$OUT/jspecify"
STATIC_LIBS=(-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)

# The glue binds by RegisterNatives: its table (NATIVE rows) must name each
# native method of Native with its JVM descriptor, once, and nothing else.
# (A mismatch would also fail every load, see NativeLoadTest; this names it.)
declared="$("$JAVA_HOME/bin/javap" -s -p -cp "$JAR" org.osspresign.Native | awk '
    / native / { name = $0; sub(/[(].*/, "", name); sub(/.* /, "", name); want = 1; next }
    want && /descriptor:/ { print name, $2; want = 0 }' | sort)"
table="$(grep -oE 'NATIVE[(][A-Za-z0-9]+, "[^"]+"[)]' "$HERE/src/main/c/oss_presign_jni.c" \
    | sed -E 's/NATIVE[(]([A-Za-z0-9]+), "([^"]+)"[)]/\1 \2/' | sort)"
[ -n "$declared" ] || fail "javap found no native method in org.osspresign.Native"
[ "$declared" = "$table" ] \
    || fail "Native.java and the glue's RegisterNatives table differ: $(diff <(echo "$declared") <(echo "$table") | grep '^[<>]' | tr '\n' ' ')"
[ -z "$(awk '{print $1}' <<<"$table" | uniq -d)" ] || fail "a native is bound twice: $(awk '{print $1}' <<<"$table" | uniq -d)"
info "RegisterNatives table = Native's $(grep -c . <<<"$table") native methods, name and descriptor"

# The glue's helpers without a JVM (fake JNIEnv, counting malloc/free): every
# copy of a secret is wiped before release, on the paths that refuse it too.
GLUE_CFLAGS=(-std=c11 -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wstrict-prototypes -Werror
             -isystem "$JAVA_HOME/include" -isystem "$JAVA_HOME/include/linux" -I"$REPO/include")
"$CC" "${GLUE_CFLAGS[@]}" -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
    "$HERE/src/test/c/glue_test.c" "$STATIC" "${STATIC_LIBS[@]}" -o "$OUT/glue_test"
"$OUT/glue_test" >"$OUT/logs/glue_test.log" 2>&1 || { cat "$OUT/logs/glue_test.log" >&2; fail "glue_test failed"; }
info "$(cat "$OUT/logs/glue_test.log") (text_in/text_free wipe every copy; ASan+UBSan)"

# ---------------------------------------------------------------- checks
say "nullability of the public API; the Gradle files against AGP's rules"
# The library's and the sample's public types are null-marked, with
# JSpecify's annotations alone (NullabilityCheck); planted, an unmarked class
# and a foreign annotation fail.
mapfile -t main_sources < <(find "$HERE/src/main/java" -name '*.java' | sort)
mapfile -t sample_sources < <(find "$HERE/sample/src/main/java" -name '*.java' | sort)
mkdir -p "$OUT/checks/processor"
"$JAVAC" -Xlint:all -Werror -d "$OUT/checks/processor" "$HERE/src/test/processor/NullabilityCheck.java"
NULLABILITY=(-proc:only -processorpath "$OUT/checks/processor" -processor NullabilityCheck -cp "$JSPECIFY")
"$JAVAC" "${NULLABILITY[@]}" "${main_sources[@]}" "${sample_sources[@]}" >"$OUT/logs/nullability.log" 2>&1 \
    || { cat "$OUT/logs/nullability.log" >&2; fail "a public type is not null-marked, or uses another nullness vocabulary"; }
mapfile -t planted < <(find "$HERE/src/test/processor/canary" -name '*.java' | sort)
if "$JAVAC" "${NULLABILITY[@]}" "${planted[@]}" >"$OUT/logs/nullability-canary.log" 2>&1 \
    || ! grep -q 'unmarked.Gap is not null-marked' "$OUT/logs/nullability-canary.log" \
    || ! grep -q 'marked.Mixed.echo(s): @marked.NotNull is not JSpecify' "$OUT/logs/nullability-canary.log"; then
    fail "NullabilityCheck let an unmarked class or a foreign annotation through (see ${OUT#"$REPO"/}/logs/nullability-canary.log)"
fi
info "$(sed -n 's/^Note: NullabilityCheck: //p' "$OUT/logs/nullability.log"); an unmarked class and a foreign annotation fail"
# What Kotlin reads is the bytecode: @NullMarked on the package, @Nullable as a
# type annotation (RuntimeVisibleTypeAnnotations) where null is allowed.
"$JAVA_HOME/bin/javap" -v -cp "$JAR" org.osspresign.package-info >"$OUT/logs/javap_package_info.txt"
"$JAVA_HOME/bin/javap" -v -p -cp "$JAR" org.osspresign.PresignedRequest >"$OUT/logs/javap_presigned_request.txt"
grep -A2 'RuntimeVisibleAnnotations' "$OUT/logs/javap_package_info.txt" | grep -q 'org.jspecify.annotations.NullMarked' \
    || fail "org/osspresign/package-info.class does not carry @NullMarked at run time"
grep -A3 'RuntimeVisibleTypeAnnotations' "$OUT/logs/javap_presigned_request.txt" | grep -q 'org.jspecify.annotations.Nullable' \
    || fail "PresignedRequest.class carries no @Nullable type annotation"
info "the jar's bytecode: @NullMarked on org.osspresign, @Nullable as type annotations; no org/jspecify class inside"
"$OSS_PYTHON" "$HERE/check_gradle.py" "$HERE" || fail "the Gradle files break AGP's rules (check_gradle.py)"
"$OSS_PYTHON" -m unittest discover -s "$HERE/src/test/gradle" -p 'test_*.py' >"$OUT/logs/check_gradle_tests.log" 2>&1 \
    || { cat "$OUT/logs/check_gradle_tests.log" >&2; fail "check_gradle.py's own tests failed"; }
info "check_gradle.py: $(grep -oE '^Ran [0-9]+ tests?' "$OUT/logs/check_gradle_tests.log"), each a planted violation caught or a valid layout passed"

# ---------------------------------------------------------------- Java
say "compiling the sample and the tests against oss-presign.jar (javac $JAVA_VERSION)"
JAVAC_FLAGS=(-Xlint:all -Werror -encoding UTF-8)
mapfile -t test_sources < <(find "$HERE/src/test/java" -name '*.java' | sort)
# --release 8: the sample uses only APIs that Android has. Every lint
# category, but not -Xlint:all (javac-lint.sh says why).
# shellcheck source=javac-lint.sh
source "$HERE/javac-lint.sh"
LINT_RELEASE_8=("$(oss_android_javac_lint "$JAVAC")" -Werror -encoding UTF-8)
"$JAVAC" "${LINT_RELEASE_8[@]}" --release 8 -cp "$JSPECIFY:$JAR" -d "$OUT/classes/sample" "${sample_sources[@]}"
# DownloadActivity, the sample's Android side, against stand-ins of the
# android.* classes it uses (src/test/android-stubs: those members only, with
# the real hierarchy; never packaged), into a folder of its own: no test loads it.
mkdir -p "$OUT/classes/android-stubs" "$OUT/classes/sample-android"
mapfile -t stub_sources < <(find "$HERE/src/test/android-stubs" -name '*.java' | sort)
"$JAVAC" "${JAVAC_FLAGS[@]}" --release 8 -d "$OUT/classes/android-stubs" "${stub_sources[@]}"
mapfile -t android_sources < <(find "$HERE/sample/src/android/java" -name '*.java' | sort)
"$JAVAC" "${LINT_RELEASE_8[@]}" --release 8 -cp "$OUT/classes/android-stubs:$JSPECIFY:$JAR:$OUT/classes/sample" \
    -d "$OUT/classes/sample-android" "${android_sources[@]}"
TEST_CP="$JAR:$OUT/classes/sample:$JSPECIFY:$SHARE/junit-jupiter-api.jar:$SHARE/apiguardian-api.jar:$SHARE/opentest4j.jar:$SHARE/junit-platform-commons.jar"
"$JAVAC" "${JAVAC_FLAGS[@]}" -Xlint:-processing --release 17 -cp "$TEST_CP" -d "$OUT/classes/test" \
    "${test_sources[@]}"
info "${#main_sources[@]} wrapper, ${#sample_sources[@]} sample (+${#android_sources[@]} Android, against ${#stub_sources[@]} android.* stand-ins) and ${#test_sources[@]} test sources"

# --release 8 keeps out what Java 8 lacks, not what Android 5.0 lacks: every
# JDK and Android member the library and the sample (DownloadActivity too)
# reference must be listed with its Android API level, at most minSdk 21
# (check_android_api.py). Planted: getContentLengthLong (API 24) and
# java.nio.file (not listed), and in an Activity an inherited call and a
# method reference of API 24.
API_CHECK=("$OSS_PYTHON" "$HERE/check_android_api.py" --levels "$HERE/android-api-levels.txt" --min-sdk 21
           --javap "$JAVA_HOME/bin/javap")
"${API_CHECK[@]}" "$JAR" "$OUT/classes/sample" "$OUT/classes/sample-android" >"$OUT/logs/android_api.log" 2>&1 \
    || { cat "$OUT/logs/android_api.log" >&2; fail "a JDK or Android API above Android's minSdk 21, or not looked up"; }
mkdir -p "$OUT/checks/api"
"$JAVAC" --release 8 -d "$OUT/checks/api" "$HERE/src/test/canary/ApiCanary.java"
"$JAVAC" --release 8 -cp "$OUT/classes/android-stubs" -d "$OUT/checks/api" "$HERE/src/test/canary/AndroidApiCanary.java"
canary_log="$OUT/logs/android_api_canary.log"
if "${API_CHECK[@]}" "$OUT/checks/api" >"$canary_log" 2>&1 \
    || ! grep -q 'getContentLengthLong.*needs API 24' "$canary_log" \
    || ! grep -q 'java/nio/file/Files.exists.*not in' "$canary_log" \
    || ! grep -q 'android/app/Activity.isInMultiWindowMode:()Z (in AndroidApiCanary): needs API 24' "$canary_log" \
    || ! grep -q 'android/app/Activity.isInPictureInPictureMode:()Z (in AndroidApiCanary): needs API 24' "$canary_log"; then
    fail "check_android_api.py let a planted API-24/26 use through (see ${canary_log#"$REPO"/})"
fi
info "$(sed -n 's/^check_android_api: //p' "$OUT/logs/android_api.log"); planted API-24 and java.nio.file uses fail, in an Activity too"

# The sleep shim (tests/c/sleep_shim.c) with JNI entry points, for TimeOnPhonesTest's child
# JVM: LD_PRELOADed there, it "suspends" the machine without waiting.
"$CC" -std=c11 -Wall -Wextra -Wpedantic -Werror -O1 -fPIC -shared -isystem "$JAVA_HOME/include" \
    -isystem "$JAVA_HOME/include/linux" "$REPO/tests/c/sleep_shim.c" "$HERE/src/test/c/sleep_shim_jni.c" \
    -o "$OUT/libsleep_shim.so" -ldl

# Reference URLs from the C ABI, for ReferenceUrlTest.
"$CC" -std=c11 -Wall -Wextra -Wpedantic -Werror -O1 -I"$REPO/include" "$HERE/src/test/c/reference_urls.c" \
    "$STATIC" "${STATIC_LIBS[@]}" -o "$OUT/reference_urls"
"$OUT/reference_urls" >"$OUT/reference_urls.tsv"
# Random cases presigned by Alibaba's SDK, for SdkUrlTest.
SDK_SEED="${OSS_ANDROID_SDK_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"
"$OSS_PYTHON" "$HERE/src/test/python/sdk_urls.py" --seed "$SDK_SEED" --cases 200 >"$OUT/sdk_urls.tsv"
info "200 URLs from alibabacloud-oss-v2 (OSS_ANDROID_SDK_SEED=$SDK_SEED replays them)"

# ---------------------------------------------------------------- emulator
WORK="$(mktemp -d "${TMPDIR:-/tmp}/oss-android-tests.XXXXXX")"
# The skewed emulators are stopped first (oss_cleanup_work stops the main one).
trap 'oss_emulator_stop "$WORK/ahead" || true; oss_emulator_stop "$WORK/behind" || true
      oss_cleanup_work bindings/android' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
export OSS_TEST_ROOT="$WORK/objects"
export OSS_TEST_BUCKET="android-tests"
export OSS_TEST_AK="LTAI-android-tests"
export OSS_TEST_SK="sk-$(random_hex 16)"
export OSS_TEST_STS_AK="STS.android-tests"
export OSS_TEST_STS_SK="sts-sk-$(random_hex 16)"
export OSS_TEST_STS_TOKEN="CAIS+sts/$(random_hex 24)=="
mkdir -p "$OSS_TEST_ROOT/$OSS_TEST_BUCKET"
(
    umask 077
    printf '[{"access_key_id": "%s", "access_key_secret": "%s"},\n {"access_key_id": "%s", "access_key_secret": "%s", "security_token": "%s"}]\n' \
        "$OSS_TEST_AK" "$OSS_TEST_SK" "$OSS_TEST_STS_AK" "$OSS_TEST_STS_SK" "$OSS_TEST_STS_TOKEN" \
        >"$WORK/credentials.json"
)
# The same objects and credentials behind servers whose clocks run two hours
# ahead of and behind this machine's: the clock-skew loop of the downloader.
for skew in ahead:7200 behind:-7200; do
    dir="$WORK/${skew%%:*}"
    mkdir -p "$dir"
    ln -s ../objects "$dir/objects"
    cp "$WORK/credentials.json" "$dir/credentials.json"
    oss_emulator_start "$dir" --time-offset "${skew#*:}" || fail "the ${skew%%:*} OSS emulator did not start"
    export "OSS_TEST_$(tr a-z A-Z <<<"${skew%%:*}")_PORT=$OSS_EMULATOR_PORT"
done
oss_emulator_start "$WORK"
export OSS_TEST_PORT="$OSS_EMULATOR_PORT"
# Java resolves no *.localhost name by itself; once a hosts file is given,
# every lookup goes through it, so localhost is listed too.
printf '127.0.0.1 localhost %s.localhost\n' "$OSS_TEST_BUCKET" >"$WORK/hosts"
say "OSS emulator on 127.0.0.1:$OSS_TEST_PORT (pid $(cat "$WORK/emulator.pid")); clocks 2 h ahead on :$OSS_TEST_AHEAD_PORT, 2 h behind on :$OSS_TEST_BEHIND_PORT"

# ---------------------------------------------------------------- JUnit
# What HotSpot's -Xcheck:jni prints for JNI misuse.
JNI_WARNINGS='WARNING in native method|WARNING: JNI|FATAL ERROR in native method|JNI call made'
PASSED=0
FAILED=0
# junit_tally LOG: "PASSED FAILED SKIPPED ABORTED" from the console launcher's
# summary, containers included (a disabled class is a skipped container, an
# assumption failing in @BeforeAll an aborted one); "- - - -" without a
# summary (the JVM died). The launcher exits 0 on skipped and aborted tests.
junit_tally() {
    awk '/^\[ *[0-9]+ (tests|containers) [a-z]+ *\]$/ { n[$4] += $2; if ($3 == "tests") t[$4] += $2; seen = 1 }
         END { if (seen) print t["successful"] + 0, n["failed"] + 0, n["skipped"] + 0, n["aborted"] + 0
               else print "- - - -" }' "$1"
}
# junit NAME LIBDIR [JVM options...]: runs the suite, writes logs/NAME.log,
# prints a one-line summary; returns the console launcher's status, or 1
# when a test was skipped or aborted (it tested nothing). With
# JUNIT_EXCLUDE_TAG=T the tests tagged T are left out.
junit() {
    local name="$1" libdir="$2" log="$OUT/logs/$1.log" rc=0 t0=$SECONDS ok bad skipped aborted
    local preload="${LD_PRELOAD:-}"
    shift 2
    # A preloaded libasan is for the JVM only: awk and grep below would run
    # under it too (mawk then trips ASan on its own reads).
    unset LD_PRELOAD
    # No credentials from the caller's environment reach the tests; non-ASCII
    # file names need a UTF-8 locale.
    env -u OSS_ACCESS_KEY_ID -u OSS_ACCESS_KEY_SECRET -u OSS_SESSION_TOKEN LC_ALL=C.UTF-8 \
        ${preload:+"LD_PRELOAD=$preload"} "$JAVA" "$@" -Djava.library.path="$libdir" -Djdk.net.hosts.file="$WORK/hosts" \
        -Doss.repo="$REPO" -Doss.reference="$OUT/reference_urls.tsv" -Doss.sdkUrls="$OUT/sdk_urls.tsv" \
        -Doss.sleepShim="$OUT/libsleep_shim.so" \
        -Doss.classpath="$JAR:$OUT/classes/test" -Doss.sampleClasspath="$JAR:$OUT/classes/sample:$JSPECIFY" \
        -jar "$JUNIT" --disable-banner --disable-ansi-colors --reports-dir "$OUT/reports/$name" --details=tree --fail-if-no-tests \
        ${JUNIT_EXCLUDE_TAG:+--exclude-tag "$JUNIT_EXCLUDE_TAG"} \
        --class-path "$OUT/classes/test:$TEST_CP" --scan-class-path "$OUT/classes/test" \
        >"$log" 2>&1 || rc=$?
    read -r ok bad skipped aborted < <(junit_tally "$log")
    [ "$ok" != - ] || { ok=0 bad=1 skipped=0 aborted=0; } # no summary: the JVM died
    printf '    %-9s %s passed, %s failed%s (%ss)\n' "$name:" "$ok" "$bad" \
        "$([ "$((skipped + aborted))" -eq 0 ] || echo ", $skipped skipped, $aborted aborted")" "$((SECONDS - t0))"
    PASSED=$((PASSED + ok))
    FAILED=$((FAILED + bad + skipped + aborted))
    if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
        FAILED=$((FAILED + 1)) # no test ran
    fi
    if [ "$((skipped + aborted))" -ne 0 ]; then
        echo "      a skipped or aborted test checks nothing (↷ skipped, ■ aborted):" >&2
        grep -E '↷|■' "$log" | head -n 20 | sed 's/^/      /' >&2
        [ "$rc" -ne 0 ] || rc=1
    fi
    if [ "$rc" -ne 0 ]; then
        grep -E '✘|Exception|expected|at org\.osspresign' "$log" | head -n 60 | sed 's/^/      /' >&2
        echo "      (full log: ${log#"$REPO"/})" >&2
    fi
    return "$rc"
}

# The checks must catch planted bugs with these very options (see jni_canary.c).
CANARY="$HERE/src/test/canary"
mkdir -p "$OUT/canary/plain" "$OUT/canary/asan" "$OUT/canary/classes"
"$CC" -std=c11 -O0 -g -fPIC -shared -isystem "$JAVA_HOME/include" -isystem "$JAVA_HOME/include/linux" \
    "$CANARY/jni_canary.c" -o "$OUT/canary/plain/libjni_canary.so"
"$CC" -std=c11 -O0 -g -fPIC -shared -fsanitize=address -isystem "$JAVA_HOME/include" \
    -isystem "$JAVA_HOME/include/linux" "$CANARY/jni_canary.c" -o "$OUT/canary/asan/libjni_canary.so"
"$JAVAC" -d "$OUT/canary/classes" "$CANARY/JniCanary.java"
# AddressSanitizer in the JVM: libasan must be loaded first (LD_PRELOAD).
# HotSpot uses SIGSEGV itself (implicit null checks, safepoints), hence
# handle_segv=0. LeakSanitizer runs at exit: it cannot scan thread stacks or
# TLS under HotSpot (its tracer faults on the stacks' guard pages), and the
# JVM never frees much of its own memory, so the JVM's allocators are
# suppressed by name (src/test/lsan/jvm.supp says why by allocator, never by
# module); what liboss_presign_jni allocates and never frees fails the run.
ASAN_JVM_OPTIONS="handle_segv=0:handle_sigbus=0:handle_abort=0:detect_leaks=1:allow_user_segv_handler=1:abort_on_error=0:halt_on_error=1"
export LSAN_OPTIONS="use_stacks=0:use_tls=0:print_suppressions=0:suppressions=$HERE/src/test/lsan/jvm.supp"
LIBASAN="$("$CC" -print-file-name=libasan.so)"
[ -f "$LIBASAN" ] || fail "libasan.so not found next to $CC"
rc=0
"$JAVA" -Xcheck:jni -Djava.library.path="$OUT/canary/plain" -cp "$OUT/canary/classes" JniCanary missedCheck \
    >"$OUT/logs/canary_checkjni.log" 2>&1 || rc=$?
grep -qE "$JNI_WARNINGS" "$OUT/logs/canary_checkjni.log" \
    || fail "canary: -Xcheck:jni did not report a missed ExceptionCheck (see ${OUT#"$REPO"/}/logs/canary_checkjni.log)"
rc=0
LD_PRELOAD="$LIBASAN" ASAN_OPTIONS="$ASAN_JVM_OPTIONS" "$JAVA" -XX:+UseSerialGC \
    -Djava.library.path="$OUT/canary/asan" -cp "$OUT/canary/classes" JniCanary overflow \
    >"$OUT/logs/canary_asan.log" 2>&1 || rc=$?
[ "$rc" -ne 0 ] && grep -q 'AddressSanitizer: heap-buffer-overflow' "$OUT/logs/canary_asan.log" \
    || fail "canary: ASan in the JVM did not report a heap overflow (exit $rc; see ${OUT#"$REPO"/}/logs/canary_asan.log)"
# A glue that forgets to free the URLs it copies (leak_canary.c wraps
# oss_string_free away) fails the ASan run with a leak, under the suite's own
# options and suppressions.
mkdir -p "$OUT/canary/leak"
"$CC" "${GLUE_CFLAGS[@]}" -O1 -g -fPIC -fvisibility=hidden -fsanitize=address,undefined -fno-sanitize-recover=all \
    -fno-omit-frame-pointer "$HERE/src/main/c/oss_presign_jni.c" "$CANARY/leak_canary.c" -Wl,--wrap=oss_string_free \
    "$STATIC" -shared -Wl,--exclude-libs,ALL -Wl,-z,defs -lasan -lubsan "${STATIC_LIBS[@]}" \
    -o "$OUT/canary/leak/liboss_presign_jni.so"
rc=0
LD_PRELOAD="$LIBASAN" ASAN_OPTIONS="$ASAN_JVM_OPTIONS" "$JAVA" -XX:+UseSerialGC -Djava.library.path="$OUT/canary/leak" \
    -jar "$JUNIT" --disable-banner --disable-ansi-colors --details=summary --class-path "$OUT/classes/test:$TEST_CP" \
    --select-class org.osspresign.PresignerTest >"$OUT/logs/canary_leak.log" 2>&1 || rc=$?
[ "$rc" -ne 0 ] && grep -q 'ERROR: LeakSanitizer: detected memory leaks' "$OUT/logs/canary_leak.log" \
    && grep -q 'liboss_presign_jni' "$OUT/logs/canary_leak.log" \
    || fail "canary: LeakSanitizer in the JVM did not report the planted leak (exit $rc; see ${OUT#"$REPO"/}/logs/canary_leak.log)"
info "canaries: -Xcheck:jni flags a missed ExceptionCheck, ASan a heap overflow, LSan a leaked URL inside the JVM"
# A disabled test, a disabled class and a failed assumption: the tally counts
# them (and junit fails the suite on them) as the launcher reports them.
mkdir -p "$OUT/canary/junit"
"$JAVAC" -d "$OUT/canary/junit" -cp "$TEST_CP" "$CANARY/SkipCanary.java"
"$JAVA" -jar "$JUNIT" --disable-banner --disable-ansi-colors --details=tree --class-path "$OUT/canary/junit:$TEST_CP" \
    --select-class SkipCanary >"$OUT/logs/canary_skip.log" 2>&1 || true
[ "$(junit_tally "$OUT/logs/canary_skip.log")" = "1 0 3 1" ] \
    || fail "canary: the JUnit tally did not count 1 passed, 3 skipped, 1 aborted (got $(junit_tally "$OUT/logs/canary_skip.log"); see ${OUT#"$REPO"/}/logs/canary_skip.log)"
info "canary: a disabled test and class and a failed assumption are counted as skipped and aborted, and fail the suite"

say "JUnit: plain, -Xcheck:jni, AddressSanitizer"
junit plain "$OUT/lib" || true

# -Xcheck:jni reports misuse (a JNI call with an exception pending, a bad
# reference...) as warnings, or aborts; either fails the suite here.
# The download sample's network-fault tests ("faults": stalls, backoffs, a
# child JVM) run in the plain run only: they add waiting, not JNI coverage.
JUNIT_EXCLUDE_TAG=faults junit checkjni "$OUT/lib" -Xcheck:jni -Doss.test.iterations=500 -Doss.test.rounds=50 || true
if grep -nE "$JNI_WARNINGS" "$OUT/logs/checkjni.log" >"$OUT/logs/checkjni.warnings"; then
    sed 's/^/      /' "$OUT/logs/checkjni.warnings" >&2
    fail "-Xcheck:jni reported JNI misuse (see ${OUT#"$REPO"/}/logs/checkjni.log)"
fi
info "-Xcheck:jni: no JNI warning"

# The glue under ASan+UBSan, leak detection on (options above). The glue is
# instrumented; the Rust code's memory errors are the C suite's valgrind
# run's, but its leaks through the glue are caught here too.
LD_PRELOAD="$LIBASAN" ASAN_OPTIONS="$ASAN_JVM_OPTIONS" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" JUNIT_EXCLUDE_TAG=faults \
    junit asan "$OUT/lib-asan" -XX:+UseSerialGC -Doss.test.iterations=300 -Doss.test.rounds=30 || true
if grep -q 'ERROR: LeakSanitizer' "$OUT/logs/asan.log"; then
    grep -A12 'Direct leak\|Indirect leak' "$OUT/logs/asan.log" | head -n 60 | sed 's/^/      /' >&2
    fail "LeakSanitizer: native memory of liboss_presign_jni never freed (see ${OUT#"$REPO"/}/logs/asan.log)"
fi
if grep -nE 'AddressSanitizer|runtime error:' "$OUT/logs/asan.log"; then
    fail "AddressSanitizer or UBSan reported an error (see ${OUT#"$REPO"/}/logs/asan.log)"
fi
info "ASan+UBSan+LSan: no report"

oss_emulator_stop "$WORK/ahead"
oss_emulator_stop "$WORK/behind"
oss_emulator_stop "$WORK"

# ---------------------------------------------------------------- Android
ANDROID_TARGETS=(aarch64-linux-android:AArch64 armv7-linux-androideabi:ARM x86_64-linux-android:X86-64
                 i686-linux-android:80386)
if [ "${OSS_ANDROID_SKIP_CROSS:-}" = 1 ] && [ "${CI:-}" != true ]; then
    say "Android targets: skipped (OSS_ANDROID_SKIP_CROSS=1)"
else
    [ "${OSS_ANDROID_SKIP_CROSS:-}" != 1 ] || info "OSS_ANDROID_SKIP_CROSS=1 is ignored with CI=true"
    say "Rust static library for the Android targets (no NDK here: the .so is build-android.sh's job)"
    # Add what is missing (rustup target add); CI must have every target.
    oss_setup_rust_targets "${ANDROID_TARGETS[@]%%:*}" || [ "${CI:-}" != true ] \
        || fail "rustup could not add the Android targets, which CI must build"
    installed="$(rustup target list --installed 2>/dev/null || true)"
    for pair in "${ANDROID_TARGETS[@]}"; do
        target="${pair%%:*}" machine="${pair#*:}" t0=$SECONDS
        if ! grep -qx "$target" <<<"$installed"; then
            [ "${CI:-}" != true ] || fail "$target: the rustup target is missing, and CI=true forbids skipping it"
            info "$target: SKIPPED, the rustup target is not installed (rustup target add $target)"
            continue
        fi
        cargo rustc --lib --crate-type staticlib --target "$target" --quiet
        lib="$(oss_target_dir)/$target/debug/liboss_presign.a"
        machines="$(readelf -h "$lib" | awk -F: '/Machine:/ {gsub(/^ +/, "", $2); print $2}' | sort -u)"
        [[ "$machines" == *"$machine"* && "$(wc -l <<<"$machines")" -eq 1 ]] \
            || fail "$lib holds objects for '$machines', expected only $machine"
        # (Through a variable: `nm | grep -q` can fail with SIGPIPE under pipefail.)
        symbols="$(nm "$lib" 2>/dev/null)"
        [[ "$symbols" == *" T oss_presign_get"$'\n'* ]] || fail "$lib lacks oss_presign_get"
        info "$target: liboss_presign.a built, $machine objects, exports oss_presign_get ($((SECONDS - t0))s)"
    done
fi

say "bindings/android: $PASSED passed, $FAILED failed in $((SECONDS - STARTED))s"
[ "$FAILED" -eq 0 ]
