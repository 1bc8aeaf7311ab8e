package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.osspresign.sample.Emulator;
import org.osspresign.sample.Json;

/**
 * HEAD presigns ({@link Presigner#presignHead}, {@link Presigner#presignHeadRequest}): the
 * known answers HD1-HD3 of tests/vectors (URLs Alibaba's SDK made for a {@code
 * HeadObjectRequest}), the refusals Java makes itself, and HEADs sent with HttpURLConnection to
 * the loopback emulator, which judges each signature with Alibaba's signer. (The URL text
 * against the SDK's for random inputs is SdkUrlTest's part; the bad-input table runs through
 * HEAD in BadInputsTest.)
 */
class HeadTest {
    // ------------------------------------------------------------------ known answers

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> vectors() throws IOException {
        Path file = Fixtures.repo().resolve("tests/vectors/oss-v4-vectors.json");
        Map<String, Object> all = (Map<String, Object>) Json.parse(
                new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        List<Map<String, Object>> list = new ArrayList<>();
        for (Object v : (List<Object>) all.get("vectors")) {
            list.add((Map<String, Object>) v);
        }
        return list;
    }

    private static Map<String, Object> vector(List<Map<String, Object>> all, String id) {
        for (Map<String, Object> v : all) {
            if (id.equals(v.get("id"))) {
                return v;
            }
        }
        throw new AssertionError("no vector " + id + " in tests/vectors/oss-v4-vectors.json");
    }

    /** A presigner for the vector's endpoint, region, addressing and credentials. */
    private static Presigner presigner(Map<String, Object> v) {
        assertEquals("https", v.get("scheme"));
        return Presigner.builder((String) v.get("endpoint"), (String) v.get("region"))
                .credentials((String) v.get("access_key_id"), (String) v.get("access_key_secret"),
                        (String) v.get("security_token"))
                .pathStyle("path".equals(v.get("addressing")))
                .build();
    }

    /** The vector's signing time, lifetime, query and headers, with diagnostics on. */
    @SuppressWarnings("unchecked")
    private static GetOptions options(Map<String, Object> v) {
        GetOptions options = new GetOptions()
                .signingTime((Long) v.get("signing_time_unix"))
                .expires((Long) v.get("expires_seconds"))
                .diagnostics(true);
        for (Object item : (List<Object>) v.get("query")) {
            List<Object> pair = (List<Object>) item;
            if ("versionId".equals(pair.get(0))) {
                options.versionId((String) pair.get(1)); // HeadObjectRequest.version_id
            } else {
                options.addQuery((String) pair.get(0), (String) pair.get(1));
            }
        }
        for (Object item : (List<Object>) v.get("headers")) {
            List<Object> pair = (List<Object>) item;
            options.addHeader((String) pair.get(0), (String) pair.get(1));
        }
        return options;
    }

    private static String beforeQuery(String url) {
        return url.substring(0, url.indexOf('?'));
    }

    /** The query's raw name=value items, sorted (the SDK orders them differently). */
    private static List<String> sortedQuery(String url) {
        List<String> items = new ArrayList<>();
        Collections.addAll(items, url.substring(url.indexOf('?') + 1).split("&", -1));
        Collections.sort(items);
        return items;
    }

    private static void assertSameUrl(String expected, String actual, String which) {
        assertEquals(beforeQuery(expected), beforeQuery(actual), which);
        assertEquals(sortedQuery(expected), sortedQuery(actual), which);
    }

    @Test
    @SuppressWarnings("unchecked")
    void knownAnswersHd1ToHd3() throws IOException {
        List<Map<String, Object>> all = vectors();
        int heads = 0;
        for (Map<String, Object> v : all) {
            if (!"HEAD".equals(v.get("method"))) {
                continue;
            }
            heads++;
            String id = (String) v.get("id");
            Map<String, Object> expected = (Map<String, Object>) v.get("expected");
            try (Presigner p = presigner(v); GetOptions o = options(v)) {
                String bucket = (String) v.get("bucket");
                String key = (String) v.get("key");
                PresignedRequest request = p.presignHeadRequest(bucket, key, o);
                assertEquals("HEAD", request.method(), id);
                assertSameUrl((String) expected.get("url"), request.url(), id);
                assertTrue(sortedQuery(request.url()).contains("x-oss-signature=" + expected.get("signature")), id);
                assertEquals(expected.get("canonical_request"), request.canonicalRequest(), id);
                assertEquals(expected.get("string_to_sign"), request.stringToSign(), id);
                long signingTime = (Long) v.get("signing_time_unix");
                assertEquals(signingTime, request.signingTime(), id);
                assertEquals(signingTime + (Long) v.get("expires_seconds"), request.expiration(), id);
                // The headers to send: those the vector signed, by lowercase name.
                Map<String, String> sent = new TreeMap<>();
                request.headers().forEach((name, value) -> sent.put(name.toLowerCase(Locale.ROOT), value));
                Map<String, String> signed = new TreeMap<>();
                for (Object item : (List<Object>) v.get("headers")) {
                    List<Object> pair = (List<Object>) item;
                    signed.put(((String) pair.get(0)).toLowerCase(Locale.ROOT), (String) pair.get(1));
                }
                assertEquals(signed, sent, id);
                // The URL alone is the same URL.
                assertEquals(request.url(), p.presignHead(bucket, key, o), id);
            }
        }
        assertEquals(3, heads, "HEAD vectors in tests/vectors/oss-v4-vectors.json");

        // HD1 is G1's inputs with HEAD: GET gives G1's URL, and only the signature differs.
        Map<String, Object> hd1 = vector(all, "HD1");
        Map<String, Object> g1 = vector(all, "G1");
        try (Presigner p = presigner(hd1); GetOptions o = options(hd1)) {
            String get = p.presignGet((String) hd1.get("bucket"), (String) hd1.get("key"), o);
            String head = p.presignHead((String) hd1.get("bucket"), (String) hd1.get("key"), o);
            assertSameUrl((String) ((Map<String, Object>) g1.get("expected")).get("url"), get, "G1");
            assertNotEquals(get, head);
            assertEquals(get.replaceAll("x-oss-signature=[0-9a-f]{64}", ""),
                    head.replaceAll("x-oss-signature=[0-9a-f]{64}", ""));
        }
    }

    // ------------------------------------------------------------------ Java's own refusals

    private static void refused(int code, String argument, Executable call) {
        OssPresignException e = assertThrows(OssPresignException.class, call);
        assertEquals(code, e.code(), e::getMessage);
        assertEquals(argument, e.argument(), e::getMessage);
        ExceptionFamiliesTest.assertFamily(e);
    }

    private static void npe(String parameter, Executable call) {
        assertEquals(parameter, assertThrows(NullPointerException.class, call).getMessage());
    }

    @Test
    void refusalsAndClose() {
        Presigner p = Fixtures.presigner();
        GetOptions o = new GetOptions();
        try {
            npe("bucket", () -> p.presignHead(null, "k", null));
            npe("key", () -> p.presignHead(Fixtures.BUCKET, null, o));
            npe("bucket", () -> p.presignHeadRequest(null, "k", o));
            npe("key", () -> p.presignHeadRequest(Fixtures.BUCKET, null, null));
            refused(OssPresignException.EMBEDDED_NUL, "key", () -> p.presignHead(Fixtures.BUCKET, "a.txt\u0000.exe", null));
            refused(OssPresignException.EMBEDDED_NUL, "bucket", () -> p.presignHeadRequest("bucket\u0000", "k", o));
            refused(OssPresignException.INVALID_UTF8, "key", () -> p.presignHeadRequest(Fixtures.BUCKET, "a\ud83d.txt", o));
            refused(OssPresignException.INVALID_UTF8, "bucket", () -> p.presignHead("\udfff", "k", null));
            // A lifetime refused at presign time, as for a GET.
            o.signingTime(Fixtures.SIGNING_TIME).expiration(Fixtures.SIGNING_TIME + 8 * 86400);
            refused(OssPresignException.INVALID_EXPIRATION, "expiration", () -> p.presignHead(Fixtures.BUCKET, Fixtures.KEY, o));
            o.expiration(Fixtures.SIGNING_TIME + 60);
            PresignedRequest request = p.presignHeadRequest(Fixtures.BUCKET, Fixtures.KEY, o);
            o.close();
            assertThrows(IllegalStateException.class, () -> p.presignHead(Fixtures.BUCKET, Fixtures.KEY, o));
            assertThrows(IllegalStateException.class, () -> p.presignHeadRequest(Fixtures.BUCKET, Fixtures.KEY, o));
            p.close();
            assertThrows(IllegalStateException.class, () -> p.presignHead(Fixtures.BUCKET, Fixtures.KEY, null));
            assertThrows(IllegalStateException.class, () -> p.presignHeadRequest(Fixtures.BUCKET, Fixtures.KEY, null));
            // A request outlives its presigner.
            assertEquals("HEAD", request.method());
            assertTrue(request.url().startsWith("https://examplebucket.oss-cn-hangzhou.aliyuncs.com/a.txt?"));
        } finally {
            o.close();
            p.close();
        }
    }

    // ------------------------------------------------------------------ against the emulator

    /** One HTTP exchange: status, response headers and the body bytes read. */
    private static final class Answer {
        final int status;
        final HttpURLConnection connection;
        final byte[] body;

        Answer(HttpURLConnection connection) throws IOException {
            this.connection = connection;
            this.status = connection.getResponseCode();
            InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            if (in == null) {
                this.body = new byte[0];
            } else {
                try (InputStream stream = in) {
                    this.body = stream.readAllBytes();
                }
            }
        }

        String header(String name) {
            return connection.getHeaderField(name);
        }
    }

    /** Sends {@code url} with {@code method} and {@code headers}, as an app would. */
    private static Answer send(String method, String url, Map<String, String> headers) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        try {
            c.setRequestMethod(method);
            c.setConnectTimeout(10_000);
            c.setReadTimeout(30_000);
            headers.forEach(c::setRequestProperty);
            return new Answer(c);
        } finally {
            c.disconnect();
        }
    }

