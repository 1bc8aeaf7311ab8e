package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Batch presigns, and presigning with a delegated day key instead of the secret. */
class BatchAndSigningKeyTest {
    private static final long T = Fixtures.SIGNING_TIME; // 2024-01-02T03:04:05Z

    private static String query(String url, String name) {
        Matcher m = Pattern.compile("[?&]" + Pattern.quote(name) + "=([^&]*)").matcher(url);
        return m.find() ? m.group(1) : null;
    }

    /** The URL's {@code x-oss-date} (ISO 8601 basic, UTC) in Unix seconds. */
    private static long date(String url) {
        return LocalDateTime.parse(query(url, "x-oss-date"), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                .toEpochSecond(ZoneOffset.UTC);
    }

    /** When OSS stops accepting the URL: {@code x-oss-date + x-oss-expires}. */
    private static long expiry(String url) {
        return date(url) + Long.parseLong(query(url, "x-oss-expires"));
    }

    // ------------------------------------------------------------------ batch

    @Test
    void eachEntryIsTheSinglePresignsUrlOrItsOwnError() {
        List<String> keys = Arrays.asList(
                "exampleobject.txt", null, "/leading", "a b+c/\u5b50.jpg", "bad\ud800", "nul\u0000.txt",
                Fixtures.UNICODE_KEY, "../up", "");
        try (Presigner p = Fixtures.presigner(); GetOptions o = new GetOptions().signingTime(T).expires(3600)) {
            PresignedBatch batch = p.presignGetBatch(Fixtures.BUCKET, keys, o);
            assertEquals(keys.size(), batch.size());
            // The options' signing time and lifetime, shared by every URL.
            assertEquals(T, batch.signingTime());
            assertEquals(T + 3600, batch.expiration());
            for (int i = 0; i < keys.size(); i++) {
                BatchEntry e = batch.get(i);
                assertEquals(keys.get(i), e.key());
                assertEquals(e.isSuccess(), e.url() != null);
                assertEquals(e.isSuccess(), e.error() == null);
            }
            for (int i : new int[] {0, 3, 6}) {
                assertTrue(batch.get(i).isSuccess(), batch.get(i)::toString);
                assertEquals(p.presignGet(Fixtures.BUCKET, keys.get(i), o), batch.get(i).url());
                assertEquals(batch.get(i).url(), batch.get(i).urlOrThrow());
                assertEquals(batch.signingTime(), date(batch.get(i).url()));
                assertEquals(batch.expiration(), expiry(batch.get(i).url()));
            }
            int[][] failures = {
                {1, OssPresignException.NULL_ARGUMENT},
                {2, OssPresignException.INVALID_KEY},
                {4, OssPresignException.INVALID_UTF8},
                {5, OssPresignException.EMBEDDED_NUL},
                {7, OssPresignException.INVALID_KEY},
                {8, OssPresignException.INVALID_KEY},
            };
            for (int[] f : failures) {
                BatchEntry e = batch.get(f[0]);
                assertFalse(e.isSuccess(), e::toString);
                assertNull(e.url());
                assertEquals(f[1], e.error().code(), e.error().getMessage());
                assertEquals("key", e.error().argument());
                assertTrue(e.error().getMessage().contains("key"), e.error().getMessage());
                OssPresignException thrown = assertThrows(OssPresignException.class, e::urlOrThrow);
                assertEquals(f[1], thrown.code());
            }
            assertThrows(UnsupportedOperationException.class, () -> batch.add(null));
            assertThrows(UnsupportedOperationException.class, () -> batch.set(0, null));
            assertThrows(UnsupportedOperationException.class, () -> batch.remove(0));
            assertThrows(IndexOutOfBoundsException.class, () -> batch.get(keys.size()));
            // What a log would show: never the signed query.
            assertEquals("exampleobject.txt: presigned", batch.get(0).toString());
            assertTrue(batch.get(2).toString().startsWith("/leading: key"), batch.get(2).toString());
        }
    }

    @Test
    void oneSigningTimeAndOneCredentialSnapshotForAll() {
        try (Presigner p = Fixtures.presigner(); GetOptions o = new GetOptions().expires(600)) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                keys.add("gallery/" + i + ".jpg");
            }
            PresignedBatch batch = p.presignGetBatch(Fixtures.BUCKET, keys, o);
            assertEquals(1000, batch.size());
            // Signed now: the batch tells when, and when its URLs end (600 s later).
            assertEquals(batch.signingTime() + 600, batch.expiration());
            for (BatchEntry e : batch) {
                String url = e.urlOrThrow();
                assertEquals(batch.signingTime(), date(url), "one signing time");
                assertEquals(batch.expiration(), expiry(url));
                assertTrue(url.startsWith("https://examplebucket.oss-cn-hangzhou.aliyuncs.com/" + e.key() + "?"), url);
            }
            keys.add("one-too-many");
            Fixtures.refused(OssPresignException.LIMIT_EXCEEDED, "count", () -> p.presignGetBatch(Fixtures.BUCKET, keys, o));
        }
    }

    /** Batches while another thread rotates credentials: each batch is wholly one set's. */
    @Test
    void aBatchUsesOneCredentialSnapshotDuringRotation() throws Exception {
        String[][] sets = {{"LTAI-batch-a", "secret-a", null}, {"STS.batch-b", "secret-b", "CAIS+b"}};
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            keys.add("feed/" + i + ".jpg");
        }
        int rounds = Integer.getInteger("oss.test.rounds", 200);
        try (GetOptions o = new GetOptions().signingTime(T);
                Presigner shared = new Presigner(Fixtures.ENDPOINT, Fixtures.REGION, sets[0][0], sets[0][1], sets[0][2])) {
            List<List<String>> expected = new ArrayList<>();
            for (String[] set : sets) {
                try (Presigner fresh = new Presigner(Fixtures.ENDPOINT, Fixtures.REGION, set[0], set[1], set[2])) {
                    List<String> urls = new ArrayList<>();
                    for (String key : keys) {
                        urls.add(fresh.presignGet(Fixtures.BUCKET, key, o));
                    }
                    expected.add(urls);
                }
            }
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread rotator = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String[] set = sets[i % 2];
                    shared.setCredentials(set[0], set[1], set[2]);
                }
            });
            rotator.start();
            int[] seen = new int[2];
            try {
                for (int r = 0; r < rounds || seen[0] == 0 || seen[1] == 0; r++) {
                    List<String> urls = new ArrayList<>();
                    for (BatchEntry e : shared.presignGetBatch(Fixtures.BUCKET, keys, o)) {
                        urls.add(e.urlOrThrow());
                    }
                    int which = expected.indexOf(urls);
                    assertTrue(which >= 0, "a batch mixing credential sets: " + urls);
                    seen[which]++;
                    assertTrue(r < 100 * rounds, "one set never seen: " + Arrays.toString(seen));
                }
            } finally {
                stop.set(true);
                rotator.join();
            }
        }
    }

    @Test
    void wholeCallRefusalsEmptyBatchAndClosedHandles() {
        GetOptions o = new GetOptions();
        try (Presigner p = Fixtures.presigner()) {
            assertEquals(Collections.emptyList(), p.presignGetBatch(Fixtures.BUCKET, Collections.emptyList(), null));
            // Every entry failed: the batch was still signed at its time, for its lifetime.
            try (GetOptions at = new GetOptions().signingTime(T).expires(60)) {
                PresignedBatch failed = p.presignGetBatch(Fixtures.BUCKET, Arrays.asList("/a", null, "b\u0000"), at);
                assertEquals(3, failed.size());
                for (BatchEntry e : failed) {
                    assertFalse(e.isSuccess(), e::toString);
                }
                assertEquals(T, failed.signingTime());
                assertEquals(T + 60, failed.expiration());
            }
            Fixtures.refused(OssPresignException.INVALID_BUCKET, "bucket",
                    () -> p.presignGetBatch("ab", Arrays.asList("a", "b"), null));
            Fixtures.refused(OssPresignException.EMBEDDED_NUL, "bucket",
                    () -> p.presignGetBatch("examplebucket\u0000", Arrays.asList("a"), null));
            o.signingTime(T).expiration(T + 8 * 86400);
            Fixtures.refused(OssPresignException.INVALID_EXPIRATION, "expiration",
                    () -> p.presignGetBatch(Fixtures.BUCKET, Arrays.asList("a"), o));
            assertEquals("bucket", assertThrows(NullPointerException.class,
                    () -> p.presignGetBatch(null, Arrays.asList("a"), null)).getMessage());
            assertEquals("keys", assertThrows(NullPointerException.class,
                    () -> p.presignGetBatch(Fixtures.BUCKET, null, null)).getMessage());
            o.close();
            assertThrows(IllegalStateException.class, () -> p.presignGetBatch(Fixtures.BUCKET, Arrays.asList("a"), o));
        }
        Presigner closed = Fixtures.presigner();
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.presignGetBatch(Fixtures.BUCKET, Arrays.asList("a"), null));
    }

    @Test
    void batchWithExpiringCredentials() {
        try (Presigner p = Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION)
                        .credentials("STS.batch", "sts-secret", "CAIS+token")
                        .credentialsExpiration(T + 60)
                        .build();
                GetOptions o = new GetOptions().signingTime(T).expires(3600)) {
            Fixtures.refused(OssPresignException.CREDENTIALS_EXPIRE_FIRST, "credentials",
                    () -> p.presignGetBatch(Fixtures.BUCKET, Arrays.asList("a", "b"), o));
            o.clampToCredentials(true);
            PresignedBatch batch = p.presignGetBatch(Fixtures.BUCKET, Arrays.asList("a", "b"), o);
            // Clamped: the URLs end when the credentials do.
            assertEquals(T, batch.signingTime());
            assertEquals(T + 60, batch.expiration());
            for (BatchEntry e : batch) {
                assertEquals("60", query(e.urlOrThrow(), "x-oss-expires"));
                assertEquals(T + 60, expiry(e.urlOrThrow()));
            }
        }
    }

    // ------------------------------------------------------------------ delegated keys

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /** The V4 signing key as OSS documents it, computed here with the JDK's HMAC. */
    private static String documentedKey(String secret, String date, String region, String product) throws Exception {
        byte[] k = hmac(("aliyun_v4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(hmac(hmac(k, region), product), "aliyun_v4_request");
        StringBuilder hex = new StringBuilder();
        for (byte b : k) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    @Test
    void deriveMatchesThePublishedAndTheDocumentedKey() throws Exception {
        // The intermediate signing key published with vector G1 (tests/vectors/).
        assertEquals("13491b1b9dd8b63b3b06746dd62528844db7dbb852e530a6d8bf7edae3c4d16a",
                SigningKeys.derive("sk", "20240102", "cn-hangzhou", "oss"));
        assertEquals(documentedKey("Secret/\u5bc6+=", "20991231", "cb-f8z7yvzgwfkl9q0h", "oss-cloudbox"),
                SigningKeys.derive("Secret/\u5bc6+=", "20991231", "cb-f8z7yvzgwfkl9q0h", "oss-cloudbox"));
        Fixtures.refused(OssPresignException.INVALID_SIGNING_KEY, "date", () -> SigningKeys.derive("sk", "2024-01-02", "cn-hangzhou", "oss"));
        Fixtures.refused(OssPresignException.MISSING_CREDENTIALS, "access_key_secret", () -> SigningKeys.derive("", "20240102", "cn-hangzhou", "oss"));
        Fixtures.refused(OssPresignException.INVALID_REGION, "region", () -> SigningKeys.derive("sk", "20240102", "Bad_Region", "oss"));
        Fixtures.refused(OssPresignException.INVALID_REGION, "product", () -> SigningKeys.derive("sk", "20240102", "cn-hangzhou", ""));
        Fixtures.refused(OssPresignException.EMBEDDED_NUL, "access_key_secret", () -> SigningKeys.derive("s\u0000k", "20240102", "cn-hangzhou", "oss"));
        for (String parameter : new String[] {"accessKeySecret", "dateYyyymmdd", "region", "product"}) {
            String[] a = {"sk", "20240102", "cn-hangzhou", "oss"};
            a[Arrays.asList("accessKeySecret", "dateYyyymmdd", "region", "product").indexOf(parameter)] = null;
            assertEquals(parameter, assertThrows(NullPointerException.class,
                    () -> SigningKeys.derive(a[0], a[1], a[2], a[3])).getMessage());
        }
    }

    @Test
    void aDelegatedKeyPresignsLikeTheSecretWithinItsDayOnly() {
        String day = SigningKeys.derive(Fixtures.ACCESS_KEY_SECRET, "20240102", Fixtures.REGION, "oss");
        try (Presigner secret = new Presigner(Fixtures.ENDPOINT, Fixtures.REGION, Fixtures.ACCESS_KEY_ID,
                        Fixtures.ACCESS_KEY_SECRET, "CAIS+token");
                Presigner delegated = Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION)
                        .signingKey(Fixtures.ACCESS_KEY_ID, day.toUpperCase(java.util.Locale.ROOT), "20240102", "CAIS+token")
                        .build();
                GetOptions o = new GetOptions().signingTime(T).expires(3600).addHeader("Content-Type", "image/jpeg")) {
            assertEquals(secret.presignGet(Fixtures.BUCKET, Fixtures.UNICODE_KEY, o),
                    delegated.presignGet(Fixtures.BUCKET, Fixtures.UNICODE_KEY, o));
            assertEquals(secret.presignGetBatch(Fixtures.BUCKET, Arrays.asList("a", "b"), o).get(1).url(),
                    delegated.presignGetBatch(Fixtures.BUCKET, Arrays.asList("a", "b"), o).get(1).url());
            // The last second of the day, and the first of the next.
            o.signingTime(1704239999L).expires(60);
            assertEquals(secret.presignGet(Fixtures.BUCKET, Fixtures.KEY, o), delegated.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
            o.signingTime(1704240000L);
            Fixtures.refused(OssPresignException.SIGNING_KEY_OUT_OF_SCOPE, "signing_time",
                    () -> delegated.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
            // The next day's key, on the live presigner.
            delegated.setSigningKey(Fixtures.ACCESS_KEY_ID,
                    SigningKeys.derive(Fixtures.ACCESS_KEY_SECRET, "20240103", Fixtures.REGION, "oss"), "20240103", "CAIS+token");
            assertEquals(secret.presignGet(Fixtures.BUCKET, Fixtures.KEY, o), delegated.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
            // Refused keys leave it in place.
            Fixtures.refused(OssPresignException.INVALID_SIGNING_KEY, "hex_signing_key",
                    () -> delegated.setSigningKey(Fixtures.ACCESS_KEY_ID, "abc", "20240103", null));
            Fixtures.refused(OssPresignException.INVALID_SIGNING_KEY, "date",
                    () -> delegated.setSigningKey(Fixtures.ACCESS_KEY_ID, day, "2024013", null));
            Fixtures.refused(OssPresignException.INVALID_CREDENTIALS, "security_token",
                    () -> delegated.setSigningKey(Fixtures.ACCESS_KEY_ID, day, "20240103", ""));
            Fixtures.refused(OssPresignException.MISSING_CREDENTIALS, "access_key_id",
                    () -> delegated.setSigningKey("", day, "20240103", null));
            assertEquals(secret.presignGet(Fixtures.BUCKET, Fixtures.KEY, o), delegated.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
            // Credentials and keys replace each other: the last call wins.
            delegated.setCredentials(Fixtures.ACCESS_KEY_ID, Fixtures.ACCESS_KEY_SECRET, "CAIS+token");
            o.signingTime(T);
            assertEquals(secret.presignGet(Fixtures.BUCKET, Fixtures.KEY, o), delegated.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
            secret.setSigningKey(Fixtures.ACCESS_KEY_ID, "00".repeat(32), "20240102", null);
            assertFalse(secret.presignGet(Fixtures.BUCKET, Fixtures.KEY, o).contains("x-oss-security-token"));
        }
    }

    /**
     * A day key derived from STS credentials, rotated in on a live presigner with the
     * credentials' expiry: refused at and after it, refused or clamped when a URL would outlive
     * it. Clamped means the URL's x-oss-date + x-oss-expires is the expiry.
     */
    @Test
    void aRotatedStsSigningKeyKeepsItsExpiry() {
        String first = SigningKeys.derive("sts-secret-1", "20240102", Fixtures.REGION, "oss");
        String second = SigningKeys.derive("sts-secret-2", "20240102", Fixtures.REGION, "oss");
        long expiry = T + 1200;
        try (Presigner p = Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION)
                        .signingKey("STS.first", first, "20240102", "CAIS+first")
                        .credentialsExpiration(T + 600)
                        .build();
                Presigner secret = Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION)
                        .credentials("STS.second", "sts-secret-2", "CAIS+second")
                        .credentialsExpiration(expiry)
                        .build();
                GetOptions o = new GetOptions().signingTime(T).expires(3600)) {
            p.setSigningKey("STS.second", second, "20240102", "CAIS+second", expiry);
            // The URL would outlive the credentials: refused, at 1201 s as at 3600 s.
            Fixtures.refused(OssPresignException.CREDENTIALS_EXPIRE_FIRST, "credentials",
                    () -> p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
            o.expires(1201);
            Fixtures.refused(OssPresignException.CREDENTIALS_EXPIRE_FIRST, "credentials",
                    () -> p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, o));
            Fixtures.refused(OssPresignException.CREDENTIALS_EXPIRE_FIRST, "credentials",
                    () -> p.presignGetBatch(Fixtures.BUCKET, Arrays.asList("a", "b"), o));
            // Up to the expiry exactly: fine, as asked (the new expiry, not the builder's).
            o.expires(1200);
            PresignedRequest last = p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, o);
            assertEquals(expiry, last.expiration());
            assertEquals(expiry, expiry(last.url()));
            // Clamped: the lifetime ends exactly at the expiry.
            o.expires(3600).clampToCredentials(true);
            PresignedRequest clamped = p.presignGetRequest(Fixtures.BUCKET, Fixtures.UNICODE_KEY, o);
            assertEquals(T, date(clamped.url()));
            assertEquals(expiry, expiry(clamped.url()));
            assertEquals("1200", query(clamped.url(), "x-oss-expires"));
            assertEquals(T, clamped.signingTime());
            assertEquals(expiry, clamped.expiration());
            assertTrue(query(clamped.url(), "x-oss-credential").startsWith("STS.second%2F20240102%2F"), clamped.url());
            assertEquals("CAIS%2Bsecond", query(clamped.url(), "x-oss-security-token"));
            // Signed from the secret with the same expiry: the same URL.
            assertEquals(secret.presignGet(Fixtures.BUCKET, Fixtures.UNICODE_KEY, o), clamped.url());
            PresignedBatch batch = p.presignGetBatch(Fixtures.BUCKET, Arrays.asList("a", "b"), o);
            assertEquals(expiry, batch.expiration());
            assertEquals(expiry, expiry(batch.get(1).urlOrThrow()));
            // One second before the expiry the clamp leaves one second; at it, nothing is signed.
            o.signingTime(expiry - 1);
            assertEquals(expiry, expiry(p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o)));
            assertEquals("1", query(p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o), "x-oss-expires"));
            for (long at : new long[] {expiry, expiry + 1, expiry + 86400 / 2}) {
                o.signingTime(at);
                Fixtures.refused(OssPresignException.CREDENTIALS_EXPIRED, "credentials",
                        () -> p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
                Fixtures.refused(OssPresignException.CREDENTIALS_EXPIRED, "credentials",
                        () -> p.presignGetBatch(Fixtures.BUCKET, Arrays.asList("a"), o));
            }

            // An expiration outside 1970..9999 is refused; the key and expiry in use stay.
            long lastSecondOf9999 = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);
            for (long bad : new long[] {-1, lastSecondOf9999 + 1, Long.MAX_VALUE, Long.MIN_VALUE}) {
                Fixtures.refused(OssPresignException.INVALID_CREDENTIALS, "expiration",
                        () -> p.setSigningKey("STS.third", first, "20240102", "CAIS+third", bad));
            }
            Fixtures.refused(OssPresignException.INVALID_SIGNING_KEY, "hex_signing_key",
                    () -> p.setSigningKey("STS.third", "abc", "20240102", "CAIS+third", T + 60));
            o.signingTime(expiry - 1);
            String kept = p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o);
            assertEquals("1", query(kept, "x-oss-expires"));
            assertTrue(query(kept, "x-oss-credential").startsWith("STS.second%2F"), kept);
            // The last second of 9999 is a valid expiration (the URL then lives as asked).
            p.setSigningKey("STS.second", second, "20240102", "CAIS+second", lastSecondOf9999);
            o.signingTime(T);
            assertEquals(T + 3600, expiry(p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o)));

            // Without an expiration (0, or the four-argument call): none, whatever came before.
            p.setSigningKey("STS.second", second, "20240102", "CAIS+second", T + 60);
            o.signingTime(T + 60);
            Fixtures.refused(OssPresignException.CREDENTIALS_EXPIRED, "credentials",
                    () -> p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
            p.setSigningKey("STS.second", second, "20240102", "CAIS+second", 0);
            assertEquals(T + 60 + 3600, expiry(p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o)));
            p.setSigningKey("STS.second", second, "20240102", "CAIS+second", T + 60);
            p.setSigningKey("STS.second", second, "20240102", "CAIS+second");
            assertEquals(T + 60 + 3600, expiry(p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o)));

            for (String parameter : new String[] {"accessKeyId", "hexSigningKey", "dateYyyymmdd"}) {
                String[] a = {"STS.second", second, "20240102"};
                a[Arrays.asList("accessKeyId", "hexSigningKey", "dateYyyymmdd").indexOf(parameter)] = null;
                assertEquals(parameter, assertThrows(NullPointerException.class,
                        () -> p.setSigningKey(a[0], a[1], a[2], "CAIS+second", expiry)).getMessage());
            }
        }
        Presigner closed = Fixtures.presigner();
        closed.close();
        assertThrows(IllegalStateException.class,
                () -> closed.setSigningKey("STS.second", second, "20240102", "CAIS+second", expiry));
    }

    @Test
    void builderSigningKeyRules() {
        String day = SigningKeys.derive("sk", "20240102", Fixtures.REGION, "oss");
        Fixtures.refused(OssPresignException.INVALID_SIGNING_KEY, "hex_signing_key",
                () -> Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION).signingKey("ak", day + "0", "20240102", null).build());
        Fixtures.refused(OssPresignException.EMBEDDED_NUL, "hex_signing_key",
                () -> Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION).signingKey("ak", "\u0000", "20240102", null).build());
        // The last of credentials and key wins, in the builder too.
        try (Presigner fromKey = Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION)
                        .credentials("ak", "wrong-secret", null)
                        .signingKey("ak", day, "20240102", null)
                        .build();
                Presigner fromSecret = Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION)
                        .signingKey("ak", "11".repeat(32), "20240102", null)
                        .credentials("ak", "sk", null)
                        .build();
                Presigner reference = new Presigner(Fixtures.ENDPOINT, Fixtures.REGION, "ak", "sk", null);
                GetOptions o = new GetOptions().signingTime(T)) {
            String expected = reference.presignGet(Fixtures.BUCKET, Fixtures.KEY, o);
            assertEquals(expected, fromKey.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
            assertEquals(expected, fromSecret.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
        }
        // An expiration applies to a signing key too.
        try (Presigner p = Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION)
                        .signingKey("STS.ak", day, "20240102", "CAIS+token")
                        .credentialsExpiration(T + 60)
                        .build();
                GetOptions o = new GetOptions().signingTime(T).expires(3600)) {
            Fixtures.refused(OssPresignException.CREDENTIALS_EXPIRE_FIRST, "credentials", () -> p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
        }
        for (String parameter : new String[] {"accessKeyId", "hexSigningKey", "dateYyyymmdd"}) {
            String[] a = {"ak", day, "20240102"};
            a[Arrays.asList("accessKeyId", "hexSigningKey", "dateYyyymmdd").indexOf(parameter)] = null;
            assertEquals(parameter, assertThrows(NullPointerException.class,
                    () -> Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION).signingKey(a[0], a[1], a[2], null)).getMessage());
            try (Presigner p = Fixtures.presigner()) {
                assertEquals(parameter, assertThrows(NullPointerException.class,
                        () -> p.setSigningKey(a[0], a[1], a[2], null)).getMessage());
            }
        }
    }
}
