package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.osspresign.sample.Downloader;
import org.osspresign.sample.Emulator;

/**
 * End to end: presign through JNI, download with the sample's {@link Downloader}
 * (HttpURLConnection) from the loopback OSS emulator, which checks every signature with
 * Alibaba's own SDK. bindings/android/test.sh starts it and maps {@code <bucket>.localhost} to
 * 127.0.0.1 with {@code -Djdk.net.hosts.file}.
 */
class DownloadTest {
    static final String PLAIN = "hello.txt";
    static final String SPACE_PLUS = "a+b c/d e+f.txt";
    static final String CJK = "unicode/\u5b50\u76ee\u5f55/\u6587\u4ef6.txt";
    static final String EMOJI = "emoji/\ud83d\ude80 launch \ud83d\ude00.bin";
    static final String BIG = "big/binary.bin";
    static final Map<String, byte[]> OBJECTS = new LinkedHashMap<>();

    static String port;
    static String bucket;
    static String endpoint;
    static ExecutorService executor;
    static Downloader downloader;
    static Presigner presigner;

    @TempDir Path downloads;

    @BeforeAll
    static void writeObjects() throws Exception {
        port = Fixtures.env("OSS_TEST_PORT");
        bucket = Fixtures.env("OSS_TEST_BUCKET");
        endpoint = "http://localhost:" + port;
        Path root = Paths.get(Fixtures.env("OSS_TEST_ROOT")).resolve(bucket);
        Random random = new Random(42);
        int size = 100;
        for (String key : new String[] {PLAIN, SPACE_PLUS, CJK, EMOJI, Fixtures.UNICODE_KEY, "image.jpg", BIG}) {
            byte[] data = new byte[key.equals(BIG) ? 300 * 1024 + 7 : size++];
            random.nextBytes(data);
            Path file = root.resolve(key);
            Files.createDirectories(file.getParent());
            Files.write(file, data);
            OBJECTS.put(key, data);
        }
        executor = Executors.newFixedThreadPool(4);
        downloader = new Downloader(executor);
        presigner = new Presigner(endpoint, "cn-hangzhou", Fixtures.env("OSS_TEST_AK"), Fixtures.env("OSS_TEST_SK"), null);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        presigner.close();
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
    }

    private File file(String name) {
        return downloads.resolve(name).toFile();
    }

    private Downloader.Result get(PresignedRequest request, File to) throws Exception {
        return downloader.download(request, to, null).get(60, TimeUnit.SECONDS);
    }

    private Downloader.Result get(String url, File to) throws Exception {
        return downloader.download(url, Collections.emptyMap(), to, null).get(60, TimeUnit.SECONDS);
    }

    /** Presigns with {@code p}, downloads, and checks a 200 with exactly the object's bytes. */
    private Downloader.Result expectObject(Presigner p, String key, GetOptions options) throws Exception {
        PresignedRequest request = p.presignGetRequest(bucket, key, options);
        File to = file("object");
        Downloader.Result result = get(request, to);
        assertEquals(200, result.status(), () -> key + ": " + result + " for " + request.url());
        assertTrue(result.isSuccess());
        assertArrayEquals(OBJECTS.get(key), Files.readAllBytes(to.toPath()), key);
        assertEquals(OBJECTS.get(key).length, result.bytes());
        return result;
    }

    private void expectRefused(Downloader.Result result, int status, String code, File to) {
        assertEquals(status, result.status(), result::toString);
        assertEquals(code, result.errorCode(), result::toString);
        assertFalse(result.isSuccess());
        assertNotNull(result.errorMessage());
        assertFalse(result.errorMessage().isEmpty());
        assertFalse(to.exists(), "no file is written for an error answer");
    }

