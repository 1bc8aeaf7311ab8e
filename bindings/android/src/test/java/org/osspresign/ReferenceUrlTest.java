package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wrapper signs exactly the bytes C signs: URLs made through JNI from Java string literals
 * equal those src/test/c/reference_urls.c makes through the C ABI from UTF-8 byte literals.
 * (That Alibaba's SDK accepts such keys is DownloadTest's part, through the emulator.)
 */
class ReferenceUrlTest {
    private static final Map<String, String> C_URLS = new HashMap<>();

    @BeforeAll
    static void readReference() throws Exception {
        String path = System.getProperty("oss.reference");
        assertNotNull(path, "-Doss.reference is not set: run bash bindings/android/test.sh");
        for (String line : Files.readAllLines(Paths.get(path), StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t", 2);
            C_URLS.put(fields[0], fields[1]);
        }
        assertEquals(6, C_URLS.size());
    }

    /** The escapes of reference_urls.c: {@code \n} is a newline, {@code \\} a backslash. */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                char e = text.charAt(++i);
                out.append(e == 'n' ? '\n' : e);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Test
    void unicodeKey() {
        try (Presigner p = Fixtures.presigner();
                GetOptions o = new GetOptions().signingTime(Fixtures.SIGNING_TIME).expires(3600)) {
            assertEquals(C_URLS.get("unicode"), p.presignGet(Fixtures.BUCKET, Fixtures.UNICODE_KEY, o));
            assertEquals(C_URLS.get("unicode"), p.presignGetRequest(Fixtures.BUCKET, Fixtures.UNICODE_KEY, o).url());
        }
    }

    @Test
    void emojiKeyWithStsToken() {
        try (Presigner p = new Presigner(Fixtures.ENDPOINT, Fixtures.REGION, "STS.example", "sts-secret",
                        "CAIS+token/with=chars");
                GetOptions o = new GetOptions().signingTime(Fixtures.SIGNING_TIME).expires(3600)) {
            assertEquals(C_URLS.get("emoji-sts"),
                    p.presignGet(Fixtures.BUCKET, "emoji/\ud83d\ude80 launch \ud83d\ude00.bin", o));
        }
    }

    @Test
    void unicodeInOptions() {
        try (Presigner p = Fixtures.presigner();
                GetOptions o = new GetOptions()
                        .signingTime(Fixtures.SIGNING_TIME)
                        .versionId("CAEQNhiBgM0BYiIDc4MGZj")
                        .responseContentDisposition("attachment; filename*=UTF-8''\u62a5\u544a.pdf")
                        .addQuery("\u5b50 name", "value+/=\u20ac")) {
            assertEquals(C_URLS.get("rich-options"), p.presignGet(Fixtures.BUCKET, Fixtures.UNICODE_KEY, o));
        }
    }

    /** Diagnostics through JNI are the C ABI's, byte for byte (headers signed, STS token). */
    @Test
    void diagnosticsEqualTheCAbis() {
        try (Presigner p = new Presigner(Fixtures.ENDPOINT, Fixtures.REGION, "STS.example", "sts-secret",
                        "CAIS+token/with=chars");
                GetOptions o = new GetOptions()
                        .signingTime(Fixtures.SIGNING_TIME)
                        .versionId("CAEQNhiBgM0BYiIDc4MGZj")
                        .responseContentDisposition("attachment; filename*=UTF-8''\u62a5\u544a.pdf")
                        .addQuery("\u5b50 name", "value+/=\u20ac")
                        .addHeader("Content-Type", "image/jpeg")
                        .addHeader("X-Trace-Id", "trace-42")
                        .diagnostics(true)) {
            PresignedRequest request = p.presignGetRequest(Fixtures.BUCKET, Fixtures.UNICODE_KEY, o);
            assertEquals(C_URLS.get("diagnostics-url"), request.url());
            String canonical = unescape(C_URLS.get("diagnostics-canonical-request"));
            assertTrue(canonical.startsWith("GET\n/examplebucket/"), canonical);
            assertTrue(canonical.contains("\ncontent-type:image/jpeg\n"), canonical);
            assertEquals(canonical, request.canonicalRequest());
            assertEquals(unescape(C_URLS.get("diagnostics-string-to-sign")), request.stringToSign());
        }
    }
}
