"""Tests of the OSS emulator, driven by URLs that the official SDK (alibabacloud_oss_v2) signs.

Run: target/venv/bin/python -m unittest discover -s tests/emulator -v
"""

import contextlib
import datetime
import email.utils
import hashlib
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import types
import unittest
import xml.etree.ElementTree as ET
from typing import Dict, Optional
from unittest import mock
from urllib.parse import quote, urlsplit

import alibabacloud_oss_v2 as oss
from alibabacloud_oss_v2 import presigner as sdk_presigner
from alibabacloud_oss_v2.crc import Crc64
from alibabacloud_oss_v2.signer import v4 as sdk_v4
from alibabacloud_oss_v2.types import HttpRequest, SigningContext

import oss_emulator
from emulator_process import EMULATOR_SCRIPT, EmulatorError, EmulatorProcess, control, pid_alive

HERE = os.path.dirname(os.path.abspath(__file__))
UTC = datetime.timezone.utc
HOUR = datetime.timedelta(hours=1)

REGION = "cn-hangzhou"
BUCKET = "examplebucket"
OTHER_BUCKET = "otherbucket"
CNAME_HOST = "static.example.test"

AK, SK = "LTAI5tEmulatorTestKey", "emulator-test-secret"
STS_AK, STS_SK = "STS.NUgEmulatorTestKey", "emulator-sts-secret"
STS_TOKEN = "CAIS+gF1q6Ft5B2yfSjIr5/3Avq1j0Zlx8+EMy/jiUU=="

CREDENTIALS = [
    {"access_key_id": AK, "access_key_secret": SK},
    {"access_key_id": STS_AK, "access_key_secret": STS_SK, "security_token": STS_TOKEN},
]

OBJECTS = {
    "hello.txt": b"hello, oss\n",
    "dir/sub dir/a+b.txt": b"plus and space\n",
    "unicode/\u5b50\u76ee\u5f55/\u6587\u4ef6.txt": "\u4e2d\u6587\n".encode(),
    "emoji/\U0001f680 launch.bin": bytes(range(256)) * 4,
    "odd/100% sure?#&=;,!'()*~.txt": b"reserved characters\n",
    "img/photo.jpg": b"\xff\xd8\xff\xe0 not really a jpeg",
}
SECRET = b"must never be served"


