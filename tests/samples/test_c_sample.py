"""The C download sample (examples/c/oss_get.c) on a network that fails on cue.

Each test runs the built `oss_get` against the loopback OSS emulator (signatures judged by
Alibaba's SDK), arms the emulator's faults (cuts, stalls, a replaced object, flipped bytes,
a skewed clock) and reads its request log to check what the sample sent: Range and If-Match,
fresh signatures, how many bytes were transferred; a Range and an If-Match signed with
`--header`; and `--head`, a presigned HEAD.

    cargo build --release --lib && make -C examples/c
    target/venv/bin/python -m unittest discover -s tests/samples -v

OSS_GET names the sample's binary (default: target/c-example/oss_get).
"""

import datetime
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "emulator"))

from emulator_process import EmulatorProcess  # noqa: E402

OSS_GET = os.environ.get("OSS_GET", os.path.join(REPO, "target", "c-example", "oss_get"))
REGION = "cn-hangzhou"
BUCKET = "c-sample-bucket"
KEY = "media/big object.bin"
MIB = 1 << 20
DATA = random.Random(18).randbytes(3 * MIB)
AK = "LTAI5tCSample" + "".join(random.choice("abcdefghijkmnpqrstuvwxyz") for _ in range(8))
SK = "sk-" + os.urandom(12).hex()


def etag_of(data: bytes) -> str:
    return '"%s"' % hashlib.md5(data).hexdigest().upper()


def signing_time(entry: dict) -> datetime.datetime:
    return datetime.datetime.strptime(entry["x_oss_date"], "%Y%m%dT%H%M%SZ")


