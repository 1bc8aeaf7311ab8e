#!/usr/bin/env python3
"""Presign throughput of oss-presign against Alibaba's SDKs, in one run.

Every peer presigns the same GET (same credentials, bucket, key, options and
a fixed signing time), so each must produce the same signature; the run
stops if one does not. Peers:

- oss-presign through its C ABI: bench/presign_loop.c (oss_presign_get +
  oss_string_free in a loop);
- alibabacloud-oss-v2 (Python): Client.presign;
- oss2 (Python): Bucket.sign_url with ProviderAuthV4;
- ali-oss (Node): signatureUrlV4 (bench/ali_oss_driver.js).

Each peer runs in its own process, several times, interleaved with the others
so that a change in machine load affects all alike. Rates are presigns per
second of the process's CPU time (median over all rounds); elapsed-time rates
are printed next to them. Run it through bench/run_peers.sh, which builds and
installs everything first; see BENCHMARKS.md.
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import types
from urllib.parse import parse_qsl, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))

ACCESS_KEY_ID = "LTAI5tBenchAccessKeyId"
ACCESS_KEY_SECRET = "BenchAccessKeySecretBenchAccessKey"
REGION = "cn-hangzhou"
BUCKET = "examplebucket"
SIGNING_TIME = 1_704_164_645  # 2024-01-02T03:04:05Z
EXPIRES = 3600


def unicode_key() -> str:
    """The 200-byte key of benches/presign.rs."""
    key = "相册/2024年 夏天/Ünïcödé 文件 🚀+(1)"
    filler = "照片-"
    while len((key + filler).encode()) <= 196:
        key += filler
    while len(key.encode()) < 196:
        key += "x"
    key += ".jpg"
    assert len(key.encode()) == 200
    return key


def sts_token() -> str:
    """The STS token of benches/presign.rs (same xorshift stream)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    token, x = "CAIS", 2_463_534_242
    mask = 0xFFFFFFFF
    while len(token) < 598:
        x ^= (x << 13) & mask
        x ^= x >> 17
        x ^= (x << 5) & mask
        token += alphabet[x % 64]
    return token + "=="


def cases() -> dict:
    base = {
        "region": REGION,
        "bucket": BUCKET,
        "key": "exampleobject.txt",
        "access_key_id": ACCESS_KEY_ID,
        "access_key_secret": ACCESS_KEY_SECRET,
        "security_token": None,
        "signing_time": SIGNING_TIME,
        "expires": EXPIRES,
        "query": {},
    }
    return {
        "short_key": base,
        "unicode_key_200b": {**base, "key": unicode_key()},
        "version_disposition_process": {
            **base,
            "query": {
                "versionId": "CAEQNhiBgM0BYiIDc4MGZjZGI2OTBjOTRmNTE5NmU5NmFhZjhjYmY0",
                "response-content-disposition": 'attachment; filename="report 2024.pdf"',
                "x-oss-process": "image/resize,w_200/format,webp",
            },
        },
        "sts_token": {**base, "security_token": sts_token()},
    }


# ---------------------------------------------------------------------------
# Python peers (run in a child process: `peers.py --driver NAME --spec JSON`)


def measure(presign, seconds: float, rounds: int) -> dict:
    """Warm up, calibrate a batch to `seconds`, then time `rounds` batches."""
    url = presign()

    def batch(n):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(n):
            presign()
        return time.perf_counter() - wall, time.process_time() - cpu

    n = 100
    while (elapsed := batch(n)[0]) < 0.05:
        n *= 2
    n = max(1, round(n * seconds / elapsed))
    result = {"url": url, "iterations": n, "wall": [], "cpu": []}
    for _ in range(rounds):
        wall, cpu = batch(n)
        result["wall"].append(n / wall)
        result["cpu"].append(n / cpu)
    return result


@contextlib.contextmanager
def frozen_datetime(module_names, instant: datetime.datetime):
    """Make `datetime.now()`/`utcnow()` return `instant` in the given modules,
    which import the datetime module or class themselves. Neither SDK takes a
    signing time for presigning, so this is how the time is fixed."""

    class FrozenDatetime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return instant.astimezone(tz) if tz else instant.replace(tzinfo=None)

        @classmethod
        def utcnow(cls):
            return instant.replace(tzinfo=None)

    import importlib

    saved = []
    for name in module_names:
        module = importlib.import_module(name)
        original = module.datetime
        if isinstance(original, types.ModuleType):  # `import datetime`
            shim = types.ModuleType("datetime")
            shim.__dict__.update(vars(datetime))
            shim.datetime = FrozenDatetime
            module.datetime = shim
        else:  # `from datetime import datetime`
            module.datetime = FrozenDatetime
        saved.append((module, original))
    try:
        yield
    finally:
        for module, original in saved:
            module.datetime = original