def make_object_tree(base: str) -> str:
    """ROOT/<bucket>/<key> files, plus files outside the bucket that must stay unreachable."""
    root = os.path.join(base, "root")
    for key, data in OBJECTS.items():
        path = os.path.join(root, BUCKET, *key.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    os.makedirs(os.path.join(root, OTHER_BUCKET))
    with open(os.path.join(root, OTHER_BUCKET, "secret.txt"), "wb") as f:
        f.write(SECRET)
    with open(os.path.join(base, "outside.txt"), "wb") as f:
        f.write(SECRET)
    return root


@contextlib.contextmanager
def sdk_clock(instant: datetime.datetime):
    """Make the SDK's signer and presigner see `instant` as the current time."""

    class FrozenDatetime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return instant.astimezone(tz) if tz is not None else instant.replace(tzinfo=None)

    shim = types.SimpleNamespace(datetime=FrozenDatetime, timezone=datetime.timezone,
                                 timedelta=datetime.timedelta)
    with mock.patch.object(sdk_v4, "datetime", shim), mock.patch.object(sdk_presigner, "datetime", shim):
        yield


def now_utc() -> datetime.datetime:
    return datetime.datetime.now(UTC).replace(microsecond=0)


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def error(self) -> Dict[str, str]:
        """The XML error body as {tag: text}."""
        root = ET.fromstring(self.body)
        assert root.tag == "Error", root.tag
        return {child.tag: child.text or "" for child in root}


class EmulatorTestCase(unittest.TestCase):
    """Runs one emulator for the whole class, stopped by PID when the class is done."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.mkdtemp(prefix="oss-emulator-test-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        cls.root = make_object_tree(cls.tmp)
        cls.emulator = EmulatorProcess(cls.root, CREDENTIALS, cnames={CNAME_HOST: BUCKET},
                                       region=REGION, endpoint_host="localhost")
        cls.emulator.start()
        cls.addClassCleanup(cls.emulator.stop)
        cls.port = cls.emulator.port

    # --- signing with the SDK ------------------------------------------------------------

    def client(self, style="virtual", ak=AK, sk=SK, token=None, region=REGION) -> oss.Client:
        cfg = oss.config.load_default()
        cfg.credentials_provider = oss.credentials.StaticCredentialsProvider(ak, sk, token)
        cfg.region = region
        host = {"virtual": "localhost", "path": "localhost", "ip": "127.0.0.1", "cname": CNAME_HOST}[style]
        cfg.endpoint = f"http://{host}:{self.port}"
        cfg.use_path_style = style == "path"
        cfg.use_cname = style == "cname"
        return oss.Client(cfg)

    def presign(self, key, *, bucket=BUCKET, style="virtual", ak=AK, sk=SK, token=None,
                region=REGION, expires=HOUR, signed_at=None, expiration=None, head=False,
                **request_fields) -> sdk_presigner.PresignResult:
        """High-level SDK presign; `signed_at` freezes the SDK clock for the signing time."""
        model = oss.HeadObjectRequest if head else oss.GetObjectRequest
        request = model(bucket=bucket, key=key, **request_fields)
        client = self.client(style, ak, sk, token, region)
        kwargs = {"expiration": expiration} if expiration is not None else {"expires": expires}
        with sdk_clock(signed_at) if signed_at is not None else contextlib.nullcontext():
            return client.presign(request, **kwargs)

    def sign_query(self, key, *, signed_at, expires_seconds, bucket=BUCKET, ak=AK, sk=SK,
                   token=None, headers=None, additional=None):
        """The SDK's SignerV4 directly, for what Client.presign cannot express (additional
        headers, an out-of-range expiry). Returns (url, signing context)."""
        request = HttpRequest("GET", f"http://{bucket}.localhost:{self.port}/{quote(key)}",
                              headers=headers or {})
        context = SigningContext(product="oss", region=REGION, bucket=bucket, key=key, request=request,
                                 credentials=oss.Credentials(ak, sk, token), signing_time=signed_at,
                                 additional_headers=set(additional) if additional else None)
        context.auth_method_query = True
        context.expiration_time = signed_at + datetime.timedelta(seconds=expires_seconds)
        oss.signer.SignerV4().sign(context)
        return request.url, context

    # --- fetching ------------------------------------------------------------------------

    def fetch(self, url: str, method="GET", headers=None, host=None) -> Response:
        """Send the URL's path and query to the emulator with the URL's Host (no DNS needed)."""
        parts = urlsplit(url)
        target = parts.path + ("?" + parts.query if parts.query else "")
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, target, headers={"Host": host or parts.netloc, **(headers or {})})
            resp = conn.getresponse()
            return Response(resp.status, resp.headers, resp.read())
        finally:
            conn.close()

    def assertObject(self, resp: Response, key: str) -> None:
        self.assertEqual(resp.status, 200, resp.body[:2000])
        self.assertEqual(resp.body, OBJECTS[key])
        self.assertEqual(resp.headers["Content-Length"], str(len(OBJECTS[key])))
        self.assertEqual(resp.headers["ETag"], '"%s"' % hashlib.md5(OBJECTS[key]).hexdigest().upper())
        self.assertTrue(resp.headers["Last-Modified"].endswith(" GMT"))

    def assertError(self, resp: Response, status: int, code: str, ec: Optional[str] = None,
                    message: Optional[str] = None) -> Dict[str, str]:
        """Status, OSS code and a well-formed OSS error body and headers."""
        self.assertEqual(resp.status, status, resp.body[:2000])
        self.assertEqual(resp.headers["Content-Type"], "application/xml")
        self.assertTrue(resp.body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<Error>'))
        error = resp.error()
        self.assertEqual(error["Code"], code, error.get("Message"))
        for tag in ("Message", "RequestId", "HostId", "EC"):
            self.assertIn(tag, error)
        self.assertRegex(error["RequestId"], r"^[0-9A-F]{24}$")
        self.assertEqual(resp.headers["x-oss-request-id"], error["RequestId"])
        self.assertEqual(resp.headers["x-oss-ec"], error["EC"])
        self.assertRegex(error["EC"], r"^\d{4}-\d{8}$")
        if ec is not None:
            self.assertEqual(error["EC"], ec)
        if message is not None:
            self.assertIn(message, error["Message"])
        return error


def replace_param(url: str, name: str, value: Optional[str]) -> str:
    """Replace (or with None, drop) one query parameter of a URL, keeping the rest verbatim."""
    parts = urlsplit(url)
    items = []
    found = False
    for item in parts.query.split("&"):
        if item.partition("=")[0] == name:
            found = True
            if value is not None:
                items.append(f"{name}={value}")
        else:
            items.append(item)
    assert found, f"{name} not in {url}"
    return parts._replace(query="&".join(items)).geturl()


def query_param(url: str, name: str) -> str:
    for item in urlsplit(url).query.split("&"):
        key, _, value = item.partition("=")
        if key == name:
            return value
    raise KeyError(name)


class ValidUrlTest(EmulatorTestCase):
    def test_virtual_hosted(self):
        for key in OBJECTS:
            with self.subTest(key=key):
                result = self.presign(key)
                self.assertTrue(urlsplit(result.url).netloc.startswith(f"{BUCKET}.localhost:"))
                self.assertObject(self.fetch(result.url), key)

    def test_path_style(self):
        for key in OBJECTS:
            with self.subTest(key=key):
                result = self.presign(key, style="path")
                self.assertTrue(urlsplit(result.url).path.startswith(f"/{BUCKET}/"))
                self.assertObject(self.fetch(result.url), key)

    def test_ip_endpoint_is_path_style(self):
        result = self.presign("dir/sub dir/a+b.txt", style="ip")
        self.assertEqual(urlsplit(result.url).netloc, f"127.0.0.1:{self.port}")
        self.assertObject(self.fetch(result.url), "dir/sub dir/a+b.txt")

    def test_custom_domain(self):
        for key in OBJECTS:
            with self.subTest(key=key):
                result = self.presign(key, style="cname")
                self.assertEqual(urlsplit(result.url).netloc, f"{CNAME_HOST}:{self.port}")
                self.assertObject(self.fetch(result.url), key)

    def test_encoded_key_characters_are_signed_and_decoded(self):
        # The SDK's path keeps '/', encodes space as %20 and '+' as %2B.
        result = self.presign("dir/sub dir/a+b.txt")
        self.assertIn("/dir/sub%20dir/a%2Bb.txt?", result.url)
        self.assertObject(self.fetch(result.url), "dir/sub dir/a+b.txt")
        # A literal '+' in the path is a plus, not a space: it names the same key.
        plus = result.url.replace("a%2Bb.txt", "a+b.txt")
        self.assertObject(self.fetch(plus), "dir/sub dir/a+b.txt")

    def test_head(self):
        result = self.presign("emoji/\U0001f680 launch.bin", head=True)
        resp = self.fetch(result.url, method="HEAD")
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.body, b"")
        self.assertEqual(resp.headers["Content-Length"], str(len(OBJECTS["emoji/\U0001f680 launch.bin"])))

    def test_method_is_signed(self):
        # A GET URL used for HEAD (or the reverse) has another canonical request.
        get_url = self.presign("hello.txt").url
        self.assertEqual(self.fetch(get_url, method="HEAD").status, 403)
        head_url = self.presign("hello.txt", head=True).url
        self.assertError(self.fetch(head_url), 403, "SignatureDoesNotMatch")

    def test_content_type_from_extension(self):
        cases = {"hello.txt": "text/plain", "img/photo.jpg": "image/jpeg",
                 "emoji/\U0001f680 launch.bin": "application/octet-stream"}
        for key, content_type in cases.items():
            with self.subTest(key=key):
                resp = self.fetch(self.presign(key).url)
                self.assertEqual(resp.status, 200)
                self.assertEqual(resp.headers["Content-Type"], content_type)

    def test_response_header_overrides(self):
        overrides = {
            "response_content_type": ("Content-Type", "application/json"),
            "response_content_disposition": ("Content-Disposition",
                                             "attachment; filename=\"a b+c.txt\"; filename*=UTF-8''a%20b"),
            "response_cache_control": ("Cache-Control", "no-cache, max-age=0"),
            "response_content_encoding": ("Content-Encoding", "identity"),
            "response_content_language": ("Content-Language", "zh-CN"),
            "response_expires": ("Expires", "Thu, 01 Jan 2026 00:00:00 GMT"),
        }
        result = self.presign("hello.txt", **{field: value for field, (_, value) in overrides.items()})
        resp = self.fetch(result.url)
        self.assertObject(resp, "hello.txt")
        for header, value in overrides.values():
            self.assertEqual(resp.headers[header], value)

    def test_process_and_traffic_limit_serve_the_original(self):
        result = self.presign("img/photo.jpg", process="image/resize,m_fill,w_200,h_200/format,webp",
                              parameters={"x-oss-traffic-limit": "819200"})
        self.assertIn("x-oss-process=image%2Fresize%2Cm_fill", result.url)
        self.assertIn("x-oss-traffic-limit=819200", result.url)
        self.assertObject(self.fetch(result.url), "img/photo.jpg")

    def test_keep_alive_connection(self):
        url = self.presign("hello.txt").url
        parts = urlsplit(url)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            for _ in range(3):
                conn.request("GET", f"{parts.path}?{parts.query}", headers={"Host": parts.netloc})
                resp = conn.getresponse()
                self.assertEqual((resp.status, resp.read()), (200, OBJECTS["hello.txt"]))
        finally:
            conn.close()


class RejectedUrlTest(EmulatorTestCase):
    def test_tampered_query_value(self):
        url = self.presign("hello.txt").url
        expires = int(query_param(url, "x-oss-expires"))
        tampered = replace_param(url, "x-oss-expires", str(expires - 1))
        self.assertError(self.fetch(tampered), 403, "SignatureDoesNotMatch", "0002-00000201")

    def test_tampered_signature_digit(self):
        url = self.presign("hello.txt").url
        signature = query_param(url, "x-oss-signature")
        flipped = signature[:10] + ("0" if signature[10] != "0" else "1") + signature[11:]
        error = self.assertError(self.fetch(replace_param(url, "x-oss-signature", flipped)),
                                 403, "SignatureDoesNotMatch")
        self.assertEqual(error["SignatureProvided"], flipped)
        self.assertEqual(error["OSSAccessKeyId"], AK)

    def test_tampered_key(self):
        url = self.presign("hello.txt").url
        other = url.replace("/hello.txt?", "/img/photo.jpg?")
        self.assertNotEqual(url, other)
        self.assertError(self.fetch(other), 403, "SignatureDoesNotMatch")

    def test_tampered_bucket(self):
        url = self.presign("hello.txt").url
        resp = self.fetch(url, host=f"{OTHER_BUCKET}.localhost:{self.port}")
        self.assertError(resp, 403, "SignatureDoesNotMatch")

    def test_added_parameter(self):
        url = self.presign("hello.txt").url + "&response-content-type=text%2Fhtml"
        self.assertError(self.fetch(url), 403, "SignatureDoesNotMatch")

    def test_other_secret(self):
        signed_at = now_utc()
        url, context = self.sign_query("hello.txt", signed_at=signed_at, expires_seconds=600,
                                       sk="not-the-secret")
        error = self.assertError(self.fetch(url), 403, "SignatureDoesNotMatch")
        # Only the key differs, so the emulator rebuilt the very string the SDK signed.
        self.assertEqual(error["StringToSign"], context.string_to_sign)
        # The same signing with the right secret passes.
        good, _ = self.sign_query("hello.txt", signed_at=signed_at, expires_seconds=600)
        self.assertObject(self.fetch(good), "hello.txt")

    def test_other_secret_through_presign(self):
        url = self.presign("hello.txt", sk="not-the-secret").url
        self.assertError(self.fetch(url), 403, "SignatureDoesNotMatch")

    def test_unknown_access_key(self):
        url = self.presign("hello.txt", ak="LTAI5tUnknownKey").url
        error = self.assertError(self.fetch(url), 403, "InvalidAccessKeyId")
        self.assertEqual(error["OSSAccessKeyId"], "LTAI5tUnknownKey")

    def test_wrong_region(self):
        url = self.presign("hello.txt", region="cn-beijing").url
        self.assertError(self.fetch(url), 400, "InvalidArgument", "0002-00000226",
                         "Invalid signing region")

    def test_expired(self):
        signed_at = now_utc() - 2 * HOUR
        url = self.presign("hello.txt", signed_at=signed_at,
                           expiration=signed_at + datetime.timedelta(seconds=60)).url
        self.assertEqual(query_param(url, "x-oss-expires"), "60")
        self.assertError(self.fetch(url), 403, "AccessDenied", "0002-00000236", "Request has expired.")

    def test_time_errors_carry_the_server_time(self):
        # OSS puts ServerTime (and, once expired, Expires) in these errors, so a
        # client can correct its clock; every answer has a Date header.
        signed_at = now_utc() - 2 * HOUR
        url = self.presign("hello.txt", signed_at=signed_at,
                           expiration=signed_at + datetime.timedelta(seconds=60)).url
        resp = self.fetch(url)
        error = self.assertError(resp, 403, "AccessDenied", "0002-00000236")
        self.assertEqual(error["Expires"],
                         (signed_at + datetime.timedelta(seconds=60)).strftime("%Y-%m-%dT%H:%M:%S.000Z"))
        server_time = datetime.datetime.strptime(error["ServerTime"], "%Y-%m-%dT%H:%M:%S.000Z")
        server_time = server_time.replace(tzinfo=datetime.timezone.utc)
        self.assertLess(abs((server_time - now_utc()).total_seconds()), 5)
        date = email.utils.parsedate_to_datetime(resp.headers["Date"])
        self.assertLess(abs((date - now_utc()).total_seconds()), 5)

        signed_at = now_utc() + datetime.timedelta(minutes=20)
        url = self.presign("hello.txt", signed_at=signed_at, expiration=signed_at + HOUR).url
        error = self.assertError(self.fetch(url), 403, "AccessDenied", "0002-00000235")
        self.assertIn("ServerTime", error)

    def test_signed_in_the_past_and_still_valid(self):
        signed_at = now_utc() - HOUR
        url = self.presign("hello.txt", signed_at=signed_at, expiration=signed_at + 2 * HOUR).url
        self.assertObject(self.fetch(url), "hello.txt")

    def test_signed_too_far_in_the_future(self):
        signed_at = now_utc() + datetime.timedelta(minutes=20)
        url = self.presign("hello.txt", signed_at=signed_at, expiration=signed_at + HOUR).url
        self.assertError(self.fetch(url), 403, "AccessDenied", "0002-00000235", "not valid yet")

    def test_signed_slightly_in_the_future(self):
        # Within the 15-minute allowance for clock error.
        signed_at = now_utc() + datetime.timedelta(minutes=5)
        url = self.presign("hello.txt", signed_at=signed_at, expiration=signed_at + HOUR).url
        self.assertObject(self.fetch(url), "hello.txt")

    def test_expires_zero(self):
        # The SDK does not check the lower bound; the service does.
        signed_at = now_utc()
        url = self.presign("hello.txt", signed_at=signed_at, expiration=signed_at).url
        self.assertEqual(query_param(url, "x-oss-expires"), "0")
        self.assertError(self.fetch(url), 403, "AccessDenied", "0002-00000232")

    def test_expires_above_seven_days(self):
        url, _ = self.sign_query("hello.txt", signed_at=now_utc(), expires_seconds=604801)
        self.assertError(self.fetch(url), 403, "AccessDenied", "0002-00000232")
        url, _ = self.sign_query("hello.txt", signed_at=now_utc(), expires_seconds=604800)
        self.assertObject(self.fetch(url), "hello.txt")

    def test_missing_signing_parameters(self):
        url = self.presign("hello.txt").url
        for name in ("x-oss-signature-version", "x-oss-credential", "x-oss-date", "x-oss-expires",
                     "x-oss-signature"):
            with self.subTest(name=name):
                error = self.assertError(self.fetch(replace_param(url, name, None)), 403, "AccessDenied")
                self.assertIn(name, error["Message"])

    def test_no_signature_at_all(self):
        self.assertError(self.fetch(f"http://{BUCKET}.localhost:{self.port}/hello.txt"),
                         403, "AccessDenied", "0003-00000001")

    def test_wrong_signature_version(self):
        url = replace_param(self.presign("hello.txt").url, "x-oss-signature-version", "OSS2")
        self.assertError(self.fetch(url), 403, "AccessDenied", message="x-oss-signature-version")

    def test_credential_date_differs_from_x_oss_date(self):
        url = self.presign("hello.txt").url
        credential = query_param(url, "x-oss-credential")
        date = query_param(url, "x-oss-date")[:8]
        other_day = (datetime.datetime.strptime(date, "%Y%m%d") - datetime.timedelta(days=1)).strftime("%Y%m%d")
        tampered = replace_param(url, "x-oss-credential", credential.replace(date, other_day))
        self.assertError(self.fetch(tampered), 403, "AccessDenied", message="x-oss-date")


class SkewedServerTest(EmulatorTestCase):
    """A server whose clock runs two hours ahead: right-clocked URLs look expired."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.mkdtemp(prefix="oss-emulator-test-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        cls.root = make_object_tree(cls.tmp)
        cls.emulator = EmulatorProcess(cls.root, CREDENTIALS, region=REGION,
                                       endpoint_host="localhost", time_offset=2 * 3600)
        cls.emulator.start()
        cls.addClassCleanup(cls.emulator.stop)
        cls.port = cls.emulator.port

    def test_a_url_signed_by_the_local_clock_has_expired_by_the_server_clock(self):
        resp = self.fetch(self.presign("hello.txt", expires=HOUR).url)
        error = self.assertError(resp, 403, "AccessDenied", "0002-00000236", "Request has expired.")
        server_time = datetime.datetime.strptime(error["ServerTime"], "%Y-%m-%dT%H:%M:%S.000Z")
        server_time = server_time.replace(tzinfo=datetime.timezone.utc)
        ahead = (server_time - now_utc()).total_seconds()
        self.assertLess(abs(ahead - 2 * 3600), 5)
        date = email.utils.parsedate_to_datetime(resp.headers["Date"])
        self.assertLess(abs((date - server_time).total_seconds()), 5)
        # Signed with the server's time, it is accepted.
        url = self.presign("hello.txt", signed_at=server_time, expires=HOUR).url
        self.assertObject(self.fetch(url), "hello.txt")