    @Test
    void plainKeyVirtualHostedUrlSentUnchanged() throws Exception {
        PresignedRequest request = presigner.presignGetRequest(bucket, PLAIN, null);
        // Virtual-hosted: the host is <bucket>.localhost, which the hosts file maps.
        assertTrue(request.url().startsWith("http://" + bucket + ".localhost:" + port + "/hello.txt?"), request.url());
        List<long[]> progress = Collections.synchronizedList(new ArrayList<>());
        File to = file(PLAIN);
        Downloader.Result result = downloader
                .download(request, to, (soFar, total) -> progress.add(new long[] {soFar, total}))
                .get(60, TimeUnit.SECONDS);
        assertEquals(200, result.status(), result::toString);
        assertArrayEquals(OBJECTS.get(PLAIN), Files.readAllBytes(to.toPath()));
        assertEquals("text/plain", result.header("content-type"));
        assertFalse(progress.isEmpty());
        long[] last = progress.get(progress.size() - 1);
        assertEquals(OBJECTS.get(PLAIN).length, last[0]);
        assertEquals(OBJECTS.get(PLAIN).length, last[1]);
        // presignGet gives the same kind of URL, also accepted.
        Downloader.Result again = get(presigner.presignGet(bucket, PLAIN, null), file("again"));
        assertEquals(200, again.status(), again::toString);
    }

