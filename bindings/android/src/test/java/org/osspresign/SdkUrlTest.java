package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The wrapper's URLs against those Alibaba's own SDK makes: random cases (Unicode keys, STS
 * tokens, every addressing style, typed and arbitrary query parameters, signed headers, signing
 * times from 1970 to 2100; GETs, and HEADs against the SDK's {@code HeadObjectRequest})
 * presigned through Java and JNI, compared as text with the URLs that src/test/python/sdk_urls.py
 * had alibabacloud-oss-v2 make for the same inputs when the suite started. Scheme, host and path are compared byte for byte; the query's name=value items too,
 * as a sorted list (the SDK orders them differently, which OSS ignores).
 */
class SdkUrlTest {
    private static final String[] TYPED = {
        "versionId", "response-content-type", "response-content-disposition",
        "response-cache-control", "response-content-encoding", "response-content-language",
        "response-expires", "x-oss-process", "x-oss-traffic-limit",
    };

    @Test
    void everyUrlIsTheSdks() throws Exception {
        String path = System.getProperty("oss.sdkUrls");
        assertNotNull(path, "-Doss.sdkUrls is not set: run bash bindings/android/test.sh");
        List<String> lines = Files.readAllLines(Paths.get(path), StandardCharsets.UTF_8);
        assertTrue(lines.size() >= 100, "only " + lines.size() + " SDK cases");
        int withOptions = 0;
        int withToken = 0;
        int nonAsciiKeys = 0;
        int heads = 0;
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            assertEquals(18, f.length, line);
            String key = text(f[7]);
            String url = presign(f, key);
            String sdk = f[17];
            String which = "case " + f[0] + ", " + f[1] + " (key " + key + ")";
            assertEquals(beforeQuery(sdk), beforeQuery(url), which);
            assertEquals(sortedQuery(sdk), sortedQuery(url), which);
            withOptions += f[15].isEmpty() && f[16].isEmpty() ? 0 : 1;
            withToken += f[10].equals("-") ? 0 : 1;
            nonAsciiKeys += key.chars().anyMatch(c -> c > 0x7f) ? 1 : 0;
            heads += f[1].equals("HEAD") ? 1 : 0;
        }
        // The cases are varied enough to mean something.
        assertTrue(withOptions > lines.size() / 4, withOptions + " cases with options");
        assertTrue(withToken > lines.size() / 10, withToken + " cases with an STS token");
        assertTrue(nonAsciiKeys > lines.size() / 2, nonAsciiKeys + " cases with non-ASCII keys");
        assertTrue(heads > lines.size() / 10, heads + " HEAD cases");
    }

    /** The case's URL from the wrapper, for its method (columns as in sdk_urls.py). */
    private static String presign(String[] f, String key) {
        try (Presigner presigner = Presigner.builder(text(f[2]), text(f[3]))
                        .credentials(text(f[8]), text(f[9]), f[10].equals("-") ? null : text(f[10]))
                        .pathStyle(f[4].equals("1"))
                        .customDomain(f[5].equals("1"))
                        .build();
                GetOptions options = new GetOptions()) {
            long signingTime = Long.parseLong(f[11]);
            long expires = Long.parseLong(f[12]);
            options.signingTime(signingTime);
            if (f[13].equals("seconds")) {
                options.expires(expires);
            } else if (f[13].equals("absolute")) {
                if (!f[14].equals("-")) {
                    options.expires(Long.parseLong(f[14])); // a decoy the expiration overrides
                }
                options.expiration(signingTime + expires);
            }
            for (String item : items(f[15])) {
                String[] q = item.split(":", -1);
                String name = text(q[0]);
                String value = text(q[1]);
                if (q[2].equals("1") && Arrays.asList(TYPED).contains(name)) {
                    typed(options, name, value);
                } else {
                    options.addQuery(name, value);
                }
            }
            for (String item : items(f[16])) {
                String[] h = item.split(":", -1);
                options.addHeader(text(h[0]), text(h[1]));
            }
            String bucket = text(f[6]);
            PresignedRequest request;
            String url;
            if (f[1].equals("HEAD")) {
                url = presigner.presignHead(bucket, key, options);
                request = presigner.presignHeadRequest(bucket, key, options);
            } else {
                assertEquals("GET", f[1]);
                url = presigner.presignGet(bucket, key, options);
                request = presigner.presignGetRequest(bucket, key, options);
            }
            assertEquals(f[1], request.method());
            assertEquals(url, request.url());
            return url;
        }
    }

    private static void typed(GetOptions options, String name, String value) {
        switch (name) {
            case "versionId":
                options.versionId(value);
                break;
            case "response-content-type":
                options.responseContentType(value);
                break;
            case "response-content-disposition":
                options.responseContentDisposition(value);
                break;
            case "response-cache-control":
                options.responseCacheControl(value);
                break;
            case "response-content-encoding":
                options.responseContentEncoding(value);
                break;
            case "response-content-language":
                options.responseContentLanguage(value);
                break;
            case "response-expires":
                options.responseExpires(value);
                break;
            case "x-oss-process":
                options.process(value);
                break;
            default:
                options.trafficLimit(Long.parseLong(value));
        }
    }

    private static List<String> items(String field) {
        return field.isEmpty() ? new ArrayList<>() : Arrays.asList(field.split(","));
    }

    /** The text whose UTF-8 bytes are the hex {@code hex}. */
    private static String text(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String beforeQuery(String url) {
        int mark = url.indexOf('?');
        return mark < 0 ? url : url.substring(0, mark);
    }

    /** The raw name=value items of the query, sorted; counted, so a repeat shows. */
    private static Map<String, Integer> sortedQuery(String url) {
        Map<String, Integer> items = new TreeMap<>();
        int mark = url.indexOf('?');
        if (mark >= 0) {
            for (String item : url.substring(mark + 1).split("&", -1)) {
                items.merge(item, 1, Integer::sum);
            }
        }
        return items;
    }
}