class StsTest(EmulatorTestCase):
    def test_right_token(self):
        result = self.presign("hello.txt", ak=STS_AK, sk=STS_SK, token=STS_TOKEN)
        # '+', '/' and '=' of the token are percent-encoded in the URL.
        self.assertIn("x-oss-security-token=" + quote(STS_TOKEN, safe=""), result.url)
        self.assertObject(self.fetch(result.url), "hello.txt")

    def test_without_token(self):
        url = self.presign("hello.txt", ak=STS_AK, sk=STS_SK).url
        self.assertNotIn("x-oss-security-token", url)
        self.assertError(self.fetch(url), 403, "InvalidAccessKeyId")

    def test_wrong_token(self):
        url = self.presign("hello.txt", ak=STS_AK, sk=STS_SK, token=STS_TOKEN + "x").url
        self.assertError(self.fetch(url), 403, "InvalidSecurityToken", "0002-00000006")

    def test_token_removed_from_url(self):
        url = self.presign("hello.txt", ak=STS_AK, sk=STS_SK, token=STS_TOKEN).url
        self.assertError(self.fetch(replace_param(url, "x-oss-security-token", None)),
                         403, "InvalidAccessKeyId")

    def test_token_with_a_permanent_key(self):
        url = self.presign("hello.txt", token=STS_TOKEN).url
        self.assertError(self.fetch(url), 403, "InvalidAccessKeyId", "0002-00000002")


