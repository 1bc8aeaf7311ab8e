package org.osspresign.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osspresign.GetOptions;
import org.osspresign.OssServiceError;
import org.osspresign.PresignedRequest;
import org.osspresign.Presigner;

/**
 * When the downloader corrects the clock and retries, and with which server time: only for
 * OSS's time refusals (read from Code, EC, Expires and ServerTime, never from the English
 * message) of a URL the presigner's clock held valid. (DownloadTest and ResumableDownloadTest
 * run the loop against skewed emulators; these are the answers an emulator does not give.)
 */
class ClockSkewRetryTest {
    /** 2024-01-02T03:04:05Z, the signing time; the URL lives 900 s. */
    private static final long T = 1704164645L;
    /** 2024-01-02T05:00:00Z, as ServerTime and as Date. */
    private static final long SERVER = 1704171600L;
    private static final String SERVER_ISO = "2024-01-02T05:00:00.000Z";
    private static final String SERVER_DATE = "Tue, 02 Jan 2024 05:00:00 GMT";

    private static PresignedRequest request;

    @BeforeAll
    static void presign() {
        try (Presigner p = new Presigner("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou", "LTAI5tExample", "secret", null);
                GetOptions o = new GetOptions().signingTime(T)) {
            request = p.presignGetRequest("examplebucket", "a.txt", o);
        }
        assertEquals(T + 900, request.expiration());
    }

    @AfterAll
    static void forget() {
        request = null;
    }

    private static Downloader.Result answer(int status, @Nullable String date, @Nullable String body) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (date != null) {
            headers.put("Date", Collections.singletonList(date));
        }
        OssServiceError error = body == null ? null : OssServiceError.parse(body.getBytes(StandardCharsets.UTF_8));
        return new Downloader.Result(status, 0, headers, error, false);
    }

    private static String error(String code, String message, @Nullable String serverTime) {
        return error(code, message, serverTime, null, null);
    }

    private static String error(String code, String message, @Nullable String serverTime, @Nullable String ec,
            @Nullable String expires) {
        return "<Error><Code>" + code + "</Code><Message>" + message + "</Message>"
                + (serverTime == null ? "" : "<ServerTime>" + serverTime + "</ServerTime>")
                + (expires == null ? "" : "<Expires>" + expires + "</Expires>")
                + (ec == null ? "" : "<EC>" + ec + "</EC>") + "</Error>";
    }

    private static long retryWith(Downloader.Result result, long believedNow) {
        return OssRefusals.serverTimeToRetryWith(result, request, believedNow);
    }

    private static final String EXPIRED_V4 = "0002-00000236";
    private static final String NOT_YET_VALID = "0002-00000235";

    /** A server time no genuine OSS answer carries (2024: a stale cache) corrects nothing. */
    @Test
    void aServerTimeThePresignerRefusesIsNoCorrection() {
        try (Presigner p = new Presigner("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou", "LTAI5tExample", "secret", null)) {
            List<String> notes = new java.util.ArrayList<>();
            RequestSource source = new RequestSource.Presigned(p, "examplebucket", "a.txt", null, null, notes::add);
            assertFalse(source.correctClock(SERVER));
            assertEquals(0, p.clockOffset());
            assertTrue(notes.get(0).startsWith("server time not taken"), notes.toString());
            long now = System.currentTimeMillis() / 1000;
            assertTrue(source.correctClock(now + 3600));
            assertTrue(Math.abs(p.clockOffset() - 3600) <= 5);
        }
    }

    @Test
    void skewedRequestTimeUsesServerTimeElseTheDateHeader() {
        String skewed = "The difference between the request time and the current time is too large.";
        assertEquals(SERVER, retryWith(answer(403, "Mon, 01 Jan 2024 00:00:00 GMT",
                error("RequestTimeTooSkewed", skewed, SERVER_ISO)), T), "ServerTime wins over Date");
        assertEquals(SERVER, retryWith(answer(403, SERVER_DATE, error("RequestTimeTooSkewed", skewed, null)), T));
        assertEquals(0, retryWith(answer(403, null, error("RequestTimeTooSkewed", skewed, null)), T),
                "no server time anywhere: nothing to correct with");
        assertEquals(0, retryWith(answer(403, "yesterday", error("RequestTimeTooSkewed", skewed, null)), T),
                "an unreadable Date");
    }

    @Test
    void expiredOnlyWhenTheLocalClockHeldTheUrlValid() {
        Downloader.Result expired = answer(403, SERVER_DATE,
                error("AccessDenied", "Request has expired.", SERVER_ISO, EXPIRED_V4, null));
        assertEquals(SERVER, retryWith(expired, T + 10));
        assertEquals(SERVER, retryWith(expired, T + 900), "the last valid second");
        assertEquals(0, retryWith(expired, T + 901), "expired by the local clock too: the URL is old, not skewed");
        Downloader.Result early = answer(403, SERVER_DATE,
                error("AccessDenied", "Request is not valid yet.", SERVER_ISO, NOT_YET_VALID, null));
        assertEquals(SERVER, retryWith(early, T));
        assertEquals(SERVER, retryWith(early, T - 900));
        assertEquals(0, retryWith(early, T - 901), "signed in the future by the local clock too");
    }

    @Test
    void otherAnswersAreNotRetried() {
        assertEquals(0, retryWith(answer(403, SERVER_DATE, error("SignatureDoesNotMatch", "no", SERVER_ISO)), T));
        assertEquals(0, retryWith(answer(403, SERVER_DATE, error("AccessDenied", "You have no right.", SERVER_ISO)), T));
        assertEquals(0, retryWith(answer(404, SERVER_DATE, error("NoSuchKey", "none", SERVER_ISO)), T));
        assertEquals(0, retryWith(answer(400, SERVER_DATE, error("RequestTimeTooSkewed", "too large", SERVER_ISO)), T));
        assertEquals(0, retryWith(answer(403, SERVER_DATE, null), T), "no OSS error body");
        assertEquals(0, retryWith(answer(200, SERVER_DATE, null), T));
    }

    /** The V1/V2 EC, and an Expires before ServerTime without a known EC, are expiries too. */
    @Test
    void expiryFromTheOtherEcOrFromExpiresBeforeServerTime() {
        Downloader.Result v2 = answer(403, SERVER_DATE,
                error("AccessDenied", "anything", SERVER_ISO, "0002-00000069", null));
        assertEquals(SERVER, retryWith(v2, T));
        assertTrue(OssRefusals.isExpiredRefusal(v2));
        Downloader.Result noEc = answer(403, SERVER_DATE,
                error("AccessDenied", "anything", SERVER_ISO, null, "2024-01-02T03:19:05.000Z"));
        assertEquals(SERVER, retryWith(noEc, T));
        assertTrue(OssRefusals.isExpiredRefusal(noEc));
    }

    /** The English message alone decides nothing: OSS may reword it, or translate it. */
    @Test
    void theMessageTextIsNeverRead() {
        Downloader.Result words = answer(403, SERVER_DATE, error("AccessDenied", "Request has expired.", SERVER_ISO));
        assertEquals(0, retryWith(words, T));
        assertFalse(OssRefusals.isExpiredRefusal(words));
        Downloader.Result early = answer(403, SERVER_DATE, error("AccessDenied", "Request is not valid yet.", SERVER_ISO));
        assertEquals(0, retryWith(early, T));
        Downloader.Result otherEc = answer(403, SERVER_DATE,
                error("AccessDenied", "Request has expired.", SERVER_ISO, "0003-00000001", null));
        assertEquals(0, retryWith(otherEc, T));
        assertFalse(OssRefusals.isExpiredRefusal(otherEc));
    }
}
