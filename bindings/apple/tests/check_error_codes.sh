#!/usr/bin/env bash
# Checks that the enums of the Objective-C wrapper mirror those of
# include/oss_presign.h exactly:
#   enum oss_code     -> NS_ERROR_ENUM OPSErrorCode in bindings/apple/OPSPresigner/include/OPSErrors.h:
#                        every OSS_CODE_X = N (except OSS_CODE_OK, never an
#                        error) has OPSErrorX = N
#   enum oss_key_lint -> NS_OPTIONS OPSKeyLint in bindings/apple/OPSPresigner/include/OPSKeyLint.h:
#                        every OSS_KEY_LINT_X = N has OPSKeyLintX = N
# with X in CamelCase (INVALID_UTF8 -> InvalidUTF8, MALFORMED_URL ->
# MalformedURL), and nothing more. A new value in the header fails this
# check until the wrapper mirrors it.
#
#   bash bindings/apple/tests/check_error_codes.sh
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
# shellcheck source=../../../scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"

HEADER="$REPO/include/oss_presign.h"

# "NAME VALUE" lines of the header's C_PREFIX values, NAME as the wrapper
# spells it, sorted.
from_header() { # C_PREFIX
    sed -n "s/^ *$1\\([A-Z0-9_]*\\) = \\([0-9][0-9]*\\),.*/\\1 \\2/p" "$HEADER" |
        awk '$1 != "OK" {
            n = split(tolower($1), words, "_"); name = ""
            for (i = 1; i <= n; i++) {
                w = words[i]
                if (w == "utf8" || w == "url") { w = toupper(w) } else { w = toupper(substr(w, 1, 1)) substr(w, 2) }
                name = name w
            }
            print name, $2
        }' | sort
}
from_mirror() { # OBJC_PREFIX FILE
    sed -n "s/^ *$1\\([A-Za-z0-9]*\\) = \\([0-9][0-9]*\\),.*/\\1 \\2/p" "$2" | sort
}

check() { # C_PREFIX C_ENUM OBJC_PREFIX FILE
    local header mirror
    header="$(from_header "$1")"
    mirror="$(from_mirror "$3" "$4")"
    [ -n "$header" ] || { echo "check_error_codes: no $1* values found in $HEADER" >&2; exit 1; }
    if [ "$header" != "$mirror" ]; then
        echo "check_error_codes: $(basename "$4") does not mirror enum $2 (< header, > $(basename "$4")):" >&2
        diff <(printf '%s\n' "$header") <(printf '%s\n' "$mirror") >&2 || true
        exit 1
    fi
    info "$3* mirrors all $(printf '%s\n' "$header" | wc -l) values of enum $2"
}

check OSS_CODE_ oss_code OPSError "$REPO/bindings/apple/OPSPresigner/include/OPSErrors.h"
check OSS_KEY_LINT_ oss_key_lint OPSKeyLint "$REPO/bindings/apple/OPSPresigner/include/OPSKeyLint.h"