class SignedHeaderTest(EmulatorTestCase):
    def test_signed_content_type(self):
        result = self.presign("hello.txt", headers={"Content-Type": "text/plain"})
        self.assertEqual(result.signed_headers, {"Content-Type": "text/plain"})
        self.assertObject(self.fetch(result.url, headers={"Content-Type": "text/plain"}), "hello.txt")
        self.assertError(self.fetch(result.url), 403, "SignatureDoesNotMatch")
        self.assertError(self.fetch(result.url, headers={"Content-Type": "text/html"}),
                         403, "SignatureDoesNotMatch")

    def test_signed_traffic_limit_header(self):
        # The SDK models traffic_limit as the header x-oss-traffic-limit, which it signs.
        result = self.presign("hello.txt", traffic_limit=819200)
        self.assertEqual(result.signed_headers, {"x-oss-traffic-limit": "819200"})
        self.assertObject(self.fetch(result.url, headers={"x-oss-traffic-limit": "819200"}), "hello.txt")
        self.assertError(self.fetch(result.url), 403, "SignatureDoesNotMatch")

    def test_unsigned_x_oss_header_breaks_the_signature(self):
        # Every x-oss-* header the client sends is part of the canonical request.
        url = self.presign("hello.txt").url
        self.assertError(self.fetch(url, headers={"x-oss-meta-extra": "1"}), 403, "SignatureDoesNotMatch")

    def test_other_headers_are_not_signed(self):
        url = self.presign("hello.txt").url
        self.assertObject(self.fetch(url, headers={"User-Agent": "x", "Accept": "*/*"}), "hello.txt")

    def test_additional_header(self):
        url, _ = self.sign_query("hello.txt", signed_at=now_utc(), expires_seconds=600,
                                 headers={"Range": "bytes=0-3"}, additional=["Range"])
        self.assertEqual(query_param(url, "x-oss-additional-headers"), "range")
        resp = self.fetch(url, headers={"Range": "bytes=0-3"})
        self.assertEqual((resp.status, resp.body), (206, OBJECTS["hello.txt"][:4]))
        self.assertError(self.fetch(url), 403, "SignatureDoesNotMatch")
        self.assertError(self.fetch(url, headers={"Range": "bytes=0-4"}), 403, "SignatureDoesNotMatch")