    private static Answer send(PresignedRequest request) throws IOException {
        return send(request.method(), request.url(), request.headers());
    }

    /** A simple upload's ETag as OSS gives it: the MD5, upper-case hex, quoted. */
    private static String etagOf(byte[] data) throws Exception {
        StringBuilder hex = new StringBuilder("\"");
        for (byte b : MessageDigest.getInstance("MD5").digest(data)) {
            hex.append(String.format("%02X", b & 0xff));
        }
        return hex.append('"').toString();
    }

    private static String ossCode(Answer answer) {
        return OssServiceError.parse(answer.body).code();
    }

    @Test
    void headAgainstTheEmulator() throws Exception {
        String port = Fixtures.env("OSS_TEST_PORT");
        String bucket = Fixtures.env("OSS_TEST_BUCKET");
        String key = "head/\ud83d\ude80 size and etag \u6587\u4ef6.bin";
        byte[] data = new byte[12345];
        new Random(18).nextBytes(data);
        Path file = Paths.get(Fixtures.env("OSS_TEST_ROOT")).resolve(bucket).resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, data);
        Emulator emulator = new Emulator(Integer.parseInt(port));
        try (Presigner p = new Presigner("http://localhost:" + port, "cn-hangzhou",
                Fixtures.env("OSS_TEST_AK"), Fixtures.env("OSS_TEST_SK"), null)) {
            emulator.clearRequests();
            PresignedRequest request = p.presignHeadRequest(bucket, key, null);
            assertEquals("HEAD", request.method());
            assertTrue(request.url().startsWith("http://" + bucket + ".localhost:" + port + "/head/"), request.url());

            // 200 with the object's size and ETag, and no body.
            Answer answer = send(request);
            assertEquals(200, answer.status);
            assertEquals(String.valueOf(data.length), answer.header("Content-Length"));
            assertEquals(etagOf(data), answer.header("ETag"));
            assertEquals(0, answer.body.length);
            List<Map<String, Object>> log = emulator.requests("/head/");
            assertEquals(1, log.size(), log::toString);
            assertEquals("HEAD", log.get(0).get("method"));
            assertEquals(200L, log.get(0).get("status"));
            assertNull(log.get(0).get("code"), "Alibaba's signer accepted the signature");

            // The URL alone (presignHead), sent with HEAD, is accepted too.
            assertEquals(200, send("HEAD", p.presignHead(bucket, key, null), Collections.emptyMap()).status);

            // The method is signed: the HEAD URL as a GET, and a GET URL as a HEAD, are refused.
            Answer asGet = send("GET", request.url(), Collections.emptyMap());
            assertEquals(403, asGet.status);
            assertEquals("SignatureDoesNotMatch", ossCode(asGet));
            assertEquals(403, send("HEAD", p.presignGet(bucket, key, null), Collections.emptyMap()).status);

            // A signed If-Match: sent with the ETag, 200; with another, 412 (no body: the EC
            // comes in x-oss-ec).
            try (GetOptions ifMatch = new GetOptions().addHeader("If-Match", etagOf(data));
                    GetOptions other = new GetOptions().addHeader("If-Match", "\"0123\"")) {
                PresignedRequest matching = p.presignHeadRequest(bucket, key, ifMatch);
                assertEquals(Collections.singletonMap("If-Match", etagOf(data)), matching.headers());
                assertEquals(200, send(matching).status);
                assertEquals(403, send("HEAD", matching.url(), Collections.emptyMap()).status,
                        "the signed header must be sent");
                Answer changed = send(p.presignHeadRequest(bucket, key, other));
                assertEquals(412, changed.status);
                assertNotNull(changed.header("x-oss-ec"));
            }

            // A missing object: 404, and no body to read.
            Answer missing = send(p.presignHeadRequest(bucket, "head/missing.bin", null));
            assertEquals(404, missing.status);
            assertEquals(0, missing.body.length);
        }
    }
}
