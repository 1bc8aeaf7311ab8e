package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every public method, the happy paths and the Java-side refusals. */
class PresignerTest {
    private static OssPresignException refused(int code, String argument, Executable call) {
        OssPresignException e = assertThrows(OssPresignException.class, call);
        assertEquals(code, e.code(), () -> "code of: " + e.getMessage());
        ExceptionFamiliesTest.assertFamily(e);
        assertEquals(argument, e.argument(), () -> "argument of: " + e.getMessage());
        assertTrue(e.getMessage().contains(argument), () -> "message names " + argument + ": " + e.getMessage());
        return e;
    }

    private static String query(String url, String name) {
        Matcher m = Pattern.compile("[?&]" + Pattern.quote(name) + "=([^&]*)").matcher(url);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void presignGetWithDefaults() {
        try (Presigner presigner = Fixtures.presigner()) {
            String url = presigner.presignGet(Fixtures.BUCKET, Fixtures.KEY, null);
            assertTrue(url.startsWith("https://examplebucket.oss-cn-hangzhou.aliyuncs.com/a.txt?"), url);
            assertEquals("900", query(url, "x-oss-expires"));
            assertEquals("OSS4-HMAC-SHA256", query(url, "x-oss-signature-version"));
            assertTrue(query(url, "x-oss-signature").matches("[0-9a-f]{64}"), url);
            assertTrue(query(url, "x-oss-credential").startsWith("LTAI5tExample%2F"), url);
        }
    }

    @Test
    void presignGetRequestCarriesTimesAndHeaders() {
        try (Presigner presigner = Fixtures.presigner();
                GetOptions options =
                        new GetOptions()
                                .signingTime(Fixtures.SIGNING_TIME)
                                .expires(3600)
                                .addHeader("X-Trace-Id", " trace-42 ")
                                .addHeader("Content-Type", "text/plain")) {
            PresignedRequest request = presigner.presignGetRequest(Fixtures.BUCKET, "a b+c.txt", options);
            assertEquals("GET", request.method());
            assertEquals(Fixtures.SIGNING_TIME, request.signingTime());
            assertEquals(Fixtures.SIGNING_TIME + 3600, request.expiration());
            assertTrue(request.url().contains("/a%20b%2Bc.txt?"), request.url());
            assertEquals("20240102T030405Z", query(request.url(), "x-oss-date"));
            assertEquals("x-trace-id", query(request.url(), "x-oss-additional-headers"));
            // Sorted by lowercase name, values trimmed as they will be sent.
            assertEquals(List.of("Content-Type", "X-Trace-Id"), new ArrayList<>(request.headers().keySet()));
            assertEquals("text/plain", request.headers().get("Content-Type"));
            assertEquals("trace-42", request.headers().get("X-Trace-Id"));
            assertThrows(UnsupportedOperationException.class, () -> request.headers().put("a", "b"));
            // The same inputs give the same URL through both calls.
            assertEquals(request.url(), presigner.presignGet(Fixtures.BUCKET, "a b+c.txt", options));
        }
    }

    @Test
    void plainRequestHasNoHeaders() {
        try (Presigner presigner = Fixtures.presigner()) {
            PresignedRequest request = presigner.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, null);
            assertTrue(request.headers().isEmpty());
            assertEquals(request.signingTime() + 900, request.expiration());
            long now = System.currentTimeMillis() / 1000;
            assertTrue(Math.abs(request.signingTime() - now) < 120, "signed now by default");
        }
    }