class ObjectLookupTest(EmulatorTestCase):
    def test_missing_object(self):
        error = self.assertError(self.fetch(self.presign("no/such key.txt").url), 404, "NoSuchKey")
        self.assertEqual(error["Key"], "no/such key.txt")

    def test_signature_is_checked_before_existence(self):
        url = self.presign("no/such key.txt", sk="not-the-secret").url
        self.assertError(self.fetch(url), 403, "SignatureDoesNotMatch")

    def test_missing_bucket(self):
        self.assertError(self.fetch(self.presign("hello.txt", bucket="nosuchbucket").url),
                         404, "NoSuchBucket")

    def test_keys_cannot_leave_the_bucket(self):
        for key in ("../otherbucket/secret.txt", "../../outside.txt", "dir/../hello.txt",
                    "./hello.txt", "dir//hello.txt"):
            with self.subTest(key=key):
                for style in ("virtual", "path"):
                    resp = self.fetch(self.presign(key, style=style).url)
                    self.assertNotEqual(resp.body, SECRET)
                    self.assertError(resp, 404, "NoSuchKey")

    def test_encoded_dot_segments_name_the_same_key(self):
        url = self.presign("../otherbucket/secret.txt").url
        encoded = url.replace("/../otherbucket/", "/%2E%2E/otherbucket/")
        self.assertNotEqual(url, encoded)
        resp = self.fetch(encoded)
        self.assertNotEqual(resp.body, SECRET)
        self.assertError(resp, 404, "NoSuchKey")

    def test_unknown_host(self):
        url = self.presign("hello.txt").url
        self.assertError(self.fetch(url, host=f"example.com:{self.port}"), 400, "InvalidArgument")

    def test_other_methods(self):
        url = self.presign("hello.txt").url
        for method in ("PUT", "POST", "DELETE", "PATCH", "OPTIONS"):
            with self.subTest(method=method):
                error = self.assertError(self.fetch(url, method=method), 405, "MethodNotAllowed")
                self.assertEqual(error["Method"], method)

    def test_error_body_parses(self):
        resp = self.fetch(self.presign("no-such-object").url)
        self.assertEqual(resp.status, 404)
        root = ET.fromstring(resp.body)
        self.assertEqual([child.tag for child in root][:4], ["Code", "Message", "RequestId", "HostId"])
        self.assertEqual(root.findtext("Code"), "NoSuchKey")
        self.assertEqual(root.findtext("Message"), "The specified key does not exist.")
        self.assertEqual(root.findtext("RequestId"), resp.headers["x-oss-request-id"])
        self.assertEqual(root.findtext("EC"), resp.headers["x-oss-ec"])


def sdk_crc64(data: bytes) -> str:
    crc = Crc64(0)
    crc.update(data)
    return str(crc.sum64())


def md5_etag(data: bytes) -> str:
    return '"%s"' % hashlib.md5(data).hexdigest().upper()


