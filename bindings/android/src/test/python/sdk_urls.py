#!/usr/bin/env python3
"""Presign random GETs and HEADs with Alibaba's official Python SDK
(alibabacloud-oss-v2), so the Java suite (SdkUrlTest) compares the wrapper's
URL text with the SDK's.

    python sdk_urls.py --seed N --cases N > sdk_urls.tsv

The cases are those of tests/differential/differential.py (random endpoints
and addressing, Unicode keys, STS tokens, signing times from 1970 to 2100,
relative and absolute expiries, typed and arbitrary query parameters, signed
headers; one case in four a HEAD), presigned by the SDK exactly as that test
does (GetObjectRequest or HeadObjectRequest), at each case's frozen signing
time. One line per case, tab-separated; method is GET or HEAD, text fields
are the hex of their UTF-8 bytes, so keys may hold tabs, newlines or anything
else:

    index method endpoint region path_style cname bucket key access_key_id
    access_key_secret security_token(- for none) signing_time expires
    expiry_mode decoy_expires(- for none) query headers sdk_url

query is a comma-separated list of name:value:typed (typed 1 = the typed
setter, e.g. versionId(), 0 = addQuery), headers of name:value; each name and
value in hex. Nothing here calls the library: every URL is the SDK's.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "..",
                                "tests", "differential"))
import differential  # noqa: E402  (the case generator and the SDK side)


def hexed(text):
    return text.encode("utf-8").hex()


def line(case, url):
    query = ",".join(f"{hexed(n)}:{hexed(v)}:{int(typed)}" for n, v, typed in case.query)
    headers = ",".join(f"{hexed(n)}:{hexed(v)}" for n, v in case.headers)
    fields = [
        str(case.index), case.method, hexed(case.endpoint), hexed(case.region), str(int(case.path_style)),
        str(int(case.cname)), hexed(case.bucket), hexed(case.key), hexed(case.access_key_id),
        hexed(case.access_key_secret),
        "-" if case.security_token is None else hexed(case.security_token),
        str(case.signing_time), str(case.expires), case.expiry_mode,
        "-" if case.decoy_expires is None else str(case.decoy_expires),
        query, headers, url,
    ]
    return "\t".join(fields)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--cases", type=int, required=True)
    args = parser.parse_args()
    for index in range(args.cases):
        case = differential.Generator(args.seed, index).case()
        print(line(case, differential.sdk_presign(case).url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
