package org.osspresign.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.osspresign.CredentialsException;
import org.osspresign.GetOptions;
import org.osspresign.OssPresignException;
import org.osspresign.PresignedRequest;
import org.osspresign.Presigner;
import org.osspresign.UrlVerificationException;

/**
 * The sample's resumable download against the loopback OSS emulator (whose signature checks
 * are Alibaba's SDK's) on a network that fails on cue: the emulator's armed faults cut, stall,
 * replace and corrupt, and its request log shows what the downloader sent (Range, If-Match,
 * signatures, bytes). Tagged "faults": bindings/android/test.sh runs these in the plain JUnit
 * run only (they wait on stalls and backoffs, and exercise no JNI beyond the other tests).
 */
@Tag("faults")
class ResumableDownloadTest extends EmulatorDownloads {
    static final byte[] DATA = bytes(18, 3 * MIB);

    @BeforeAll
    static void setUp() throws IOException {
        put("resume/object.bin", DATA);
    }

    Downloader.Result get(Downloader d, Presigner p, String key, GetOptions options) throws Exception {
        return d.download(p, bucket, key, options, out(), null).get(60, TimeUnit.SECONDS);
    }

    Downloader.Result get(String key) throws Exception {
        return get(builder(executor).build(), presigner, key, null);
    }

    void assertDownloaded(Downloader.Result result, byte[] data) throws IOException {
        assertTrue(result.isSuccess(), result::toString);
        assertArrayEquals(data, Files.readAllBytes(out().toPath()), "the destination is the object");
        assertEquals(data.length, result.bytes());
        assertEquals(Arrays.asList("out.bin"), listing(), "partial files left behind");
    }