class ObjectAnswerTest(EmulatorTestCase):
    """ETag, CRC-64, byte ranges and If-Match, as OSS answers them."""

    def put(self, key: str, data: bytes) -> None:
        """Stores (or overwrites) an object directly in the emulator's tree."""
        path = os.path.join(self.root, BUCKET, *key.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)

    def get(self, key: str, headers=None, **presign_fields) -> Response:
        return self.fetch(self.presign(key, **presign_fields).url, headers=headers)

    def test_crc64_is_oss_crc64ecma(self):
        # "123456789": CRC-64/XZ's check value 0x995DC9BBDF1939FA, which Alibaba's Java SDK's
        # tests also use (aliyun-oss-java-sdk, CRC64UtilTest.java).
        self.put("check.txt", b"123456789")
        self.assertEqual(self.get("check.txt").headers["x-oss-hash-crc64ecma"], "11051210869376104954")
        for key, data in OBJECTS.items():
            with self.subTest(key=key):
                self.assertEqual(self.get(key).headers["x-oss-hash-crc64ecma"], sdk_crc64(data))

    def test_strong_etag_follows_the_bytes(self):
        self.put("changing.bin", b"first version")
        first = self.get("changing.bin")
        self.assertEqual(first.headers["ETag"], md5_etag(b"first version"))
        self.assertFalse(first.headers["ETag"].startswith("W/"))
        self.put("changing.bin", b"second version")
        second = self.get("changing.bin")
        self.assertEqual(second.body, b"second version")
        self.assertNotEqual(second.headers["ETag"], first.headers["ETag"])
        self.assertNotEqual(second.headers["x-oss-hash-crc64ecma"], first.headers["x-oss-hash-crc64ecma"])

    def test_head_has_the_headers_and_no_body(self):
        key = "emoji/\U0001f680 launch.bin"
        data = OBJECTS[key]
        url = self.presign(key, head=True).url
        for headers in ({}, {"Range": "bytes=10-"}):
            with self.subTest(headers=headers):
                resp = self.fetch(url, method="HEAD", headers=headers)
                self.assertEqual((resp.status, resp.body), (200, b""))
                self.assertEqual(resp.headers["Content-Length"], str(len(data)))
                self.assertEqual(resp.headers["ETag"], md5_etag(data))
                self.assertEqual(resp.headers["x-oss-hash-crc64ecma"], sdk_crc64(data))
                self.assertEqual(resp.headers["Accept-Ranges"], "bytes")

    def test_ranges(self):
        data = OBJECTS["emoji/\U0001f680 launch.bin"]
        size = len(data)
        cases = {"bytes=100-": (100, size - 1), "bytes=0-": (0, size - 1), "bytes=0-3": (0, 3),
                 f"bytes={size - 1}-": (size - 1, size - 1), "bytes=-10": (size - 10, size - 1),
                 f"bytes=5-{size - 1}": (5, size - 1)}
        for header, (first, last) in cases.items():
            with self.subTest(range=header):
                resp = self.get("emoji/\U0001f680 launch.bin", headers={"Range": header})
                self.assertEqual(resp.status, 206)
                self.assertEqual(resp.body, data[first:last + 1])
                self.assertEqual(resp.headers["Content-Range"], f"bytes {first}-{last}/{size}")
                self.assertEqual(resp.headers["Content-Length"], str(last + 1 - first))
                # The checksum and tag describe the object, not the part.
                self.assertEqual(resp.headers["x-oss-hash-crc64ecma"], sdk_crc64(data))
                self.assertEqual(resp.headers["ETag"], md5_etag(data))
                self.assertEqual(resp.headers["Accept-Ranges"], "bytes")

    def test_ranges_oss_cannot_serve_give_the_whole_object(self):
        # OSS's documented default: such a Range is ignored, 200 with the whole object.
        key = "hello.txt"
        size = len(OBJECTS[key])
        for header in (f"bytes={size}-", f"bytes=2-{size}", "bytes=5-2", "bytes=-0", "bytes=0-1,3-4",
                       "bytes=a-", "items=0-1", f"bytes=-{size + 1}"):
            with self.subTest(range=header):
                resp = self.get(key, headers={"Range": header})
                self.assertObject(resp, key)
                self.assertNotIn("Content-Range", resp.headers)

    def test_standard_range_behavior(self):
        # With x-oss-range-behavior: standard (an x-oss-* header, so signed): 416 InvalidRange
        # for a start past the end, an end past it is cut.
        key = "hello.txt"
        data = OBJECTS[key]
        result = self.presign(key, range_behavior="standard")
        self.assertEqual(result.signed_headers, {"x-oss-range-behavior": "standard"})
        standard = {"x-oss-range-behavior": "standard"}
        resp = self.fetch(result.url, headers={**standard, "Range": f"bytes={len(data)}-"})
        error = self.assertError(resp, 416, "InvalidRange", "0017-00000416")
        self.assertEqual(resp.headers["Content-Range"], f"bytes */{len(data)}")
        self.assertEqual(error["ActualObjectSize"], str(len(data)))
        resp = self.fetch(result.url, headers={**standard, "Range": "bytes=2-1000"})
        self.assertEqual((resp.status, resp.body), (206, data[2:]))
        self.assertEqual(resp.headers["Content-Range"], f"bytes 2-{len(data) - 1}/{len(data)}")
        self.assertError(self.fetch(result.url, headers={**standard, "Range": "bytes=0-1,3-4"}),
                         416, "InvalidRange")

    def test_if_match(self):
        key = "hello.txt"
        data = OBJECTS[key]
        etag = md5_etag(data)
        for if_match in (etag, "*", f'"0000", {etag}'):
            with self.subTest(if_match=if_match):
                self.assertObject(self.get(key, headers={"If-Match": if_match}), key)
        resp = self.get(key, headers={"If-Match": etag, "Range": "bytes=6-"})
        self.assertEqual((resp.status, resp.body), (206, data[6:]))
        for if_match in ('"0123456789ABCDEF0123456789ABCDEF"', "W/" + etag, etag.strip('"')):
            with self.subTest(if_match=if_match):
                # Checked before the range: a stale tag never gets a part of another version.
                resp = self.get(key, headers={"If-Match": if_match, "Range": "bytes=6-"})
                error = self.assertError(resp, 412, "PreconditionFailed", "0017-00001001")
                self.assertEqual(error["Condition"], "If-Match")
        resp = self.fetch(self.presign(key, head=True).url, method="HEAD", headers={"If-Match": '"0"'})
        self.assertEqual((resp.status, resp.body), (412, b""))

    def test_signature_and_existence_come_before_if_match(self):
        self.assertError(self.get("hello.txt", headers={"If-Match": '"0"'}, sk="not-the-secret"),
                         403, "SignatureDoesNotMatch")
        self.assertError(self.get("no-such-key", headers={"If-Match": '"0"'}), 404, "NoSuchKey")


def read_cut(resp: http.client.HTTPResponse) -> bytes:
    """The body of an answer that may end before its Content-Length (returned as far as it got)."""
    try:
        return resp.read()
    except http.client.IncompleteRead as e:
        return b"CUT:" + e.partial


