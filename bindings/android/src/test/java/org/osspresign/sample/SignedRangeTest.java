package org.osspresign.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.osspresign.InvalidArgumentException;
import org.osspresign.OssPresignException;

/** Which signed Range headers the downloader takes, and which answers it takes for them. */
class SignedRangeTest {
    @Test
    void theThreeFormsTaken() {
        SignedRange open = SignedRange.parse("bytes=1048576-", "options");
        assertEquals(1048576, open.first);
        assertEquals(-1, open.last);
        assertEquals(0, open.suffixLength);
        SignedRange closed = SignedRange.parse(" bytes=0-99\t", "options");
        assertEquals(0, closed.first);
        assertEquals(99, closed.last);
        assertEquals("bytes=0-99", closed.header);
        assertEquals(7, SignedRange.parse("bytes=7-7", "options").last);
        SignedRange suffix = SignedRange.parse("bytes=-500", "options");
        assertEquals(500, suffix.suffixLength);
        assertEquals(-1, suffix.last);
        assertEquals("bytes=-500", suffix.header);
    }

    /**
     * What the C sample's parse_byte_range takes (examples/c/oss_get.c): unsigned 64-bit
     * decimal offsets, leading zeros included. Offsets past Long.MAX_VALUE are past any object.
     */
    @Test
    void whatTheCSampleTakesIsTaken() {
        assertEquals(7, SignedRange.parse("bytes=007-", "options").first);
        assertEquals(Long.MAX_VALUE, SignedRange.parse("bytes=9223372036854775807-", "options").first);
        assertEquals(Long.MAX_VALUE, SignedRange.parse("bytes=9999999999999999999-", "options").first);
        SignedRange max = SignedRange.parse("bytes=18446744073709551615-18446744073709551615", "options");
        assertEquals(Long.MAX_VALUE, max.first);
        assertEquals(Long.MAX_VALUE, max.last);
        assertEquals(Long.MAX_VALUE, SignedRange.parse("bytes=-18446744073709551615", "options").suffixLength);
        assertEquals(5, SignedRange.parse("bytes=-00005", "options").suffixLength);
        assertEquals(1, SignedRange.parse("bytes=0-000000000000000000000000001", "options").last);
    }

    @Test
    void everythingElseIsRefusedNamingTheArgument() {
        String[] refused = {
            // The C sample's usage errors (tests/samples/test_c_sample.py).
            "bytes=0-1,5-6", "bytes=5-1", "bytes=-0", "items=0-1", "bytes=1", "bytes=x-",
            "bytes=-", "bytes=", "bytes=--5", "bytes=-5-", "bytes=-5,-6", "bytes=-+5", "Bytes=0-1",
            "bytes=a-", "bytes=0-b", "bytes=+1-2", "bytes=1 -2", "bytes=0-1-", "bytes= 0-1",
            "bytes=18446744073709551616-", "bytes=-18446744073709551616", "bytes=0-99999999999999999999",
            "bytes=18446744073709551615-18446744073709551614", "bytes=9223372036854775808-9223372036854775807",
            "0-1", "", "\u000bbytes=0-1",
        };
        for (String value : refused) {
            OssPresignException e = assertThrows(OssPresignException.class,
                    () -> SignedRange.parse(value, "request"), value);
            assertInstanceOf(InvalidArgumentException.class, e);
            assertEquals(OssPresignException.INVALID_ARGUMENT, e.code());
            assertEquals("request", e.argument());
            assertTrue(e.getMessage().startsWith("request: the signed Range \"" + value + "\""), e.getMessage());
        }
        assertTrue(assertThrows(OssPresignException.class, () -> SignedRange.parse("bytes=-0", "options"))
                .getMessage().contains("LENGTH must be above 0"));
        assertTrue(assertThrows(OssPresignException.class, () -> SignedRange.parse("bytes=5-1", "options"))
                .getMessage().contains("LAST is before FIRST"));
    }

