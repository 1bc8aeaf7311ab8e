#!/usr/bin/env python3
"""A loopback stand-in for Alibaba Cloud OSS that serves presigned V4 GET/HEAD requests.

Objects are plain files: (bucket, key) is ROOT/<bucket>/<key>. Each request must carry
an OSS4-HMAC-SHA256 query signature. The signature is recomputed with the official SDK's
SignerV4 (alibabacloud_oss_v2) on a request rebuilt from what was received, so a URL is
accepted exactly when Alibaba's own signer agrees with it.

Answers are OSS's: strong ETags, `x-oss-hash-crc64ecma`, `Accept-Ranges: bytes`, single
byte ranges (206 + Content-Range), `If-Match` (412 PreconditionFailed), XML errors with EC.

Tests steer it over a control endpoint on the same port, path style (the Host is the bare
endpoint or 127.0.0.1, where `_emulator` cannot be a bucket):

    PUT    /_emulator/faults    body: a JSON list of fault rules (see FaultRule); arms them
                                and restarts the request count at 1
    DELETE /_emulator/faults    disarms
    GET    /_emulator/requests  {"requests": [...]}: one entry per request since the start or
                                the last DELETE (method, target, Range, If-Match, signature,
                                status, bytes announced and sent, faults applied, and the
                                pauses taken: [body offset, seconds] of each delay or stall)
    DELETE /_emulator/requests  empties that log

Run `python oss_emulator.py --help` for the command line.
"""

import argparse
import datetime
import email.utils
import hashlib
import hmac
import http.server
import json
import mimetypes
import os
import re
import secrets
import shutil
import signal
import socket
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple
from urllib.parse import quote, unquote_to_bytes
from xml.sax.saxutils import escape

try:
    from alibabacloud_oss_v2.crc import Crc64
    from alibabacloud_oss_v2.signer.v4 import SignerV4
    from alibabacloud_oss_v2.types import HttpRequest, SigningContext
except ImportError as e:  # pragma: no cover - environment problem
    sys.exit(f"oss_emulator: {e}; run `bash scripts/setup.sh` and use target/venv/bin/python")

ALGORITHM = "OSS4-HMAC-SHA256"
PRODUCT = "oss"
SCOPE_TERMINATOR = "aliyun_v4_request"
MAX_EXPIRES = 604800  # 7 days, the service's upper bound for x-oss-expires
CLOCK_SKEW = 15 * 60  # a URL is accepted from x-oss-date minus 15 minutes