class FaultTest(EmulatorTestCase):
    """Fault rules armed over the control endpoint, and the request log."""

    BIG = random.Random(18).randbytes(300_000)

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        with open(os.path.join(cls.root, BUCKET, "big.bin"), "wb") as f:
            f.write(cls.BIG)

    def setUp(self):
        self.emulator.arm([])
        self.emulator.clear_requests()

    def get(self, key="big.bin", headers=None, timeout=10.0):
        """GET through a presigned URL: (status, body, or b"CUT:" + the bytes before a cut)."""
        parts = urlsplit(self.presign(key).url)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request("GET", f"{parts.path}?{parts.query}",
                         headers={"Host": parts.netloc, **(headers or {})})
            resp = conn.getresponse()
            return resp.status, read_cut(resp)
        finally:
            conn.close()

    def test_request_log(self):
        url = self.presign("big.bin").url
        etag = md5_etag(self.BIG)
        resp = self.fetch(url, headers={"Range": "bytes=1000-", "If-Match": etag})
        self.assertEqual(resp.status, 206)
        self.fetch(self.presign("big.bin", head=True).url, method="HEAD")
        self.fetch(self.presign("no-such-key").url)
        first, head, missing = self.emulator.requests()
        self.assertEqual(first["n"], 1)
        self.assertEqual((first["method"], first["range"], first["if_match"]), ("GET", "bytes=1000-", etag))
        self.assertEqual(first["signature"], query_param(url, "x-oss-signature"))
        self.assertEqual(first["x_oss_date"], query_param(url, "x-oss-date"))
        self.assertEqual(first["target"], url.split(f":{self.port}", 1)[1])
        self.assertEqual(first["host"], f"{BUCKET}.localhost:{self.port}")
        self.assertEqual((first["status"], first["code"]), (206, None))
        self.assertEqual(first["content_length"], len(self.BIG) - 1000)
        self.assertEqual(first["bytes_sent"], len(self.BIG) - 1000)
        self.assertEqual((first["faults"], first["pauses"]), ([], []))
        self.assertEqual((head["n"], head["method"], head["status"], head["bytes_sent"]), (2, "HEAD", 200, 0))
        self.assertEqual(head["content_length"], len(self.BIG))
        self.assertEqual((missing["status"], missing["code"], missing["range"]), (404, "NoSuchKey", None))
        self.assertEqual(missing["bytes_sent"], missing["content_length"])
        # Reading the log is not a request; clearing empties it.
        self.assertEqual(len(self.emulator.requests()), 3)
        self.emulator.clear_requests()
        self.assertEqual(self.emulator.requests(), [])

    def test_cut_after_k_bytes_on_the_nth_request(self):
        self.emulator.arm([{"request": 2, "cut_after": 100_000}])
        self.assertEqual(self.get(), (200, self.BIG))
        self.assertEqual(self.get(), (200, b"CUT:" + self.BIG[:100_000]))
        self.assertEqual(self.get(), (200, self.BIG))
        log = self.emulator.requests()
        self.assertEqual([e["bytes_sent"] for e in log], [len(self.BIG), 100_000, len(self.BIG)])
        self.assertEqual([e["content_length"] for e in log], [len(self.BIG)] * 3)
        self.assertEqual([e["faults"] for e in log], [[], ["cut_after=100000"], []])

    def test_cut_of_a_range_counts_the_answers_bytes(self):
        self.emulator.arm([{"request": 1, "cut_after": 10}])
        status, body = self.get(headers={"Range": "bytes=200000-"})
        self.assertEqual((status, body), (206, b"CUT:" + self.BIG[200_000:200_010]))

    def test_delay_before_a_cut(self):
        self.emulator.arm([{"request": 1, "cut_after": 5, "delay": 0.5}])
        self.assertEqual(self.get(), (200, b"CUT:" + self.BIG[:5]))
        # The emulator logs each pause it took (after which byte, how long): no clock here.
        (entry,) = self.emulator.requests()
        self.assertEqual((entry["bytes_sent"], entry["pauses"]), (5, [[5, 0.5]]))
        self.assertEqual(entry["faults"], ["cut_after=5 delay=0.5"])

    def test_stall_after_k_bytes(self):
        # A client that waits out the stall gets everything; one with a shorter read
        # timeout gives up after the first K bytes.
        self.emulator.arm([{"request": 1, "stall_after": 1000, "stall": 0.3}])
        self.assertEqual(self.get(timeout=10), (200, self.BIG))
        self.assertEqual(self.emulator.requests()[-1]["pauses"], [[1000, 0.3]])
        self.emulator.arm([{"request": 1, "stall_after": 1000, "stall": 3}])
        with self.assertRaises(TimeoutError):
            self.get(timeout=0.5)
        self.assertEqual(self.emulator.requests()[-1]["faults"], ["stall_after=1000 stall=3"])

    def test_flipped_byte_breaks_the_crc(self):
        self.emulator.arm([{"cut_after": None, "flip_byte": 7}])
        for _ in range(2):  # no "request": every request
            resp = self.fetch(self.presign("big.bin").url)
            self.assertEqual(resp.status, 200)
            self.assertEqual(len(resp.body), len(self.BIG))
            self.assertEqual([i for i in range(len(self.BIG)) if resp.body[i] != self.BIG[i]], [7])
            self.assertEqual(resp.headers["x-oss-hash-crc64ecma"], sdk_crc64(self.BIG))
            self.assertNotEqual(sdk_crc64(resp.body), resp.headers["x-oss-hash-crc64ecma"])

    def test_object_replaced_between_requests(self):
        old, new = b"old version " * 1000, b"new version " * 900
        path = os.path.join(self.root, BUCKET, "replaced.bin")
        with open(path, "wb") as f:
            f.write(old)
        source = os.path.join(self.tmp, "new.bin")
        with open(source, "wb") as f:
            f.write(new)
        self.emulator.arm([{"request": 1, "cut_after": 100}, {"request": 2, "replace_with": source}])
        self.assertEqual(self.get("replaced.bin"), (200, b"CUT:" + old[:100]))
        # The resumed request names the first answer's tag: the object changed, 412.
        status, body = self.get("replaced.bin", headers={"Range": "bytes=100-", "If-Match": md5_etag(old)})
        self.assertEqual(status, 412)
        self.assertIn(b"<Code>PreconditionFailed</Code>", body)
        resp = self.fetch(self.presign("replaced.bin").url)
        self.assertEqual(resp.body, new)
        self.assertEqual(resp.headers["ETag"], md5_etag(new))
        self.assertEqual(resp.headers["x-oss-hash-crc64ecma"], sdk_crc64(new))
        self.assertEqual(self.emulator.requests()[1]["faults"], [f"replace_with={source}"])

    def test_bad_rules_are_refused(self):
        for rules in ([{"request": 1, "cut_afte": 5}], [{"request": 0, "cut_after": 5}],
                      [{"cut_after": -1}], [{"delay": 1}], [{"stall_after": 5}], [{"stall": 1}],
                      [{"request": True, "cut_after": 1}], ["cut"], {"request": 1}):
            with self.subTest(rules=rules), self.assertRaises(EmulatorError) as caught:
                control(self.port, "PUT", "faults", rules)
            self.assertIn("HTTP 400", str(caught.exception))
        with self.assertRaises(EmulatorError):
            control(self.port, "POST", "faults", [])
        # A refused script leaves the previous one armed.
        self.emulator.arm([{"request": 1, "cut_after": 3}])
        with self.assertRaises(EmulatorError):
            control(self.port, "PUT", "faults", [{"cut_after": "3"}])
        self.assertEqual(self.get(), (200, b"CUT:" + self.BIG[:3]))

    def test_control_is_path_style_only(self):
        # On a bucket's host, /_emulator/... is an object key like any other.
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", "/_emulator/requests", headers={"Host": f"{BUCKET}.localhost:{self.port}"})
            resp = conn.getresponse()
            self.assertEqual(resp.status, 403)
            resp.read()
        finally:
            conn.close()

    def test_command_line(self):
        launcher = os.path.join(HERE, "emulator_process.py")
        armed = subprocess.run([sys.executable, launcher, "arm", "--port", str(self.port),
                                '[{"request": 1, "cut_after": 4}]'], capture_output=True, text=True,
                               timeout=30)
        self.assertEqual(armed.returncode, 0, armed.stderr)
        self.assertEqual(json.loads(armed.stdout), {"armed": 1})
        self.assertEqual(self.get(), (200, b"CUT:" + self.BIG[:4]))
        listed = subprocess.run([sys.executable, launcher, "requests", "--port", str(self.port), "--clear"],
                                capture_output=True, text=True, timeout=30)
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertEqual([e["bytes_sent"] for e in json.loads(listed.stdout)], [4])
        self.assertEqual(self.emulator.requests(), [])
        refused = subprocess.run([sys.executable, launcher, "arm", "--port", str(self.port), "[{\"x\": 1}]"],
                                 capture_output=True, text=True, timeout=30)
        self.assertEqual(refused.returncode, 1)
        self.assertIn("HTTP 400", refused.stderr)