    /** Waits until the destination's partial file holds {@code size} bytes with its ETag file. */
    void awaitSaved(long size, Process orNull) throws Exception {
        Path part = dir.resolve("out.bin.part");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(dir.resolve("out.bin.part.etag")) && Files.exists(part) && Files.size(part) == size)) {
            assertTrue(System.nanoTime() < deadline, "the first " + size + " bytes never arrived");
            assertTrue(orNull == null || orNull.isAlive(), "the download ended before it was stopped");
            Thread.sleep(20);
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void wholeDownload() throws Exception {
        Downloader.Result result = get("resume/object.bin");
        assertDownloaded(result, DATA);
        assertTrue(result.isCrcChecked(), "x-oss-hash-crc64ecma was checked");
        assertEquals(0, result.resumedFrom());
        List<Map<String, Object>> gets = gets("resume/object.bin");
        assertEquals(1, gets.size());
        Map<String, Object> only = gets.get(0);
        assertEquals(200L, only.get("status"));
        assertNull(only.get("range"));
        assertNull(only.get("if_match"));
        assertEquals(DATA.length, number(only, "bytes_sent"));
    }

    @Test
    void cutAtOneMibThenResumedWithRangeAndIfMatch() throws Exception {
        emulator.arm("[{\"request\": 1, \"cut_after\": " + MIB + "}]");
        Downloader.Result result = get("resume/object.bin");
        assertDownloaded(result, DATA);
        assertEquals(206, result.status());
        List<Map<String, Object>> gets = gets("resume/object.bin");
        assertEquals(2, gets.size());
        assertEquals(200L, gets.get(0).get("status"));
        assertEquals(MIB, number(gets.get(0), "bytes_sent"));
        assertEquals("bytes=" + MIB + "-", gets.get(1).get("range"));
        assertEquals(etagOf(DATA), gets.get(1).get("if_match"));
        assertEquals(206L, gets.get(1).get("status"));
        long sent = number(gets.get(0), "bytes_sent") + number(gets.get(1), "bytes_sent");
        assertTrue(sent < 1.5 * DATA.length, sent + " bytes transferred");
        assertTrue(result.transferredBytes() < 1.5 * DATA.length, result.transferredBytes() + " bytes received");
        assertTrue(result.isCrcChecked());
    }

    @Test
    void objectReplacedAfterTheCutIsDownloadedWhole() throws Exception {
        byte[] old = bytes(1, 2 * MIB);
        byte[] fresh = bytes(2, MIB + 12345);
        put("resume/replaced.bin", old);
        Path source = dir.getParent().resolve("new-version-" + System.nanoTime() + ".bin");
        Files.write(source, fresh);
        try {
            emulator.arm("[{\"request\": 1, \"cut_after\": " + MIB + "}, {\"request\": 2, \"replace_with\": \""
                    + source.toString().replace("\\", "\\\\") + "\"}]");
            Downloader.Result result = get("resume/replaced.bin");
            assertDownloaded(result, fresh);
            List<Map<String, Object>> gets = gets("resume/replaced.bin");
            assertEquals(3, gets.size());
            assertEquals("bytes=" + MIB + "-", gets.get(1).get("range"));
            assertEquals(etagOf(old), gets.get(1).get("if_match"));
            assertEquals(412L, gets.get(1).get("status"));
            assertNull(gets.get(2).get("range"));
            assertNull(gets.get(2).get("if_match"));
            assertEquals(200L, gets.get(2).get("status"));
        } finally {
            Files.deleteIfExists(source);
        }
    }

    /**
     * The caller's signed If-Match is theirs: a resume adds Range and leaves theirs alone (a
     * second If-Match, or ours in its place, would change what they signed), and it pins the
     * version as ours would.
     */
    @Test
    void aResumeKeepsTheSignedIfMatchAlone() throws Exception {
        String theirs = "\"0123\", " + etagOf(DATA);
        emulator.arm("[{\"request\": 1, \"cut_after\": " + MIB + "}]");
        try (GetOptions options = new GetOptions().addHeader("If-Match", theirs)) {
            assertDownloaded(get(builder(executor).build(), presigner, "resume/object.bin", options), DATA);
        }
        List<Map<String, Object>> gets = gets("resume/object.bin");
        assertEquals(2, gets.size());
        assertEquals(theirs, gets.get(0).get("if_match"));
        assertEquals("bytes=" + MIB + "-", gets.get(1).get("range"));
        assertEquals(theirs, gets.get(1).get("if_match"));
        assertEquals(206L, gets.get(1).get("status"));
    }

    /** A 412 to the caller's own If-Match is a refusal: the result, never a start-over. */
    @Test
    void aSignedIfMatchThatFailsIsFinal() throws Exception {
        Downloader.Result result;
        try (GetOptions options = new GetOptions().addHeader("If-Match", "\"0123\"")) {
            result = get(builder(executor).build(), presigner, "resume/object.bin", options);
        }
        assertEquals(412, result.status(), result::toString);
        assertEquals("PreconditionFailed", result.errorCode());
        assertTrue(listing().isEmpty(), "nothing written: " + listing());
        assertEquals(1, gets("resume/object.bin").size());
    }

    @Test
    void urlExpiredBetweenAttemptsIsPresignedAgain() throws Exception {
        // The cut comes 3 s after the first MiB: the 2-second URL has expired by then.
        emulator.arm("[{\"request\": 1, \"cut_after\": " + MIB + ", \"delay\": 3}]");
        try (GetOptions shortLived = new GetOptions().expires(2)) {
            Downloader.Result result = get(builder(executor).build(), presigner, "resume/object.bin", shortLived);
            assertDownloaded(result, DATA);
        }
        List<Map<String, Object>> gets = gets("resume/object.bin");
        assertEquals(2, gets.size());
        assertEquals("bytes=" + MIB + "-", gets.get(1).get("range"));
        assertEquals(206L, gets.get(1).get("status"));
        assertNotEquals(gets.get(0).get("signature"), gets.get(1).get("signature"), "a fresh signature");
        assertTrue(((String) gets.get(1).get("x_oss_date")).compareTo((String) gets.get(0).get("x_oss_date")) > 0,
                "signed later");
    }

    @Test
    void fixedRequestThatExpiredIsNotSent() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        try (GetOptions old = new GetOptions().signingTime(now - 3600).expires(60)) {
            PresignedRequest request = presigner.presignGetRequest(bucket, "resume/object.bin", old);
            Throwable why = failure(builder(executor).build().download(request, out(), null));
            UrlVerificationException expired = assertInstanceOf(UrlVerificationException.class, why);
            assertEquals(OssPresignException.URL_EXPIRED, expired.code());
        }
        assertTrue(gets("resume/object.bin").isEmpty(), "nothing was sent");
        assertTrue(listing().isEmpty());
    }

    /**
     * Killed mid-transfer (a JVM running DownloadMain, SIGKILLed during a stall), then run again:
     * it resumes from the saved MiB. Meanwhile a second download of the same file is refused.
     */
    @Test
    void killedAndRunAgainResumes() throws Exception {
        emulator.arm("[{\"request\": 1, \"stall_after\": " + MIB + ", \"stall\": 20}]");
        String[] args = {"--endpoint", endpoint, "--region", "cn-hangzhou", "--path-style", "--retries", "0",
            bucket, "resume/object.bin", out().toString()};
        List<String> command = new ArrayList<>(Arrays.asList(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.library.path=" + System.getProperty("java.library.path"),
                "-cp", sampleClassPath(), DownloadMain.class.getName()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.redirectOutput(dir.resolve("child.log").toFile());
        builder.environment().putAll(credentials());
        Process child = builder.start();
        try {
            awaitSaved(MIB, child);
            Throwable busy = failure(builder(executor).build().download(presigner, bucket, "resume/object.bin", null, out(), null));
            assertInstanceOf(IOException.class, busy);
            assertTrue(busy.getMessage().contains("being written by another download"), busy.getMessage());
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertFalse(Files.exists(out().toPath()), "no destination before the object is whole");
        Files.delete(dir.resolve("child.log"));

        emulator.disarm();
        emulator.clearRequests();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = DownloadMain.run(args, credentials(), new PrintStream(stdout, true, "UTF-8"),
                new PrintStream(stderr, true, "UTF-8"));
        String err = new String(stderr.toByteArray(), StandardCharsets.UTF_8);
        assertEquals(0, status, err);
        assertTrue(err.contains("resuming: " + MIB + " bytes saved"), err);
        assertTrue(new String(stdout.toByteArray(), StandardCharsets.UTF_8).contains("CRC-64 checked"));
        assertArrayEquals(DATA, Files.readAllBytes(out().toPath()));
        assertEquals(Arrays.asList("out.bin"), listing());
        List<Map<String, Object>> gets = emulator.requests("/" + bucket + "/resume/object.bin?");
        assertEquals(1, gets.size());
        assertEquals("bytes=" + MIB + "-", gets.get(0).get("range"));
        assertEquals(etagOf(DATA), gets.get(0).get("if_match"));
        assertEquals(206L, gets.get(0).get("status"));
        assertEquals(DATA.length - MIB, number(gets.get(0), "bytes_sent"));
    }

    static Map<String, String> credentials() {
        Map<String, String> env = new HashMap<>();
        env.put("OSS_ACCESS_KEY_ID", env("OSS_TEST_AK"));
        env.put("OSS_ACCESS_KEY_SECRET", env("OSS_TEST_SK"));
        return env;
    }

    static String sampleClassPath() {
        String path = System.getProperty("oss.sampleClasspath");
        if (path == null) {
            throw new IllegalStateException("-Doss.sampleClasspath is not set: run bash bindings/android/test.sh");
        }
        return path;
    }

    @Test
    void missingObjectWritesNothing() throws Exception {
        Downloader.Result result = get("resume/no such object.bin");
        assertEquals(404, result.status());
        assertEquals("NoSuchKey", result.errorCode());
        assertTrue(listing().isEmpty(), "nothing written: " + listing());
        assertEquals(1, gets("resume/no%20such%20object.bin").size());
    }

    @Test
    void crcMismatchDownloadsOnceMoreFromZero() throws Exception {
        emulator.arm("[{\"request\": 1, \"flip_byte\": 123456}]");
        Downloader.Result result = get("resume/object.bin");
        assertDownloaded(result, DATA);
        List<Map<String, Object>> gets = gets("resume/object.bin");
        assertEquals(2, gets.size());
        assertNull(gets.get(1).get("range"));
        assertEquals(200L, gets.get(1).get("status"));
    }

    @Test
    void crcMismatchTwiceFailsAndWritesNothing() throws Exception {
        emulator.arm("[{\"flip_byte\": 123456}]"); // every request
        Throwable why = failure(builder(executor).build().download(presigner, bucket, "resume/object.bin", null, out(), null));
        assertInstanceOf(IOException.class, why);
        assertTrue(why.getMessage().contains("CRC-64 mismatch"), why.getMessage());
        assertTrue(why.getMessage().contains("arrived corrupted twice"), why.getMessage());
        assertTrue(listing().isEmpty());
        assertEquals(2, gets("resume/object.bin").size());
    }

    @Test
    void stallPastTheReadTimeoutIsACut() throws Exception {
        emulator.arm("[{\"request\": 1, \"stall_after\": " + MIB + ", \"stall\": 4}]");
        Downloader stallWary = builder(executor).timeouts(10_000, 1000).build();
        assertDownloaded(get(stallWary, presigner, "resume/object.bin", null), DATA);
        List<Map<String, Object>> gets = gets("resume/object.bin");
        assertEquals("bytes=" + MIB + "-", gets.get(gets.size() - 1).get("range"));
    }

    @Test
    void retriesRunOutThenTheSavedBytesWait() throws Exception {
        emulator.arm("[{\"cut_after\": 1000}]"); // every request
        Downloader threeRetries = builder(executor).retries(3).build();
        Throwable why = failure(threeRetries.download(presigner, bucket, "resume/object.bin", null, out(), null));
        assertTrue(why.getMessage().contains("giving up after 3 retries; 4000 bytes kept"), why.getMessage());
        List<Object> ranges = new ArrayList<>();
        for (Map<String, Object> g : gets("resume/object.bin")) {
            ranges.add(g.get("range"));
        }
        assertEquals(Arrays.asList(null, "bytes=1000-", "bytes=2000-", "bytes=3000-"), ranges);
        assertEquals(4000, Files.size(dir.resolve("out.bin.part")));
        // The network is back: the same download finishes from there.
        emulator.disarm();
        emulator.clearRequests();
        Downloader.Result result = get(threeRetries, presigner, "resume/object.bin", null);
        assertDownloaded(result, DATA);
        assertEquals(4000, result.resumedFrom());
        assertEquals("bytes=4000-", gets("resume/object.bin").get(0).get("range"));
    }

    /** One writer per .part; a cancelled download keeps its bytes and the next one resumes. */
    @Test
    void secondWriterRefusedAndCancelKeepsTheBytes() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            emulator.arm("[{\"request\": 1, \"stall_after\": " + MIB + ", \"stall\": 20}]");
            Downloader serial = builder(one).timeouts(10_000, 2_000).build(); // see Cancellation
            Future<Downloader.Result> first = serial.download(presigner, bucket, "resume/object.bin", null, out(), null);
            awaitSaved(MIB, null);
            Throwable busy = failure(builder(executor).build().download(presigner, bucket, "resume/object.bin", null, out(), null));
            assertTrue(busy.getMessage().contains("being written by another download"), busy.getMessage());
            assertTrue(first.cancel(true));
            // Queued behind the cancelled one on the same thread: it resumes its bytes.
            Downloader.Result result = serial.download(presigner, bucket, "resume/object.bin", null, out(), null)
                    .get(60, TimeUnit.SECONDS);
            assertDownloaded(result, DATA);
            assertEquals(MIB, result.resumedFrom());
            List<Map<String, Object>> gets = gets("resume/object.bin");
            assertEquals("bytes=" + MIB + "-", gets.get(gets.size() - 1).get("range"));
        } finally {
            one.shutdownNow();
            assertTrue(one.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void expiredCredentialsAreRefreshedOnceThenPresignedAgain() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        AtomicInteger calls = new AtomicInteger();
        try (Presigner sts = new Presigner(endpoint, "cn-hangzhou", env("OSS_TEST_STS_AK"), env("OSS_TEST_STS_SK"),
                env("OSS_TEST_STS_TOKEN"))) {
            sts.setCredentials(env("OSS_TEST_STS_AK"), env("OSS_TEST_STS_SK"), env("OSS_TEST_STS_TOKEN"), now - 60);
            Downloader refreshing = builder(executor)
                    .credentialsRefresher((p, error) -> {
                        calls.incrementAndGet();
                        assertEquals(OssPresignException.CREDENTIALS_EXPIRED, error.code());
                        p.setCredentials(env("OSS_TEST_STS_AK"), env("OSS_TEST_STS_SK"), env("OSS_TEST_STS_TOKEN"),
                                now + 3600);
                    })
                    .build();
            assertDownloaded(get(refreshing, sts, "resume/object.bin", null), DATA);
            assertEquals(1, calls.get());

            // A refresher that brings nothing: called once, then the presign's refusal stands.
            sts.setCredentials(env("OSS_TEST_STS_AK"), env("OSS_TEST_STS_SK"), env("OSS_TEST_STS_TOKEN"), now - 60);
            Files.delete(out().toPath());
            Downloader stale = builder(executor).credentialsRefresher((p, error) -> calls.incrementAndGet()).build();
            Throwable why = failure(stale.download(sts, bucket, "resume/object.bin", null, out(), null));
            assertEquals(OssPresignException.CREDENTIALS_EXPIRED, assertInstanceOf(CredentialsException.class, why).code());
            assertEquals(2, calls.get());
        }
    }

    /**
     * A server two hours ahead refuses the first URL as expired (EC 0002-00000236); the clock
     * is corrected from its answer, the URL presigned again, and when that download is cut it
     * resumes with the corrected URL.
     */
    @Test
    void skewAheadCorrectedThenResumed() throws Exception {
        skewed("OSS_TEST_AHEAD_PORT", 7200);
    }

    /** Two hours behind: "not valid yet" (EC 0002-00000235); the same. */
    @Test
    void skewBehindCorrectedThenResumed() throws Exception {
        skewed("OSS_TEST_BEHIND_PORT", -7200);
    }

    private void skewed(String portVariable, long offset) throws Exception {
        Emulator server = new Emulator(Integer.parseInt(env(portVariable)));
        server.clearRequests();
        server.arm("[{\"request\": 2, \"cut_after\": " + MIB + "}]");
        try (Presigner phone = new Presigner("http://localhost:" + env(portVariable), "cn-hangzhou",
                env("OSS_TEST_AK"), env("OSS_TEST_SK"), null)) {
            Downloader.Result result = get(builder(executor).build(), phone, "resume/object.bin", null);
            assertDownloaded(result, DATA);
            assertTrue(result.isClockCorrected());
            assertTrue(Math.abs(phone.clockOffset() - offset) <= 10, "offset " + phone.clockOffset());
            List<Map<String, Object>> gets = gets(server, "resume/object.bin");
            assertEquals(3, gets.size());
            assertEquals(403L, gets.get(0).get("status"));
            assertEquals("AccessDenied", gets.get(0).get("code"));
            assertEquals(200L, gets.get(1).get("status"));
            assertEquals("bytes=" + MIB + "-", gets.get(2).get("range"));
            assertEquals(206L, gets.get(2).get("status"));
        } finally {
            server.disarm();
        }
    }
}