    @Test
    void bigObjectStreamsWithProgress() throws Exception {
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        File to = file("big");
        Downloader.Result result = downloader
                .download(presigner.presignGetRequest(bucket, BIG, null), to, (soFar, total) -> seen.add(soFar))
                .get(60, TimeUnit.SECONDS);
        assertEquals(200, result.status(), result::toString);
        assertArrayEquals(OBJECTS.get(BIG), Files.readAllBytes(to.toPath()));
        assertTrue(seen.size() > 1, "progress reported while streaming: " + seen);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) > seen.get(i - 1));
        }
        assertEquals((long) OBJECTS.get(BIG).length, seen.get(seen.size() - 1));
    }

    @Test
    void keyWithSpaceAndPlus() throws Exception {
        assertTrue(presigner.presignGet(bucket, SPACE_PLUS, null).contains("/a%2Bb%20c/d%20e%2Bf.txt?"));
        expectObject(presigner, SPACE_PLUS, null);
    }

    @Test
    void cjkKey() throws Exception {
        expectObject(presigner, CJK, null);
        // The same download on the calling thread.
        File to = file("blocking");
        Downloader.Result result = downloader.downloadBlocking(presigner.presignGetRequest(bucket, CJK, null), to, null);
        assertEquals(200, result.status(), result::toString);
        assertArrayEquals(OBJECTS.get(CJK), Files.readAllBytes(to.toPath()));
    }

    @Test
    void emojiKeys() throws Exception {
        expectObject(presigner, EMOJI, null);
        // Emoji, a ZWJ sequence, a combining mark and CJK: the key ReferenceUrlTest compares with C.
        expectObject(presigner, Fixtures.UNICODE_KEY, null);
    }

    @Test
    void versionId() throws Exception {
        try (GetOptions options = new GetOptions().versionId("CAEQNhiBgM+/0BYiIDc4MGZj==ZGI2")) {
            expectObject(presigner, "image.jpg", options);
        }
    }

    @Test
    void responseOverrides() throws Exception {
        String disposition = "attachment; filename=\"report 2024+final.pdf\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf";
        try (GetOptions options = new GetOptions()
                .responseContentDisposition(disposition)
                .responseContentType("application/x-test")
                .responseCacheControl("no-cache, max-age=0")) {
            Downloader.Result result = expectObject(presigner, "image.jpg", options);
            assertEquals(disposition, result.header("Content-Disposition"));
            assertEquals("application/x-test", result.header("Content-Type"));
            assertEquals("no-cache, max-age=0", result.header("Cache-Control"));
        }
    }

    @Test
    void signedContentTypeMustBeSent() throws Exception {
        try (GetOptions options = new GetOptions().addHeader("Content-Type", "text/plain")) {
            PresignedRequest request = presigner.presignGetRequest(bucket, SPACE_PLUS, options);
            assertEquals(Collections.singletonMap("Content-Type", "text/plain"), request.headers());
            expectObject(presigner, SPACE_PLUS, options);
            File to = file("omitted");
            expectRefused(get(request.url(), to), 403, "SignatureDoesNotMatch", to);
            // Another value than the signed one is refused too.
            Map<String, String> other = new HashMap<>();
            other.put("Content-Type", "text/html");
            expectRefused(downloader.download(request.url(), other, to, null).get(60, TimeUnit.SECONDS),
                    403, "SignatureDoesNotMatch", to);
        }
        try (GetOptions options = new GetOptions()
                .addHeader("X-Trace-Id", "trace-42")
                .addHeader("x-oss-meta-purpose", "test")) {
            expectObject(presigner, PLAIN, options);
            File to = file("omitted2");
            expectRefused(get(presigner.presignGet(bucket, PLAIN, options), to), 403, "SignatureDoesNotMatch", to);
        }
    }

    @Test
    void stsToken() throws Exception {
        String ak = Fixtures.env("OSS_TEST_STS_AK");
        String sk = Fixtures.env("OSS_TEST_STS_SK");
        try (Presigner sts = new Presigner(endpoint, "cn-hangzhou", ak, sk, Fixtures.env("OSS_TEST_STS_TOKEN"));
                Presigner noToken = new Presigner(endpoint, "cn-hangzhou", ak, sk, null);
                Presigner badToken = new Presigner(endpoint, "cn-hangzhou", ak, sk, "not-the-token")) {
            assertTrue(sts.presignGet(bucket, PLAIN, null).contains("&x-oss-security-token="));
            expectObject(sts, EMOJI, null);
            File to = file("sts");
            expectRefused(get(noToken.presignGetRequest(bucket, EMOJI, null), to), 403, "InvalidAccessKeyId", to);
            expectRefused(get(badToken.presignGetRequest(bucket, EMOJI, null), to), 403, "InvalidSecurityToken", to);
        }
    }

    @Test
    void expiredUrl() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        try (GetOptions options = new GetOptions().signingTime(now - 3600).expires(60)) {
            File to = file("expired");
            PresignedRequest old = presigner.presignGetRequest(bucket, PLAIN, options);
            // The downloader does not send a request whose expiration has passed...
            assertEquals(OssPresignException.URL_EXPIRED, expiredBeforeSending(downloader.download(old, to, null)));
            assertFalse(to.exists());
            // ...which OSS refuses: the same URL, sent as text.
            expectRefused(get(old.url(), to), 403, "AccessDenied", to);
            // Signed an hour ago for two hours: still valid.
            options.expires(7200);
            expectObject(presigner, PLAIN, options);
        }
    }

    /**
     * A presigned HEAD signs no GET (OSS would answer the download with a 403): refused before
     * anything is sent, naming the argument.
     */
    @Test
    void aHeadRequestIsNoDownload() throws Exception {
        String key = "head/not-a-download.txt";
        PresignedRequest head = presigner.presignHeadRequest(bucket, key, null);
        File to = file("head");
        for (Executable call : new Executable[] {
                () -> downloader.download(head, to, null), () -> downloader.downloadBlocking(head, to, null)}) {
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class, call);
            assertEquals(OssPresignException.INVALID_ARGUMENT, e.code());
            assertEquals("request", e.argument());
            assertTrue(e.getMessage().startsWith("request: a presigned HEAD request"), e.getMessage());
        }
        assertFalse(to.exists());
        assertFalse(new File(to.getPath() + ".part").exists());
        assertTrue(new Emulator(Integer.parseInt(port)).requests("/" + key).isEmpty(), "nothing was sent");
    }

    @Test
    void missingObject() throws Exception {
        File to = file("missing");
        expectRefused(get(presigner.presignGetRequest(bucket, "missing/object.txt", null), to), 404, "NoSuchKey", to);
    }

    @Test
    void tamperedUrls() throws Exception {
        String url = presigner.presignGet(bucket, PLAIN, null);
        char last = url.charAt(url.length() - 1);
        String tampered = url.substring(0, url.length() - 1) + (last == '0' ? '1' : '0');
        File to = file("tampered");
        expectRefused(get(tampered, to), 403, "SignatureDoesNotMatch", to);
        expectRefused(get(url + "&versionId=1", to), 403, "SignatureDoesNotMatch", to);
        try (Presigner wrongSecret = new Presigner(endpoint, "cn-hangzhou", Fixtures.env("OSS_TEST_AK"), "wrong", null)) {
            expectRefused(get(wrongSecret.presignGetRequest(bucket, PLAIN, null), to), 403, "SignatureDoesNotMatch", to);
        }
    }

    @Test
    void pathStyle() throws Exception {
        try (Presigner path = Presigner.builder(endpoint, "cn-hangzhou")
                .credentials(Fixtures.env("OSS_TEST_AK"), Fixtures.env("OSS_TEST_SK"), null)
                .pathStyle(true)
                .build()) {
            assertTrue(path.presignGet(bucket, CJK, null).startsWith(endpoint + "/" + bucket + "/unicode/"));
            expectObject(path, CJK, null);
        }
    }

    @Test
    void parallelDownloadsShareOnePresigner() throws Exception {
        List<Future<Downloader.Result>> results = new ArrayList<>();
        List<String> keys = new ArrayList<>(OBJECTS.keySet());
        for (int i = 0; i < 16; i++) {
            String key = keys.get(i % keys.size());
            results.add(downloader.download(presigner.presignGetRequest(bucket, key, null), file("p" + i), null));
        }
        for (int i = 0; i < results.size(); i++) {
            Downloader.Result r = results.get(i).get(60, TimeUnit.SECONDS);
            assertEquals(200, r.status(), r::toString);
            assertArrayEquals(OBJECTS.get(keys.get(i % keys.size())), Files.readAllBytes(file("p" + i).toPath()));
        }
    }

    // ------------------------------------------------------------------ beyond presigning

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static Presigner skewed(String portVariable) {
        return new Presigner("http://localhost:" + Fixtures.env(portVariable), "cn-hangzhou",
                Fixtures.env("OSS_TEST_AK"), Fixtures.env("OSS_TEST_SK"), null);
    }

    private Downloader.Result download(Presigner p, String key, GetOptions options, File to) throws Exception {
        return downloader.download(p, bucket, key, options, to, null).get(60, TimeUnit.SECONDS);
    }

    /**
     * A server whose clock runs two hours ahead finds URLs signed by this machine's clock
     * expired; the downloader feeds it the server time of the error, presigns again, retries
     * once and gets the object, and the presigner stays corrected.
     */
    @Test
    void clockSkewLoopWithAServerAhead() throws Exception {
        try (Presigner p = skewed("OSS_TEST_AHEAD_PORT")) {
            // What the server says to an uncorrected URL, read through the library.
            File to = file("skew");
            Downloader.Result refused = get(p.presignGetRequest(bucket, PLAIN, null), to);
            expectRefused(refused, 403, "AccessDenied", to);
            assertEquals("Request has expired.", refused.errorMessage());
            long now = now();
            long serverTime = refused.serviceError().serverTime();
            assertTrue(serverTime >= now + 7190 && serverTime <= now + 7210, "ServerTime " + serverTime);
            assertTrue(refused.serviceError().expires() > 0);
            long date = HttpDates.parse(refused.header("Date"));
            assertTrue(Math.abs(date - serverTime) <= 2, "Date " + date + ", ServerTime " + serverTime);
            assertEquals(0, p.clockOffset());

            // The loop: refused, corrected, presigned again, downloaded.
            Downloader.Result result = download(p, PLAIN, null, to);
            assertEquals(200, result.status(), result::toString);
            assertTrue(result.isClockCorrected(), result::toString);
            assertArrayEquals(OBJECTS.get(PLAIN), Files.readAllBytes(to.toPath()));
            long offset = p.clockOffset();
            assertTrue(offset >= 7190 && offset <= 7210, "offset " + offset);

            // Corrected for good: the next download needs no retry, on any key.
            Downloader.Result next = download(p, EMOJI, null, file("skew2"));
            assertEquals(200, next.status(), next::toString);
            assertFalse(next.isClockCorrected());
            assertArrayEquals(OBJECTS.get(EMOJI), Files.readAllBytes(file("skew2").toPath()));
        }
    }

    /** Two hours behind: URLs signed "in the future" are not valid yet; the same loop. */
    @Test
    void clockSkewLoopWithAServerBehind() throws Exception {
        try (Presigner p = skewed("OSS_TEST_BEHIND_PORT")) {
            File to = file("behind");
            Downloader.Result refused = get(p.presignGetRequest(bucket, CJK, null), to);
            expectRefused(refused, 403, "AccessDenied", to);
            assertEquals("Request is not valid yet.", refused.errorMessage());
            Downloader.Result result = download(p, CJK, null, to);
            assertEquals(200, result.status(), result::toString);
            assertTrue(result.isClockCorrected());
            assertArrayEquals(OBJECTS.get(CJK), Files.readAllBytes(to.toPath()));
            long offset = p.clockOffset();
            assertTrue(offset <= -7190 && offset >= -7210, "offset " + offset);
        }
    }

    /** No retry where a clock correction cannot help. */
    @Test
    void clockSkewLoopLeavesOtherRefusalsAlone() throws Exception {
        // An explicit signing time: presigning again gives the same URL, so it is not retried.
        try (Presigner p = skewed("OSS_TEST_AHEAD_PORT"); GetOptions o = new GetOptions().signingTime(now())) {
            File to = file("explicit");
            Downloader.Result result = download(p, PLAIN, o, to);
            expectRefused(result, 403, "AccessDenied", to);
            assertFalse(result.isClockCorrected());
        }
        // A URL that is old by the local clock too, and cannot change: not even sent.
        try (Presigner p = new Presigner(endpoint, "cn-hangzhou", Fixtures.env("OSS_TEST_AK"), Fixtures.env("OSS_TEST_SK"), null);
                GetOptions o = new GetOptions().signingTime(now() - 3600).expires(60)) {
            File to = file("old");
            assertEquals(OssPresignException.URL_EXPIRED,
                    expiredBeforeSending(downloader.download(p, bucket, PLAIN, o, to, null)));
            assertFalse(to.exists());
            assertEquals(0, p.clockOffset(), "nothing was corrected");
            // And a missing object is just that.
            Downloader.Result missing = download(p, "missing/object.txt", null, to);
            expectRefused(missing, 404, "NoSuchKey", to);
            assertEquals(0, p.clockOffset());
        }
    }

    /**
     * Diagnostics: with a wrong secret OSS refuses the signature and sends back the canonical
     * request and string to sign it computed (Alibaba's SDK, in the emulator): ours are equal,
     * so the secret is the culprit.
     */
    @Test
    void diagnosticsEqualWhatOssComputed() throws Exception {
        try (Presigner wrong = new Presigner(endpoint, "cn-hangzhou", Fixtures.env("OSS_TEST_AK"), "wrong-secret", null);
                GetOptions o = new GetOptions().diagnostics(true).addHeader("Content-Type", "text/plain")
                        .addHeader("X-Trace-Id", "trace-42").responseContentDisposition("attachment")) {
            PresignedRequest request = wrong.presignGetRequest(bucket, Fixtures.UNICODE_KEY, o);
            File to = file("diagnostics");
            Downloader.Result result = get(request, to);
            expectRefused(result, 403, "SignatureDoesNotMatch", to);
            OssServiceError error = result.serviceError();
            assertEquals(error.canonicalRequest(), request.canonicalRequest());
            assertEquals(error.stringToSign(), request.stringToSign());
            assertTrue(request.canonicalRequest().contains("\ncontent-type:text/plain\n"), request.canonicalRequest());
            assertEquals(Fixtures.env("OSS_TEST_AK"), error.field("OSSAccessKeyId"));
            // With the right secret the same request is accepted.
            try (Presigner right = new Presigner(endpoint, "cn-hangzhou", Fixtures.env("OSS_TEST_AK"), Fixtures.env("OSS_TEST_SK"), null)) {
                PresignedRequest good = right.presignGetRequest(bucket, Fixtures.UNICODE_KEY, o.signingTime(request.signingTime()));
                assertEquals(request.canonicalRequest(), good.canonicalRequest());
                Downloader.Result ok = get(good, to);
                assertEquals(200, ok.status(), ok::toString);
            }
        }
    }

    /** Rotation on a live presigner: from refused credentials to the STS set to long-term keys. */
    @Test
    void rotatedCredentialsDownload() throws Exception {
        try (Presigner p = new Presigner(endpoint, "cn-hangzhou", Fixtures.env("OSS_TEST_AK"), "stale-secret", null)) {
            File to = file("rotated");
            expectRefused(get(p.presignGetRequest(bucket, PLAIN, null), to), 403, "SignatureDoesNotMatch", to);
            p.setCredentials(Fixtures.env("OSS_TEST_STS_AK"), Fixtures.env("OSS_TEST_STS_SK"),
                    Fixtures.env("OSS_TEST_STS_TOKEN"), now() + 3600);
            expectObject(p, SPACE_PLUS, null);
            p.setCredentials(Fixtures.env("OSS_TEST_AK"), Fixtures.env("OSS_TEST_SK"), null);
            expectObject(p, PLAIN, null);
        }
    }

    /** An STS URL clamped to its token's expiration is accepted, with exactly that lifetime. */
    @Test
    void urlClampedToTheStsExpiration() throws Exception {
        long expiration = now() + 120;
        try (Presigner sts = Presigner.builder(endpoint, "cn-hangzhou")
                        .credentials(Fixtures.env("OSS_TEST_STS_AK"), Fixtures.env("OSS_TEST_STS_SK"), Fixtures.env("OSS_TEST_STS_TOKEN"))
                        .credentialsExpiration(expiration)
                        .build();
                GetOptions o = new GetOptions().expires(3600)) {
            OssPresignException e = assertThrows(OssPresignException.class, () -> sts.presignGet(bucket, PLAIN, o));
            assertEquals(OssPresignException.CREDENTIALS_EXPIRE_FIRST, e.code());
            o.clampToCredentials(true);
            PresignedRequest request = sts.presignGetRequest(bucket, PLAIN, o);
            assertEquals(expiration, request.expiration());
            expectObject(sts, PLAIN, o);
        }
    }

    /** A windowed URL, signed at the start of its window, is accepted. */
    @Test
    void signingTimeWindowUrlDownloads() throws Exception {
        try (GetOptions o = new GetOptions().signingTimeWindow(600).expires(60)) {
            PresignedRequest request = presigner.presignGetRequest(bucket, PLAIN, o);
            assertEquals(0, request.signingTime() % 600);
            assertEquals(request.signingTime() + 660, request.expiration());
            Downloader.Result result = get(request, file("window"));
            assertEquals(200, result.status(), result::toString);
        }
    }

    /** A gallery page in one call: every entry downloads; a bad key fails only its entry. */
    @Test
    void batchUrlsDownload() throws Exception {
        List<String> keys = new ArrayList<>(OBJECTS.keySet());
        keys.add(2, "/not-a-key");
        // Read as a List, as code written before PresignedBatch does.
        List<BatchEntry> batch = presigner.presignGetBatch(bucket, keys, null);
        assertEquals(keys.size(), batch.size());
        PresignedBatch page = (PresignedBatch) batch;
        assertEquals(page.signingTime() + 900, page.expiration(), "the default lifetime");
        assertEquals(OssPresignException.INVALID_KEY, batch.get(2).error().code());
        for (int i = 0; i < keys.size(); i++) {
            if (i == 2) {
                continue;
            }
            File to = file("batch" + i);
            Downloader.Result result = get(batch.get(i).urlOrThrow(), to);
            assertEquals(200, result.status(), () -> keys + ": " + result);
            assertArrayEquals(OBJECTS.get(keys.get(i)), Files.readAllBytes(to.toPath()), keys.get(i));
        }
    }

    /**
     * A presigner holding only today's delegated key (derived from the secret, as an app server
     * would) downloads from OSS, which knows only the secret.
     */
    @Test
    void delegatedSigningKeyDownloads() throws Exception {
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        String key = SigningKeys.derive(Fixtures.env("OSS_TEST_STS_SK"), today, "cn-hangzhou", "oss");
        try (Presigner device = Presigner.builder(endpoint, "cn-hangzhou")
                        .signingKey(Fixtures.env("OSS_TEST_STS_AK"), key, today, Fixtures.env("OSS_TEST_STS_TOKEN"))
                        .build();
                GetOptions o = new GetOptions().expires(300)) {
            PresignedRequest request;
            try {
                request = device.presignGetRequest(bucket, EMOJI, o);
            } catch (OssPresignException e) {
                // Only if the UTC day ended between deriving and presigning.
                assertEquals(OssPresignException.SIGNING_KEY_OUT_OF_SCOPE, e.code());
                return;
            }
            File to = file("delegated");
            Downloader.Result result = get(request, to);
            assertEquals(200, result.status(), result::toString);
            assertArrayEquals(OBJECTS.get(EMOJI), Files.readAllBytes(to.toPath()));
            // Rotated in again with the STS credentials' expiry: the clamped URL ends then, and
            // OSS accepts it.
            long expiry = request.signingTime() + 120;
            device.setSigningKey(Fixtures.env("OSS_TEST_STS_AK"), key, today, Fixtures.env("OSS_TEST_STS_TOKEN"), expiry);
            PresignedRequest clamped = device.presignGetRequest(bucket, EMOJI,
                    o.signingTime(request.signingTime()).clampToCredentials(true));
            assertEquals(expiry, clamped.expiration());
            File clampedTo = file("delegated-clamped");
            Downloader.Result clampedResult = get(clamped, clampedTo);
            assertEquals(200, clampedResult.status(), clampedResult::toString);
            assertArrayEquals(OBJECTS.get(EMOJI), Files.readAllBytes(clampedTo.toPath()));
            // A key of another secret is refused by OSS.
            device.setSigningKey(Fixtures.env("OSS_TEST_STS_AK"),
                    SigningKeys.derive("not-the-secret", today, "cn-hangzhou", "oss"), today, Fixtures.env("OSS_TEST_STS_TOKEN"));
            File refused = file("delegated-refused");
            expectRefused(get(device.presignGetRequest(bucket, EMOJI, o.signingTime(request.signingTime())), refused),
                    403, "SignatureDoesNotMatch", refused);
        }
    }

    /** The code of the OssPresignException a download failed with before sending anything. */
    private static int expiredBeforeSending(Future<Downloader.Result> download) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> download.get(60, TimeUnit.SECONDS));
        return ((OssPresignException) e.getCause()).code();
    }

    /** The verdict of verifyUrl: 0 for valid, else the code. */
    private static int verdict(Presigner p, String url, Map<String, String> headers, long now) {
        try {
            p.verifyUrl(url, headers, now);
            return 0;
        } catch (OssPresignException e) {
            return e.code();
        }
    }

    /**
     * verifyUrl agrees with OSS (the emulator, which judges with Alibaba's signer) on valid and
     * tampered URLs: valid exactly when OSS serves the object, and the reason maps to OSS's.
     */
    @Test
    void verifyUrlAgreesWithOss() throws Exception {
        String ak = Fixtures.env("OSS_TEST_AK");
        long now = now();
        try (Presigner p = new Presigner(endpoint, "cn-hangzhou", ak, Fixtures.env("OSS_TEST_SK"), null);
                Presigner wrong = new Presigner(endpoint, "cn-hangzhou", ak, "wrong-secret", null);
                Presigner sts = new Presigner(endpoint, "cn-hangzhou", Fixtures.env("OSS_TEST_STS_AK"),
                        Fixtures.env("OSS_TEST_STS_SK"), Fixtures.env("OSS_TEST_STS_TOKEN"));
                GetOptions header = new GetOptions().addHeader("Content-Type", "text/plain").addHeader("X-Trace-Id", "t-1");
                GetOptions old = new GetOptions().signingTime(now - 7200).expires(60);
                GetOptions future = new GetOptions().signingTime(now + 1200).expires(3600);
                GetOptions nearFuture = new GetOptions().signingTime(now + 600).expires(3600)) {
            Map<String, String> signed = new HashMap<>();
            signed.put("Content-Type", "text/plain");
            signed.put("X-Trace-Id", "t-1");
            String plain = p.presignGet(bucket, PLAIN, null);
            String withHeaders = p.presignGet(bucket, SPACE_PLUS, header);
            String last = plain.substring(plain.length() - 1);
            // {presigner that verifies, url, headers sent, expected verdict, OSS's code or null}
            Object[][] cases = {
                {p, plain, Collections.emptyMap(), 0, null},
                {p, p.presignGet(bucket, Fixtures.UNICODE_KEY, null), Collections.emptyMap(), 0, null},
                {p, withHeaders, signed, 0, null},
                {p, withHeaders, Collections.singletonMap("X-Trace-Id", "t-1"), OssPresignException.SIGNATURE_MISMATCH, "SignatureDoesNotMatch"},
                {p, plain.substring(0, plain.length() - 1) + (last.equals("0") ? "1" : "0"), Collections.emptyMap(),
                    OssPresignException.SIGNATURE_MISMATCH, "SignatureDoesNotMatch"},
                {p, plain.replace("/hello.txt?", "/image.jpg?"), Collections.emptyMap(), OssPresignException.SIGNATURE_MISMATCH, "SignatureDoesNotMatch"},
                {p, plain.replace("x-oss-expires=900", "x-oss-expires=901"), Collections.emptyMap(),
                    OssPresignException.SIGNATURE_MISMATCH, "SignatureDoesNotMatch"},
                {p, wrong.presignGet(bucket, PLAIN, null), Collections.emptyMap(), OssPresignException.SIGNATURE_MISMATCH, "SignatureDoesNotMatch"},
                {p, p.presignGet(bucket, PLAIN, old), Collections.emptyMap(), OssPresignException.URL_EXPIRED, "AccessDenied"},
                {p, p.presignGet(bucket, PLAIN, future), Collections.emptyMap(), OssPresignException.URL_NOT_YET_VALID, "AccessDenied"},
                {p, p.presignGet(bucket, PLAIN, nearFuture), Collections.emptyMap(), 0, null},
                {sts, sts.presignGet(bucket, EMOJI, null), Collections.emptyMap(), 0, null},
            };
            for (Object[] c : cases) {
                Presigner verifier = (Presigner) c[0];
                String url = (String) c[1];
                @SuppressWarnings("unchecked")
                Map<String, String> headers = (Map<String, String>) c[2];
                File to = file("verify");
                Downloader.Result oss = downloader.download(url, headers, to, null).get(60, TimeUnit.SECONDS);
                assertEquals(c[3], verdict(verifier, url, headers, now), url + ": OSS said " + oss);
                assertEquals(c[4], oss.errorCode(), url);
                assertEquals((int) c[3] == 0, oss.isSuccess(), url);
                if (to.exists()) {
                    assertTrue(to.delete());
                }
            }
        }
        // A server two hours ahead: both find a URL made by this machine's clock expired.
        try (Presigner p = skewed("OSS_TEST_AHEAD_PORT")) {
            String url = p.presignGet(bucket, PLAIN, null);
            File to = file("verify-skewed");
            Downloader.Result oss = get(url, to);
            expectRefused(oss, 403, "AccessDenied", to);
            assertEquals(OssPresignException.URL_EXPIRED, verdict(p, url, Collections.emptyMap(), oss.serviceError().serverTime()));
            assertEquals(0, verdict(p, url, Collections.emptyMap(), now()));
        }
    }

    /** What an app does with a cached URL: inspect it, presign again when it runs out. */
    @Test
    void inspectACachedUrlAndPresignAgain() throws Exception {
        try (GetOptions shortLived = new GetOptions().expires(30)) {
            String cached = presigner.presignGet(bucket, CJK, shortLived);
            UrlInfo info = presigner.inspectUrl(cached);
            assertEquals(bucket, info.bucket());
            assertEquals(CJK, info.key());
            long now = now() + presigner.clockOffset();
            assertTrue(info.secondsLeft(now) <= 30 && info.secondsLeft(now) > 0, "" + info.secondsLeft(now));
            // Less than a minute left: presign again, from what the URL says.
            String fresh = presigner.presignGet(info.bucket(), info.key(), null);
            assertTrue(presigner.inspectUrl(fresh).secondsLeft(now) > 60);
            Downloader.Result result = get(fresh, file("fresh"));
            assertEquals(200, result.status(), result::toString);
            assertArrayEquals(OBJECTS.get(CJK), Files.readAllBytes(file("fresh").toPath()));
        }
    }

    /**
     * Keys the lint flags stay reachable: presigned and downloaded unchanged. And the reason for
     * COMBINING_MARKS: the decomposed spelling of a name stored precomposed is another key.
     */
    @Test
    void keysTheLintFlagsStillDownload() throws Exception {
        Path root = Paths.get(Fixtures.env("OSS_TEST_ROOT")).resolve(bucket);
        String[] keys = {"lint/draft.", "lint/name ", "lint/a\u0001b.txt", "lint/caf\u00e9.txt", "lint/\uff21\u200b.txt"};
        for (int i = 0; i < keys.length; i++) {
            byte[] data = ("object " + i).getBytes(StandardCharsets.UTF_8);
            Path file = root.resolve(keys[i]);
            Files.createDirectories(file.getParent());
            Files.write(file, data);
            assertEquals(i == 3, KeyLint.check(keys[i]).isEmpty(), keys[i] + ": " + KeyLint.check(keys[i]));
            File to = file("lint" + i);
            Downloader.Result result = get(presigner.presignGetRequest(bucket, keys[i], null), to);
            String key = keys[i];
            assertEquals(200, result.status(), () -> key + ": " + result);
            assertArrayEquals(data, Files.readAllBytes(to.toPath()), keys[i]);
        }
        String decomposed = "lint/cafe\u0301.txt";
        assertEquals(Collections.singleton(KeyLint.Finding.COMBINING_MARKS), KeyLint.check(decomposed));
        File to = file("nfd");
        expectRefused(get(presigner.presignGetRequest(bucket, decomposed, null), to), 404, "NoSuchKey", to);
    }
}
