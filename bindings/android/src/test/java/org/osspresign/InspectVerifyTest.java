package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reading a presigned URL back, and verifying it as OSS would (rules of the C ABI's
 * oss_client_verify_url). Agreement with Alibaba's signer on real answers is DownloadTest's.
 */
class InspectVerifyTest {
    private static final long T = Fixtures.SIGNING_TIME;
    private static final Map<String, String> NONE = Collections.emptyMap();

    @Test
    void inspectReadsWhatTheUrlSays() {
        try (Presigner p = Fixtures.presigner();
                GetOptions o = new GetOptions().signingTime(T).expires(3600)
                        .addHeader("Range", "bytes=0-9").addHeader("Content-Type", "image/jpeg")
                        .addHeader("X-Trace-Id", "t")) {
            UrlInfo info = p.inspectUrl(p.presignGet(Fixtures.BUCKET, Fixtures.UNICODE_KEY, o));
            assertEquals(Fixtures.BUCKET, info.bucket());
            assertEquals(Fixtures.UNICODE_KEY, info.key(), "decoded, emoji and all");
            assertEquals(Fixtures.ACCESS_KEY_ID, info.accessKeyId());
            assertEquals(Fixtures.REGION, info.region());
            assertEquals(T, info.signingTime());
            assertEquals(T + 3600, info.expiration());
            assertEquals(3000, info.secondsLeft(T + 600));
            assertEquals(-1, info.secondsLeft(T + 3601));
            // As oss_url_info_seconds_left: i64 subtraction, saturated instead of wrapped.
            assertEquals(Long.MAX_VALUE, info.secondsLeft(Long.MIN_VALUE + T + 3601), "the largest exact value");
            assertEquals(Long.MAX_VALUE, info.secondsLeft(Long.MIN_VALUE + T + 3600), "one past it");
            assertEquals(Long.MAX_VALUE, info.secondsLeft(Long.MIN_VALUE));
            assertEquals(-(Long.MAX_VALUE - (T + 3600)), info.secondsLeft(Long.MAX_VALUE));
            // Content-Type is signed without being listed.
            assertEquals(Arrays.asList("range", "x-trace-id"), info.additionalHeaders());
            assertThrows(UnsupportedOperationException.class, () -> info.additionalHeaders().add("x"));
        }
        try (Presigner path = Presigner.builder("http://127.0.0.1:9000", "cn-shanghai")
                        .credentials("STS.ak", "sk", "CAIS+t").build();
                Presigner cname = Presigner.builder("https://static.example.com", Fixtures.REGION)
                        .credentials("ak", "sk", null).customDomain(true).build()) {
            UrlInfo info = path.inspectUrl(path.presignGet("my-bucket", "a b/c+d.txt", null));
            assertEquals("my-bucket", info.bucket());
            assertEquals("a b/c+d.txt", info.key());
            assertEquals("STS.ak", info.accessKeyId());
            assertEquals("cn-shanghai", info.region());
            assertEquals(info.signingTime() + 900, info.expiration());
            assertEquals("", cname.inspectUrl(cname.presignGet(Fixtures.BUCKET, "k", null)).bucket(),
                    "a custom domain does not name the bucket");
        }
    }