    @Test
    void everyOptionReachesTheUrl() {
        try (Presigner presigner = Fixtures.presigner();
                GetOptions options = new GetOptions()) {
            assertSame(options, options.signingTime(Fixtures.SIGNING_TIME));
            assertSame(options, options.expires(60));
            assertSame(options, options.expiration(Fixtures.SIGNING_TIME + 120));
            assertSame(options, options.versionId("CAEQNhiBgM0BYiIDc4MGZj"));
            assertSame(options, options.responseContentType("image/jpeg"));
            assertSame(options, options.responseContentDisposition("attachment; filename=\"a b.jpg\""));
            assertSame(options, options.responseCacheControl("no-cache"));
            assertSame(options, options.responseContentEncoding("gzip"));
            assertSame(options, options.responseContentLanguage("zh-CN"));
            assertSame(options, options.responseExpires("Thu, 01 Jan 2099 00:00:00 GMT"));
            assertSame(options, options.process("image/resize,w_200"));
            assertSame(options, options.trafficLimit(819200));
            assertSame(options, options.addQuery("custom", "\u5b50 v"));
            assertSame(options, options.addQuery("flag", ""));
            PresignedRequest request = presigner.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, options);
            String url = request.url();
            assertEquals("120", query(url, "x-oss-expires"), "the absolute expiration wins");
            assertEquals(Fixtures.SIGNING_TIME + 120, request.expiration());
            assertEquals("CAEQNhiBgM0BYiIDc4MGZj", query(url, "versionId"));
            assertEquals("image%2Fjpeg", query(url, "response-content-type"));
            assertEquals("attachment%3B%20filename%3D%22a%20b.jpg%22", query(url, "response-content-disposition"));
            assertEquals("no-cache", query(url, "response-cache-control"));
            assertEquals("gzip", query(url, "response-content-encoding"));
            assertEquals("zh-CN", query(url, "response-content-language"));
            assertEquals("Thu%2C%2001%20Jan%202099%2000%3A00%3A00%20GMT", query(url, "response-expires"));
            assertEquals("image%2Fresize%2Cw_200", query(url, "x-oss-process"));
            assertEquals("819200", query(url, "x-oss-traffic-limit"));
            assertEquals("%E5%AD%90%20v", query(url, "custom"));
            assertTrue(url.contains("&flag&") || url.endsWith("&flag"), url);
            // A set-style setter replaces.
            options.versionId("v2");
            assertEquals("v2", query(presigner.presignGet(Fixtures.BUCKET, Fixtures.KEY, options), "versionId"));
        }
    }

    @Test
    void builderAddressingAndCredentials() {
        try (Presigner path =
                Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION)
                        .credentials(Fixtures.ACCESS_KEY_ID, Fixtures.ACCESS_KEY_SECRET, null)
                        .pathStyle(true)
                        .build()) {
            assertTrue(path.presignGet(Fixtures.BUCKET, Fixtures.KEY, null)
                    .startsWith("https://oss-cn-hangzhou.aliyuncs.com/examplebucket/a.txt?"));
        }
        try (Presigner cname =
                Presigner.builder("http://static.example.com", Fixtures.REGION)
                        .credentials(Fixtures.ACCESS_KEY_ID, Fixtures.ACCESS_KEY_SECRET, "CAIS+token/==")
                        .customDomain(true)
                        .build()) {
            String url = cname.presignGet(Fixtures.BUCKET, Fixtures.KEY, null);
            assertTrue(url.startsWith("http://static.example.com/a.txt?"), url);
            assertEquals("CAIS%2Btoken%2F%3D%3D", query(url, "x-oss-security-token"));
        }
        try (Presigner cloudbox =
                Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION)
                        .credentials(Fixtures.ACCESS_KEY_ID, Fixtures.ACCESS_KEY_SECRET, null)
                        .cloudboxId("cb-f8z7yvzgwfkl9q0h")
                        .build()) {
            String credential = query(cloudbox.presignGet(Fixtures.BUCKET, Fixtures.KEY, null), "x-oss-credential");
            assertTrue(credential.endsWith("%2Fcb-f8z7yvzgwfkl9q0h%2Foss-cloudbox%2Faliyun_v4_request"), credential);
        }
        Presigner.Builder noCredentials = Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION);
        assertEquals(OssPresignException.MISSING_CREDENTIALS,
                assertThrows(OssPresignException.class, noCredentials::build).code());
        // A builder builds more than once, each presigner independent.
        noCredentials.credentials(Fixtures.ACCESS_KEY_ID, Fixtures.ACCESS_KEY_SECRET, null);
        Presigner a = noCredentials.build();
        try (Presigner b = noCredentials.build()) {
            a.close();
            assertTrue(b.presignGet(Fixtures.BUCKET, Fixtures.KEY, null).startsWith("https://examplebucket."));
        }
    }

    @Test
    void credentialsFromTheEnvironment() {
        // bindings/android/test.sh runs the JVM without OSS_ACCESS_KEY_ID.
        assertEquals(null, System.getenv("OSS_ACCESS_KEY_ID"));
        Presigner.Builder builder =
                Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION).credentialsFromEnvironment();
        OssPresignException e = assertThrows(OssPresignException.class, builder::build);
        assertEquals(OssPresignException.MISSING_CREDENTIALS, e.code());
        assertTrue(e.getMessage().contains("OSS_ACCESS_KEY_ID"), e.getMessage());
    }

    @Test
    void libraryVersionIsTheHeaderVersion() throws Exception {
        String header = new String(Files.readAllBytes(Fixtures.repo().resolve("include/oss_presign.h")),
                StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("#define OSS_PRESIGN_VERSION_STRING \"([^\"]+)\"").matcher(header);
        assertTrue(m.find());
        assertEquals(m.group(1), Presigner.libraryVersion());
    }

    private static void npe(String parameter, Executable call) {
        NullPointerException e = assertThrows(NullPointerException.class, call, parameter);
        assertEquals(parameter, e.getMessage());
    }

    @Test
    void nullsThrowNullPointerExceptionNamingTheParameter() {
        String e = Fixtures.ENDPOINT, r = Fixtures.REGION, id = Fixtures.ACCESS_KEY_ID, s = Fixtures.ACCESS_KEY_SECRET;
        npe("endpoint", () -> new Presigner(null, r, id, s, null));
        npe("region", () -> new Presigner(e, null, id, s, null));
        npe("accessKeyId", () -> new Presigner(e, r, null, s, null));
        npe("accessKeySecret", () -> new Presigner(e, r, id, null, null));
        npe("endpoint", () -> Presigner.builder(null, r));
        npe("region", () -> Presigner.builder(e, null));
        npe("accessKeyId", () -> Presigner.builder(e, r).credentials(null, s, null));
        npe("accessKeySecret", () -> Presigner.builder(e, r).credentials(id, null, null));
        npe("cloudboxId", () -> Presigner.builder(e, r).cloudboxId(null));
        try (Presigner p = Fixtures.presigner(); GetOptions o = new GetOptions()) {
            npe("bucket", () -> p.presignGet(null, "k", null));
            npe("key", () -> p.presignGet("examplebucket", null, null));
            npe("bucket", () -> p.presignGetRequest(null, "k", null));
            npe("key", () -> p.presignGetRequest("examplebucket", null, null));
            npe("versionId", () -> o.versionId(null));
            npe("value", () -> o.responseContentType(null));
            npe("value", () -> o.responseContentDisposition(null));
            npe("value", () -> o.responseCacheControl(null));
            npe("value", () -> o.responseContentEncoding(null));
            npe("value", () -> o.responseContentLanguage(null));
            npe("value", () -> o.responseExpires(null));
            npe("process", () -> o.process(null));
            npe("name", () -> o.addQuery(null, "v"));
            npe("value", () -> o.addQuery("n", null));
            npe("name", () -> o.addHeader(null, "v"));
            npe("value", () -> o.addHeader("x-oss-meta-a", null));
        }
    }

    @Test
    void embeddedNulIsRefusedNeverTruncated() {
        try (Presigner p = Fixtures.presigner(); GetOptions o = new GetOptions()) {
            // "a.txt" alone would presign fine: the NUL must not cut the key there.
            OssPresignException e = refused(OssPresignException.EMBEDDED_NUL, "key",
                    () -> p.presignGet(Fixtures.BUCKET, "a.txt\u0000.exe", null));
            assertTrue(e.getMessage().contains("index 5"), e.getMessage());
            refused(OssPresignException.EMBEDDED_NUL, "key", () -> p.presignGetRequest(Fixtures.BUCKET, "\u0000", null));
            refused(OssPresignException.EMBEDDED_NUL, "bucket", () -> p.presignGet("examplebucket\u0000x", "k", null));
            refused(OssPresignException.EMBEDDED_NUL, "endpoint",
                    () -> new Presigner("oss-cn-hangzhou.aliyuncs.com\u0000evil", "cn-hangzhou", "id", "sk", null));
            refused(OssPresignException.EMBEDDED_NUL, "region", () -> new Presigner("e.com", "cn\u0000", "id", "sk", null));
            refused(OssPresignException.EMBEDDED_NUL, "access_key_id", () -> new Presigner("e.com", "cn", "i\u0000d", "sk", null));
            refused(OssPresignException.EMBEDDED_NUL, "access_key_secret", () -> new Presigner("e.com", "cn", "id", "s\u0000k", null));
            refused(OssPresignException.EMBEDDED_NUL, "security_token", () -> new Presigner("e.com", "cn", "id", "sk", "t\u0000"));
            refused(OssPresignException.EMBEDDED_NUL, "version_id", () -> o.versionId("v\u0000"));
            refused(OssPresignException.EMBEDDED_NUL, "process", () -> o.process("\u0000"));
            refused(OssPresignException.EMBEDDED_NUL, "query name", () -> o.addQuery("n\u0000", "v"));
            refused(OssPresignException.EMBEDDED_NUL, "query value", () -> o.addQuery("n", "v\u0000"));
            refused(OssPresignException.EMBEDDED_NUL, "header value", () -> o.addHeader("x-oss-meta-a", "v\u0000"));
            refused(OssPresignException.EMBEDDED_NUL, "header name", () -> o.addHeader("x-oss-meta-\u0000", "v"));
            refused(OssPresignException.EMBEDDED_NUL, "cloudbox_id",
                    () -> Presigner.builder("e.com", "cn").credentials("id", "sk", null).cloudboxId("cb\u0000").build());
            // The refused setters left the options unchanged.
            assertEquals(null, query(p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o), "n"));
        }
    }

    @Test
    void loneSurrogatesAreRefusedNeverReplaced() {
        try (Presigner p = Fixtures.presigner(); GetOptions o = new GetOptions()) {
            // getBytes(UTF_8) would sign "a?.txt", another object.
            OssPresignException e = refused(OssPresignException.INVALID_UTF8, "key",
                    () -> p.presignGet(Fixtures.BUCKET, "a\ud83d.txt", null));
            assertTrue(e.getMessage().contains("U+D83D") && e.getMessage().contains("index 1"), e.getMessage());
            refused(OssPresignException.INVALID_UTF8, "key", () -> p.presignGet(Fixtures.BUCKET, "a\ude00", null));
            refused(OssPresignException.INVALID_UTF8, "key", () -> p.presignGet(Fixtures.BUCKET, "\ude00\ud83d", null));
            refused(OssPresignException.INVALID_UTF8, "key", () -> p.presignGet(Fixtures.BUCKET, "end\ud83d", null));
            refused(OssPresignException.INVALID_UTF8, "bucket", () -> p.presignGetRequest("\udfff", "k", null));
            refused(OssPresignException.INVALID_UTF8, "access_key_secret", () -> new Presigner("e.com", "cn", "id", "\ud800", null));
            refused(OssPresignException.INVALID_UTF8, "response_content_disposition", () -> o.responseContentDisposition("\ud800x"));
            // A well-formed pair is fine, and is signed as its 4 UTF-8 bytes.
            String url = p.presignGet(Fixtures.BUCKET, "a\ud83d\ude00.txt", null);
            assertTrue(url.contains("/a%F0%9F%98%80.txt?"), url);
        }
    }

    @Test
    void nativeRefusalsCarryCodeMessageAndArgument() {
        try (Presigner p = Fixtures.presigner(); GetOptions o = new GetOptions()) {
            OssPresignException e = assertThrows(OssPresignException.class, () -> p.presignGet("ab", "k", null));
            assertEquals(OssPresignException.INVALID_BUCKET, e.code());
            assertEquals("bucket", e.argument());
            assertTrue(e.getMessage().startsWith("bucket"), e.getMessage());
            assertEquals(OssPresignException.INVALID_KEY, assertThrows(OssPresignException.class,
                    () -> p.presignGet(Fixtures.BUCKET, "/abs", null)).code());
            assertEquals(OssPresignException.INVALID_EXPIRY, assertThrows(OssPresignException.class, () -> o.expires(0)).code());
            // Negative Java longs are the unsigned values C sees: far too long.
            assertEquals(OssPresignException.INVALID_EXPIRY, assertThrows(OssPresignException.class, () -> o.expires(-1)).code());
            assertEquals(OssPresignException.INVALID_QUERY, assertThrows(OssPresignException.class, () -> o.trafficLimit(-1)).code());
            assertEquals(OssPresignException.INVALID_QUERY, assertThrows(OssPresignException.class,
                    () -> o.addQuery("x-oss-signature", "v")).code());
            o.addHeader("x-oss-meta-a", "1");
            assertEquals(OssPresignException.INVALID_HEADER, assertThrows(OssPresignException.class,
                    () -> o.addHeader("X-OSS-META-A", "2")).code());
            assertEquals(OssPresignException.INVALID_HEADER, assertThrows(OssPresignException.class,
                    () -> o.addHeader("x-oss-meta-b", "line\r\nInjected: 1")).code());
            // An expiration outside the 7 days after the signing time fails at presign time.
            o.signingTime(Fixtures.SIGNING_TIME).expiration(Fixtures.SIGNING_TIME + 8 * 86400);
            assertEquals(OssPresignException.INVALID_EXPIRATION, assertThrows(OssPresignException.class,
                    () -> p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o)).code());
        }
    }

    @Test
    void messagesNeverHoldTheSecretOrToken() {
        String secret = "Sup3rSecretValue-9f8e7d";
        String token = "CAIS-token-value-1a2b3c";
        List<OssPresignException> errors = new ArrayList<>();
        for (Executable call : List.<Executable>of(
                () -> new Presigner("bad endpoint", Fixtures.REGION, "id", secret, token),
                () -> new Presigner(Fixtures.ENDPOINT, "Bad_Region", "id", secret, token),
                () -> new Presigner(Fixtures.ENDPOINT, Fixtures.REGION, "", secret, token),
                () -> new Presigner(Fixtures.ENDPOINT, Fixtures.REGION, "id", secret, ""),
                () -> {
                    try (Presigner p = new Presigner(Fixtures.ENDPOINT, Fixtures.REGION, "id", secret, token)) {
                        p.presignGet("Bad_Bucket", "k", null);
                    }
                })) {
            errors.add(assertThrows(OssPresignException.class, call));
        }
        for (OssPresignException e : errors) {
            assertFalse(e.getMessage().contains(secret), e.getMessage());
            assertFalse(e.getMessage().contains(token), e.getMessage());
            assertNotEquals("", e.getMessage());
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseThrows() {
        Presigner presigner = Fixtures.presigner();
        GetOptions options = new GetOptions().signingTime(Fixtures.SIGNING_TIME);
        PresignedRequest request = presigner.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, options);
        presigner.close();
        presigner.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> presigner.presignGet(Fixtures.BUCKET, Fixtures.KEY, null));
        assertEquals("Presigner is closed", e.getMessage());
        assertThrows(IllegalStateException.class, () -> presigner.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, null));
        // A request outlives its presigner.
        assertTrue(request.url().startsWith("https://examplebucket."));

        try (Presigner other = Fixtures.presigner()) {
            options.close();
            options.close();
            assertEquals("GetOptions is closed",
                    assertThrows(IllegalStateException.class, () -> options.expires(60)).getMessage());
            assertThrows(IllegalStateException.class, () -> options.addQuery("a", "b"));
            assertThrows(IllegalStateException.class, () -> other.presignGet(Fixtures.BUCKET, Fixtures.KEY, options));
            assertThrows(IllegalStateException.class, () -> other.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, options));
            // The presigner itself still works.
            assertTrue(other.presignGet(Fixtures.BUCKET, Fixtures.KEY, null).startsWith("https://"));
        }
    }

    @Test
    void unclosedObjectsAreFreedAfterTheyBecomeUnreachable() throws InterruptedException {
        long before = NativeResource.reclaimedCount();
        for (int i = 0; i < 4; i++) {
            leak();
        }
        // The garbage collector decides when; give it bounded chances.
        for (int attempt = 0; attempt < 200 && NativeResource.reclaimedCount() < before + 8; attempt++) {
            System.gc();
            Thread.sleep(10);
            NativeResource.reclaim();
        }
        assertTrue(NativeResource.reclaimedCount() >= before + 8,
                "reclaimed " + (NativeResource.reclaimedCount() - before) + " of 8");
    }

    private static void leak() {
        new GetOptions().expires(60);
        Fixtures.presigner().presignGet(Fixtures.BUCKET, Fixtures.KEY, null);
    }
}
