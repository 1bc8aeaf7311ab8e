# Shell functions shared by scripts/demo.sh and scripts/check_install.sh.
# Source it after scripts/setup.sh (which sets OSS_REPO_ROOT and OSS_PYTHON).
#
#   oss_require_cargo                  find cargo (also in ~/.cargo/bin) or explain how to get it
#   oss_target_dir                     print Cargo's target directory (absolute)
#   oss_sample_world DIR BUCKET KEY N  N random bytes as object BUCKET/KEY under DIR/objects,
#                                      random credentials in DIR/credentials.json, exported as
#                                      OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET
#   oss_emulator_start DIR [ARG...]    start the OSS emulator on DIR (objects in DIR/objects,
#                                      DIR/credentials.json, extra emulator ARGs such as
#                                      --cname HOST=BUCKET); sets OSS_EMULATOR_PORT
#   oss_emulator_stop DIR              stop it (by the PID it wrote), if it runs
#   oss_xml_code FILE                  print the <Code> of an OSS XML error
#   oss_sha256 FILE                    print the SHA-256 of a file
#   oss_random_hex N                   print N random bytes as hex
#   oss_code_bytes FILE                print the bytes of machine code in an object, library or
#                                      archive (.text* in ELF, __text in Mach-O; llvm-size)
#   say TEXT / info LINE...            a step heading / indented detail lines
#   oss_fail NAME MESSAGE...           report a failure (and the emulator log of $WORK), exit 1

# The oldest Rust that builds the crate (rust-version in Cargo.toml).
OSS_MIN_RUST="1.85"

oss_require_cargo() {
    if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
    if ! command -v cargo >/dev/null 2>&1; then
        echo "Rust $OSS_MIN_RUST or newer is needed and cargo was not found." >&2
        echo "Install Rust with rustup:" >&2
        echo "  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y" >&2
        echo "then open a new shell (or run: . \"\$HOME/.cargo/env\") and run this again." >&2
        return 1
    fi
    local version oldest
    version="$(rustc --version 2>/dev/null | awk '{print $2}')"
    oldest="$(printf '%s\n%s\n' "$OSS_MIN_RUST" "${version%%-*}" | sort -V | head -n1)"
    if [ -z "$version" ] || [ "$oldest" != "$OSS_MIN_RUST" ]; then
        echo "Rust $OSS_MIN_RUST or newer is needed, found '${version:-none}'." >&2
        echo "  rustup update stable   (Debian's own rustc package is too old)" >&2
        return 1
    fi
}

oss_target_dir() {
    local dir="${CARGO_TARGET_DIR:-$OSS_REPO_ROOT/target}"
    case "$dir" in
        /*) printf '%s\n' "$dir" ;;
        *) printf '%s\n' "$OSS_REPO_ROOT/$dir" ;;
    esac
}

# Random text safe in JSON and in a URL: letters and digits.
_oss_random_word() {
    local word
    word="$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
    printf '%s' "${word:0:$1}"
}

oss_sample_world() {
    local dir="$1" bucket="$2" key="$3" size="$4"
    mkdir -p "$dir/objects/$bucket/$(dirname "$key")"
    head -c "$size" /dev/urandom >"$dir/objects/$bucket/$key"

    OSS_ACCESS_KEY_ID="LTAI5tDemo$(_oss_random_word 12)"
    OSS_ACCESS_KEY_SECRET="$(_oss_random_word 30)"
    export OSS_ACCESS_KEY_ID OSS_ACCESS_KEY_SECRET
    unset OSS_SESSION_TOKEN
    (
        umask 077
        printf '[{"access_key_id": "%s", "access_key_secret": "%s"}]\n' \
            "$OSS_ACCESS_KEY_ID" "$OSS_ACCESS_KEY_SECRET" >"$dir/credentials.json"
    )
}

oss_emulator_start() {
    local dir="$1"
    shift
    OSS_EMULATOR_PORT="$("$OSS_PYTHON" "$OSS_REPO_ROOT/tests/emulator/emulator_process.py" start \
        --pid-file "$dir/emulator.pid" --log "$dir/emulator.log" -- \
        --root "$dir/objects" --credentials "$dir/credentials.json" \
        --endpoint-host localhost --region cn-hangzhou "$@")" || {
        echo "could not start the OSS emulator; its log:" >&2
        cat "$dir/emulator.log" >&2 2>/dev/null || true
        return 1
    }
    export OSS_EMULATOR_PORT
}

oss_emulator_stop() {
    local dir="$1"
    if [ -f "$dir/emulator.pid" ]; then
        "$OSS_PYTHON" "$OSS_REPO_ROOT/tests/emulator/emulator_process.py" stop \
            --pid-file "$dir/emulator.pid"
    fi
}

oss_xml_code() {
    awk -F'</?Code>' 'NF > 2 { print $2; exit }' "$1"
}

oss_sha256() {
    sha256sum "$1" | awk '{print $1}'
}

oss_random_hex() {
    od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'
}

oss_code_bytes() {
    command -v llvm-size >/dev/null 2>&1 || { echo "llvm-size is needed (Debian: llvm)" >&2; return 1; }
    llvm-size -A "$1" | awk '$1 ~ /^(\.text|__text)/ { sum += $2 } END { print sum + 0 }'
}

# Output of the scripts: a step heading, and indented detail lines.
say() { printf '\n==> %s\n' "$*"; }
info() { printf '    %s\n' "$@"; }

# oss_fail NAME MESSAGE...: the failure, the last lines of the emulator log
# of the work folder $WORK if there is one, then exit 1.
oss_fail() {
    local name="$1"
    shift
    printf '\n%s: FAILED: %s\n' "$name" "$*" >&2
    if [ -n "${WORK:-}" ] && [ -s "$WORK/emulator.log" ]; then
        echo "emulator log (last lines):" >&2
        tail -n 5 "$WORK/emulator.log" >&2
    fi
    exit 1
}

# oss_cleanup_work NAME: stops the emulator of the work folder $WORK (by its
# PID) and removes the folder; for an EXIT trap. NAME prefixes messages.
oss_cleanup_work() {
    if [ -n "${WORK:-}" ]; then
        oss_emulator_stop "$WORK" || echo "$1: could not stop the emulator (see $WORK)" >&2
        rm -rf "$WORK"
    fi
}