class KnownAnswerTest(unittest.TestCase):
    """The worked example of the specification (vector G1), checked without HTTP."""

    QUERY = ("x-oss-credential=ak%2F20240102%2Fcn-hangzhou%2Foss%2Faliyun_v4_request"
             "&x-oss-date=20240102T030405Z&x-oss-expires=3600"
             "&x-oss-signature-version=OSS4-HMAC-SHA256"
             "&x-oss-signature=0e8a63b97cdaf20d0510524d7cdb6ab454c19d5bd18535fef162617d34682898")
    STRING_TO_SIGN = ("OSS4-HMAC-SHA256\n20240102T030405Z\n20240102/cn-hangzhou/oss/aliyun_v4_request\n"
                      "e0e981c51f6e2c5fec30bf9a68e9d5924cff182929411473832c465ac1a13a27")
    SIGNED_AT = 1704164645  # 2024-01-02T03:04:05Z

    def setUp(self):
        self.config = oss_emulator.Config(
            root="/nonexistent", credentials={"ak": oss_emulator.Credential("ak", "sk")})

    def verify(self, query, now=SIGNED_AT + 10, key="exampleobject.txt"):
        return oss_emulator.verify_presigned("GET", "examplebucket", key, query, [], self.config, now)

    def test_accepts_vector(self):
        self.assertEqual(self.verify(self.QUERY).string_to_sign, self.STRING_TO_SIGN)

    def test_query_order_does_not_matter(self):
        self.verify("&".join(reversed(self.QUERY.split("&"))))

    def test_rejects_other_key_with_the_same_string_prefix(self):
        with self.assertRaises(oss_emulator.OssError) as caught:
            self.verify(self.QUERY, key="exampleobject.txt2")
        self.assertEqual(caught.exception.code, "SignatureDoesNotMatch")

    def test_rejects_tampered_signature(self):
        with self.assertRaises(oss_emulator.OssError) as caught:
            self.verify(self.QUERY[:-1] + "9")
        self.assertEqual(caught.exception.code, "SignatureDoesNotMatch")
        self.assertEqual(caught.exception.element("StringToSign"), self.STRING_TO_SIGN)

    def test_window_boundaries(self):
        self.verify(self.QUERY, now=self.SIGNED_AT - 15 * 60)
        self.verify(self.QUERY, now=self.SIGNED_AT + 3600)
        for now, ec in ((self.SIGNED_AT - 15 * 60 - 1, "0002-00000235"),
                        (self.SIGNED_AT + 3601, "0002-00000236")):
            with self.subTest(now=now):
                with self.assertRaises(oss_emulator.OssError) as caught:
                    self.verify(self.QUERY, now=now)
                self.assertEqual(caught.exception.ec, ec)


class ProcessTest(unittest.TestCase):
    """Starting and stopping the emulator process by PID."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="oss-emulator-test-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.root = make_object_tree(self.tmp)
        self.credentials_file = os.path.join(self.tmp, "credentials.json")
        with open(self.credentials_file, "w", encoding="utf-8") as f:
            f.write('[{"access_key_id": "%s", "access_key_secret": "%s"}]' % (AK, SK))

    def assertGone(self, pid):
        self.assertFalse(pid_alive(pid), f"process {pid} still running")

    def test_context_manager_stops_by_pid(self):
        with EmulatorProcess(self.root, CREDENTIALS) as emulator:
            pid, port = emulator.pid, emulator.port
            self.assertTrue(pid_alive(pid))
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
        self.assertEqual(emulator.returncode, 0)
        self.assertGone(pid)

    def test_start_failure_reports_stderr(self):
        emulator = EmulatorProcess(self.root, [{"access_key_id": "no secret"}])
        with self.assertRaises(EmulatorError) as caught:
            emulator.start()
        self.assertIn("cannot load credentials", str(caught.exception))
        self.assertIsNotNone(emulator.returncode)

    def test_direct_run_with_port_and_pid_files(self):
        port_file = os.path.join(self.tmp, "port")
        pid_file = os.path.join(self.tmp, "pid")
        process = subprocess.Popen(
            [sys.executable, EMULATOR_SCRIPT, "--root", self.root, "--credentials", self.credentials_file,
             "--port-file", port_file, "--pid-file", pid_file, "--quiet"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: process.poll() is None and process.kill())
        line = process.stdout.readline()
        self.assertRegex(line, r"^listening on 127\.0\.0\.1:\d+\n$")
        with open(port_file) as f:
            self.assertEqual(line.strip().rsplit(":", 1)[1], f.read().strip())
        with open(pid_file) as f:
            self.assertEqual(int(f.read()), process.pid)
        process.send_signal(signal.SIGINT)
        self.assertEqual(process.wait(10), 0)
        process.stdout.close()
        process.stderr.close()
        self.assertFalse(os.path.exists(port_file))
        self.assertFalse(os.path.exists(pid_file))

    def test_shell_start_and_stop(self):
        pid_file = os.path.join(self.tmp, "emulator.pid")
        log_file = os.path.join(self.tmp, "emulator.log")
        launcher = os.path.join(HERE, "emulator_process.py")
        started = subprocess.run(
            [sys.executable, launcher, "start", "--pid-file", pid_file, "--log", log_file, "--",
             "--root", self.root, "--credentials", self.credentials_file],
            capture_output=True, text=True, timeout=30)
        self.assertEqual(started.returncode, 0, started.stderr)
        with open(pid_file) as f:
            pid = int(f.read())
        self.addCleanup(lambda: pid_alive(pid) and os.kill(pid, signal.SIGKILL))
        port = int(started.stdout)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/hello.txt", headers={"Host": f"{BUCKET}.localhost"})
        self.assertEqual(conn.getresponse().status, 403)
        conn.close()

        stopped = subprocess.run([sys.executable, launcher, "stop", "--pid-file", pid_file],
                                 capture_output=True, text=True, timeout=30)
        self.assertEqual(stopped.returncode, 0, stopped.stderr)
        self.assertGone(pid)
        self.assertFalse(os.path.exists(pid_file))
        with open(log_file) as f:
            self.assertIn("GET /hello.txt 403 AccessDenied", f.read())

    def test_stop_refuses_a_pid_that_is_not_the_emulator(self):
        sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        self.addCleanup(sleeper.wait)
        self.addCleanup(sleeper.kill)
        stopped = subprocess.run([sys.executable, os.path.join(HERE, "emulator_process.py"), "stop",
                                  "--pid", str(sleeper.pid)], capture_output=True, text=True, timeout=30)
        self.assertEqual(stopped.returncode, 1)
        self.assertIsNone(sleeper.poll())


if __name__ == "__main__":
    unittest.main()