    @Test
    void theAnswerMustBeTheRangeAskedFor() {
        SignedRange closed = SignedRange.parse("bytes=100-199", "options");
        assertTrue(closed.answeredBy(new long[] {100, 199, 1000}));
        assertFalse(closed.answeredBy(new long[] {0, 199, 1000}), "another start");
        assertFalse(closed.answeredBy(new long[] {100, 149, 1000}), "fewer bytes");
        assertFalse(closed.answeredBy(new long[] {100, 999, 1000}), "more bytes");
        // LAST beyond the object: up to its last byte (RFC 9110 14.1.2).
        assertTrue(closed.answeredBy(new long[] {100, 149, 150}));
        assertFalse(closed.answeredBy(new long[] {100, 148, 150}));

        SignedRange open = SignedRange.parse("bytes=100-", "options");
        assertTrue(open.answeredBy(new long[] {100, 999, 1000}));
        assertFalse(open.answeredBy(new long[] {100, 998, 1000}), "short of the end");
        assertFalse(open.answeredBy(new long[] {101, 999, 1000}));

        // A suffix: the last min(LENGTH, size) bytes, ending at the object's last byte.
        SignedRange suffix = SignedRange.parse("bytes=-100", "options");
        assertTrue(suffix.answeredBy(new long[] {900, 999, 1000}));
        assertFalse(suffix.answeredBy(new long[] {899, 999, 1000}), "more bytes");
        assertFalse(suffix.answeredBy(new long[] {901, 999, 1000}), "fewer bytes");
        assertFalse(suffix.answeredBy(new long[] {900, 998, 1000}), "not up to the end");
        assertFalse(suffix.answeredBy(new long[] {0, 99, 1000}), "the first bytes");
        assertTrue(suffix.answeredBy(new long[] {0, 49, 50}), "an object shorter than LENGTH: all of it");
        assertFalse(suffix.answeredBy(new long[] {1, 49, 50}));
        SignedRange huge = SignedRange.parse("bytes=-18446744073709551615", "options");
        assertTrue(huge.answeredBy(new long[] {0, 999, 1000}));

        SignedRange past = SignedRange.parse("bytes=9999999999999999999-", "options");
        assertFalse(past.answeredBy(new long[] {0, 999, 1000}));
    }

    /**
     * OSS answers a Range it cannot serve with the whole object: that is the range when it
     * starts at byte 0, or is a suffix, and the object ends within it.
     */
    @Test
    void theWholeObjectAnswersARangeThatCoversIt() {
        assertTrue(SignedRange.parse("bytes=0-", "options").coversWhole(1000));
        assertTrue(SignedRange.parse("bytes=0-999", "options").coversWhole(1000));
        assertTrue(SignedRange.parse("bytes=0-99999999", "options").coversWhole(1000));
        assertFalse(SignedRange.parse("bytes=0-998", "options").coversWhole(1000));
        assertFalse(SignedRange.parse("bytes=1-", "options").coversWhole(1000));
        assertFalse(SignedRange.parse("bytes=1000-", "options").coversWhole(1000), "starts past the end");
        assertTrue(SignedRange.parse("bytes=0-0", "options").coversWhole(0), "an empty object");
        assertTrue(SignedRange.parse("bytes=0-0", "options").coversWhole(1));
        assertTrue(SignedRange.parse("bytes=-1000", "options").coversWhole(1000));
        assertTrue(SignedRange.parse("bytes=-5000", "options").coversWhole(1000));
        assertFalse(SignedRange.parse("bytes=-999", "options").coversWhole(1000));
        assertTrue(SignedRange.parse("bytes=-1", "options").coversWhole(0));
    }

    @Test
    void onlyTheWholeObjectIsCrcChecked() {
        assertTrue(SignedRange.wholeObject(new long[] {0, 999, 1000}));
        assertFalse(SignedRange.wholeObject(new long[] {1, 999, 1000}));
        assertFalse(SignedRange.wholeObject(new long[] {0, 998, 1000}));
    }
}