class SampleTestCase(unittest.TestCase):
    """One emulator (clock offset TIME_OFFSET) for the class; a fresh folder per test."""

    TIME_OFFSET = 0.0

    @classmethod
    def setUpClass(cls) -> None:
        if not os.access(OSS_GET, os.X_OK):
            raise AssertionError(f"{OSS_GET} is missing: cargo build --release --lib && "
                                 "make -C examples/c")
        cls.tmp = tempfile.mkdtemp(prefix="oss-c-sample-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        cls.root = os.path.join(cls.tmp, "objects")
        cls.put(KEY, DATA)
        cls.emulator = EmulatorProcess(cls.root, [{"access_key_id": AK, "access_key_secret": SK}],
                                       region=REGION, time_offset=cls.TIME_OFFSET)
        cls.emulator.start()
        cls.addClassCleanup(cls.emulator.stop)

    @classmethod
    def put(cls, key: str, data: bytes) -> str:
        path = os.path.join(cls.root, BUCKET, *key.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def setUp(self) -> None:
        self.emulator.arm([])
        self.emulator.clear_requests()
        self.dir = tempfile.mkdtemp(dir=self.tmp)
        self.output = os.path.join(self.dir, "out.bin")

    def command(self, *options: str, key: str = KEY, output: bool = True) -> list:
        port = self.emulator.port
        return [OSS_GET, "--endpoint", f"http://localhost:{port}", "--region", REGION,
                "--resolve", f"{BUCKET}.localhost:{port}:127.0.0.1", *options, BUCKET, key,
                *([self.output] if output else [])]

    def environment(self) -> dict:
        env = dict(os.environ, OSS_ACCESS_KEY_ID=AK, OSS_ACCESS_KEY_SECRET=SK)
        env.pop("OSS_SESSION_TOKEN", None)
        return env

    def run_sample(self, *options: str, key: str = KEY, output: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(self.command(*options, key=key, output=output), env=self.environment(),
                              capture_output=True, text=True, timeout=120)

    def gets(self) -> list:
        return [r for r in self.emulator.requests() if r["method"] == "GET"]

    def heads(self) -> list:
        return [r for r in self.emulator.requests() if r["method"] == "HEAD"]

    def assertDownloaded(self, result: subprocess.CompletedProcess, data: bytes = DATA) -> None:
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        with open(self.output, "rb") as f:
            self.assertTrue(f.read() == data, "OUTPUT differs from the object")
        self.assertEqual(sorted(os.listdir(self.dir)), ["out.bin"], "partial files left behind")

    def assertNothingWritten(self) -> None:
        self.assertEqual(os.listdir(self.dir), [])


class DownloadTest(SampleTestCase):
    def test_whole_download(self):
        result = self.run_sample()
        self.assertDownloaded(result)
        self.assertIn("CRC-64 checked", result.stdout)
        (get,) = self.gets()
        self.assertEqual((get["status"], get["range"], get["if_match"]), (200, None, None))
        self.assertEqual(get["bytes_sent"], len(DATA))

    def test_empty_object(self):
        self.put("media/empty.txt", b"")
        self.assertDownloaded(self.run_sample(key="media/empty.txt"), b"")

    def test_cut_at_one_mib_then_resumed(self):
        self.emulator.arm([{"request": 1, "cut_after": MIB}])
        result = self.run_sample()
        self.assertDownloaded(result)
        first, second = self.gets()
        self.assertEqual((first["status"], first["bytes_sent"]), (200, MIB))
        self.assertEqual(second["range"], f"bytes={MIB}-")
        self.assertEqual(second["if_match"], etag_of(DATA))
        self.assertEqual(second["status"], 206)
        transferred = first["bytes_sent"] + second["bytes_sent"]
        self.assertLess(transferred, 1.5 * len(DATA))
        self.assertIn("cut short at byte 1048576", result.stderr)

    def test_object_replaced_after_the_cut(self):
        old = random.Random(1).randbytes(2 * MIB)
        new = random.Random(2).randbytes(MIB + 12345)
        self.put("media/replaced.bin", old)
        source = os.path.join(self.dir, "..", "new-version.bin")
        with open(source, "wb") as f:
            f.write(new)
        self.emulator.arm([{"request": 1, "cut_after": MIB}, {"request": 2, "replace_with": source}])
        result = self.run_sample(key="media/replaced.bin")
        self.assertDownloaded(result, new)
        first, second, third = self.gets()
        self.assertEqual((second["range"], second["if_match"]), (f"bytes={MIB}-", etag_of(old)))
        self.assertEqual(second["status"], 412)
        self.assertEqual((third["status"], third["range"], third["if_match"]), (200, None, None))

    def test_saved_bytes_past_the_end_start_over(self):
        # OSS answers a Range it cannot serve with the whole object (200): it replaces them.
        with open(self.output + ".part", "wb") as f:
            f.write(b"x" * (len(DATA) + 10))
        with open(self.output + ".part.etag", "w") as f:
            f.write(etag_of(DATA) + "\n")
        result = self.run_sample()
        self.assertDownloaded(result)
        (get,) = self.gets()
        self.assertEqual((get["range"], get["status"]), (f"bytes={len(DATA) + 10}-", 200))

    def test_url_expired_between_attempts(self):
        # The cut comes 3 s after the first byte: the 2-second URL has expired by then.
        self.emulator.arm([{"request": 1, "cut_after": MIB, "delay": 3}])
        result = self.run_sample("--expires", "2")
        self.assertDownloaded(result)
        first, second = self.gets()
        self.assertEqual((second["status"], second["range"]), (206, f"bytes={MIB}-"))
        self.assertNotEqual(second["signature"], first["signature"])
        self.assertGreater(signing_time(second), signing_time(first))
        self.assertIn("expired: presigned again", result.stderr)

    def test_killed_and_run_again(self):
        self.emulator.arm([{"request": 1, "stall_after": MIB, "stall": 20}])
        process = subprocess.Popen(self.command(), env=self.environment(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(lambda: process.poll() is None and process.kill())
        part = self.output + ".part"
        deadline = time.monotonic() + 60
        while not (os.path.exists(part + ".etag") and os.path.getsize(part) == MIB):
            self.assertLess(time.monotonic(), deadline, "the first MiB never arrived")
            self.assertIsNone(process.poll(), "oss_get ended before it was killed")
            time.sleep(0.05)
        # A second oss_get on the same OUTPUT refuses to write beside the first.
        busy = self.run_sample()
        self.assertEqual(busy.returncode, 1)
        self.assertIn("being written by another process", busy.stderr)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
        self.assertFalse(os.path.exists(self.output))

        self.emulator.arm([])
        self.emulator.clear_requests()
        result = self.run_sample()
        self.assertDownloaded(result)
        self.assertIn(f"resuming: {MIB} bytes saved", result.stdout)
        (get,) = self.gets()
        self.assertEqual((get["range"], get["if_match"], get["status"]),
                         (f"bytes={MIB}-", etag_of(DATA), 206))
        self.assertEqual(get["bytes_sent"], len(DATA) - MIB)

    def test_missing_object(self):
        result = self.run_sample(key="media/no such object.bin")
        self.assertEqual(result.returncode, 1)
        self.assertIn("OSS error NoSuchKey", result.stderr)
        self.assertNothingWritten()
        self.assertEqual(len(self.gets()), 1)

    def test_crc_mismatch_downloads_again_from_zero(self):
        self.emulator.arm([{"request": 1, "flip_byte": 123456}])
        result = self.run_sample()
        self.assertDownloaded(result)
        self.assertIn("CRC-64 mismatch", result.stderr)
        first, second = self.gets()
        self.assertEqual((second["range"], second["if_match"], second["status"]), (None, None, 200))

    def test_crc_mismatch_twice_fails(self):
        self.emulator.arm([{"flip_byte": 123456}])  # every request
        result = self.run_sample()
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.count("CRC-64 mismatch"), 2, result.stderr)
        self.assertIn("arrived corrupted twice", result.stderr)
        self.assertNothingWritten()
        self.assertEqual(len(self.gets()), 2)

    def test_stall_past_the_timeout(self):
        self.emulator.arm([{"request": 1, "stall_after": MIB, "stall": 8}])
        result = self.run_sample("--stall-timeout", "1")
        self.assertDownloaded(result)
        first, second = self.gets()
        self.assertEqual(second["range"], f"bytes={MIB}-")
        self.assertIn("cut short at byte 1048576", result.stderr)

    def test_three_retries_then_the_saved_bytes_wait(self):
        self.emulator.arm([{"cut_after": 1000}])  # every request
        result = self.run_sample("--retries", "3")
        self.assertEqual(result.returncode, 1)
        self.assertIn("giving up after 3 retries", result.stderr)
        self.assertEqual([g["range"] for g in self.gets()],
                         [None, "bytes=1000-", "bytes=2000-", "bytes=3000-"])
        self.assertFalse(os.path.exists(self.output))
        self.assertEqual(os.path.getsize(self.output + ".part"), 4000)
        # The network is back: the same command finishes from there.
        self.emulator.arm([])
        self.emulator.clear_requests()
        self.assertDownloaded(self.run_sample())
        self.assertEqual([g["range"] for g in self.gets()], ["bytes=4000-"])


class SignedRangeTest(SampleTestCase):
    """`--header 'Range: ...'`: the caller's signed Range is exactly what OUTPUT holds. It is
    never resumed: a cut fetches it again from its start, pinned by If-Match to the version
    first seen; CRC-64 is checked only when the answer is the whole object."""

    def run_range(self, value: str, *options: str) -> subprocess.CompletedProcess:
        return self.run_sample("--header", f"Range: {value}", *options)

    def test_a_signed_range_is_downloaded_exactly(self):
        result = self.run_range("bytes=100-1048675")
        self.assertDownloaded(result, DATA[100:1048676])
        (get,) = self.gets()
        self.assertEqual((get["status"], get["range"], get["if_match"]), (206, "bytes=100-1048675", None))
        self.assertEqual(get["bytes_sent"], MIB)
        self.assertNotIn("CRC-64 checked", result.stdout)  # OSS's CRC-64 is the whole object's
        self.assertIn(f"bytes 100-1048675/{len(DATA)}", result.stdout)

    def test_a_suffix_range_is_the_objects_last_bytes(self):
        result = self.run_range("bytes=-1000")
        self.assertDownloaded(result, DATA[-1000:])
        (get,) = self.gets()
        self.assertEqual((get["status"], get["range"]), (206, "bytes=-1000"))

    def test_a_range_over_the_whole_object_is_checked_whole(self):
        result = self.run_range("bytes=0-")
        self.assertDownloaded(result)
        self.assertIn("CRC-64 checked", result.stdout)
        (get,) = self.gets()
        self.assertEqual(get["status"], 206)

    def test_a_range_ending_past_the_object_is_the_whole_object(self):
        # OSS ignores a Range it cannot serve and answers 200 with the whole object, which is
        # what a range from byte 0 covers.
        result = self.run_range(f"bytes=0-{10 * len(DATA)}")
        self.assertDownloaded(result)
        self.assertIn("CRC-64 checked", result.stdout)
        (get,) = self.gets()
        self.assertEqual(get["status"], 200)

    def test_a_range_starting_past_the_object_is_refused(self):
        result = self.run_range(f"bytes={len(DATA) + 1}-")
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("not the signed Range", result.stderr)
        self.assertNothingWritten()
        (get,) = self.gets()  # no retry: another request gets the same answer
        self.assertEqual(get["status"], 200)

    def test_standard_range_behaviour_past_the_end(self):
        # With x-oss-range-behavior: standard (signed too), OSS cuts an end past the object
        # to its last byte, and refuses a start past it with 416: final, no retry.
        standard = ("--header", "x-oss-range-behavior: standard")
        result = self.run_range(f"bytes={len(DATA) - 10}-{len(DATA) + 10}", *standard)
        self.assertDownloaded(result, DATA[-10:])
        os.remove(self.output)
        self.emulator.clear_requests()
        result = self.run_range(f"bytes={len(DATA)}-", *standard)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("OSS error InvalidRange", result.stderr)
        self.assertNothingWritten()
        self.assertEqual([g["status"] for g in self.gets()], [416])

    def test_a_cut_range_is_fetched_again_from_its_start(self):
        self.emulator.arm([{"request": 1, "cut_after": 1000}])
        result = self.run_range(f"bytes={MIB}-")
        self.assertDownloaded(result, DATA[MIB:])
        first, second = self.gets()
        self.assertEqual((first["status"], first["bytes_sent"], first["if_match"]), (206, 1000, None))
        # The same signed Range again (no resume on top of it), pinned to the version seen.
        self.assertEqual((second["status"], second["range"], second["if_match"]),
                         (206, f"bytes={MIB}-", etag_of(DATA)))
        self.assertIn("from the start of the range", result.stderr)

    def test_the_object_replaced_after_a_cut_range(self):
        old = random.Random(3).randbytes(2 * MIB)
        new = random.Random(4).randbytes(2 * MIB)
        self.put("media/range replaced.bin", old)
        source = os.path.join(self.dir, "..", "new-range-version.bin")
        with open(source, "wb") as f:
            f.write(new)
        self.emulator.arm([{"request": 1, "cut_after": 1000}, {"request": 2, "replace_with": source}])
        result = self.run_sample("--header", "Range: bytes=500-1500499", key="media/range replaced.bin")
        self.assertDownloaded(result, new[500:1500500])
        first, second, third = self.gets()
        self.assertEqual((second["status"], second["if_match"]), (412, etag_of(old)))
        self.assertEqual((third["status"], third["range"], third["if_match"]), (206, "bytes=500-1500499", None))

    def test_bytes_an_earlier_run_saved_are_not_resumed_under_a_range(self):
        with open(self.output + ".part", "wb") as f:
            f.write(DATA[:MIB])
        with open(self.output + ".part.etag", "w") as f:
            f.write(etag_of(DATA) + "\n")
        result = self.run_range("bytes=10-19")
        self.assertDownloaded(result, DATA[10:20])
        self.assertNotIn("resuming", result.stdout)
        (get,) = self.gets()
        self.assertEqual((get["range"], get["if_match"]), ("bytes=10-19", None))

    def test_a_failed_range_leaves_nothing_to_resume(self):
        # Bytes of a range are never resumed, so a failure keeps none of them.
        self.emulator.arm([{"cut_after": 1000}])  # every request
        result = self.run_range(f"bytes={MIB}-", "--retries", "1")
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("giving up after 1 retries", result.stderr)
        self.assertNothingWritten()

    def test_a_range_that_is_not_one_byte_range_is_a_usage_error(self):
        for value in ("bytes=0-1,5-6", "bytes=5-1", "bytes=-0", "items=0-1", "bytes=1", "bytes=x-"):
            with self.subTest(value=value):
                result = self.run_range(value)
                self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
                self.assertIn("--header Range", result.stderr)
        self.assertEqual(self.emulator.requests(), [])
        self.assertNothingWritten()


class SignedIfMatchTest(SampleTestCase):
    """`--header 'If-Match: ...'`: the caller's condition is theirs."""

    def test_a_signed_if_match_that_fails_is_final(self):
        result = self.run_sample("--header", 'If-Match: "0123"')
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("OSS error PreconditionFailed", result.stderr)
        self.assertNothingWritten()
        self.assertEqual([g["status"] for g in self.gets()], [412])

    def test_a_resume_keeps_the_signed_if_match_alone(self):
        # A second If-Match would widen the caller's (either tag would match): theirs is sent
        # alone, and it pins the same version.
        self.emulator.arm([{"request": 1, "cut_after": MIB}])
        result = self.run_sample("--header", f"If-Match: {etag_of(DATA)}")
        self.assertDownloaded(result)
        first, second = self.gets()
        self.assertEqual((second["status"], second["range"], second["if_match"]),
                         (206, f"bytes={MIB}-", etag_of(DATA)))


def crc64_of(data: bytes) -> str:
    """x-oss-hash-crc64ecma as OSS sends it, by the official SDK's CRC-64 code."""
    from alibabacloud_oss_v2.crc import Crc64

    crc = Crc64(0)
    crc.update(data)
    return str(crc.sum64())


class HeadTest(SampleTestCase):
    """`--head`: a presigned HEAD; the object's size and ETag printed, nothing written."""

    def test_head_prints_size_and_etag(self):
        result = self.run_sample("--head", output=False)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertTrue(result.stdout.startswith("HEAD http://"), result.stdout)
        self.assertIn(f"HTTP 200, size {len(DATA)} bytes, ETag {etag_of(DATA)}, "
                      f"CRC-64 {crc64_of(DATA)}\n", result.stdout)
        # One HEAD, whose signature Alibaba's signer (in the emulator) accepted; no GET.
        (head,) = self.emulator.requests()
        self.assertEqual((head["method"], head["status"], head["code"]), ("HEAD", 200, None))
        self.assertEqual(head["bytes_sent"], 0)
        self.assertNothingWritten()

    def test_head_sends_the_signed_headers(self):
        result = self.run_sample("--head", "--header", f"If-Match: {etag_of(DATA)}", output=False)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn(f"  If-Match: {etag_of(DATA)}\n", result.stdout)
        changed = self.run_sample("--head", "--header", 'If-Match: "0123"', output=False)
        self.assertEqual(changed.returncode, 1)
        self.assertIn("HTTP 412", changed.stderr)
        self.assertEqual([(h["status"], h["if_match"]) for h in self.heads()],
                         [(200, etag_of(DATA)), (412, '"0123"')])

    def test_head_of_a_missing_object(self):
        result = self.run_sample("--head", key="media/no such object.bin", output=False)
        self.assertEqual(result.returncode, 1)
        self.assertIn("HTTP 404 (EC ", result.stderr)  # a HEAD's answer has no body: the EC header
        (head,) = self.emulator.requests()
        self.assertEqual((head["method"], head["status"], head["code"]), ("HEAD", 404, "NoSuchKey"))
        self.assertNothingWritten()

    def test_head_takes_no_output(self):
        result = self.run_sample("--head")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--head takes BUCKET KEY", result.stderr)
        self.assertEqual(self.emulator.requests(), [])


class ServerClockAheadTest(SampleTestCase):
    """OSS's clock two hours ahead of this machine's: the first URL looks expired."""

    TIME_OFFSET = 2 * 3600.0
    EC = "0002-00000236"

    def test_clock_corrected_from_oss_and_presigned_again(self):
        result = self.run_sample()
        self.assertDownloaded(result)
        first, second = self.gets()
        self.assertEqual((first["status"], first["code"]), (403, "AccessDenied"))
        self.assertIn(f"(EC {self.EC})", result.stderr)
        self.assertEqual(second["status"], 200)
        skew = (signing_time(second) - signing_time(first)).total_seconds()
        self.assertLess(abs(skew - self.TIME_OFFSET), 60)

    def test_head_clock_corrected_from_the_ec_header_and_date(self):
        # A HEAD's refusal has no body: the EC comes in x-oss-ec, the time in Date.
        result = self.run_sample("--head", output=False)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn(f"HTTP 200, size {len(DATA)} bytes, ETag {etag_of(DATA)}", result.stdout)
        self.assertIn(f"(EC {self.EC})", result.stderr)
        first, second = self.heads()
        self.assertEqual((first["status"], first["code"]), (403, "AccessDenied"))
        self.assertEqual((second["status"], second["code"]), (200, None))
        skew = (signing_time(second) - signing_time(first)).total_seconds()
        self.assertLess(abs(skew - self.TIME_OFFSET), 60)


class ServerClockBehindTest(ServerClockAheadTest):
    """OSS's clock two hours behind: the first URL is not valid yet."""

    TIME_OFFSET = -2 * 3600.0
    EC = "0002-00000235"



class ServerClockYearsBehindTest(SampleTestCase):
    """A server (a stale cache, a broken proxy) dated 2024, before any genuine OSS answer: its
    time is refused and corrects nothing; the 403 is still answered by presigning again and
    retrying once, which the server refuses again."""

    TIME_OFFSET = 1704164645.0 - time.time()

    def test_an_implausible_server_time_is_not_taken(self):
        result = self.run_sample()
        self.assertNotEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("server_unix_seconds", result.stderr)
        first, second = self.gets()
        self.assertEqual([(g["status"], g["code"]) for g in (first, second)], [(403, "AccessDenied")] * 2)
        # Presigned again with the device's clock, uncorrected.
        self.assertLess(abs((signing_time(second) - signing_time(first)).total_seconds()), 60)
        self.assertIn("presigned again", result.stderr)
        self.assertFalse(os.path.exists(self.output), "OUTPUT written")

    def test_head_presigns_again_too(self):
        result = self.run_sample("--head", output=False)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertEqual([(h["status"], h["code"]) for h in self.heads()], [(403, "AccessDenied")] * 2)


if __name__ == "__main__":
    unittest.main()
