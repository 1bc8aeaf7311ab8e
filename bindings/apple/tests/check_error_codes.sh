#!/usr/bin/env bash
# Checks that the NS_ERROR_ENUM of bindings/apple/OPSErrors.h mirrors
# enum oss_code of include/oss_presign.h exactly: every OSS_CODE_X = N
# (except OSS_CODE_OK, which is never an error) has OPSErrorX = N, with X
# in CamelCase (INVALID_UTF8 -> InvalidUTF8), and nothing more. A new code
# in the header fails this check until the wrapper mirrors it.
#
#   bash bindings/apple/tests/check_error_codes.sh
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
# shellcheck source=../../../scripts/lib/common.sh
source "$REPO/scripts/lib/common.sh"

HEADER="$REPO/include/oss_presign.h"
MIRROR="$REPO/bindings/apple/OPSErrors.h"

# "NAME VALUE" lines, NAME as the wrapper spells it, sorted.
from_header() {
    sed -n 's/^ *OSS_CODE_\([A-Z0-9_]*\) = \([0-9][0-9]*\),.*/\1 \2/p' "$HEADER" |
        awk '$1 != "OK" {
            n = split(tolower($1), words, "_"); name = ""
            for (i = 1; i <= n; i++) {
                w = words[i]
                if (w == "utf8") { w = "UTF8" } else { w = toupper(substr(w, 1, 1)) substr(w, 2) }
                name = name w
            }
            print name, $2
        }' | sort
}
from_mirror() {
    sed -n 's/^ *OPSError\([A-Za-z0-9]*\) = \([0-9][0-9]*\),.*/\1 \2/p' "$MIRROR" | sort
}

header="$(from_header)"
mirror="$(from_mirror)"
[ -n "$header" ] || { echo "check_error_codes: no OSS_CODE_* values found in $HEADER" >&2; exit 1; }
if [ "$header" != "$mirror" ]; then
    echo "check_error_codes: OPSErrors.h does not mirror enum oss_code (< header, > OPSErrors.h):" >&2
    diff <(printf '%s\n' "$header") <(printf '%s\n' "$mirror") >&2 || true
    exit 1
fi
info "OPSErrorCode mirrors all $(printf '%s\n' "$header" | wc -l) error codes of oss_presign.h"