def utc(unix: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(unix, datetime.timezone.utc)


def driver_alibabacloud_oss_v2(spec: dict, seconds: float, rounds: int) -> dict:
    import alibabacloud_oss_v2 as oss

    config = oss.config.Config(
        region=spec["region"],
        credentials_provider=oss.credentials.StaticCredentialsProvider(
            spec["access_key_id"], spec["access_key_secret"], spec["security_token"]
        ),
    )
    client = oss.Client(config)
    fields = {
        "versionId": "version_id",
        "response-content-disposition": "response_content_disposition",
        "x-oss-process": "process",
    }
    request = oss.models.GetObjectRequest(
        bucket=spec["bucket"],
        key=spec["key"],
        **{fields[name]: value for name, value in spec["query"].items()},
    )
    now = utc(spec["signing_time"])
    expires = datetime.timedelta(seconds=spec["expires"])
    with frozen_datetime(
        ["alibabacloud_oss_v2.presigner", "alibabacloud_oss_v2.signer.v4"], now
    ):
        return measure(lambda: client.presign(request, expires=expires).url, seconds, rounds)


def driver_oss2(spec: dict, seconds: float, rounds: int) -> dict:
    import oss2

    auth = oss2.ProviderAuthV4(
        oss2.credentials.StaticCredentialsProvider(
            spec["access_key_id"], spec["access_key_secret"], spec["security_token"] or ""
        )
    )
    bucket = oss2.Bucket(
        auth,
        f"https://oss-{spec['region']}.aliyuncs.com",
        spec["bucket"],
        region=spec["region"],
    )
    key, expires, params = spec["key"], spec["expires"], spec["query"]
    with frozen_datetime(["oss2.auth"], utc(spec["signing_time"])):
        return measure(
            lambda: bucket.sign_url("GET", key, expires, params=dict(params), slash_safe=True),
            seconds,
            rounds,
        )


PYTHON_DRIVERS = {
    "alibabacloud-oss-v2": driver_alibabacloud_oss_v2,
    "oss2": driver_oss2,
}


# ---------------------------------------------------------------------------
# The orchestrator


def run_peer(peer: str, spec: dict, args) -> dict:
    seconds, rounds = args.seconds, args.rounds
    if peer == "oss-presign (C ABI)":
        command = [
            args.c_driver,
            "--bucket", spec["bucket"],
            "--key", spec["key"],
            "--ak", spec["access_key_id"],
            "--sk", spec["access_key_secret"],
            "--region", spec["region"],
            "--endpoint", f"oss-{spec['region']}.aliyuncs.com",
            "--signing-time", str(spec["signing_time"]),
            "--expires", str(spec["expires"]),
            "--seconds", str(seconds),
            "--rounds", str(rounds),
        ]
        if spec["security_token"]:
            command += ["--token", spec["security_token"]]
        options = {
            "versionId": "--version-id",
            "response-content-disposition": "--disposition",
            "x-oss-process": "--process",
        }
        for name, value in spec["query"].items():
            command += [options[name], value]
    elif peer == "ali-oss (Node)":
        node_spec = {**spec, "seconds": seconds, "rounds": rounds}
        command = [
            args.node, os.path.join(HERE, "ali_oss_driver.js"), args.node_dir,
            json.dumps(node_spec),
        ]
    else:
        command = [
            sys.executable, os.path.abspath(__file__), "--driver", peer,
            "--spec", json.dumps(spec), "--seconds", str(seconds), "--rounds", str(rounds),
        ]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def signature(url: str) -> str:
    return dict(parse_qsl(urlsplit(url).query))["x-oss-signature"]


PEERS = ["oss-presign (C ABI)", "alibabacloud-oss-v2", "oss2", "ali-oss (Node)"]


def orchestrate(args) -> int:
    all_cases = cases()
    names = list(all_cases) if args.cases == "all" else args.cases.split(",")
    rates = {(c, p): {"wall": [], "cpu": []} for c in names for p in PEERS}
    signatures = {}
    for repeat in range(args.repeat):
        for case in names:
            for peer in PEERS:
                print(f"[{repeat + 1}/{args.repeat}] {case}: {peer}", file=sys.stderr)
                result = run_peer(peer, all_cases[case], args)
                rates[case, peer]["wall"] += result["wall"]
                rates[case, peer]["cpu"] += result["cpu"]
                signatures.setdefault(case, {})[peer] = signature(result["url"])
    for case, by_peer in signatures.items():
        if len(set(by_peer.values())) != 1:
            print(f"signatures differ for {case}: {by_peer}", file=sys.stderr)
            return 1

    print(f"# Presign throughput, {time.strftime('%Y-%m-%d')}, "
          f"{platform.machine()}, {os.cpu_count()} CPUs, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"# {args.repeat} runs x {args.rounds} rounds of ~{args.seconds} s per peer and case;"
          " medians. Every peer produced the same signature for each case.")
    print()
    print("| case | presigner | presigns/s (CPU time) | presigns/s (elapsed) | oss-presign is |")
    print("|---|---|---:|---:|---:|")
    for case in names:
        ours = statistics.median(rates[case, PEERS[0]]["cpu"])
        for peer in PEERS:
            cpu = statistics.median(rates[case, peer]["cpu"])
            wall = statistics.median(rates[case, peer]["wall"])
            ratio = "—" if peer == PEERS[0] else f"{ours / cpu:,.0f}× faster"
            print(f"| {case} | {peer} | {cpu:,.0f} | {wall:,.0f} | {ratio} |")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--c-driver", help="the compiled bench/presign_loop.c")
    parser.add_argument("--node-dir", help="directory with node_modules/ali-oss")
    parser.add_argument("--node", default="node")
    parser.add_argument("--cases", default="all",
                        help="comma-separated: " + ",".join(cases()))
    parser.add_argument("--seconds", type=float, default=1.0, help="per timed round")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per peer and case")
    parser.add_argument("--driver", choices=sorted(PYTHON_DRIVERS), help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.driver:
        result = PYTHON_DRIVERS[args.driver](json.loads(args.spec), args.seconds, args.rounds)
        print(json.dumps(result))
        return 0
    if not args.c_driver or not args.node_dir:
        parser.error("--c-driver and --node-dir are required (bench/run_peers.sh sets them)")
    return orchestrate(args)


if __name__ == "__main__":
    sys.exit(main())
