package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A presigner that changes while it serves: the server's time, credentials replaced under
 * running presigns, credentials that expire, cache-friendly signing time windows and the
 * diagnostics of a presign. Expected times follow from the documented rules by arithmetic; the
 * end-to-end checks against Alibaba's SDK are in DownloadTest.
 */
class LiveClientTest {
    private static final long T = Fixtures.SIGNING_TIME;

    private static String query(String url, String name) {
        Matcher m = Pattern.compile("[?&]" + Pattern.quote(name) + "=([^&]*)").matcher(url);
        return m.find() ? m.group(1) : null;
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    // ------------------------------------------------------------------ clock skew

    @Test
    void serverTimeCorrectsEveryLaterPresign() {
        try (Presigner p = Fixtures.presigner(); GetOptions explicit = new GetOptions().signingTime(T)) {
            assertEquals(0, p.clockOffset(), "no correction before any server time");
            long now = now();
            p.setServerTime(now + 3600);
            long offset = p.clockOffset();
            assertTrue(offset >= 3595 && offset <= 3605, "offset " + offset);
            long signed = p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, null).signingTime();
            assertTrue(signed >= now + 3595 && signed <= now + 3605, "signed at " + signed + ", now " + now);
            // An explicit signing time wins over the corrected clock.
            assertEquals(T, p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, explicit).signingTime());
            // A server behind this machine.
            p.setServerTime(now() - 7200);
            offset = p.clockOffset();
            assertTrue(offset <= -7195 && offset >= -7205, "offset " + offset);
            // Another presigner is not affected.
            try (Presigner other = Fixtures.presigner()) {
                assertEquals(0, other.clockOffset());
            }
            Fixtures.refused(OssPresignException.INVALID_SIGNING_TIME, "server_unix_seconds", () -> p.setServerTime(-1));
            Fixtures.refused(OssPresignException.INVALID_SIGNING_TIME, "server_unix_seconds",
                    () -> p.setServerTime(253402300800L)); // 10000-01-01
            offset = p.clockOffset();
            assertTrue(offset <= -7195 && offset >= -7205, "a refused time leaves the offset: " + offset);
        }
    }

    // ------------------------------------------------------------------ rotation

    @Test
    void setCredentialsReplacesKeyIdSecretAndToken() {
        try (Presigner p = Fixtures.presigner();
                Presigner sts = new Presigner(Fixtures.ENDPOINT, Fixtures.REGION, "STS.next", "next-secret", "CAIS+next");
                GetOptions o = new GetOptions().signingTime(T)) {
            String before = p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o);
            p.setCredentials("STS.next", "next-secret", "CAIS+next");
            assertEquals(sts.presignGet(Fixtures.BUCKET, Fixtures.KEY, o), p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
            // Refused credentials leave the current ones in place.
            Fixtures.refused(OssPresignException.MISSING_CREDENTIALS, "access_key_secret",
                    () -> p.setCredentials("ak", "", null));
            Fixtures.refused(OssPresignException.INVALID_CREDENTIALS, "security_token", () -> p.setCredentials("ak", "sk", ""));
            Fixtures.refused(OssPresignException.INVALID_CREDENTIALS, "expiration", () -> p.setCredentials("ak", "sk", null, -5));
            Fixtures.refused(OssPresignException.EMBEDDED_NUL, "access_key_secret", () -> p.setCredentials("ak", "s\u0000k", null));
            Fixtures.refused(OssPresignException.INVALID_UTF8, "security_token", () -> p.setCredentials("ak", "sk", "\ud800"));
            assertEquals(sts.presignGet(Fixtures.BUCKET, Fixtures.KEY, o), p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
            // And back to the first set, without a token.
            p.setCredentials(Fixtures.ACCESS_KEY_ID, Fixtures.ACCESS_KEY_SECRET, null);
            String after = p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o);
            assertEquals(before, after);
            assertNull(query(after, "x-oss-security-token"));
        }
    }

    /**
     * Eight threads presign while the main thread rotates between three credential sets: every
     * URL must be exactly the one a fresh presigner of one set makes (a URL mixing the key id of
     * one set with the secret or token of another matches none). The rotation waits until a
     * presign has seen each new set, so every set is really used under contention.
     */
    @Test
    void rotationUnderEightPresigningThreadsNeverMixesCredentials() throws Exception {
        String[][] sets = {
            {"LTAI-rotation-a", "secret-a", null},
            {"STS.rotation-b", "secret-b", "CAIS+token-b/=="},
            {"STS.rotation-c", "secret-c", "CAIS+token-c/=="},
        };
        int rotations = Integer.getInteger("oss.test.rounds", 200);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (GetOptions o = new GetOptions().signingTime(T).expires(600);
                Presigner shared = new Presigner(Fixtures.ENDPOINT, Fixtures.REGION, sets[0][0], sets[0][1], sets[0][2])) {
            List<String> expected = new ArrayList<>();
            for (String[] set : sets) {
                try (Presigner fresh = new Presigner(Fixtures.ENDPOINT, Fixtures.REGION, set[0], set[1], set[2])) {
                    expected.add(fresh.presignGet(Fixtures.BUCKET, Fixtures.UNICODE_KEY, o));
                }
            }
            assertEquals(3, expected.stream().distinct().count());
            AtomicLongArray seen = new AtomicLongArray(sets.length);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(8);
            List<Future<List<String>>> readers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final boolean request = t % 2 == 1;
                readers.add(pool.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    started.countDown();
                    while (!stop.get()) {
                        String url = request
                                ? shared.presignGetRequest(Fixtures.BUCKET, Fixtures.UNICODE_KEY, o).url()
                                : shared.presignGet(Fixtures.BUCKET, Fixtures.UNICODE_KEY, o);
                        int which = expected.indexOf(url);
                        if (which < 0) {
                            wrong.add(url);
                        } else {
                            seen.incrementAndGet(which);
                        }
                    }
                    return wrong;
                }));
            }
            assertTrue(started.await(60, TimeUnit.SECONDS));
            for (int r = 1; r <= rotations; r++) {
                int next = r % sets.length;
                long before = seen.get(next);
                shared.setCredentials(sets[next][0], sets[next][1], sets[next][2]);
                // Until some presign has used this set (bounded: presigns take microseconds).
                for (int spin = 0; seen.get(next) == before && spin < 10_000_000; spin++) {
                    Thread.onSpinWait();
                }
                assertNotEquals(before, seen.get(next), "no presign used set " + next + " after rotation " + r);
            }
            stop.set(true);
            for (Future<List<String>> reader : readers) {
                assertEquals(List.of(), reader.get(60, TimeUnit.SECONDS), "URLs of no single credential set");
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    // ------------------------------------------------------------------ STS expiry

    @Test
    void credentialsThatExpireRefuseClampOrFail() {
        try (Presigner p = Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION)
                        .credentialsExpiration(T + 600) // before the credentials: order does not matter
                        .credentials("STS.expiring", "sts-secret", "CAIS+token")
                        .build();
                GetOptions o = new GetOptions().signingTime(T).expires(3600)) {
            // The URL would outlive the credentials: refused by default.
            Fixtures.refused(OssPresignException.CREDENTIALS_EXPIRE_FIRST, "credentials",
                    () -> p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
            // Within their life: fine, as asked.
            o.expires(600);
            assertEquals(T + 600, p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, o).expiration());
            o.expires(601);
            Fixtures.refused(OssPresignException.CREDENTIALS_EXPIRE_FIRST, "credentials",
                    () -> p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, o));
            // Clamped: the lifetime ends exactly when the credentials do.
            assertSame(o, o.expires(3600).clampToCredentials(true));
            PresignedRequest clamped = p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, o);
            assertEquals(T, clamped.signingTime());
            assertEquals(T + 600, clamped.expiration());
            assertEquals("600", query(clamped.url(), "x-oss-expires"));
            assertEquals(clamped.url(), p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
            // Expired at the signing time: an error even with the clamp.
            o.signingTime(T + 600);
            Fixtures.refused(OssPresignException.CREDENTIALS_EXPIRED, "credentials", () -> p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
            o.signingTime(T + 599);
            assertEquals("1", query(p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o), "x-oss-expires"));

            // Rotation brings a new expiration, or none.
            o.signingTime(T).clampToCredentials(false);
            p.setCredentials("STS.renewed", "sts-secret-2", "CAIS+token2", T);
            Fixtures.refused(OssPresignException.CREDENTIALS_EXPIRED, "credentials", () -> p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
            p.setCredentials("STS.renewed", "sts-secret-2", "CAIS+token2", T + 7200);
            assertEquals(T + 3600, p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, o).expiration());
            p.setCredentials("STS.renewed", "sts-secret-2", "CAIS+token2", T + 60);
            Fixtures.refused(OssPresignException.CREDENTIALS_EXPIRE_FIRST, "credentials", () -> p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
            p.setCredentials("LTAI-long-term", "secret", null); // no expiration
            o.expires(604800);
            assertEquals(T + 604800, p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, o).expiration());
        }
    }

    @Test
    void builderChecksTheCredentialsExpiration() {
        Fixtures.refused(OssPresignException.INVALID_CREDENTIALS, "expiration",
                () -> Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION)
                        .credentials(Fixtures.ACCESS_KEY_ID, Fixtures.ACCESS_KEY_SECRET, null)
                        .credentialsExpiration(-1)
                        .build());
        Fixtures.refused(OssPresignException.MISSING_CREDENTIALS, "credentials",
                () -> Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION).credentialsExpiration(T).build());
        // 0 is "never".
        try (Presigner p = Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION)
                        .credentials(Fixtures.ACCESS_KEY_ID, Fixtures.ACCESS_KEY_SECRET, null)
                        .credentialsExpiration(0)
                        .build();
                GetOptions o = new GetOptions().signingTime(T).expires(604800)) {
            assertEquals(T + 604800, p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, o).expiration());
        }
    }

    // ------------------------------------------------------------------ signing time window

    @Test
    void signingTimeWindowGivesOneUrlPerWindow() {
        long w = 600;
        long start = T - T % w; // 2024-01-02T03:00:00Z
        try (Presigner p = Fixtures.presigner();
                GetOptions a = new GetOptions().signingTimeWindow(w).expires(3600).signingTime(start + 17);
                GetOptions b = new GetOptions().signingTimeWindow(w).expires(3600).signingTime(start + w - 1);
                GetOptions next = new GetOptions().signingTimeWindow(w).expires(3600).signingTime(start + w)) {
            PresignedRequest first = p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, a);
            assertEquals(start, first.signingTime());
            // A relative lifetime is lengthened by the window: valid >= 3600 s from any moment in it.
            assertEquals(start + 3600 + w, first.expiration());
            assertEquals("20240102T030000Z", query(first.url(), "x-oss-date"));
            assertEquals("4200", query(first.url(), "x-oss-expires"));
            // Byte-identical within the window, another URL in the next one.
            assertEquals(first.url(), p.presignGet(Fixtures.BUCKET, Fixtures.KEY, b));
            PresignedRequest second = p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, next);
            assertNotEquals(first.url(), second.url());
            assertEquals(start + w, second.signingTime());

            // At the 7-day cap the lifetime stays 604800.
            a.expires(604800);
            assertEquals("604800", query(p.presignGet(Fixtures.BUCKET, Fixtures.KEY, a), "x-oss-expires"));
            // An absolute expiration stays as given.
            a.expiration(start + 1000);
            PresignedRequest absolute = p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, a);
            assertEquals(start, absolute.signingTime());
            assertEquals(start + 1000, absolute.expiration());
            // 0 turns the window off.
            assertEquals(T, p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY,
                    b.signingTimeWindow(0).signingTime(T)).signingTime());
        }
    }

    @Test
    void signingTimeWindowRoundsTheCorrectedClockThenTheClampApplies() {
        try (Presigner p = Fixtures.presigner(); GetOptions o = new GetOptions().signingTimeWindow(60)) {
            long now = now();
            p.setServerTime(now + 3600);
            PresignedRequest r = p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, o);
            assertEquals(0, r.signingTime() % 60);
            assertTrue(r.signingTime() >= now + 3600 - 65 && r.signingTime() <= now + 3605, "" + r.signingTime());
            assertEquals(r.signingTime() + 900 + 60, r.expiration());
        }
        long start = T - T % 600;
        try (Presigner p = Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION)
                        .credentials("STS.expiring", "sts-secret", "CAIS+token")
                        .credentialsExpiration(start + 1000)
                        .build();
                GetOptions o = new GetOptions().signingTime(T).signingTimeWindow(600).expires(3600)
                        .clampToCredentials(true)) {
            PresignedRequest r = p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, o);
            assertEquals(start, r.signingTime());
            assertEquals(start + 1000, r.expiration(), "the window first, the clamp after");
        }
    }

    // ------------------------------------------------------------------ diagnostics

    @Test
    void diagnosticsOnlyWhenAskedAndNeverTheSecret() throws Exception {
        String secret = "Sup3rSecretValue-9f8e7d";
        try (Presigner p = new Presigner(Fixtures.ENDPOINT, Fixtures.REGION, "LTAI5tExample", secret, null);
                GetOptions o = new GetOptions().signingTime(T).expires(3600)) {
            PresignedRequest plain = p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, o);
            assertNull(plain.canonicalRequest());
            assertNull(plain.stringToSign());
            assertSame(o, o.diagnostics(true));
            PresignedRequest r = p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, o);
            assertEquals(plain.url(), r.url(), "diagnostics change nothing that is signed");
            // The V4 layout (OSS documentation, "Include a V4 signature in a URL").
            assertEquals("GET\n/examplebucket/a.txt\n"
                            + "x-oss-credential=LTAI5tExample%2F20240102%2Fcn-hangzhou%2Foss%2Faliyun_v4_request"
                            + "&x-oss-date=20240102T030405Z&x-oss-expires=3600"
                            + "&x-oss-signature-version=OSS4-HMAC-SHA256\n\n\nUNSIGNED-PAYLOAD",
                    r.canonicalRequest());
            // The string to sign ends with the SHA-256 of the canonical request.
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(r.canonicalRequest().getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            assertEquals("OSS4-HMAC-SHA256\n20240102T030405Z\n20240102/cn-hangzhou/oss/aliyun_v4_request\n" + hex,
                    r.stringToSign());
            assertFalse(r.canonicalRequest().contains(secret));
            assertFalse(r.stringToSign().contains(secret));
            o.diagnostics(false);
            assertNull(p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, o).canonicalRequest());
        }
    }

    // ------------------------------------------------------------------ closed and null

    @Test
    void liveMethodsAfterCloseAndNulls() {
        Presigner p = Fixtures.presigner();
        p.close();
        assertThrows(IllegalStateException.class, () -> p.setServerTime(now()));
        assertThrows(IllegalStateException.class, p::clockOffset);
        assertThrows(IllegalStateException.class, () -> p.setCredentials("a", "b", null));
        assertThrows(IllegalStateException.class, () -> p.setCredentials("a", "b", null, T));
        GetOptions o = new GetOptions();
        o.close();
        assertThrows(IllegalStateException.class, () -> o.signingTimeWindow(60));
        assertThrows(IllegalStateException.class, () -> o.clampToCredentials(true));
        assertThrows(IllegalStateException.class, () -> o.diagnostics(true));
        try (Presigner q = Fixtures.presigner()) {
            assertEquals("accessKeyId", assertThrows(NullPointerException.class,
                    () -> q.setCredentials(null, "sk", null)).getMessage());
            assertEquals("accessKeySecret", assertThrows(NullPointerException.class,
                    () -> q.setCredentials("ak", null, null, 0)).getMessage());
        }
    }
}
