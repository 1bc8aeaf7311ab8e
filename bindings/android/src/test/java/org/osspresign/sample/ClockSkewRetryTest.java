package org.osspresign.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osspresign.GetOptions;
import org.osspresign.OssServiceError;
import org.osspresign.Presigner;

/**
 * A 403 for the request's time (expired, not valid yet, skewed), recognised from OSS's Code,
 * EC, Expires and ServerTime (or, without a body, its x-oss-ec header), never from the English
 * message: always answered by presigning again and retrying once; the clock is corrected first
 * when the answer carries a server time the presigner accepts. The C and Objective-C samples'
 * rule (docs/c-sample.md). DownloadTest and ResumableDownloadTest run the loop against skewed
 * emulators; here are the answers an emulator does not give, from a scripted server.
 */
class ClockSkewRetryTest {
    /** 2024-01-02T03:04:05Z. */
    private static final long T = 1704164645L;
    /** 2024-01-02T05:00:00Z, as ServerTime and as Date: before 2026, a time no presigner takes. */
    private static final long SERVER = 1704171600L;
    private static final String SERVER_ISO = "2024-01-02T05:00:00.000Z";
    private static final String SERVER_DATE = "Tue, 02 Jan 2024 05:00:00 GMT";
    private static final String EXPIRED_V4 = "0002-00000236";
    private static final String NOT_YET_VALID = "0002-00000235";
    private static final String SKEWED = "The difference between the request time and the current time is too large.";

    private static Downloader.Result answer(int status, @Nullable String date, @Nullable String body) {
        return answer(status, date, body, null);
    }