    /**
     * A URL may encode U+0000 in its key ({@code %00}); inspect reads no signature, so a
     * presigned URL with its key path replaced stands for one. The key comes back whole, not
     * cut at the NUL as a C string would be, and a supplementary character after it keeps its
     * 4-byte UTF-8 form (no modified UTF-8 on the way).
     */
    @Test
    void inspectKeepsAKeyHoldingU0000Whole() {
        try (Presigner p = Fixtures.presigner(); GetOptions o = new GetOptions().signingTime(T).expires(600)) {
            String url = p.presignGet(Fixtures.BUCKET, "k.txt", o);
            String[][] cases = {
                {"a%00b", "a\u0000b"},
                {"%00", "\u0000"},
                {"a%00%F0%9F%9A%80%00", "a\u0000\ud83d\ude80\u0000"},
                {"%E7%9B%B8%00/x", "\u76f8\u0000/x"},
            };
            for (String[] c : cases) {
                String crafted = url.replace("/k.txt?", "/" + c[0] + "?");
                assertTrue(crafted.contains("/" + c[0] + "?"), crafted);
                UrlInfo info = p.inspectUrl(crafted);
                assertEquals(c[1], info.key(), c[0]);
                assertEquals(c[1].length(), info.key().length(), c[0]);
                assertEquals(Fixtures.BUCKET, info.bucket());
                assertEquals(T, info.signingTime());
                assertEquals(T + 600, info.expiration());
                // Such a key has no C form to presign again.
                Fixtures.refused(OssPresignException.EMBEDDED_NUL, "key", () -> p.presignGet(info.bucket(), info.key(), o));
            }
        }
    }

    @Test
    void inspectRefusesUrlsOfAnotherLayout() {
        try (Presigner p = Fixtures.presigner(); Presigner other = new Presigner("oss-cn-beijing.aliyuncs.com",
                "cn-beijing", "ak", "sk", null)) {
            String url = p.presignGet(Fixtures.BUCKET, Fixtures.KEY, null);
            Fixtures.refused(OssPresignException.MALFORMED_URL, "url", () -> other.inspectUrl(url));
            Fixtures.refused(OssPresignException.MALFORMED_URL, "url", () -> p.inspectUrl("https://example.com/k"));
            Fixtures.refused(OssPresignException.MALFORMED_URL, "url", () -> p.inspectUrl(url.substring(0, url.indexOf('?'))));
            Fixtures.refused(OssPresignException.EMBEDDED_NUL, "url", () -> p.inspectUrl(url + "\u0000"));
            assertEquals("url", assertThrows(NullPointerException.class, () -> p.inspectUrl(null)).getMessage());
        }
    }

    @Test
    void verifyJudgesTheValidityWindow() {
        try (Presigner p = Fixtures.presigner(); GetOptions o = new GetOptions().signingTime(T).expires(3600)) {
            String url = p.presignGet(Fixtures.BUCKET, Fixtures.UNICODE_KEY, o);
            p.verifyUrl(url, NONE, T);
            p.verifyUrl(url, NONE, T + 3600); // the last valid second
            p.verifyUrl(url, NONE, T - 900); // OSS's 15 minutes for a date ahead of its clock
            Fixtures.refused(OssPresignException.URL_EXPIRED, "url", () -> p.verifyUrl(url, NONE, T + 3601));
            Fixtures.refused(OssPresignException.URL_NOT_YET_VALID, "url", () -> p.verifyUrl(url, NONE, T - 901));
            // At the presigner's clock: the URL of 2024 expired long ago.
            Fixtures.refused(OssPresignException.URL_EXPIRED, "url", () -> p.verifyUrl(url, NONE));
            // A URL made now is valid now, also by the corrected clock.
            p.verifyUrl(p.presignGet(Fixtures.BUCKET, Fixtures.KEY, null), NONE);
            p.setServerTime(System.currentTimeMillis() / 1000 + 7200);
            String later = p.presignGet(Fixtures.BUCKET, Fixtures.KEY, null);
            p.verifyUrl(later, NONE);
            Fixtures.refused(OssPresignException.URL_NOT_YET_VALID, "url",
                    () -> p.verifyUrl(later, NONE, System.currentTimeMillis() / 1000));
        }
    }