# Used with fullmatch; ASCII digits only.
BUCKET_RE = re.compile(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")
DATETIME_RE = re.compile(r"[0-9]{8}T[0-9]{6}Z")
DATE_RE = re.compile(r"[0-9]{8}")

# EC values. Those marked "doc" are Alibaba's documented codes for the case; the others
# are not documented for presigned V4 URLs and only need to be stable here.
EC_ANONYMOUS = "0003-00000001"  # doc: no right to access the object (bucket ACL)
EC_V4_PARAMETER = "0002-00000214"
EC_EXPIRES_MISSING = "0002-00000215"  # doc
EC_CREDENTIAL_AK = "0002-00000222"  # doc
EC_CREDENTIAL_DATE = "0002-00000223"  # doc
EC_REGION = "0002-00000226"  # doc
EC_PRODUCT = "0002-00000227"  # doc
EC_CREDENTIAL_FORMAT = "0002-00000228"
EC_DATE_MISMATCH = "0002-00000229"
EC_EXPIRES_RANGE = "0002-00000232"  # doc
EC_NOT_YET_VALID = "0002-00000235"  # doc
EC_EXPIRED = "0002-00000236"  # doc
EC_SIGNATURE = "0002-00000201"  # doc: V4 signature mismatch
EC_DATE_FORMAT = "0002-00000502"  # doc: x-oss-date not in ISO 8601 basic form
EC_ADDITIONAL_HEADERS = "0002-00000076"  # doc: empty x-oss-additional-headers
EC_STS_KEY = "0002-00000002"  # doc: STS request whose AccessKey ID does not exist
EC_UNKNOWN_KEY = "0002-00000003"
EC_TOKEN = "0002-00000006"  # doc: security token does not match
EC_NO_SUCH_KEY = "0026-00000001"
EC_NO_SUCH_BUCKET = "0015-00000101"
EC_BAD_BUCKET = "0015-00000001"
EC_BAD_KEY = "0016-00000001"
EC_BAD_HOST = "0001-00000001"
EC_BAD_ARGUMENT = "0017-00000001"
EC_METHOD = "0017-00000405"
EC_PRECONDITION = "0017-00001001"  # doc: a condition of the request (If-Match) does not hold
EC_INVALID_RANGE = "0017-00000416"
EC_INTERNAL = "0000-00000500"

# Query parameters that set response headers on a successful GetObject.
RESPONSE_OVERRIDES = {
    "response-content-type": "Content-Type",
    "response-content-language": "Content-Language",
    "response-expires": "Expires",
    "response-cache-control": "Cache-Control",
    "response-content-disposition": "Content-Disposition",
    "response-content-encoding": "Content-Encoding",
}

SIGNING_PARAMETERS = (
    "x-oss-signature-version",
    "x-oss-credential",
    "x-oss-date",
    "x-oss-expires",
    "x-oss-signature",
)


class OssError(Exception):
    """An error answer: HTTP status, OSS code, message, EC and extra XML elements."""

    def __init__(self, status: int, code: str, message: str, ec: str,
                 extra: Optional[List[Tuple[str, str]]] = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.ec = ec
        self.extra = extra or []

    def element(self, name: str) -> Optional[str]:
        for tag, value in self.extra:
            if tag == name:
                return value
        return None


def access_denied(message: str, ec: str) -> OssError:
    return OssError(403, "AccessDenied", message, ec)


@dataclass
class Credential:
    access_key_id: str
    access_key_secret: str = field(repr=False)
    security_token: Optional[str] = field(default=None, repr=False)


@dataclass
class Config:
    root: str
    credentials: Dict[str, Credential]
    region: str = "cn-hangzhou"
    endpoint_host: str = "localhost"
    cnames: Dict[str, str] = field(default_factory=dict)
    quiet: bool = False
    # Seconds the server's clock is ahead of this machine's: a client with a
    # right clock then looks skewed, as a phone with a wrong one does to OSS.
    time_offset: float = 0.0
    control: "Control" = field(default_factory=lambda: Control())

    def now(self) -> float:
        return time.time() + self.time_offset


def iso8601(unix_seconds: float) -> str:
    """OSS's time format in error bodies: 2024-01-02T03:04:05.000Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(unix_seconds))


def load_credentials(path: str) -> Dict[str, Credential]:
    """Read a JSON list of {"access_key_id", "access_key_secret", "security_token"?}."""
    with open(path, encoding="utf-8") as f:
        entries = json.load(f)
    if not isinstance(entries, list):
        raise ValueError("credentials file must hold a JSON list")
    result: Dict[str, Credential] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise ValueError(f"credentials entry {i} is not an object")
        ak = entry.get("access_key_id")
        sk = entry.get("access_key_secret")
        token = entry.get("security_token") or None
        if not isinstance(ak, str) or not ak or not isinstance(sk, str) or not sk:
            raise ValueError(f"credentials entry {i} needs non-empty access_key_id and access_key_secret")
        if token is not None and not isinstance(token, str):
            raise ValueError(f"credentials entry {i}: security_token must be a string")
        if ak in result:
            raise ValueError(f"credentials entry {i}: duplicate access_key_id")
        result[ak] = Credential(ak, sk, token)
    return result


# ---------------------------------------------------------------------------------------
# Addressing: which bucket and key a request is for.

def split_target(target: str) -> Tuple[str, str]:
    """Split a request target into (raw path, raw query) at the first '?'."""
    path, _, query = target.partition("?")
    return path, query


def decode_component(raw: str, what: str) -> str:
    """Percent-decode (only; '+' stays '+') and require UTF-8, as OSS does for keys."""
    try:
        return unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        raise OssError(400, "InvalidObjectName", f"The {what} is not valid UTF-8.", EC_BAD_KEY) from None


def resolve_address(host_header: Optional[str], raw_path: str, config: Config) -> Tuple[str, str]:
    """Return (bucket, key) from the Host header and the raw path."""
    if not raw_path.startswith("/"):
        raise OssError(400, "InvalidURI", "The request target must be an absolute path.", EC_BAD_ARGUMENT)
    host = (host_header or "").strip().lower()
    # Drop the port; a bracketed IPv6 literal keeps its brackets.
    if host.startswith("["):
        host = host[: host.find("]") + 1]
    else:
        host = host.rsplit(":", 1)[0] if ":" in host else host

    endpoint = config.endpoint_host.lower()
    if host in config.cnames:
        return config.cnames[host], decode_component(raw_path[1:], "object key")
    if host.endswith("." + endpoint):
        return host[: -len(endpoint) - 1], decode_component(raw_path[1:], "object key")
    if host in (endpoint, "127.0.0.1"):
        bucket, slash, rest = raw_path[1:].partition("/")
        if not bucket or not slash:
            raise OssError(400, "InvalidRequest", "Only object requests (/bucket/key) are served.",
                           EC_BAD_ARGUMENT)
        return decode_component(bucket, "bucket name"), decode_component(rest, "object key")
    raise OssError(400, "InvalidArgument", f"The host {host!r} is not served by this endpoint.",
                   EC_BAD_HOST)


def check_bucket(bucket: str, config: Config) -> str:
    """Validate the bucket name and return its directory."""
    if not BUCKET_RE.fullmatch(bucket):
        raise OssError(400, "InvalidBucketName", "The specified bucket is not valid.", EC_BAD_BUCKET,
                       [("BucketName", bucket)])
    bucket_dir = os.path.join(config.root, bucket)
    if not os.path.isdir(bucket_dir):
        raise OssError(404, "NoSuchBucket", "The specified bucket does not exist.", EC_NO_SUCH_BUCKET,
                       [("BucketName", bucket)])
    return bucket_dir


def object_path(bucket_dir: str, key: str) -> Optional[str]:
    """The file holding the object, or None. The key can never leave the bucket directory."""
    segments = key.split("/")
    # A file system cannot tell "a//b" or "a/./b" from "a/b", and ".." would climb out:
    # such keys have no file here, so they do not exist.
    if not key or "\x00" in key or any(s in ("", ".", "..") for s in segments):
        return None
    path = os.path.join(bucket_dir, *segments)
    real_dir = os.path.realpath(bucket_dir)
    real = os.path.realpath(path)
    if os.path.commonpath([real, real_dir]) != real_dir or not os.path.isfile(real):
        return None
    return real


# ---------------------------------------------------------------------------------------
# Signature check.

def parse_query(raw_query: str) -> List[Tuple[bytes, bytes]]:
    """Received query pairs, percent-decoded to bytes ('+' is not a space)."""
    pairs = []
    for item in raw_query.split("&"):
        if not item:
            continue
        name, _, value = item.partition("=")
        pairs.append((unquote_to_bytes(name), unquote_to_bytes(value)))
    return pairs


def canonical_query_string(pairs: List[Tuple[bytes, bytes]]) -> str:
    """Re-encode every pair with the strict RFC 3986 encoder; empty value -> bare name.

    Order does not matter here: the SDK sorts the pairs when it canonicalises."""
    items = []
    for name, value in pairs:
        if name == b"x-oss-signature":
            continue
        encoded = quote(name, safe="")
        if value:
            encoded += "=" + quote(value, safe="")
        items.append(encoded)
    return "&".join(items)


def _text(value: bytes, name: str) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise access_denied(f"The value of {name} is not valid UTF-8.", EC_V4_PARAMETER) from None


@dataclass
class Verified:
    """What a successful check found (also used by tests)."""
    access_key_id: str
    canonical_request: str
    string_to_sign: str


def verify_presigned(method: str, bucket: str, key: str, raw_query: str,
                     headers: List[Tuple[str, str]], config: Config,
                     now: Optional[float] = None) -> Verified:
    """Check a presigned V4 request the way OSS does; raise OssError when it is refused."""
    now = config.now() if now is None else now
    pairs = parse_query(raw_query)
    params: Dict[str, List[bytes]] = {}
    for name, value in pairs:
        params.setdefault(name.decode("utf-8", "replace"), []).append(value)

    if not any(p in params for p in SIGNING_PARAMETERS):
        if "OSSAccessKeyId" in params or "Signature" in params:
            raise access_denied("Only OSS4-HMAC-SHA256 query signatures are accepted here.",
                                EC_V4_PARAMETER)
        raise access_denied("You have no right to access this object because of bucket acl.",
                            EC_ANONYMOUS)

    def single(name: str) -> str:
        values = params.get(name)
        if not values:
            ec = EC_EXPIRES_MISSING if name == "x-oss-expires" else EC_V4_PARAMETER
            raise access_denied(f"Missing {name} in the query string.", ec)
        if len(values) > 1:
            raise access_denied(f"{name} appears more than once in the query string.", EC_V4_PARAMETER)
        return _text(values[0], name)

    version = single("x-oss-signature-version")
    credential = single("x-oss-credential")
    x_oss_date = single("x-oss-date")
    expires_text = single("x-oss-expires")
    provided_signature = single("x-oss-signature")

    if version != ALGORITHM:
        raise access_denied(f"Unsupported x-oss-signature-version {version!r}; expected {ALGORITHM}.",
                            EC_V4_PARAMETER)

    parts = credential.split("/")
    if len(parts) != 5 or parts[4] != SCOPE_TERMINATOR:
        raise access_denied(
            "x-oss-credential must be <AccessKeyId>/<YYYYMMDD>/<region>/oss/aliyun_v4_request.",
            EC_CREDENTIAL_FORMAT)
    access_key_id, scope_date, scope_region, scope_product = parts[:4]
    if not access_key_id or any(ord(c) < 0x21 or ord(c) == 0x7F for c in access_key_id):
        raise access_denied("The AccessKeyId in x-oss-credential is invalid.", EC_CREDENTIAL_AK)
    if not DATE_RE.fullmatch(scope_date):
        raise access_denied("The date in x-oss-credential is invalid.", EC_CREDENTIAL_DATE)

    if not DATETIME_RE.fullmatch(x_oss_date):
        raise access_denied("x-oss-date must be in the form YYYYMMDDTHHMMSSZ.", EC_DATE_FORMAT)
    try:
        signed_at = datetime.datetime.strptime(x_oss_date, "%Y%m%dT%H%M%SZ").replace(
            tzinfo=datetime.timezone.utc).timestamp()
    except ValueError:
        raise access_denied("x-oss-date is not a valid date and time.", EC_DATE_FORMAT) from None
    if scope_date != x_oss_date[:8]:
        raise access_denied("The date in x-oss-credential does not match x-oss-date.", EC_DATE_MISMATCH)

    # OSS answers these two with 400 InvalidArgument (EC 0002-00000226 / 0002-00000227).
    if scope_region != config.region:
        raise OssError(400, "InvalidArgument", "Invalid signing region in Authorization header.",
                       EC_REGION)
    if scope_product != PRODUCT:
        raise OssError(400, "InvalidArgument", "Invalid signing product in Authorization header.",
                       EC_PRODUCT)

    if not re.fullmatch(r"[0-9]{1,7}", expires_text) or not 1 <= int(expires_text) <= MAX_EXPIRES:
        raise access_denied(f"x-oss-expires must be an integer from 1 to {MAX_EXPIRES}.",
                            EC_EXPIRES_RANGE)
    # Like OSS, time errors carry the server's time, so a client can correct
    # its clock and presign again.
    if now < signed_at - CLOCK_SKEW:
        raise OssError(403, "AccessDenied", "Request is not valid yet.", EC_NOT_YET_VALID,
                       [("RequestTime", iso8601(signed_at)), ("ServerTime", iso8601(now))])
    if now > signed_at + int(expires_text):
        raise OssError(403, "AccessDenied", "Request has expired.", EC_EXPIRED,
                       [("Expires", iso8601(signed_at + int(expires_text))),
                        ("ServerTime", iso8601(now))])

    # Credentials. A token makes it an STS request; an STS key without one is unknown.
    token_values = params.get("x-oss-security-token")
    token = None
    if token_values is not None:
        token = single("x-oss-security-token")
    cred = config.credentials.get(access_key_id)
    unknown_key = [("OSSAccessKeyId", access_key_id)]
    if cred is None or (cred.security_token is None) != (token is None):
        raise OssError(403, "InvalidAccessKeyId",
                       "The OSS Access Key Id you provided does not exist in our records.",
                       EC_STS_KEY if token is not None else EC_UNKNOWN_KEY, unknown_key)
    if token is not None and not hmac.compare_digest(token.encode(), cred.security_token.encode()):
        raise OssError(403, "InvalidSecurityToken", "The security token you provided is invalid.",
                       EC_TOKEN)

    additional: List[str] = []
    if "x-oss-additional-headers" in params:
        listed = single("x-oss-additional-headers")
        if not listed:
            raise access_denied("x-oss-additional-headers is empty.", EC_ADDITIONAL_HEADERS)
        # Declared names go to the canonical request as sent; a declared header that the
        # client does not send is simply absent, so the signature will not match.
        additional = listed.split(";")

    # Rebuild the request for the SDK: the canonical query goes in the URL (the SDK reads
    # it back as already-encoded pairs), the received headers go in as they are.
    header_map: Dict[str, str] = {}
    for name, value in headers:
        name = name.lower()
        value = value.strip(" \t")
        header_map[name] = f"{header_map[name]},{value}" if name in header_map else value
    request = HttpRequest(method=method, url="http://oss.invalid/?" + canonical_query_string(pairs),
                          headers=header_map)
    context = SigningContext(product=scope_product, region=scope_region, bucket=bucket, key=key,
                             request=request)
    signer = SignerV4()
    canonical_request = signer._calc_canonical_request(signing_ctx=context,
                                                       additional_headers=additional)
    scope = f"{scope_date}/{scope_region}/{scope_product}/{SCOPE_TERMINATOR}"
    string_to_sign = signer._calc_string_to_sign(x_oss_date, scope, canonical_request)
    expected = signer._calc_signature(access_key_secrect=cred.access_key_secret, date=scope_date,
                                      region=scope_region, product=scope_product,
                                      string_to_sign=string_to_sign)

    if not hmac.compare_digest(expected.encode(), provided_signature.encode("utf-8", "replace")):
        raise OssError(403, "SignatureDoesNotMatch",
                       "The request signature we calculated does not match the signature you "
                       "provided. Check your key and signing method.",
                       EC_SIGNATURE,
                       [("OSSAccessKeyId", access_key_id),
                        ("SignatureProvided", provided_signature),
                        ("StringToSign", string_to_sign),
                        ("StringToSignBytes", " ".join(f"{b:02X}" for b in string_to_sign.encode())),
                        ("CanonicalRequest", canonical_request)])
    return Verified(access_key_id, canonical_request, string_to_sign)


# ---------------------------------------------------------------------------------------
# Object answers: checksums, preconditions, byte ranges.

def etag_of(data: bytes) -> str:
    """A simple upload's ETag as OSS sends it: the MD5 in upper-case hex, quoted (strong)."""
    return '"' + hashlib.md5(data).hexdigest().upper() + '"'


def crc64_of(data: bytes) -> str:
    """x-oss-hash-crc64ecma: the CRC-64/ECMA of the whole object, decimal, by the SDK's code."""
    crc = Crc64(0)
    crc.update(data)
    return str(crc.sum64())


def check_if_match(header: Optional[str], etag: str) -> None:
    """RFC 9110 If-Match with strong comparison (a weak tag never matches); 412 otherwise."""
    if header is None:
        return
    tags = [t.strip() for t in header.split(",")]
    if "*" in tags or etag in tags:
        return
    raise OssError(412, "PreconditionFailed",
                   "At least one of the pre-conditions you specified did not hold.",
                   EC_PRECONDITION, [("Condition", "If-Match")])


RANGE_RE = re.compile(r"bytes=(?:([0-9]+)-([0-9]*)|-([0-9]+))")


def byte_range(header: Optional[str], size: int, standard: bool) -> Optional[Tuple[int, int]]:
    """The inclusive (first, last) bytes to answer with 206, or None for the whole object (200).

    As OSS documents (range download): a single range is served; a Range it cannot serve
    is ignored and the whole object comes back with 200, unless the request carries
    `x-oss-range-behavior: standard`: then a start at or past the end is 416 InvalidRange
    and an end past it is cut to the last byte."""
    if header is None:
        return None
    match = RANGE_RE.fullmatch(header.strip())
    if match is None:  # malformed, or several ranges
        if standard:
            raise invalid_range(header, size)
        return None
    first_text, last_text, suffix_text = match.groups()
    if suffix_text is not None:
        suffix = int(suffix_text)
        if suffix == 0 or size == 0:
            if standard:
                raise invalid_range(header, size)
            return None
        if suffix > size and not standard:
            return None
        return max(size - suffix, 0), size - 1
    first = int(first_text)
    last = int(last_text) if last_text else size - 1
    if last_text and last < first:
        if standard:
            raise invalid_range(header, size)
        return None
    if first >= size:
        if standard:
            raise invalid_range(header, size)
        return None
    if last >= size:
        if not standard:
            return None
        last = size - 1
    return first, last


def invalid_range(header: str, size: int) -> OssError:
    return OssError(416, "InvalidRange", "The requested range cannot be satisfied", EC_INVALID_RANGE,
                    [("RangeRequested", header), ("ActualObjectSize", str(size))])


# ---------------------------------------------------------------------------------------
# Faults a test arms, and the log of what each request asked for and got.

@dataclass
class FaultRule:
    """One armed fault. `request` is the Nth request since arming (1 = the first; omitted:
    every request). Body offsets count the bytes of that answer's body:
      cut_after K      close the connection after K body bytes (before the announced length)
      delay S          with cut_after: wait S seconds after the K bytes, then cut
      stall_after K    send nothing for `stall` seconds after K body bytes, then go on
      stall S
      flip_byte K      invert the bits of body byte K on the wire (headers stay the object's)
      replace_with P   before answering, the object the request names takes the bytes of
                       file P (a new ETag and CRC-64), as if uploaded again
    """
    request: Optional[int] = None
    cut_after: Optional[int] = None
    delay: float = 0.0
    stall_after: Optional[int] = None
    stall: float = 0.0
    flip_byte: Optional[int] = None
    replace_with: Optional[str] = None

    @staticmethod
    def parse(item) -> "FaultRule":
        if not isinstance(item, dict):
            raise ValueError("each fault rule is a JSON object")
        known = set(FaultRule.__dataclass_fields__)
        unknown = set(item) - known
        if unknown:
            raise ValueError(f"unknown fault fields: {sorted(unknown)}")
        rule = FaultRule(**item)
        for name in ("request", "cut_after", "stall_after", "flip_byte"):
            value = getattr(rule, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                raise ValueError(f"{name} must be a non-negative integer")
        if rule.request == 0:
            raise ValueError("request counts from 1")
        for name in ("delay", "stall"):
            value = getattr(rule, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name} must be a non-negative number of seconds")
        if rule.delay and rule.cut_after is None:
            raise ValueError("delay needs cut_after")
        if (rule.stall_after is None) != (not rule.stall):
            raise ValueError("stall_after and stall go together")
        if rule.replace_with is not None and not isinstance(rule.replace_with, str):
            raise ValueError("replace_with must be a file path")
        return rule

    def describe(self) -> str:
        parts = [f"{name}={value}" for name, value in vars(self).items()
                 if name != "request" and value not in (None, 0, 0.0)]
        return " ".join(parts)


class Control:
    """The armed fault rules, the request count and the request log; shared by all threads."""

    MAX_LOG = 10000  # oldest entries go first: a long suite must not grow the emulator

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: List[FaultRule] = []
        self._count = 0
        self._log: List[dict] = []

    def arm(self, rules: List[FaultRule]) -> None:
        with self._lock:
            self._rules = list(rules)
            self._count = 0

    def begin(self, entry: dict) -> List[FaultRule]:
        """Counts a request, logs `entry` and returns the rules that apply to it."""
        with self._lock:
            self._count += 1
            entry["n"] = self._count
            self._log.append(entry)
            del self._log[:-self.MAX_LOG]
            return [r for r in self._rules if r.request in (None, self._count)]

    def update(self, entry: dict, **changes) -> None:
        with self._lock:
            for name, value in changes.items():
                entry[name] = entry.get(name, 0) + value if name == "bytes_sent" else value

    def requests(self) -> List[dict]:
        with self._lock:
            return [dict(e) for e in self._log]

    def clear_requests(self) -> None:
        with self._lock:
            self._log.clear()


def replace_object(path: str, source: str) -> None:
    """Give the object at `path` the bytes of `source`, atomically (a reader sees either)."""
    tmp = f"{path}.replace.{os.getpid()}.{threading.get_ident()}"
    shutil.copyfile(source, tmp)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------
# HTTP.

_XML_INVALID = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """Escape for XML, replacing characters XML 1.0 cannot carry (e.g. from a key)."""
    return escape(_XML_INVALID.sub("\ufffd", value))


def error_body(error: OssError, request_id: str, host_id: str) -> bytes:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<Error>",
        f"  <Code>{xml_text(error.code)}</Code>",
        f"  <Message>{xml_text(error.message)}</Message>",
        f"  <RequestId>{request_id}</RequestId>",
        f"  <HostId>{xml_text(host_id)}</HostId>",
    ]
    lines += [f"  <{tag}>{xml_text(value)}</{tag}>" for tag, value in error.extra]
    lines += [f"  <EC>{error.ec}</EC>", "</Error>", ""]
    return "\n".join(lines).encode("utf-8")


def header_value(value: str) -> str:
    """Header text to hand to http.server, which writes it as Latin-1: send UTF-8 bytes."""
    return value.encode("utf-8").decode("latin-1")


CONTROL_PREFIX = "/_emulator/"


def single_query_value(raw_query: str, name: str) -> Optional[str]:
    """The raw (still encoded) value of a query parameter, for the request log."""
    for item in raw_query.split("&"):
        key, _, value = item.partition("=")
        if key == name:
            return value
    return None


class OssRequestHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 60  # idle keep-alive connections do not hold a thread forever
    server_version = "AliyunOSS"
    sys_version = ""
    # Used by http.server itself for malformed requests (bad request line, huge headers).
    error_content_type = "application/xml"
    error_message_format = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>InvalidRequest</Code>\n'
        "  <Message>%(message)s</Message>\n  <RequestId>000000000000000000000000</RequestId>\n"
        "  <HostId></HostId>\n  <EC>" + EC_BAD_ARGUMENT + "</EC>\n</Error>\n")

    @property
    def config(self) -> Config:
        return self.server.config  # type: ignore[attr-defined]

    def version_string(self) -> str:
        return self.server_version

    def date_time_string(self, timestamp: Optional[float] = None) -> str:
        # The Date header of every answer, from the server's (offset) clock.
        return super().date_time_string(self.config.now() if timestamp is None else timestamp)

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def __getattr__(self, name: str):
        # Every other method (PUT, POST, DELETE, ...) is answered with 405.
        if name.startswith("do_"):
            return self._method_not_allowed
        raise AttributeError(name)

    def _method_not_allowed(self) -> None:
        self._serve(send_body=True, allowed=False)

    def _serve(self, send_body: bool, allowed: bool = True) -> None:
        raw_path, raw_query = split_target(self.path)
        if raw_path.startswith(CONTROL_PREFIX) and self._path_style_host():
            self._control(raw_path[len(CONTROL_PREFIX):])
            return
        request_id = secrets.token_hex(12).upper()
        # A request body is never read, so the connection cannot be reused after it.
        if self.headers.get("Content-Length", "0").strip() not in ("", "0") or \
                "Transfer-Encoding" in self.headers:
            self.close_connection = True
        entry = {
            "method": self.command,
            "host": self.headers.get("Host"),
            "target": self.path,
            "signature": single_query_value(raw_query, "x-oss-signature"),
            "x_oss_date": single_query_value(raw_query, "x-oss-date"),
            "range": self.headers.get("Range"),
            "if_match": self.headers.get("If-Match"),
            "status": None,
            "code": None,
            "content_length": None,
            "bytes_sent": 0,
            "faults": [],
            "pauses": [],
        }
        control = self.config.control
        rules = control.begin(entry)
        try:
            try:
                if not allowed:
                    raise OssError(405, "MethodNotAllowed",
                                   "The specified method is not allowed against this resource.",
                                   EC_METHOD, [("Method", self.command), ("ResourceType", "Object")])
                status, headers, body = self._object_response(raw_path, raw_query, rules, entry)
                code = "-"
            except OssError as error:
                status, code = error.status, error.code
                body = error_body(error, request_id, self.headers.get("Host", ""))
                headers = [("Content-Type", "application/xml"), ("x-oss-ec", error.ec)]
                if status == 405:
                    headers.append(("Allow", "GET, HEAD"))
                if status == 416:
                    headers.append(("Content-Range", f"bytes */{error.element('ActualObjectSize')}"))
        except Exception:  # noqa: BLE001 - any failure becomes a 500, never a hung socket
            traceback.print_exc(file=sys.stderr)
            error = OssError(500, "InternalError", "We encountered an internal error. Please try again.",
                             EC_INTERNAL)
            status, code = 500, error.code
            body = error_body(error, request_id, "")
            headers = [("Content-Type", "application/xml"), ("x-oss-ec", error.ec)]
            self.close_connection = True

        control.update(entry, status=status, code=None if code == "-" else code,
                       content_length=len(body))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, header_value(value))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-oss-request-id", request_id)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if send_body:
            self._send_body(body, [r for r in rules if r.replace_with is None], entry)
        if not self.config.quiet:
            sys.stderr.write(f"{self.command} {raw_path} {status} {code}\n")

    def _send_body(self, body: bytes, rules: List["FaultRule"], entry: dict) -> None:
        """Writes the body in chunks, applying the armed cuts, stalls and flipped bytes."""
        control = self.config.control
        flips = {r.flip_byte for r in rules if r.flip_byte is not None and r.flip_byte < len(body)}
        if flips:
            changed = bytearray(body)
            for offset in flips:
                changed[offset] ^= 0xFF
            body = bytes(changed)
        # (offset, order, kind, seconds): at one offset, stalls come before a cut.
        events = sorted([(r.stall_after, 0, "stall", r.stall) for r in rules if r.stall_after is not None] +
                        [(r.cut_after, 1, "cut", r.delay) for r in rules if r.cut_after is not None])
        if rules:
            control.update(entry, faults=[r.describe() for r in rules])
        view = memoryview(body)
        sent = 0
        try:
            for offset, _, kind, seconds in events + [(len(body), 2, "end", 0)]:
                offset = min(offset, len(body))
                while sent < offset:
                    chunk = view[sent:min(offset, sent + 65536)]
                    control.update(entry, bytes_sent=len(chunk))
                    try:
                        self.wfile.write(chunk)
                    except OSError:
                        control.update(entry, bytes_sent=-len(chunk))
                        raise
                    sent += len(chunk)
                if seconds:
                    time.sleep(seconds)
                    # Logged once taken, so a test reads the delay without a clock.
                    control.update(entry, pauses=entry["pauses"] + [[sent, seconds]])
                if kind == "cut":
                    self._cut()
                    return
        except OSError:
            self.close_connection = True  # the client went away (after its own timeout, say)

    def _cut(self) -> None:
        """Ends the connection here, before the announced length: a dropped network."""
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _path_style_host(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower().rsplit(":", 1)[0]
        return host in (self.config.endpoint_host.lower(), "127.0.0.1")

    def _control(self, command: str) -> None:
        """The control endpoint (see the module's docstring). Never logged nor counted."""
        control = self.config.control
        status, answer = 200, {}
        try:
            if command == "faults" and self.command == "PUT":
                length = int(self.headers.get("Content-Length", "0"))
                if not 0 <= length <= 1 << 20:
                    raise ValueError("the fault script must be at most 1 MiB")
                items = json.loads(self.rfile.read(length) or b"[]")
                if not isinstance(items, list):
                    raise ValueError("the fault script is a JSON list of rules")
                rules = [FaultRule.parse(item) for item in items]
                control.arm(rules)
                answer = {"armed": len(rules)}
            elif command == "faults" and self.command == "DELETE":
                control.arm([])
                answer = {"armed": 0}
            elif command == "requests" and self.command == "GET":
                answer = {"requests": control.requests()}
            elif command == "requests" and self.command == "DELETE":
                control.clear_requests()
            else:
                status, answer = 404, {"error": f"no control command {self.command} {command}"}
        except (ValueError, TypeError) as e:  # JSON, or a rule that does not parse
            status, answer = 400, {"error": str(e)}
            self.close_connection = True
        body = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _object_response(self, raw_path: str, raw_query: str, rules: List["FaultRule"], entry: dict):
        config = self.config
        bucket, key = resolve_address(self.headers.get("Host"), raw_path, config)
        bucket_dir = check_bucket(bucket, config)
        if not key:
            raise OssError(400, "InvalidRequest", "Only object requests are served.", EC_BAD_ARGUMENT)

        verify_presigned(self.command, bucket, key, raw_query, list(self.headers.items()), config)

        path = object_path(bucket_dir, key)
        if path is None:
            raise OssError(404, "NoSuchKey", "The specified key does not exist.", EC_NO_SUCH_KEY,
                           [("Key", key)])
        for rule in rules:
            if rule.replace_with is not None:
                replace_object(path, rule.replace_with)
                config.control.update(entry, faults=entry["faults"] + [rule.describe()])
        with open(path, "rb") as f:
            data = f.read()
        mtime = os.stat(path).st_mtime
        etag = etag_of(data)
        check_if_match(self.headers.get("If-Match"), etag)
        standard = (self.headers.get("x-oss-range-behavior") or "").strip().lower() == "standard"
        served = None  # a HEAD describes the whole object
        if self.command == "GET":
            served = byte_range(self.headers.get("Range"), len(data), standard)
        headers = [
            ("Content-Type", mimetypes.guess_type(key)[0] or "application/octet-stream"),
            ("ETag", etag),
            ("Last-Modified", email.utils.formatdate(mtime, usegmt=True)),
            ("Accept-Ranges", "bytes"),
            ("x-oss-object-type", "Normal"),
            ("x-oss-storage-class", "Standard"),
            ("x-oss-hash-crc64ecma", crc64_of(data)),
        ]
        status = 200
        if served is not None:
            first, last = served
            headers.append(("Content-Range", f"bytes {first}-{last}/{len(data)}"))
            status, data = 206, data[first:last + 1]
        # response-* parameters replace (or add) the matching response header.
        # x-oss-process and x-oss-traffic-limit are ignored: the original is served as is.
        for name, value in parse_query(raw_query):
            header = RESPONSE_OVERRIDES.get(name.decode("utf-8", "replace"))
            if header is None:
                continue
            text = value.decode("utf-8", "replace")
            if any(ord(c) < 0x20 and c != "\t" or ord(c) == 0x7F for c in text):
                raise OssError(400, "InvalidArgument", f"Invalid value for {name.decode()}.",
                               EC_BAD_ARGUMENT)
            headers = [(n, v) for n, v in headers if n.lower() != header.lower()]
            headers.append((header, text))
        return status, headers, data

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - base class signature
        # Requests are logged by _serve; this only reports protocol errors.
        sys.stderr.write("%s - %s\n" % (self.address_string(), format % args))

    def log_request(self, code="-", size="-") -> None:
        pass


class OssServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, config: Config) -> None:
        self.config = config
        super().__init__(("127.0.0.1", port), OssRequestHandler)


