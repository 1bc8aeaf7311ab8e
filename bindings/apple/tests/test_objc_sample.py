"""The Objective-C download sample (bindings/apple/sample) on a network that fails on cue.

The sample's `oss_get` (main.m: OPSResumableDownload over NSURLConnection, here under
GNUstep) has the C sample's command line (but libcurl's --resolve and --verbose) and rules,
so it runs the C sample's own tests (tests/samples/test_c_sample.py): the same emulator, the
same armed faults (cuts, stalls, a replaced object, flipped bytes, a skewed clock), the same
request-log assertions (Range and If-Match sent, fresh signatures, bytes transferred), its
signed Range and If-Match tests, and its `--head` tests. Only the addressing differs: path
style on 127.0.0.1, since NSURLConnection has no --resolve.

    OPS_OSS_GET=target/apple-tests/oss_get \\
        target/venv/bin/python -m unittest discover -s bindings/apple/tests -p test_objc_sample.py

bindings/apple/tests/run.sh builds the binary and runs this.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
# The C tests take the binary to run from OSS_GET.
os.environ["OSS_GET"] = os.environ.get("OPS_OSS_GET",
                                       os.path.join(REPO, "target", "apple-tests", "oss_get"))
sys.path.insert(0, os.path.join(REPO, "tests", "samples"))

import test_c_sample as c  # noqa: E402


class ObjCSample:
    """The Objective-C sample's command line for a SampleTestCase."""

    def command(self, *options: str, key: str = c.KEY, output: bool = True) -> list:
        return [c.OSS_GET, "--endpoint", f"http://127.0.0.1:{self.emulator.port}", "--path-style",
                "--region", c.REGION, *options, c.BUCKET, key, *([self.output] if output else [])]


class DownloadTest(ObjCSample, c.SampleTestCase):
    """The C sample's tests, one by one (a test added there is not taken blindly)."""

    test_whole_download = c.DownloadTest.test_whole_download
    test_empty_object = c.DownloadTest.test_empty_object
    test_cut_at_one_mib_then_resumed = c.DownloadTest.test_cut_at_one_mib_then_resumed
    test_object_replaced_after_the_cut = c.DownloadTest.test_object_replaced_after_the_cut
    test_saved_bytes_past_the_end_start_over = c.DownloadTest.test_saved_bytes_past_the_end_start_over
    test_url_expired_between_attempts = c.DownloadTest.test_url_expired_between_attempts
    test_killed_and_run_again = c.DownloadTest.test_killed_and_run_again
    test_missing_object = c.DownloadTest.test_missing_object
    test_crc_mismatch_downloads_again_from_zero = c.DownloadTest.test_crc_mismatch_downloads_again_from_zero
    test_crc_mismatch_twice_fails = c.DownloadTest.test_crc_mismatch_twice_fails
    test_stall_past_the_timeout = c.DownloadTest.test_stall_past_the_timeout
    test_three_retries_then_the_saved_bytes_wait = c.DownloadTest.test_three_retries_then_the_saved_bytes_wait


class SignedRangeTest(ObjCSample, c.SampleTestCase):
    run_range = c.SignedRangeTest.run_range
    test_a_signed_range_is_downloaded_exactly = c.SignedRangeTest.test_a_signed_range_is_downloaded_exactly
    test_a_suffix_range_is_the_objects_last_bytes = c.SignedRangeTest.test_a_suffix_range_is_the_objects_last_bytes
    test_a_range_over_the_whole_object_is_checked_whole = \
        c.SignedRangeTest.test_a_range_over_the_whole_object_is_checked_whole
    test_a_range_ending_past_the_object_is_the_whole_object = \
        c.SignedRangeTest.test_a_range_ending_past_the_object_is_the_whole_object
    test_a_range_starting_past_the_object_is_refused = \
        c.SignedRangeTest.test_a_range_starting_past_the_object_is_refused
    test_standard_range_behaviour_past_the_end = c.SignedRangeTest.test_standard_range_behaviour_past_the_end
    test_a_cut_range_is_fetched_again_from_its_start = \
        c.SignedRangeTest.test_a_cut_range_is_fetched_again_from_its_start
    test_the_object_replaced_after_a_cut_range = c.SignedRangeTest.test_the_object_replaced_after_a_cut_range
    test_bytes_an_earlier_run_saved_are_not_resumed_under_a_range = \
        c.SignedRangeTest.test_bytes_an_earlier_run_saved_are_not_resumed_under_a_range
    test_a_failed_range_leaves_nothing_to_resume = c.SignedRangeTest.test_a_failed_range_leaves_nothing_to_resume
    test_a_range_that_is_not_one_byte_range_is_a_usage_error = \
        c.SignedRangeTest.test_a_range_that_is_not_one_byte_range_is_a_usage_error


class SignedIfMatchTest(ObjCSample, c.SampleTestCase):
    test_a_signed_if_match_that_fails_is_final = c.SignedIfMatchTest.test_a_signed_if_match_that_fails_is_final
    test_a_resume_keeps_the_signed_if_match_alone = c.SignedIfMatchTest.test_a_resume_keeps_the_signed_if_match_alone


class HeadTest(ObjCSample, c.SampleTestCase):
    """`--head`: a presigned HEAD (no retry after a 5xx or a cut connection here)."""

    test_head_prints_size_and_etag = c.HeadTest.test_head_prints_size_and_etag
    test_head_sends_the_signed_headers = c.HeadTest.test_head_sends_the_signed_headers
    test_head_of_a_missing_object = c.HeadTest.test_head_of_a_missing_object
    test_head_takes_no_output = c.HeadTest.test_head_takes_no_output


class ServerClockAheadTest(ObjCSample, c.SampleTestCase):
    TIME_OFFSET = c.ServerClockAheadTest.TIME_OFFSET
    EC = c.ServerClockAheadTest.EC
    test_clock_corrected_from_oss_and_presigned_again = \
        c.ServerClockAheadTest.test_clock_corrected_from_oss_and_presigned_again
    test_head_clock_corrected_from_the_ec_header_and_date = \
        c.ServerClockAheadTest.test_head_clock_corrected_from_the_ec_header_and_date


class ServerClockBehindTest(ServerClockAheadTest):
    TIME_OFFSET = c.ServerClockBehindTest.TIME_OFFSET
    EC = c.ServerClockBehindTest.EC



class ServerClockYearsBehindTest(ObjCSample, c.SampleTestCase):
    TIME_OFFSET = c.ServerClockYearsBehindTest.TIME_OFFSET
    test_an_implausible_server_time_is_not_taken = \
        c.ServerClockYearsBehindTest.test_an_implausible_server_time_is_not_taken
    test_head_presigns_again_too = c.ServerClockYearsBehindTest.test_head_presigns_again_too


if __name__ == "__main__":
    import unittest

    unittest.main()
