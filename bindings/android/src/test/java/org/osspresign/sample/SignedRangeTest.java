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
    void theTwoFormsTaken() {
        SignedRange open = SignedRange.parse("bytes=1048576-", "options");
        assertEquals(1048576, open.first);
        assertEquals(-1, open.last);
        SignedRange closed = SignedRange.parse(" bytes=0-99 ", "options");
        assertEquals(0, closed.first);
        assertEquals(99, closed.last);
        assertEquals("bytes=0-99", closed.header);
        assertEquals(7, SignedRange.parse("bytes=7-7", "options").last);
    }

    @Test
    void everythingElseIsRefusedNamingTheArgument() {
        String[] refused = {
            "bytes=-500", "bytes=-", "bytes=", "bytes=0-1,3-4", "bytes=5-3", "items=0-1", "Bytes=0-1",
            "bytes=a-", "bytes=0-b", "bytes=+1-2", "bytes=1 -2", "bytes=0-1-", "bytes=9999999999999999999-",
            "0-1", "",
        };
        for (String value : refused) {
            OssPresignException e = assertThrows(OssPresignException.class,
                    () -> SignedRange.parse(value, "request"), value);
            assertInstanceOf(InvalidArgumentException.class, e);
            assertEquals(OssPresignException.INVALID_ARGUMENT, e.code());
            assertEquals("request", e.argument());
            assertTrue(e.getMessage().startsWith("request: the signed Range \"" + value + "\""), e.getMessage());
        }
        assertTrue(assertThrows(OssPresignException.class, () -> SignedRange.parse("bytes=-500", "options"))
                .getMessage().contains("suffix range"));
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
    }

    @Test
    void onlyTheWholeObjectIsCrcChecked() {
        assertTrue(SignedRange.wholeObject(new long[] {0, 999, 1000}));
        assertFalse(SignedRange.wholeObject(new long[] {1, 999, 1000}));
        assertFalse(SignedRange.wholeObject(new long[] {0, 998, 1000}));
    }
}
