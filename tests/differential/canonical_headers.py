#!/usr/bin/env python3
"""Canonical requests of random header sets, by Alibaba's SDK.

Prints one JSON object per line: the header field lines of a request as a
client sends them (names in any case, a name given several times, values
with spaces and tabs around them or empty), the names asked to be signed
besides the default ones, and the canonical request that
alibabacloud-oss-v2's SignerV4 computes for that request as the server
receives it. HTTP does not carry the spaces and tabs around a value
(RFC 9110, 5.5) and a recipient combines repeated field lines into one value
joined with "," (RFC 9110, 5.3); OSS signs what it receives, so the SDK is
given the headers in that form. tests/canonical_headers.rs compares the
library's canonical request of the same field lines with each.

    python tests/differential/canonical_headers.py [--cases N] [--seed S]
"""

import argparse
import json
import random

from alibabacloud_oss_v2._version import VERSION as SDK_VERSION
from alibabacloud_oss_v2.signer.v4 import SignerV4
from alibabacloud_oss_v2.types import HttpRequest, SigningContext

NAMES = ["x-oss-meta-a", "X-Oss-Meta-A", "X-OSS-META-B", "Content-Type", "content-md5",
         "Range", "range", "If-Match", "X-Custom", "x-custom", "Accept", "Cache-Control",
         "x-oss-content-sha256"]
VALUE_CHARS = "abcXYZ019-_=;,/:\"'()<>!*"
PADDING = ["", "", " ", "  ", "\t", " \t "]


def value(rng: random.Random) -> str:
    inner = "".join(rng.choice(VALUE_CHARS + " ") for _ in range(rng.randint(0, 12))).strip(" ")
    if rng.random() < 0.1:
        inner = ""
    return rng.choice(PADDING) + inner + rng.choice(PADDING)


def case(rng: random.Random) -> dict:
    lines = [(rng.choice(NAMES), value(rng)) for _ in range(rng.randint(0, 8))]
    additional = [rng.choice(NAMES) for _ in range(rng.randint(0, 4))]
    # As the server receives them.
    received = {}
    for name, text in lines:
        name, text = name.lower(), text.strip(" \t")
        received[name] = f"{received[name]},{text}" if name in received else text
    request = HttpRequest(method="GET", url="http://oss.invalid/", headers=received)
    context = SigningContext(product="oss", region="cn-hangzhou", bucket="examplebucket",
                             key="a b.txt", request=request)
    signer = SignerV4()
    names = signer._common_additional_headers(request, set(additional))
    canonical = signer._calc_canonical_request(signing_ctx=context, additional_headers=names)
    return {"headers": lines, "additional_headers": additional, "canonical_request": canonical}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().getrandbits(63)
    rng = random.Random(seed)
    print(json.dumps({"seed": seed, "sdk": SDK_VERSION}))
    for _ in range(args.cases):
        print(json.dumps(case(rng)))


if __name__ == "__main__":
    main()
