package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each OSS_CODE_* of the header belongs to exactly one exception family, the one written here
 * (not computed by the code under test), and the library's errors arrive as that subclass.
 */
class ExceptionFamiliesTest {
    private static final List<Class<? extends OssPresignException>> FAMILIES = Arrays.asList(
            InvalidArgumentException.class, LimitExceededException.class, ExpiryException.class,
            CredentialsException.class, UrlVerificationException.class, InternalErrorException.class);

    /** Code name -> family, by hand. */
    private static final Map<String, Class<? extends OssPresignException>> FAMILY_OF = new TreeMap<>();

    private static void family(Class<? extends OssPresignException> family, String... codes) {
        for (String code : codes) {
            FAMILY_OF.put(code, family);
        }
    }

    static {
        family(InvalidArgumentException.class, "NULL_ARGUMENT", "INVALID_UTF8", "EMBEDDED_NUL",
                "INVALID_ARGUMENT", "INVALID_ENDPOINT", "INVALID_REGION", "INVALID_BUCKET", "INVALID_KEY",
                "INVALID_QUERY", "INVALID_HEADER", "INVALID_TIME", "INVALID_RESPONSE");
        family(LimitExceededException.class, "LIMIT_EXCEEDED");
        family(ExpiryException.class, "INVALID_SIGNING_TIME", "INVALID_SIGNING_TIME_WINDOW", "INVALID_EXPIRY",
                "INVALID_EXPIRATION");
        family(CredentialsException.class, "MISSING_CREDENTIALS", "INVALID_CREDENTIALS", "CREDENTIALS_EXPIRED",
                "CREDENTIALS_EXPIRE_FIRST", "SIGNING_KEY_OUT_OF_SCOPE", "INVALID_SIGNING_KEY");
        family(UrlVerificationException.class, "MALFORMED_URL", "SIGNATURE_MISMATCH", "URL_EXPIRED",
                "URL_NOT_YET_VALID");
        family(InternalErrorException.class, "PANIC", "INTERNAL");
    }

    private static Map<String, Integer> headerCodes;

    /** The family the table above gives the code {@code code} (a header value). */
    static synchronized Class<? extends OssPresignException> familyOf(int code) throws Exception {
        if (headerCodes == null) {
            headerCodes = ErrorCodesTest.headerCodes();
        }
        for (Map.Entry<String, Integer> c : headerCodes.entrySet()) {
            if (c.getValue() == code) {
                return FAMILY_OF.get(c.getKey());
            }
        }
        throw new AssertionError("code " + code + " is not in the header");
    }

    /** Asserts that a refusal from the library is of its code's family. */
    static void assertFamily(OssPresignException e) {
        try {
            assertSame(familyOf(e.code()), e.getClass(), () -> "family of code " + e.code() + ": " + e.getMessage());
        } catch (Exception io) {
            throw new AssertionError(io);
        }
    }

    @Test
    void everyCodeOfTheHeaderHasOneFamily() throws Exception {
        Map<String, Integer> codes = new TreeMap<>(ErrorCodesTest.headerCodes());
        assertEquals(Integer.valueOf(0), codes.remove("OK"));
        // A code added to the header needs its family chosen here.
        assertEquals(codes.keySet(), FAMILY_OF.keySet());
        for (Map.Entry<String, Integer> c : codes.entrySet()) {
            OssPresignException e = OssPresignException.of(c.getValue(), "message of " + c.getKey(), "arg");
            assertSame(FAMILY_OF.get(c.getKey()), e.getClass(), c.getKey());
            long families = FAMILIES.stream().filter(f -> f.isInstance(e)).count();
            assertEquals(1, families, c.getKey());
            assertEquals((int) c.getValue(), e.code());
            assertEquals("message of " + c.getKey(), e.getMessage());
            assertEquals("arg", e.argument());
        }
    }

