package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * What the wrapper's objects print ({@code toString}, which ends up in logs and crash reports)
 * never holds bearer text: not a URL's signature, not its STS token (as given or percent-encoded),
 * not the secret. A presigned URL downloads until it expires.
 */
class RedactionTest {
    private static final String SECRET = "Redact-Me-Secret";
    private static final String TOKEN = "CAIS+Redact/Me=Token";
    private static final String ENCODED_TOKEN = "CAIS%2BRedact%2FMe%3DToken";

    private static String signature(String url) {
        return url.substring(url.lastIndexOf("x-oss-signature=") + "x-oss-signature=".length());
    }

    private static void assertHides(Object shown, String... secrets) {
        String text = String.valueOf(shown);
        for (String secret : secrets) {
            assertFalse(text.contains(secret), () -> secret + " shown in " + text);
        }
    }

    @Test
    void noResultPrintsTheSignatureTheTokenOrTheSecret() {
        try (Presigner p = new Presigner(Fixtures.ENDPOINT, Fixtures.REGION, "STS.ak", SECRET, TOKEN);
                GetOptions o = new GetOptions().signingTime(Fixtures.SIGNING_TIME).diagnostics(true)) {
            PresignedRequest request = p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, o);
            String url = request.url();
            assertTrue(url.contains(ENCODED_TOKEN), url);
            assertNotNull(request.canonicalRequest());
            assertTrue(request.canonicalRequest().contains(ENCODED_TOKEN));
            assertHides(request, signature(url), TOKEN, ENCODED_TOKEN, SECRET);

            UrlInfo info = p.inspectUrl(url);
            assertHides(info, signature(url), TOKEN, ENCODED_TOKEN, SECRET);

            PresignedBatch batch = p.presignGetBatch(Fixtures.BUCKET, Arrays.asList("a", "/bad"), o);
            String first = batch.get(0).url();
            assertNotNull(first);
            assertHides(batch, signature(first), TOKEN, ENCODED_TOKEN, SECRET);
            assertHides(batch.get(0), signature(first), TOKEN, ENCODED_TOKEN, SECRET);
            assertHides(batch.get(1), TOKEN, ENCODED_TOKEN, SECRET);

            // A URL refused by verification: the exception names the URL, never its bearer parts.
            String forged = url.replace(signature(url), signature(first));
            OssPresignException refused = assertThrows(OssPresignException.class,
                    () -> p.verifyUrl(forged, Collections.emptyMap(), Fixtures.SIGNING_TIME));
            assertEquals(OssPresignException.SIGNATURE_MISMATCH, refused.code());
            assertHides(refused, signature(url), signature(first), TOKEN, ENCODED_TOKEN, SECRET);
            assertHides(refused.getMessage(), signature(first), TOKEN, ENCODED_TOKEN, SECRET);
        }
    }
}
