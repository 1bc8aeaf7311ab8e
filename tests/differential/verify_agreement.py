#!/usr/bin/env python3
"""oss_client_verify_url against Alibaba's signer on which URLs are valid.

For random cases of the differential test (every addressing style but custom
domains, whose URLs do not name the bucket), presigned URLs from both the
library and the official SDK are judged, unchanged and tampered with (one
character replaced, a parameter dropped, a header changed, dropped or added,
a time outside the validity window), by two judges:

- the library's oss_client_verify_url, through its C ABI;
- the loopback emulator's verify_presigned, which rebuilds the canonical
  request and the signature with alibabacloud-oss-v2's SignerV4 and applies
  OSS's rules (validity window, credentials, token).

Both must call the same URLs valid; for the ones refused for time, both must
give the same reason (expired, not yet valid).

    python tests/differential/verify_agreement.py --lib target/release/liboss_presign.so
"""

import argparse
import ctypes
import os
import random
import sys
from urllib.parse import unquote_to_bytes, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))

import differential  # noqa: E402
import oss_emulator  # noqa: E402

MALFORMED_URL, SIGNATURE_MISMATCH, URL_EXPIRED, URL_NOT_YET_VALID = 400, 401, 402, 403
MUTATION_CHARACTERS = "0aZ%&=-._~+/"


class Verifier:
    """oss_client_verify_url over the differential test's library wrapper."""

    def __init__(self, lib: differential.Library):
        self.lib = lib
        P, S = ctypes.c_void_p, ctypes.c_char_p
        lib._declare(P, "oss_client_verify_url", P, S, ctypes.POINTER(S), ctypes.POINTER(S),
                     ctypes.c_size_t, ctypes.c_int64)

    def verdict(self, case, url: str, headers: dict, now: int) -> int:
        """0 for a valid URL, else the OSS_CODE_* value."""
        d = self.lib.dll
        b = lambda s: None if s is None else s.encode("utf-8")
        config, client = ctypes.c_void_p(), ctypes.c_void_p()
        try:
            self.lib.call("oss_client_config_new", b(case.endpoint), b(case.region), ctypes.byref(config))
            self.lib.call("oss_client_config_set_credentials", config, b(case.access_key_id),
                          b(case.access_key_secret), b(case.security_token))
            self.lib.call("oss_client_config_set_path_style", config, case.path_style)
            self.lib.call("oss_client_new_from_config", config, ctypes.byref(client))
            names = (ctypes.c_char_p * max(1, len(headers)))(*[b(n) for n in headers])
            values = (ctypes.c_char_p * max(1, len(headers)))(*[b(v) for v in headers.values()])
            error = d.oss_client_verify_url(client, url.encode("utf-8"), names, values, len(headers), now)
            code = d.oss_error_code(error) if error else 0
            d.oss_error_free(error)
            return code
        finally:
            if client:
                d.oss_client_free(client)
            if config:
                d.oss_client_config_free(config)


