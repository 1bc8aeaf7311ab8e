#!/usr/bin/env python3
"""Presign GETs (or HEADs) with Alibaba's official Python SDK
(alibabacloud-oss-v2), so the Objective-C tests compare the wrapper's URL
text with the SDK's, not with the library's own output.

    python sdk_presign.py [--head] ENDPOINT REGION AK SK TOKEN|- SIGNING_TIME EXPIRES BUCKET KEY...

Prints one URL per KEY, in order: of a GetObjectRequest, or with --head of a
HeadObjectRequest. The SDK reads the clock with
datetime.now(); for a fixed signing time the modules that read it see a
datetime whose now() is that instant (nothing else in the SDK changes).

    python sdk_presign.py --signing-key SK YYYYMMDD REGION PRODUCT

Prints the V4 signing key of that day as hex: the HMAC chain of the SDK's
SignerV4._calc_signature (which does not expose the key), checked by signing
a probe string with the key and with the SDK's own method.
"""

import datetime
import hashlib
import hmac
import importlib
import sys
import types

import alibabacloud_oss_v2 as oss


def fixed_clock(instant):
    class Fixed(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return instant.astimezone(tz) if tz else instant.replace(tzinfo=None)

    shim = types.ModuleType("datetime")
    shim.__dict__.update(vars(datetime))
    shim.datetime = Fixed
    for name in ("alibabacloud_oss_v2.presigner", "alibabacloud_oss_v2.signer.v4"):
        importlib.import_module(name).datetime = shim


def signing_key(sk, date, region, product):
    key = ("aliyun_v4" + sk).encode()
    for part in (date, region, product, "aliyun_v4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    probe = "OSS4-HMAC-SHA256\n20240102T030405Z\nprobe"
    ours = hmac.new(key, probe.encode(), hashlib.sha256).hexdigest()
    sdk = oss.signer.SignerV4()._calc_signature(access_key_secrect=sk, date=date, region=region,
                                                product=product, string_to_sign=probe)
    if ours != sdk:
        raise SystemExit("sdk_presign.py: the signing key does not reproduce the SDK's signature")
    return key.hex()


def main(argv):
    if argv[:1] == ["--signing-key"]:
        print(signing_key(*argv[1:5]))
        return 0
    model = oss.models.GetObjectRequest
    if argv[:1] == ["--head"]:
        model = oss.models.HeadObjectRequest
        argv = argv[1:]
    endpoint, region, ak, sk, token, signing_time, expires, bucket = argv[:8]
    keys = argv[8:]
    now = datetime.datetime.fromtimestamp(int(signing_time), datetime.timezone.utc)
    fixed_clock(now)
    config = oss.config.Config(
        region=region,
        endpoint=endpoint,
        credentials_provider=oss.credentials.StaticCredentialsProvider(
            ak, sk, None if token == "-" else token),
    )
    client = oss.Client(config)
    for key in keys:
        request = model(bucket=bucket, key=key)
        result = client.presign(request, expiration=now + datetime.timedelta(seconds=int(expires)))
        print(result.url)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
