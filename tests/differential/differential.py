#!/usr/bin/env python3
"""Differential test: oss-presign (called through its C ABI) against Alibaba's
official Python SDK, alibabacloud-oss-v2 1.4.1.

Every random case is presigned by both sides with the same inputs and the same
signing time, as a GET (the SDK's GetObjectRequest, the library's
oss_presign_get*) or, one case in four, a HEAD (HeadObjectRequest,
oss_presign_head*).  One case in four, the library signs without the secret:
its client holds the delegated keys (oss_derive_signing_key) of the signing
time's UTC day and of the day before or after, set in either order as a phone
gets them across midnight, and half of these sign just after a midnight.  The method, signature, scheme, host, path, query
parameters and signed headers must agree.  Every generated case is valid under the library's rules,
so a rejection on either side counts as a mismatch.

    python tests/differential/differential.py --lib target/release/liboss_presign.so
"""

import argparse
import base64
import collections
import contextlib
import ctypes
import datetime
import importlib
import random
import sys
import types
from dataclasses import dataclass, field, replace
from typing import Optional
from urllib.parse import unquote

import alibabacloud_oss_v2 as oss
from alibabacloud_oss_v2._version import VERSION as SDK_VERSION

UTC = datetime.timezone.utc
MAX_EXPIRES = 604800
MAX_KEY_BYTES = 1023
LAST_SIGNING_TIME = 4133980799  # 2100-12-31T23:59:59Z

# Query names the signer owns; callers may never pass them, in any letter case.
RESERVED_QUERY = {
    "x-oss-signature", "x-oss-signature-version", "x-oss-date", "x-oss-expires",
    "x-oss-credential", "x-oss-security-token", "x-oss-additional-headers",
}
# Header names no case may use: the signing parameters, the payload hash, and
# headers the SDK sets itself (User-Agent) or that are tied to the transport.
FORBIDDEN_HEADERS = RESERVED_QUERY | {
    "x-oss-content-sha256", "user-agent", "host", "authorization", "date",
    "content-length", "transfer-encoding", "connection",
}

# Typed GetObject query parameters: query name -> (SDK request field, C setter).
TYPED_QUERY = {
    "versionId": ("version_id", "oss_get_options_set_version_id"),
    "response-content-type": ("response_content_type", "oss_get_options_set_response_content_type"),
    "response-content-disposition": ("response_content_disposition",
                                     "oss_get_options_set_response_content_disposition"),
    "response-cache-control": ("response_cache_control", "oss_get_options_set_response_cache_control"),
    "response-content-encoding": ("response_content_encoding",
                                  "oss_get_options_set_response_content_encoding"),
    "response-content-language": ("response_content_language",
                                  "oss_get_options_set_response_content_language"),
    "response-expires": ("response_expires", "oss_get_options_set_response_expires"),
    "x-oss-process": ("process", "oss_get_options_set_process"),
}
TRAFFIC_LIMIT = "x-oss-traffic-limit"
TRAFFIC_LIMIT_RANGE = (819200, 838860800)
TYPED_LOWER = {name.lower() for name in TYPED_QUERY} | {TRAFFIC_LIMIT}


def is_default_signed(name: str) -> bool:
    """Headers OSS V4 signs without listing them in x-oss-additional-headers."""
    lower = name.lower()
    return lower.startswith("x-oss-") or lower in ("content-type", "content-md5")


# ---------------------------------------------------------------------------
# Cases


@dataclass
class Case:
    index: int
    endpoint: str
    region: str
    style: str                    # virtual / path / cname / ip: the addressing exercised
    path_style: bool
    cname: bool
    bucket: str
    key: str
    access_key_id: str
    access_key_secret: str
    security_token: Optional[str]
    signing_time: int
    expires: int                  # the x-oss-expires both sides must produce
    expiry_mode: str              # seconds / absolute / default
    decoy_expires: Optional[int]  # set before an absolute time, which must win
    query: list = field(default_factory=list)    # (name, value, use_typed_setter)
    headers: list = field(default_factory=list)  # (name, value)
    plain_url: bool = False       # also exercise oss_presign_get (or _head)
    method: str = "GET"           # GET or HEAD
    neighbour_day: Optional[int] = None  # delegated keys: also the key of day +1 or -1
    neighbour_last: bool = False  # ... set after the signing day's key

    def describe(self) -> str:
        lines = [f"case {self.index}:"]
        for name in ("method", "endpoint", "region", "style", "path_style", "cname", "bucket",
                     "key", "access_key_id", "access_key_secret", "security_token",
                     "signing_time", "expires", "expiry_mode", "decoy_expires", "query",
                     "headers", "plain_url", "neighbour_day", "neighbour_last"):
            lines.append(f"  {name} = {getattr(self, name)!r}")
        lines.append(f"  signing_time_utc = {utc(self.signing_time).isoformat()}")
        return "\n".join(lines)