    /** docs/android.md's table of families lists the same codes as the table above. */
    @Test
    void theDocumentedTableIsThisOne() throws Exception {
        String page = new String(Files.readAllBytes(Fixtures.repo().resolve("docs/android.md")),
                StandardCharsets.UTF_8);
        Map<String, Class<? extends OssPresignException>> documented = new TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `(\\w+Exception)` \\| ([^|]+) \\|")
                .matcher(page);
        while (row.find()) {
            for (Class<? extends OssPresignException> family : FAMILIES) {
                if (family.getSimpleName().equals(row.group(1))) {
                    for (String code : row.group(2).split(",")) {
                        documented.put(code.trim().replace("`", ""), family);
                    }
                }
            }
        }
        assertEquals(FAMILY_OF, documented);
    }

    @Test
    void unknownCodesGetTheFamilyOfTheirHundred() {
        Map<Integer, Class<?>> expected = new HashMap<>();
        expected.put(99, InvalidArgumentException.class);
        expected.put(199, InvalidArgumentException.class);
        expected.put(299, CredentialsException.class);
        expected.put(399, ExpiryException.class);
        expected.put(499, UrlVerificationException.class);
        expected.put(999, InvalidArgumentException.class);
        expected.put(-1, InvalidArgumentException.class);
        for (Map.Entry<Integer, Class<?>> c : expected.entrySet()) {
            assertSame(c.getValue(), OssPresignException.of(c.getKey(), "m", "").getClass(), "" + c.getKey());
        }
    }

    @Test
    void aRefreshFixesExactlyTheCredentialsThatRanOut() {
        for (int code = 200; code < 300; code++) {
            CredentialsException e = (CredentialsException) OssPresignException.of(code, "m", "");
            boolean refresh = code == OssPresignException.CREDENTIALS_EXPIRED
                    || code == OssPresignException.CREDENTIALS_EXPIRE_FIRST
                    || code == OssPresignException.SIGNING_KEY_OUT_OF_SCOPE;
            assertEquals(refresh, e.fixedByRefresh(), "" + code);
        }
    }

    /** One real refusal per family, through the library, caught as that family. */
    @Test
    void theLibrarysErrorsArriveTyped() {
        long t = Fixtures.SIGNING_TIME;
        try (Presigner p = Fixtures.presigner(); GetOptions o = new GetOptions().signingTime(t)) {
            assertEquals(OssPresignException.INVALID_BUCKET,
                    assertThrows(InvalidArgumentException.class, () -> p.presignGet("x", "k", null)).code());
            assertEquals(OssPresignException.INVALID_UTF8,
                    assertThrows(InvalidArgumentException.class, () -> p.presignGet(Fixtures.BUCKET, "\ud800", o)).code());
            assertEquals(OssPresignException.INVALID_EXPIRY,
                    assertThrows(ExpiryException.class, () -> o.expires(0)).code());
            List<String> keys = Arrays.asList(new String[1001]);
            assertEquals(OssPresignException.LIMIT_EXCEEDED,
                    assertThrows(LimitExceededException.class, () -> p.presignGetBatch(Fixtures.BUCKET, keys, o)).code());
            String url = p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o);
            assertEquals(OssPresignException.URL_EXPIRED, assertThrows(UrlVerificationException.class,
                    () -> p.verifyUrl(url, new HashMap<>(), t + 7200)).code());
        }
        try (Presigner expired = Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION)
                        .credentials("STS.x", "secret", "CAIS+token")
                        .credentialsExpiration(t - 1)
                        .build();
                GetOptions o = new GetOptions().signingTime(t)) {
            CredentialsException e = assertThrows(CredentialsException.class,
                    () -> expired.presignGet(Fixtures.BUCKET, Fixtures.KEY, o));
            assertEquals(OssPresignException.CREDENTIALS_EXPIRED, e.code());
            assertTrue(e.fixedByRefresh());
            // Fresh credentials fix the very same call.
            expired.setCredentials("STS.y", "secret", "CAIS+fresh", t + 3600);
            assertTrue(expired.presignGet(Fixtures.BUCKET, Fixtures.KEY, o).contains("STS.y"));
        }
    }
}