    private static Downloader.Result answer(int status, @Nullable String date, @Nullable String body,
            @Nullable String ecHeader) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (date != null) {
            headers.put("Date", Collections.singletonList(date));
        }
        if (ecHeader != null) {
            headers.put("x-oss-ec", Collections.singletonList(ecHeader));
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

    // ------------------------------------------------------------------ reading the refusal

    @Test
    void theServerTimeIsServerTimeElseTheDateHeader() {
        Downloader.Result both = answer(403, "Mon, 01 Jan 2024 00:00:00 GMT", error("RequestTimeTooSkewed", SKEWED, SERVER_ISO));
        assertTrue(OssRefusals.isTimeRefusal(both));
        assertEquals(SERVER, OssRefusals.serverTime(both), "ServerTime wins over Date");
        Downloader.Result dateOnly = answer(403, SERVER_DATE, error("RequestTimeTooSkewed", SKEWED, null));
        assertTrue(OssRefusals.isTimeRefusal(dateOnly));
        assertEquals(SERVER, OssRefusals.serverTime(dateOnly));
        Downloader.Result none = answer(403, null, error("RequestTimeTooSkewed", SKEWED, null));
        assertTrue(OssRefusals.isTimeRefusal(none), "a refusal for time, with no time to correct the clock with");
        assertEquals(0, OssRefusals.serverTime(none));
        assertEquals(0, OssRefusals.serverTime(answer(403, "yesterday", error("RequestTimeTooSkewed", SKEWED, null))),
                "an unreadable Date");
    }

    /** Expired (V4 and V1/V2), not valid yet, or Expires before ServerTime without a known EC. */
    @Test
    void theRefusalsForTime() {
        String[] ecs = {EXPIRED_V4, NOT_YET_VALID, "0002-00000069"};
        for (String ec : ecs) {
            Downloader.Result refused = answer(403, SERVER_DATE, error("AccessDenied", "anything", SERVER_ISO, ec, null));
            assertTrue(OssRefusals.isTimeRefusal(refused), ec);
            assertEquals(SERVER, OssRefusals.serverTime(refused), ec);
        }
        Downloader.Result noEc = answer(403, SERVER_DATE,
                error("AccessDenied", "anything", SERVER_ISO, null, "2024-01-02T03:19:05.000Z"));
        assertTrue(OssRefusals.isTimeRefusal(noEc));
        Downloader.Result notYetExpired = answer(403, SERVER_DATE,
                error("AccessDenied", "anything", SERVER_ISO, null, "2024-01-02T06:00:00.000Z"));
        assertFalse(OssRefusals.isTimeRefusal(notYetExpired), "Expires after ServerTime");
    }

    /** A HEAD's refusal has no body: the EC comes in x-oss-ec, the time in Date. */
    @Test
    void withoutABodyTheEcHeaderTells() {
        Downloader.Result head = answer(403, SERVER_DATE, null, EXPIRED_V4);
        assertTrue(OssRefusals.isTimeRefusal(head));
        assertEquals(SERVER, OssRefusals.serverTime(head));
        assertTrue(OssRefusals.isTimeRefusal(answer(403, SERVER_DATE, null, NOT_YET_VALID)));
        assertFalse(OssRefusals.isTimeRefusal(answer(403, SERVER_DATE, null, "0003-00000001")));
        assertFalse(OssRefusals.isTimeRefusal(answer(403, SERVER_DATE, null)), "no OSS error at all");
        assertFalse(OssRefusals.isTimeRefusal(answer(404, SERVER_DATE, null, EXPIRED_V4)));
    }

    @Test
    void otherAnswersAreNoRefusalForTime() {
        assertFalse(OssRefusals.isTimeRefusal(answer(403, SERVER_DATE, error("SignatureDoesNotMatch", "no", SERVER_ISO))));
        assertFalse(OssRefusals.isTimeRefusal(answer(403, SERVER_DATE, error("AccessDenied", "You have no right.", SERVER_ISO))));
        assertFalse(OssRefusals.isTimeRefusal(answer(404, SERVER_DATE, error("NoSuchKey", "none", SERVER_ISO))));
        assertFalse(OssRefusals.isTimeRefusal(answer(400, SERVER_DATE, error("RequestTimeTooSkewed", "too large", SERVER_ISO))));
        assertFalse(OssRefusals.isTimeRefusal(answer(200, SERVER_DATE, null)));
    }

    /** The English message alone decides nothing: OSS may reword it, or translate it. */
    @Test
    void theMessageTextIsNeverRead() {
        assertFalse(OssRefusals.isTimeRefusal(answer(403, SERVER_DATE, error("AccessDenied", "Request has expired.", SERVER_ISO))));
        assertFalse(OssRefusals.isTimeRefusal(answer(403, SERVER_DATE,
                error("AccessDenied", "Request is not valid yet.", SERVER_ISO))));
        assertFalse(OssRefusals.isTimeRefusal(answer(403, SERVER_DATE,
                error("AccessDenied", "Request has expired.", SERVER_ISO, "0003-00000001", null))));
    }

    /** A server time no genuine OSS answer carries (2024: a stale cache) corrects nothing. */
    @Test
    void aServerTimeThePresignerRefusesIsNoCorrection() {
        try (Presigner p = new Presigner("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou", "LTAI5tExample", "secret", null)) {
            List<String> notes = new ArrayList<>();
            RequestSource source = new RequestSource.Presigned(p, "examplebucket", "a.txt", null, null, notes::add);
            assertFalse(source.correctClock(SERVER));
            assertEquals(0, p.clockOffset());
            assertTrue(notes.get(0).startsWith("server time not taken"), notes.toString());
            long now = System.currentTimeMillis() / 1000;
            assertTrue(source.correctClock(now + 3600));
            assertTrue(Math.abs(p.clockOffset() - 3600) <= 5);
        }
    }

    // ------------------------------------------------------------------ the loop

    private static ExecutorService executor;
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    @TempDir Path dir;

    @BeforeAll
    static void startExecutor() {
        executor = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stopExecutor() throws InterruptedException {
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
    }

    private Downloader downloader() {
        return Downloader.builder(executor).timeouts(10_000, 10_000).backoffMillis(0).log(notes::add).build();
    }

    private File out() {
        return dir.resolve("out.bin").toFile();
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static String iso(long unixSeconds) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(unixSeconds));
    }

    private static String httpDate(long unixSeconds) {
        // RFC 9110's IMF-fixdate (two-digit day), which RFC_1123_DATE_TIME is not.
        return DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                .format(Instant.ofEpochSecond(unixSeconds).atOffset(ZoneOffset.UTC));
    }

    private static ScriptedServer.Answer object(String body) {
        return new ScriptedServer.Answer(200, body).header("ETag", "\"E1\"");
    }

    private static ScriptedServer.Answer refusal(String code, @Nullable String ec, @Nullable String serverTime) {
        ScriptedServer.Answer a = new ScriptedServer.Answer(403, error(code, "anything", serverTime, ec, null))
                .header("Content-Type", "application/xml");
        return ec == null ? a : a.header("x-oss-ec", ec);
    }

    private Downloader.Result download(ScriptedServer server, Presigner p, @Nullable GetOptions options)
            throws Exception {
        return downloader().download(p, "examplebucket", "a.txt", options, out(), null).get(60, TimeUnit.SECONDS);
    }

    private static Presigner presigner(ScriptedServer server) {
        return new Presigner(server.endpoint(), "cn-hangzhou", "LTAI5tExample", "secret", null);
    }

    private boolean noted(String text) {
        synchronized (notes) {
            return notes.stream().anyMatch(n -> n.contains(text));
        }
    }

    /** No ServerTime, no Date: nothing to correct, yet the URL is presigned again and sent once more. */
    @Test
    void aRefusalForTimeWithoutAnyTimeIsRetriedOnce() throws Exception {
        try (ScriptedServer server = new ScriptedServer(
                        refusal("RequestTimeTooSkewed", null, null), refusal("RequestTimeTooSkewed", null, null));
                Presigner p = presigner(server)) {
            Downloader.Result result = download(server, p, null);
            assertEquals(403, result.status(), result::toString);
            assertEquals("RequestTimeTooSkewed", result.errorCode());
            assertFalse(result.isClockCorrected());
            assertEquals(2, server.requests().size(), "presigned again and retried once, then the refusal stands");
            assertEquals(0, p.clockOffset());
            assertTrue(noted("the refusal carries no time"), notes.toString());
            assertTrue(noted("OSS refused the request for its time: presigned again"), notes.toString());
        }
        assertFalse(out().exists());
    }

    /** A server dated 2024 (a stale cache, a broken proxy): its time is refused, the retry still made. */
    @Test
    void anImplausibleServerTimeCorrectsNothingButTheRetryIsMade() throws Exception {
        try (ScriptedServer server = new ScriptedServer(
                        refusal("AccessDenied", NOT_YET_VALID, SERVER_ISO).header("Date", SERVER_DATE), object("hello"));
                Presigner p = presigner(server)) {
            Downloader.Result result = download(server, p, null);
            assertEquals(200, result.status(), result::toString);
            assertFalse(result.isClockCorrected(), "nothing was corrected");
            assertEquals(0, p.clockOffset());
            assertTrue(noted("server time not taken"), notes.toString());
            assertEquals(2, server.requests().size());
        }
        assertEquals("hello", new String(Files.readAllBytes(out().toPath()), StandardCharsets.UTF_8));
    }

    /** A time the presigner takes: the clock is corrected, and the URL presigned again by it. */
    @Test
    void aPlausibleServerTimeCorrectsTheClock() throws Exception {
        long ahead = now() + 3600;
        try (ScriptedServer server = new ScriptedServer(refusal("AccessDenied", EXPIRED_V4, iso(ahead)), object("hello"));
                Presigner p = presigner(server)) {
            Downloader.Result result = download(server, p, null);
            assertEquals(200, result.status(), result::toString);
            assertTrue(result.isClockCorrected());
            assertTrue(Math.abs(p.clockOffset() - 3600) <= 10, "offset " + p.clockOffset());
            List<ScriptedServer.Request> requests = server.requests();
            assertEquals(2, requests.size());
            String first = requests.get(0).query("x-oss-date");
            String second = requests.get(1).query("x-oss-date");
            assertTrue(second.compareTo(first) > 0, first + " then " + second);
        }
    }

    /** Without a body: the EC of x-oss-ec, the time of Date. */
    @Test
    void aRefusalWithoutABodyIsReadFromItsHeaders() throws Exception {
        long ahead = now() + 3600;
        ScriptedServer.Answer bare = new ScriptedServer.Answer(403, "")
                .header("x-oss-ec", EXPIRED_V4).header("Date", httpDate(ahead));
        try (ScriptedServer server = new ScriptedServer(bare, object("hello"));
                Presigner p = presigner(server)) {
            Downloader.Result result = download(server, p, null);
            assertEquals(200, result.status(), result::toString);
            assertTrue(result.isClockCorrected());
            assertTrue(Math.abs(p.clockOffset() - 3600) <= 10, "offset " + p.clockOffset());
        }
    }

    @Test
    void aSecondRefusalForTimeInARowIsTheResult() throws Exception {
        long ahead = now() + 3600;
        try (ScriptedServer server = new ScriptedServer(refusal("AccessDenied", EXPIRED_V4, iso(ahead)),
                        refusal("AccessDenied", EXPIRED_V4, iso(ahead)), object("never asked for"));
                Presigner p = presigner(server)) {
            Downloader.Result result = download(server, p, null);
            assertEquals(403, result.status(), result::toString);
            assertEquals(2, server.requests().size());
        }
        assertFalse(out().exists());
    }

    /**
     * Bytes arrived between two refusals: the URL worked, so the second refusal is a new one and
     * is retried too (a long download can outlive its URL twice).
     */
    @Test
    void aRefusalAfterBytesArrivedIsANewOne() throws Exception {
        long ahead = now() + 3600;
        try (ScriptedServer server = new ScriptedServer(
                        refusal("AccessDenied", EXPIRED_V4, iso(ahead)),
                        object("0123456789").cutAfter(4),
                        refusal("AccessDenied", EXPIRED_V4, iso(ahead)),
                        new ScriptedServer.Answer(206, "456789").header("ETag", "\"E1\"")
                                .header("Content-Range", "bytes 4-9/10"));
                Presigner p = presigner(server)) {
            Downloader.Result result = download(server, p, null);
            assertEquals(206, result.status(), () -> result + " " + notes);
            List<ScriptedServer.Request> requests = server.requests();
            assertEquals(4, requests.size());
            assertEquals("bytes=4-", requests.get(3).headers.get("Range"));
            assertEquals("\"E1\"", requests.get(3).headers.get("If-Match"));
        }
        assertEquals("0123456789", new String(Files.readAllBytes(out().toPath()), StandardCharsets.UTF_8));
    }

    /** Options that fix the signing time: the URL cannot change, so the refusal stands, and says why. */
    @Test
    void aFixedSigningTimeIsNotRetried() throws Exception {
        try (ScriptedServer server = new ScriptedServer(refusal("AccessDenied", EXPIRED_V4, iso(now() + 3600)),
                        object("never asked for"));
                Presigner p = presigner(server);
                GetOptions fixed = new GetOptions().signingTime(now() - 60)) {
            Downloader.Result result = download(server, p, fixed);
            assertEquals(403, result.status(), result::toString);
            assertFalse(result.isClockCorrected());
            assertEquals(1, server.requests().size());
            assertTrue(noted("cannot be presigned again"), notes.toString());
        }
    }

    /** A presigned request given as it is cannot be presigned again either. */
    @Test
    void aFixedRequestIsNotRetried() throws Exception {
        try (ScriptedServer server = new ScriptedServer(refusal("RequestTimeTooSkewed", null, iso(now() + 3600)),
                        object("never asked for"));
                Presigner p = presigner(server)) {
            Downloader.Result result = downloader().download(p.presignGetRequest("examplebucket", "a.txt", null), out(),
                    null).get(60, TimeUnit.SECONDS);
            assertEquals(403, result.status(), result::toString);
            assertEquals(1, server.requests().size());
            assertTrue(noted("cannot be presigned again"), notes.toString());
        }
    }
}