# ---------------------------------------------------------------------------------------
# Command line.

def write_atomically(path: str, text: str) -> None:
    """Write to a temporary name in the same directory, then rename over the target."""
    tmp = f"{path}.tmp.{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def remove_if_ours(path: Optional[str], content: str) -> None:
    try:
        if path and open(path, encoding="utf-8").read() == content:
            os.remove(path)
    except OSError:
        pass


def parse_cname(text: str) -> Tuple[str, str]:
    host, sep, bucket = text.partition("=")
    if not sep or not host or not bucket:
        raise argparse.ArgumentTypeError("expected HOST=BUCKET")
    return host.lower(), bucket


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Loopback OSS emulator for presigned V4 (OSS4-HMAC-SHA256) GET/HEAD URLs.")
    parser.add_argument("--root", required=True,
                        help="directory holding the objects: ROOT/<bucket>/<key>")
    parser.add_argument("--credentials", required=True,
                        help='JSON file: [{"access_key_id", "access_key_secret", "security_token"?}]')
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--port-file", help="once listening, write the port here (via a rename, after "
                                            "the pid file); removed on a clean exit")
    parser.add_argument("--pid-file", help="once listening, write this process id here (via a rename); "
                                           "removed on a clean exit")
    parser.add_argument("--endpoint-host", default="localhost",
                        help="endpoint host: <bucket>.HOST is virtual-hosted, HOST is path style "
                             "(default: localhost; 127.0.0.1 is always path style)")
    parser.add_argument("--cname", action="append", type=parse_cname, default=[],
                        metavar="HOST=BUCKET", help="serve BUCKET at the custom domain HOST (repeatable)")
    parser.add_argument("--region", default="cn-hangzhou", help="signing region (default: cn-hangzhou)")
    parser.add_argument("--quiet", action="store_true", help="do not log each request to stderr")
    parser.add_argument("--time-offset", type=float, default=0.0, metavar="SECONDS",
                        help="the server's clock is this many seconds ahead of this machine's "
                             "(negative: behind); it judges validity and dates its answers")
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    try:
        credentials = load_credentials(args.credentials)
    except (OSError, ValueError) as e:
        print(f"oss_emulator: cannot load credentials: {e}", file=sys.stderr)
        return 2
    if not os.path.isdir(args.root):
        print(f"oss_emulator: --root is not a directory: {args.root}", file=sys.stderr)
        return 2
    config = Config(root=os.path.realpath(args.root), credentials=credentials, region=args.region,
                    endpoint_host=args.endpoint_host, cnames=dict(args.cname), quiet=args.quiet,
                    time_offset=args.time_offset)

    server = OssServer(args.port, config)
    port = server.server_address[1]

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    # serve_forever runs in a thread so that the main thread can react to signals.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()

    pid_text, port_text = f"{os.getpid()}\n", f"{port}\n"
    if args.pid_file:
        write_atomically(args.pid_file, pid_text)
    if args.port_file:  # last: a reader that sees the port can rely on the pid file too
        write_atomically(args.port_file, port_text)
    print(f"listening on 127.0.0.1:{port}", flush=True)

    while not stop.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    remove_if_ours(args.port_file, port_text)
    remove_if_ours(args.pid_file, pid_text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