def utc(unix: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(unix, UTC)


# Character pools for keys, query names/values and header values.
ASCII_PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."
ASCII_ODD = "+ %?#~*!'()&=;,/@$:[]{}^`|<>\"\\"
OTHER_SCRIPTS = [(0x00C0, 0x017F), (0x0391, 0x03C9), (0x0410, 0x044F), (0x05D0, 0x05EA),
                 (0x0627, 0x064A), (0x0905, 0x0939), (0x3041, 0x3096), (0xAC00, 0xD7A3)]
ASTRAL = [(0x1F300, 0x1F5FF), (0x1F600, 0x1F64F), (0x1F680, 0x1F6FF), (0x1F900, 0x1F9FF),
          (0x20000, 0x2A6DF)]
TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-"
TOKEN_ODD = "!#$%&'*+.^_`|~"
KNOWN_REGIONS = ["cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-shenzhen", "cn-hongkong",
                 "ap-southeast-1", "ap-northeast-1", "eu-central-1", "us-west-1", "me-east-1"]


class Generator:
    """Random, valid presign inputs; one independent stream per case index."""

    def __init__(self, seed: int, index: int):
        self.rng = random.Random(f"{seed}:{index}")
        self.index = index

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def char(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            return rng.choice(ASCII_PLAIN)
        if roll < 0.65:
            return rng.choice(ASCII_ODD)
        if roll < 0.78:
            return chr(rng.randint(0x4E00, 0x9FFF))                  # CJK
        if roll < 0.86:
            return chr(rng.randint(*rng.choice(ASTRAL)))            # 4-byte UTF-8
        if roll < 0.92:
            return rng.choice("aeiouAEIOU") + chr(rng.randint(0x0300, 0x036F))  # combining
        return chr(rng.randint(*rng.choice(OTHER_SCRIPTS)))

    def text(self, n: int) -> str:
        return "".join(self.char() for _ in range(n))

    def trimmed_text(self, n: int) -> str:
        """Non-empty text without surrounding spaces (the SDKs disagree on those)."""
        s = self.text(max(n, 1))
        if s[0] == " ":
            s = "_" + s[1:]
        if s[-1] == " ":
            s = s[:-1] + "_"
        return s

    def ascii_text(self, n: int) -> str:
        """Printable ASCII without surrounding spaces: what header values may hold
        (the library refuses other bytes, which HTTP stacks send differently)."""
        s = "".join(chr(self.rng.randint(0x20, 0x7E)) for _ in range(max(n, 1)))
        return s.strip(" ") or "v"

    # -- object key ---------------------------------------------------------

    def key(self) -> str:
        rng = self.rng
        budget, exact = MAX_KEY_BYTES, False
        if self.chance(0.08):  # long keys, sometimes exactly at the 1023-byte limit
            exact = self.chance(0.5)
            if not exact:
                budget = rng.randint(250, MAX_KEY_BYTES)
            n = budget
        else:
            n = rng.choice([rng.randint(1, 4), rng.randint(1, 30), rng.randint(1, 200)])
        parts = []
        for _ in range(n):
            if self.chance(0.07) and parts and parts[-1] != "/":
                parts.append("/")
            else:
                parts.append(self.char())   # "/" from ASCII_ODD makes a rare "//"
        key = "".join(parts)
        while len(key.encode()) > budget:
            key = key[:-1]
        if exact:
            key += "z" * (budget - len(key.encode()))
        return fix_key(key or "k")

    # -- small pieces -------------------------------------------------------

    def region(self) -> str:
        if self.chance(0.7):
            return self.rng.choice(KNOWN_REGIONS)
        return "".join(self.rng.choice("abcdefghijklmnopqrstuvwxyz0123456789-")
                       for _ in range(self.rng.randint(1, 20)))

    def bucket(self) -> str:
        rng = self.rng
        n = rng.choice([3, 63, rng.randint(3, 63), rng.randint(3, 12)])
        inner = "abcdefghijklmnopqrstuvwxyz0123456789-"
        ends = "abcdefghijklmnopqrstuvwxyz0123456789"
        middle = "".join(rng.choice(inner) for _ in range(n - 2))
        return rng.choice(ends) + middle + rng.choice(ends)

    def ipv4(self, a: int, b: int, c: int, d: int) -> str:
        """An IPv4 address, sometimes in a form only inet_aton reads (the
        SDK's test for an IP host): fewer parts, octal or hex numbers."""
        rng = self.rng
        form = rng.choices(["dotted", "two", "three", "one", "hex", "octal"], [50, 10, 10, 10, 10, 10])[0]
        if form == "two":
            return f"{a}.{(b << 16) | (c << 8) | d}"
        if form == "three":
            return f"{a}.{b}.{(c << 8) | d}"
        if form == "one":
            return str((a << 24) | (b << 16) | (c << 8) | d)
        if form == "hex":
            return ".".join(rng.choice([str(n), hex(n)]) for n in (a, b, c, d))
        if form == "octal":
            return ".".join(rng.choice([str(n), "0" + oct(n)[2:]]) for n in (a, b, c, d))
        return f"{a}.{b}.{c}.{d}"

    def addressing(self, region: str):
        """(endpoint, style, path_style flag, cname flag)."""
        rng = self.rng
        style = rng.choices(["virtual", "path", "cname", "ip"], [40, 20, 20, 20])[0]
        path_style = style == "path"
        cname = style == "cname"
        if style == "ip":
            host = self.ipv4(rng.randint(1, 223), rng.randint(0, 255),
                             rng.randint(0, 255), rng.randint(1, 254))
            # An IP endpoint forces path style, whatever the flags say.
            path_style = self.chance(0.3)
            cname = self.chance(0.2)
        elif style == "cname":
            label = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(1, 10)))
            host = rng.choice(["static.example.com", "cdn.example.org", f"img-{label}.example.net",
                               f"{label}.files.example.cn"])
            path_style = self.chance(0.25)  # CNAME wins over path style
        else:
            hosts = ["oss-accelerate.aliyuncs.com", "storage.example.com", "oss.internal.example"]
            if region in KNOWN_REGIONS:
                hosts += [f"oss-{region}.aliyuncs.com"] * 3 + [f"oss-{region}-internal.aliyuncs.com",
                                                               f"{region}.oss.aliyuncs.com"]
            host = rng.choice(hosts)
        if self.chance(0.35):
            host += f":{rng.choice([80, 443, 8080, rng.randint(1, 65535)])}"
        scheme = rng.choice(["", "", "http://", "https://"])
        return scheme + host, style, path_style, cname

    def credentials(self):
        rng = self.rng
        printable = "".join(chr(c) for c in range(0x21, 0x7F))
        token = None
        if self.chance(1 / 3):
            raw = rng.randbytes(rng.randint(200, 1200))
            token = "CAIS" + base64.b64encode(raw).decode()
        if self.chance(0.4):
            ak = ("STS." if token else "LTAI") + "".join(rng.choice(ASCII_PLAIN[:62]) for _ in range(rng.randint(16, 28)))
        else:
            # Any printable ASCII but the space (OSS refuses key ids with one)
            # and "/" (x-oss-credential is split at "/", so neither OSS nor
            # the library can read such an id back): "+", "%" must be encoded.
            id_chars = printable.replace("/", "")
            inner = "".join(rng.choice(id_chars) for _ in range(rng.randint(0, 38)))
            ak = rng.choice(id_chars) + inner + rng.choice(id_chars)
        sk = "".join(rng.choice(printable + " ") for _ in range(rng.randint(1, 60))).strip() or "s"
        return ak, sk, token

    def signing_time(self) -> int:
        rng = self.rng
        roll = rng.random()
        if roll < 0.4:
            t = rng.randint(0, LAST_SIGNING_TIME)
        elif roll < 0.7:  # a few seconds around some UTC midnight
            t = rng.randint(0, LAST_SIGNING_TIME // 86400) * 86400 + rng.randint(-5, 5)
        elif roll < 0.9:  # around Dec 31 -> Jan 1
            year = rng.randint(1970, 2100)
            t = int(datetime.datetime(year, 1, 1, tzinfo=UTC).timestamp()) + rng.randint(-5, 5)
        else:  # leap days (2000 is leap, 2100 is not), the epoch, 2^31
            special = rng.choice([(2000, 2, 29), (2000, 3, 1), (2100, 3, 1), (2024, 2, 29),
                                  (2024, 3, 1), (1970, 1, 1), (2038, 1, 19)])
            t = int(datetime.datetime(*special, tzinfo=UTC).timestamp()) + rng.randint(-5, 5)
            if special == (2038, 1, 19):
                t = 2**31 - 1 + rng.randint(-3, 3)
        return min(max(t, 0), LAST_SIGNING_TIME)

    def expiry(self):
        """(expires, mode, decoy)."""
        rng = self.rng
        mode = rng.choices(["seconds", "absolute", "default"], [58, 37, 5])[0]
        if mode == "default":
            return 900, mode, None  # both sides default to 15 minutes
        expires = rng.choice([1, MAX_EXPIRES, 900, 3600, 86400, 86399, 86401,
                              rng.randint(1, 120), rng.randint(1, MAX_EXPIRES), rng.randint(1, MAX_EXPIRES)])
        decoy = None
        if mode == "absolute" and self.chance(0.4):
            decoy = rng.randint(1, MAX_EXPIRES)
        return expires, mode, decoy

    def typed_value(self, name: str) -> str:
        rng = self.rng
        if self.chance(0.5):
            return self.trimmed_text(rng.randint(1, 60))
        if name == "versionId":
            return "CAEQ" + base64.b64encode(rng.randbytes(rng.randint(10, 40))).decode()
        if name == "response-content-disposition":
            return f'attachment; filename="{self.trimmed_text(rng.randint(1, 20))}.txt"'
        if name == "response-content-type":
            return rng.choice(["image/jpeg", "text/plain; charset=utf-8", "application/octet-stream"])
        if name == "x-oss-process":
            return rng.choice(["image/resize,w_200", "image/resize,m_fill,w_200,h_200/quality,q_80/format,webp",
                               "video/snapshot,t_1000,f_jpg"])
        if name == "response-expires":
            return "Thu, 01 Dec 1994 16:00:00 GMT"
        return rng.choice(["no-cache", "gzip", "zh-CN", "max-age=60, public"])

    def query(self) -> list:
        rng = self.rng
        out, seen = [], set()
        for _ in range(rng.choices([0, 1, 2, 3, 4], [25, 25, 20, 15, 15])[0]):
            roll = rng.random()
            if roll < 0.55:
                name = rng.choice(list(TYPED_QUERY))
                value = self.typed_value(name)
            elif roll < 0.65:
                name = TRAFFIC_LIMIT
                value = str(rng.choice([*TRAFFIC_LIMIT_RANGE, rng.randint(*TRAFFIC_LIMIT_RANGE)]))
            else:
                name = self.trimmed_text(rng.randint(1, 16))
                value = "" if self.chance(0.2) else self.trimmed_text(rng.randint(1, 40))
            if name.lower() in seen or name.lower() in RESERVED_QUERY:
                continue
            seen.add(name.lower())
            out.append((name, value, self.chance(0.5)))
        return out

    def header_name(self) -> str:
        rng = self.rng
        roll = rng.random()
        token = "".join(rng.choice(TOKEN_CHARS) for _ in range(rng.randint(1, 12)))
        if roll < 0.15:
            return rng.choice(["Content-Type", "content-type", "CONTENT-TYPE"])
        if roll < 0.25:
            return rng.choice(["Content-MD5", "content-md5"])
        if roll < 0.45:
            return rng.choice(["x-oss-meta-", "X-Oss-Meta-"]) + token
        if roll < 0.55:
            return rng.choice(["x-oss-", "X-OSS-"]) + "test-" + token
        if roll < 0.8:
            return rng.choice(["Range", "Content-Disposition", "X-Custom-Thing", "If-Match",
                               "Cache-Control", "Accept-Language", "Content-Encoding", "Origin"])
        # Other HTTP tokens, with the odd token characters that must be encoded
        # inside x-oss-additional-headers.
        odd = "".join(rng.choice(TOKEN_CHARS + TOKEN_ODD) for _ in range(rng.randint(1, 8)))
        return "X-" + token + odd

    def header_value(self, name: str) -> str:
        rng = self.rng
        lower = name.lower()
        if self.chance(0.5):
            return self.ascii_text(rng.randint(1, 50))
        if lower == "content-md5":
            return base64.b64encode(rng.randbytes(16)).decode()
        if lower == "range":
            return f"bytes={rng.randint(0, 999)}-{rng.randint(1000, 99999)}"
        if lower == "content-type":
            return rng.choice(["text/plain", "image/png", "application/json; charset=utf-8"])
        return self.ascii_text(rng.randint(1, 20))

    def headers(self, query: list) -> list:
        taken = {name.lower() for name, _, _ in query}
        out = []
        for _ in range(self.rng.choices([0, 1, 2, 3], [45, 25, 15, 15])[0]):
            name = self.header_name()
            lower = name.lower()
            if lower in taken or lower in FORBIDDEN_HEADERS or lower in TYPED_LOWER:
                continue
            taken.add(lower)
            out.append((name, self.header_value(name)))
        return out

    def case(self) -> Case:
        region = self.region()
        endpoint, style, path_style, cname = self.addressing(region)
        ak, sk, token = self.credentials()
        expires, mode, decoy = self.expiry()
        query = self.query()
        case = Case(
            index=self.index, endpoint=endpoint, region=region, style=style,
            path_style=path_style, cname=cname, bucket=self.bucket(), key=self.key(),
            access_key_id=ak, access_key_secret=sk, security_token=token,
            signing_time=self.signing_time(), expires=expires, expiry_mode=mode,
            decoy_expires=decoy, query=query, headers=self.headers(query),
            plain_url=self.chance(0.3),
            # Drawn last, so a seed gives the same inputs as before HEAD cases.
            method="HEAD" if self.chance(0.25) else "GET",
        )
        # Delegated keys, drawn after everything else for the same reason.
        if self.chance(0.25):
            if self.chance(0.5):  # just after a midnight, with the day before's key too
                case.signing_time -= case.signing_time % 86400 - self.rng.randint(0, 3)
                case.neighbour_day = -1
            else:
                case.neighbour_day = self.rng.choice([-1, 1])
            if case.signing_time < 86400:  # no key before 1970
                case.neighbour_day = 1
            case.neighbour_last = self.chance(0.3)
        return case


def fix_key(key: str) -> str:
    """Make a key valid without changing its UTF-8 length: no leading "/" or
    "\\", and no "." or ".." path segments."""
    if key[0] in "/\\":
        key = "k" + key[1:]
    segments = key.split("/")
    segments = ["_" if s == "." else "._" if s == ".." else s for s in segments]
    return "/".join(segments)


# ---------------------------------------------------------------------------
# The SDK side


@contextlib.contextmanager
def frozen_sdk_clock(instant: datetime.datetime):
    """Make datetime.now() return `instant` inside the SDK modules that read the
    clock while presigning (the signer and the presigner's 7-day check)."""

    class FrozenDatetime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return instant.astimezone(tz) if tz else instant.replace(tzinfo=None)

    shim = types.ModuleType("datetime")
    shim.__dict__.update(vars(datetime))
    shim.datetime = FrozenDatetime
    modules = [importlib.import_module(m) for m in
               ("alibabacloud_oss_v2.presigner", "alibabacloud_oss_v2.signer.v4")]
    saved = [m.datetime for m in modules]
    for m in modules:
        m.datetime = shim
    try:
        yield
    finally:
        for m, original in zip(modules, saved):
            m.datetime = original


class AdditionalHeadersSignerV4(oss.signer.SignerV4):
    """SignerV4 that knows the additional header names.

    In 1.4.1, Config.additional_headers is stored but never copied into the
    SigningContext the client builds, so a presign would silently skip them.
    This fills in exactly that field; URL building and signing stay the SDK's.
    """

    def __init__(self, names):
        super().__init__()
        self._names = set(names)

    def sign(self, signing_ctx):
        if self._names:
            signing_ctx.additional_headers = self._names
        return super().sign(signing_ctx)


@dataclass
class Presigned:
    url: str
    headers: dict  # lowercase name -> value
    signing_time: Optional[int] = None
    expiration: Optional[int] = None
    plain_url: Optional[str] = None
    method: Optional[str] = None


def sdk_presign(case: Case) -> Presigned:
    additional = [name for name, _ in case.headers if not is_default_signed(name)]
    config = oss.config.Config(
        region=case.region,
        endpoint=case.endpoint,
        credentials_provider=oss.credentials.StaticCredentialsProvider(
            case.access_key_id, case.access_key_secret, case.security_token),
        use_path_style=case.path_style,
        use_cname=case.cname,
        additional_headers=additional,
    )
    client = oss.Client(config, signer=AdditionalHeadersSignerV4(additional))

    fields, parameters = {}, {}
    for name, value, _ in case.query:
        # HeadObjectRequest has versionId only: the response overrides and
        # x-oss-process are plain query parameters there.
        if name in TYPED_QUERY and (case.method == "GET" or name == "versionId"):
            fields[TYPED_QUERY[name][0]] = value
        else:
            # Includes x-oss-traffic-limit: the SDK models it as a header, the
            # library as a query parameter, so pass the query form explicitly.
            parameters[name] = value
    model = oss.models.GetObjectRequest if case.method == "GET" else oss.models.HeadObjectRequest
    request = model(
        bucket=case.bucket, key=case.key,
        headers=dict(case.headers), parameters=parameters, **fields)

    now = utc(case.signing_time)
    with frozen_sdk_clock(now):
        if case.expiry_mode == "default":
            result = client.presign(request)
        else:
            result = client.presign(request, expiration=now + datetime.timedelta(seconds=case.expires))

    # PresignResult.signed_headers lists only the default-signed headers; the
    # additional ones the SDK signed are named in x-oss-additional-headers.
    signed = {k.lower(): v for k, v in result.signed_headers.items()}
    values = {k.lower(): v for k, v in case.headers}
    for name, value in query_pairs(split_url(result.url)[3]):
        if name == "x-oss-additional-headers":
            for extra in unquote(value).split(";"):
                signed[extra] = values.get(extra)
    return Presigned(url=result.url, headers=signed, method=result.method)


# ---------------------------------------------------------------------------
# The library side, through the C ABI


class LibraryError(Exception):
    def __init__(self, function: str, code: int, message: str):
        super().__init__(f"{function} failed: code {code}: {message}")
        self.code = code
        self.message = message


class Library:
    def __init__(self, path: str):
        self.dll = ctypes.CDLL(path)
        P, S = ctypes.c_void_p, ctypes.c_char_p
        self._declare(P, "oss_client_config_new", S, S, ctypes.POINTER(P))
        self._declare(None, "oss_client_config_free", P)
        self._declare(P, "oss_client_config_set_credentials", P, S, S, S)
        self._declare(P, "oss_client_config_set_path_style", P, ctypes.c_bool)
        self._declare(P, "oss_client_config_set_custom_domain", P, ctypes.c_bool)
        self._declare(P, "oss_client_new_from_config", P, ctypes.POINTER(P))
        self._declare(P, "oss_derive_signing_key", S, S, S, S, ctypes.POINTER(P))
        self._declare(P, "oss_client_config_set_signing_key", P, S, S, S, S)
        self._declare(P, "oss_client_set_signing_key", P, S, S, S, S)
        self._declare(None, "oss_client_free", P)
        self._declare(P, "oss_get_options_new")
        self._declare(None, "oss_get_options_free", P)
        self._declare(P, "oss_get_options_set_expires", P, ctypes.c_uint64)
        self._declare(P, "oss_get_options_set_expiration", P, ctypes.c_int64)
        self._declare(P, "oss_get_options_set_signing_time", P, ctypes.c_int64)
        self._declare(P, "oss_get_options_add_query", P, S, S)
        self._declare(P, "oss_get_options_add_header", P, S, S)
        for _, setter in TYPED_QUERY.values():
            self._declare(P, setter, P, S)
        self._declare(P, "oss_get_options_set_traffic_limit", P, ctypes.c_uint64)
        self._declare(P, "oss_presign_get_request", P, S, S, P, ctypes.POINTER(P))
        self._declare(P, "oss_presign_head_request", P, S, S, P, ctypes.POINTER(P))
        self._declare(S, "oss_presigned_request_method", P)
        self._declare(None, "oss_presigned_request_free", P)
        self._declare(S, "oss_presigned_request_url", P)
        self._declare(ctypes.c_int64, "oss_presigned_request_signing_time", P)
        self._declare(ctypes.c_int64, "oss_presigned_request_expiration", P)
        self._declare(ctypes.c_size_t, "oss_presigned_request_header_count", P)
        self._declare(P, "oss_presigned_request_header", P, ctypes.c_size_t,
                      ctypes.POINTER(S), ctypes.POINTER(S))
        # char ** out-parameter kept as a raw pointer so it can be freed.
        self._declare(P, "oss_presign_get", P, S, S, P, ctypes.POINTER(P))
        self._declare(P, "oss_presign_head", P, S, S, P, ctypes.POINTER(P))
        self._declare(None, "oss_string_free", P)
        self._declare(ctypes.c_uint32, "oss_error_code", P)
        self._declare(S, "oss_error_message", P)
        self._declare(None, "oss_error_free", P)

    def _declare(self, restype, name, *argtypes):
        fn = getattr(self.dll, name)
        fn.restype = restype
        fn.argtypes = list(argtypes)

    def call(self, name: str, *args):
        """Call a function returning oss_error *; raise (after freeing) on error."""
        error = getattr(self.dll, name)(*args)
        if error:
            code = self.dll.oss_error_code(error)
            message = (self.dll.oss_error_message(error) or b"").decode("utf-8", "replace")
            self.dll.oss_error_free(error)
            raise LibraryError(name, code, message)

    def presign(self, case: Case) -> Presigned:
        d = self.dll
        b = lambda s: None if s is None else s.encode("utf-8")
        config = ctypes.c_void_p()
        client = ctypes.c_void_p()
        options = None
        request = ctypes.c_void_p()
        plain = ctypes.c_void_p()
        try:
            self.call("oss_client_config_new", b(case.endpoint), b(case.region), ctypes.byref(config))
            if case.neighbour_day is None:
                self.call("oss_client_config_set_credentials", config, b(case.access_key_id),
                          b(case.access_key_secret), b(case.security_token))
            else:
                day = case.signing_time // 86400
                days = [day + case.neighbour_day, day]
                if case.neighbour_last:
                    days.reverse()
                first, last = (self.day_key(case, d) for d in days)
                self.call("oss_client_config_set_signing_key", config, b(case.access_key_id),
                          first[0], first[1], b(case.security_token))
            self.call("oss_client_config_set_path_style", config, case.path_style)
            self.call("oss_client_config_set_custom_domain", config, case.cname)
            self.call("oss_client_new_from_config", config, ctypes.byref(client))
            if case.neighbour_day is not None:
                # The second key on the live client: both days' keys are held.
                self.call("oss_client_set_signing_key", client, b(case.access_key_id),
                          last[0], last[1], b(case.security_token))

            options = d.oss_get_options_new()
            if not options:
                raise LibraryError("oss_get_options_new", 0, "returned NULL")
            self.call("oss_get_options_set_signing_time", options, case.signing_time)
            if case.expiry_mode == "seconds":
                self.call("oss_get_options_set_expires", options, case.expires)
            elif case.expiry_mode == "absolute":
                if case.decoy_expires is not None:
                    self.call("oss_get_options_set_expires", options, case.decoy_expires)
                self.call("oss_get_options_set_expiration", options, case.signing_time + case.expires)
            for name, value, typed in case.query:
                if typed and name in TYPED_QUERY:
                    self.call(TYPED_QUERY[name][1], options, b(value))
                elif typed and name == TRAFFIC_LIMIT:
                    self.call("oss_get_options_set_traffic_limit", options, int(value))
                else:
                    self.call("oss_get_options_add_query", options, b(name), b(value))
            for name, value in case.headers:
                self.call("oss_get_options_add_header", options, b(name), b(value))

            verb = case.method.lower()
            self.call(f"oss_presign_{verb}_request", client, b(case.bucket), b(case.key), options,
                      ctypes.byref(request))
            url = d.oss_presigned_request_url(request).decode("utf-8")
            headers = {}
            for i in range(d.oss_presigned_request_header_count(request)):
                name, value = ctypes.c_char_p(), ctypes.c_char_p()
                self.call("oss_presigned_request_header", request, i, ctypes.byref(name), ctypes.byref(value))
                lower = name.value.decode("utf-8").lower()
                if lower in headers:
                    headers[lower + " (duplicate)"] = value.value.decode("utf-8")
                else:
                    headers[lower] = value.value.decode("utf-8")
            result = Presigned(url=url, headers=headers,
                               signing_time=d.oss_presigned_request_signing_time(request),
                               expiration=d.oss_presigned_request_expiration(request),
                               method=d.oss_presigned_request_method(request).decode("ascii"))
            if case.plain_url:
                self.call(f"oss_presign_{verb}", client, b(case.bucket), b(case.key), options,
                          ctypes.byref(plain))
                result.plain_url = ctypes.string_at(plain).decode("utf-8")
            return result
        finally:
            if plain:
                d.oss_string_free(plain)
            if request:
                d.oss_presigned_request_free(request)
            if options:
                d.oss_get_options_free(options)
            if client:
                d.oss_client_free(client)
            if config:
                d.oss_client_config_free(config)


    def day_key(self, case: Case, day: int):
        """(hex key, scope) of `day` (days since 1970) for the case's secret
        and region, as an app server would hand them to a phone."""
        date = utc(day * 86400).strftime("%Y%m%d").encode()
        out = ctypes.c_void_p()
        self.call("oss_derive_signing_key", case.access_key_secret.encode("utf-8"), date,
                  case.region.encode(), b"oss", ctypes.byref(out))
        try:
            hex_key = ctypes.string_at(out)
        finally:
            self.dll.oss_string_free(out)
        return hex_key, b"/".join([date, case.region.encode(), b"oss"])


# ---------------------------------------------------------------------------
# Comparison


def split_url(url: str):
    """(scheme, host, path, query, fragment), split by hand: no normalisation."""
    scheme, _, rest = url.partition("://")
    host, slash, rest = rest.partition("/")
    rest, _, fragment = (slash + rest).partition("#")
    path, _, query = rest.partition("?")
    return scheme, host, path, query, fragment


def query_pairs(query: str) -> list:
    """Raw (name, value) text pairs; a bare `name` and `name=` both mean empty."""
    pairs = []
    for item in query.split("&") if query else []:
        name, _, value = item.partition("=")
        pairs.append((name, value))
    return pairs


def compare(case: Case, sdk: Presigned, ours: Presigned) -> list:
    problems = []
    s_scheme, s_host, s_path, s_query, _ = split_url(sdk.url)
    o_scheme, o_host, o_path, o_query, o_fragment = split_url(ours.url)
    for what, a, b in (("scheme", s_scheme, o_scheme), ("host", s_host, o_host), ("path", s_path, o_path)):
        if a != b:
            problems.append(f"{what} differs: sdk {a!r}, ours {b!r}")
    if o_fragment:
        problems.append(f"our URL has a fragment: {o_fragment!r}")

    s_pairs, o_pairs = query_pairs(s_query), query_pairs(o_query)
    s_sig = [v for n, v in s_pairs if n == "x-oss-signature"]
    o_sig = [v for n, v in o_pairs if n == "x-oss-signature"]
    if s_sig != o_sig:
        problems.append(f"signature differs: sdk {s_sig}, ours {o_sig}")
    # The signature was compared above; the rest must be the same multiset.
    s_count = collections.Counter(p for p in s_pairs if p[0] != "x-oss-signature")
    o_count = collections.Counter(p for p in o_pairs if p[0] != "x-oss-signature")
    if s_count != o_count:
        problems.append(f"query pairs only in sdk: {sorted((s_count - o_count).elements())}")
        problems.append(f"query pairs only in ours: {sorted((o_count - s_count).elements())}")

    if sdk.headers != ours.headers:
        problems.append(f"signed headers differ: sdk {sdk.headers!r}, ours {ours.headers!r}")
    if ours.signing_time != case.signing_time:
        problems.append(f"oss_presigned_request_signing_time: {ours.signing_time}, want {case.signing_time}")
    if ours.expiration != case.signing_time + case.expires:
        problems.append(f"oss_presigned_request_expiration: {ours.expiration}, "
                        f"want {case.signing_time + case.expires}")
    if case.plain_url and ours.plain_url != ours.url:
        verb = case.method.lower()
        problems.append(f"oss_presign_{verb} URL differs from oss_presign_{verb}_request URL: "
                        f"{ours.plain_url!r}")
    for side, method in (("sdk", sdk.method), ("oss_presigned_request_method", ours.method)):
        if method != case.method:
            problems.append(f"{side} method is {method!r}, want {case.method!r}")
    return problems


def run_case(lib: Library, case: Case):
    """(problems, sdk url, our url); either side failing is a problem."""
    try:
        sdk = sdk_presign(case)
    except Exception as err:  # every case is valid, so this is a bug on some side
        return [f"SDK rejected the case: {err!r}"], None, None
    try:
        ours = lib.presign(case)
    except LibraryError as err:
        return [f"library rejected the case: {err}"], sdk.url, None
    return compare(case, sdk, ours), sdk.url, ours.url


# Inputs the library must refuse (spec: validation rules).  They show that a
# rejection really reaches this script, so silent acceptance cannot pass.
BASE = Case(index=-1, endpoint="oss-cn-hangzhou.aliyuncs.com", region="cn-hangzhou", style="virtual",
            path_style=False, cname=False, bucket="examplebucket", key="a.txt", access_key_id="ak",
            access_key_secret="sk", security_token=None, signing_time=1704164645, expires=3600,
            expiry_mode="seconds", decoy_expires=None)
NEGATIVE_CONTROLS = [
    ("expires 0", dict(expires=0)),
    ("expires 604801", dict(expires=MAX_EXPIRES + 1)),
    ("absolute expiration equal to the signing time", dict(expiry_mode="absolute", expires=0)),
    ("absolute expiration 7 days + 1 s ahead", dict(expiry_mode="absolute", expires=MAX_EXPIRES + 1)),
    ("empty key", dict(key="")),
    ("empty key, HEAD", dict(key="", method="HEAD")),
    ("key starting with /", dict(key="/a.txt")),
    ("key starting with a backslash", dict(key="\\a.txt")),
    ("key of 1024 bytes", dict(key="k" * (MAX_KEY_BYTES + 1))),
    ("key with a .. segment", dict(key="a/../b.txt")),
    ("key with a . segment", dict(key="a/./b.txt")),
    ("bucket with upper case", dict(bucket="Examplebucket")),
    ("bucket of 2 characters", dict(bucket="ab")),
    ("bucket ending with -", dict(bucket="example-")),
    ("empty region", dict(region="")),
    ("region with upper case", dict(region="cn-Hangzhou")),
    ("empty security token", dict(security_token="")),
    ("reserved query name", dict(query=[("X-Oss-Date", "20240102T030405Z", False)])),
    ("reserved query name x-oss-signature", dict(query=[("x-oss-signature", "00", False)])),
    ("duplicate query name", dict(query=[("a", "1", False), ("a", "2", False)])),
    ("traffic limit below range", dict(query=[(TRAFFIC_LIMIT, str(TRAFFIC_LIMIT_RANGE[0] - 1), True)])),
    ("traffic limit above range", dict(query=[(TRAFFIC_LIMIT, str(TRAFFIC_LIMIT_RANGE[1] + 1), True)])),
    ("x-oss-content-sha256 header", dict(headers=[("x-oss-content-sha256", "UNSIGNED-PAYLOAD")])),
    ("CR LF in a header value", dict(headers=[("x-oss-meta-a", "b\r\nx-oss-meta-c: d")])),
    ("header name that is not a token", dict(headers=[("x oss", "b")])),
    ("non-ASCII header value", dict(headers=[("X-Note", "caf\u00e9")])),
    ("Authorization header", dict(headers=[("Authorization", "OSS4-HMAC-SHA256 x")])),
    ("duplicate header name", dict(headers=[("x-oss-meta-a", "1"), ("X-Oss-Meta-A", "2")])),
]


def run_negative_controls(lib: Library) -> list:
    """Descriptions of the invalid inputs the library accepted."""
    try:
        lib.presign(BASE)  # the controls only mean something if the base case is fine
    except LibraryError as err:
        return [f"(the valid base case itself was rejected: {err})"]
    accepted = []
    for description, change in NEGATIVE_CONTROLS:
        try:
            lib.presign(replace(BASE, **change))
        except LibraryError as err:
            if not err.message:
                accepted.append(f"{description}: rejected without a message")
        else:
            accepted.append(description)
    return accepted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lib", required=True, help="path to liboss_presign.so")
    parser.add_argument("--cases", type=int, default=1000, help="number of random cases (default 1000)")
    parser.add_argument("--seed", type=int, help="seed to reproduce a run (default: random)")
    parser.add_argument("--only", type=int, metavar="INDEX", help="run only this case index of the seed")
    parser.add_argument("--verbose", action="store_true", help="print every case and both URLs")
    args = parser.parse_args()

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**63)
    print(f"seed: {seed}", flush=True)
    if SDK_VERSION != "1.4.1":
        print(f"warning: alibabacloud-oss-v2 {SDK_VERSION}; this test was written against 1.4.1")
    lib = Library(args.lib)

    indices = [args.only] if args.only is not None else range(args.cases)
    compared = mismatches = 0
    for index in indices:
        case = Generator(seed, index).case()
        problems, sdk_url, our_url = run_case(lib, case)
        if sdk_url is not None and our_url is not None:
            compared += 1
        if problems:
            mismatches += 1
        if problems or args.verbose:
            print(case.describe())
            print(f"  sdk url  = {sdk_url}")
            print(f"  our url  = {our_url}")
            for p in problems:
                print(f"  MISMATCH: {p}")
            if problems:
                print(f"  reproduce: --seed {seed} --only {index}")
            print(flush=True)

    accepted = run_negative_controls(lib)
    for description in accepted:
        print(f"MISMATCH: the library accepted an invalid input: {description}")
    print(f"invalid inputs rejected: {len(NEGATIVE_CONTROLS) - len(accepted)}/{len(NEGATIVE_CONTROLS)}")
    print(f"cases: {compared}, mismatches: {mismatches}")
    ok = mismatches == 0 and not accepted and compared >= len(indices)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