    @Test
    void verifyJudgesTheSignatureAndTheHeadersSent() {
        try (Presigner p = Fixtures.presigner();
                Presigner otherSecret = new Presigner(Fixtures.ENDPOINT, Fixtures.REGION, Fixtures.ACCESS_KEY_ID, "other", null);
                GetOptions o = new GetOptions().signingTime(T).addHeader("Content-Type", "image/jpeg")
                        .addHeader("Range", "bytes=0-9")) {
            String url = p.presignGet(Fixtures.BUCKET, "a.jpg", o);
            Map<String, String> sent = new HashMap<>();
            sent.put("content-type", "image/jpeg"); // names in any case
            sent.put("RANGE", "bytes=0-9");
            sent.put("User-Agent", "not signed, ignored");
            p.verifyUrl(url, sent, T);
            Fixtures.refused(OssPresignException.SIGNATURE_MISMATCH, "url", () -> otherSecret.verifyUrl(url, sent, T));
            Map<String, String> withoutRange = new HashMap<>(sent);
            withoutRange.remove("RANGE");
            Fixtures.refused(OssPresignException.SIGNATURE_MISMATCH, "url", () -> p.verifyUrl(url, withoutRange, T));
            Map<String, String> otherType = new HashMap<>(sent);
            otherType.put("content-type", "text/html");
            Fixtures.refused(OssPresignException.SIGNATURE_MISMATCH, "url", () -> p.verifyUrl(url, otherType, T));
            // A plain URL with a Content-Type sent: OSS signs it whether or not the URL lists it.
            try (GetOptions plainOptions = new GetOptions().signingTime(T)) {
                String plain = p.presignGet(Fixtures.BUCKET, "a.jpg", plainOptions);
                p.verifyUrl(plain, NONE, T);
                Fixtures.refused(OssPresignException.SIGNATURE_MISMATCH, "url",
                        () -> p.verifyUrl(plain, Collections.singletonMap("Content-Type", "image/jpeg"), T));
            }

            // Tampered: the signature, the key, the lifetime.
            String sig = url.replaceAll("x-oss-signature=[0-9a-f]", "x-oss-signature=" + (url.contains("x-oss-signature=0") ? "1" : "0"));
            for (String tampered : Arrays.asList(sig, url.replace("/a.jpg?", "/b.jpg?"),
                    url.replace("x-oss-expires=900", "x-oss-expires=901"))) {
                Fixtures.refused(OssPresignException.SIGNATURE_MISMATCH, "url", () -> p.verifyUrl(tampered, sent, T));
            }
            Fixtures.refused(OssPresignException.MALFORMED_URL, "url", () -> p.verifyUrl("https://example.com/?a=b", NONE, T));
        }
    }

    @Test
    void verifyArgumentsAndClosedPresigner() {
        try (Presigner p = Fixtures.presigner()) {
            String url = p.presignGet(Fixtures.BUCKET, Fixtures.KEY, null);
            assertEquals("url", assertThrows(NullPointerException.class, () -> p.verifyUrl(null, NONE, T)).getMessage());
            assertEquals("headers", assertThrows(NullPointerException.class, () -> p.verifyUrl(url, null, T)).getMessage());
            assertEquals("headers", assertThrows(NullPointerException.class,
                    () -> p.verifyUrl(url, Collections.singletonMap("a", null), T)).getMessage());
            Fixtures.refused(OssPresignException.EMBEDDED_NUL, "header_values",
                    () -> p.verifyUrl(url, Collections.singletonMap("a", "\u0000"), T));
            Fixtures.refused(OssPresignException.INVALID_UTF8, "header_names",
                    () -> p.verifyUrl(url, Collections.singletonMap("\ud800", "v"), T));
            Map<String, String> many = new HashMap<>();
            for (int i = 0; i < 65; i++) {
                many.put("x-h" + i, "v");
            }
            assertEquals(OssPresignException.LIMIT_EXCEEDED,
                    assertThrows(OssPresignException.class, () -> p.verifyUrl(url, many)).code());
        }
        Presigner closed = Fixtures.presigner();
        String url = closed.presignGet(Fixtures.BUCKET, Fixtures.KEY, null);
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.inspectUrl(url));
        assertThrows(IllegalStateException.class, () -> closed.verifyUrl(url, NONE, T));
    }
}