def alibaba_verdict(case, url: str, headers: dict, now: int) -> str:
    """'ok', 'expired', 'not yet valid' or the refusal, by the SDK-based judge."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    endpoint_host = urlsplit("//" + case.endpoint.split("://")[-1]).hostname or ""
    try:
        if case.style == "virtual":
            if not host.endswith("." + endpoint_host):
                return "wrong host"
            bucket = host[: -len(endpoint_host) - 1]
            key_raw = parts.path[1:]
        else:
            bucket_raw, slash, key_raw = parts.path[1:].partition("/")
            if not slash:
                return "no key"
            bucket = unquote_to_bytes(bucket_raw).decode("utf-8")
        key = unquote_to_bytes(key_raw).decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8"
    if not key:
        return "no key"
    credential = oss_emulator.Credential(case.access_key_id, case.access_key_secret,
                                         case.security_token)
    config = oss_emulator.Config(root="/nonexistent", credentials={case.access_key_id: credential},
                                 region=case.region)
    try:
        oss_emulator.verify_presigned("GET", bucket, key, parts.query, list(headers.items()),
                                      config, now=float(now))
    except oss_emulator.OssError as error:
        if error.message == "Request has expired.":
            return "expired"
        if error.message == "Request is not valid yet.":
            return "not yet valid"
        return f"{error.code}: {error.message}"
    return "ok"


def agree(ours: int, theirs: str) -> bool:
    if theirs == "ok":
        return ours == 0
    if theirs == "expired":
        return ours == URL_EXPIRED
    if theirs == "not yet valid":
        return ours == URL_NOT_YET_VALID
    return ours not in (0, URL_EXPIRED, URL_NOT_YET_VALID)


def mutations(rng: random.Random, url: str, headers: dict, signing_time: int, expiration: int):
    """(description, url, headers, now) variants of a valid URL."""
    now = rng.randint(max(signing_time - 900, signing_time - 60), expiration)
    yield "as presigned", url, headers, now
    yield "at the expiration", url, headers, expiration
    yield "one second after it", url, headers, expiration + 1
    yield "900 s before the signing time", url, headers, signing_time - 900
    yield "901 s before it", url, headers, signing_time - 901
    start = url.index("/", url.index("://") + 3)
    for _ in range(6):
        at = rng.randrange(start, len(url))
        replacement = rng.choice([c for c in MUTATION_CHARACTERS if c != url[at]])
        yield f"character {at} replaced", url[:at] + replacement + url[at + 1:], headers, now
    path, _, query = url.partition("?")
    params = query.split("&")
    dropped = rng.randrange(len(params))
    yield f"parameter {params[dropped].split('=')[0]} dropped", \
        path + "?" + "&".join(params[:dropped] + params[dropped + 1:]), headers, now
    if headers:
        name = rng.choice(sorted(headers))
        yield f"header {name} dropped", url, {k: v for k, v in headers.items() if k != name}, now
        yield f"header {name} changed", url, {**headers, name: headers[name] + "x"}, now
    yield "an x-oss-meta header added", url, {**headers, "x-oss-meta-extra": "1"}, now
    yield "a header OSS does not sign added", url, {**headers, "accept-language": "fr"}, now


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lib", required=True, help="path to liboss_presign.so")
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().getrandbits(63)
    print(f"seed: {seed}")
    lib = differential.Library(args.lib)
    verifier = Verifier(lib)
    rng = random.Random(seed)

    checked, disagreements, valid, refused = 0, [], 0, 0
    index = 0
    while checked < args.cases:
        case = differential.Generator(seed, index).case()
        index += 1
        # oss_client_verify_url judges GET URLs (the method is signed).
        if case.style == "cname" or case.method != "GET":
            continue
        checked += 1
        sources = [("library", lib.presign(case))]
        try:
            sources.append(("SDK", differential.sdk_presign(case)))
        except Exception as error:  # noqa: BLE001 - the differential test reports these
            print(f"case {case.index}: the SDK could not presign: {error}", file=sys.stderr)
        for source, presigned in sources:
            expiration = presigned.expiration or (case.signing_time + case.expires)
            for what, url, headers, now in mutations(rng, presigned.url, dict(presigned.headers),
                                                     case.signing_time, expiration):
                ours = verifier.verdict(case, url, headers, now)
                theirs = alibaba_verdict(case, url, headers, now)
                if theirs == "ok":
                    valid += 1
                else:
                    refused += 1
                if not agree(ours, theirs):
                    disagreements.append(f"case {case.index} ({source} URL, {what}): library says "
                                         f"{ours or 'valid'}, Alibaba's signer says {theirs}\n"
                                         f"    {url}\n    headers {headers}, now {now}")
    for line in disagreements[:20]:
        print(line)
    print(f"cases: {checked}, URLs judged: {valid + refused} ({valid} valid, {refused} refused), "
          f"disagreements: {len(disagreements)}")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
