package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What servers tell a client: HTTP dates and OSS's XML error bodies, parsed by the library. */
class ServerAnswersTest {
    /** 2024-01-02T03:04:05Z. */
    private static final long T = Fixtures.SIGNING_TIME;

    // The shape of OSS's error documents (OSS API reference, "Error responses").
    private static final String EXPIRED = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n"
            + "  <Code>AccessDenied</Code>\n  <Message>Request has expired.</Message>\n"
            + "  <RequestId>65A3F0C1D2E3F4A5B6C7D8E9</RequestId>\n"
            + "  <HostId>examplebucket.oss-cn-hangzhou.aliyuncs.com</HostId>\n"
            + "  <Expires>2024-01-02T04:04:05.000Z</Expires>\n"
            + "  <ServerTime>2024-01-02T05:00:00.000Z</ServerTime>\n  <EC>0002-00000069</EC>\n"
            + "</Error>\n";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void httpDatesInTheThreeFormats() {
        assertEquals(T, HttpDates.parse("Tue, 02 Jan 2024 03:04:05 GMT"));
        assertEquals(T, HttpDates.parse("Tuesday, 02-Jan-24 03:04:05 GMT"));
        assertEquals(T, HttpDates.parse("Tue Jan  2 03:04:05 2024"));
        assertEquals(0, HttpDates.parse("Thu, 01 Jan 1970 00:00:00 GMT"));
        for (String bad : new String[] {"2024-01-02T03:04:05Z", "", "Tue, 32 Jan 2024 03:04:05 GMT", "\u65e5"}) {
            OssPresignException e = assertThrows(OssPresignException.class, () -> HttpDates.parse(bad), bad);
            assertEquals(OssPresignException.INVALID_TIME, e.code(), e.getMessage());
            assertEquals("text", e.argument());
        }
        assertEquals(OssPresignException.EMBEDDED_NUL,
                assertThrows(OssPresignException.class, () -> HttpDates.parse("Tue, 02 Jan 2024\u0000")).code());
        assertEquals(OssPresignException.INVALID_UTF8,
                assertThrows(OssPresignException.class, () -> HttpDates.parse("\ud800")).code());
        assertEquals("text", assertThrows(NullPointerException.class, () -> HttpDates.parse(null)).getMessage());
    }

    @Test
    void serviceErrorFields() {
        OssServiceError e = OssServiceError.parse(utf8(EXPIRED));
        assertEquals("AccessDenied", e.code());
        assertEquals("Request has expired.", e.message());
        assertEquals(T + 6955, e.serverTime());
        assertEquals(T + 3600, e.expires());
        assertEquals("65A3F0C1D2E3F4A5B6C7D8E9", e.requestId());
        assertEquals("0002-00000069", e.ec());
        assertEquals("examplebucket.oss-cn-hangzhou.aliyuncs.com", e.field("HostId"));
        assertEquals("2024-01-02T05:00:00.000Z", e.field("ServerTime"));
        assertNull(e.stringToSign());
        assertNull(e.canonicalRequest());
        assertNull(e.field("Code"), "Code and Message have their own accessors");
        assertNull(e.field("Nonsense"));
        assertEquals("AccessDenied: Request has expired.", e.toString());
        assertEquals("name", assertThrows(NullPointerException.class, () -> e.field(null)).getMessage());
    }

    @Test
    void signatureErrorsCarryWhatOssSigned() {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code>"
                + "<Message>The request signature we calculated does not match the signature you provided.</Message>"
                + "<OSSAccessKeyId>LTAI5tExample</OSSAccessKeyId>"
                + "<StringToSign>OSS4-HMAC-SHA256\n20240102T030405Z\n20240102/cn-hangzhou/oss/aliyun_v4_request\nab12</StringToSign>"
                + "<CanonicalRequest>GET\n/examplebucket/a%20%26%20b.txt\nx-oss-date=20240102T030405Z&amp;x=%E2%82%AC\n\n\nUNSIGNED-PAYLOAD</CanonicalRequest>"
                + "</Error>";
        OssServiceError e = OssServiceError.parse(utf8(body));
        assertEquals("SignatureDoesNotMatch", e.code());
        assertEquals("LTAI5tExample", e.field("OSSAccessKeyId"));
        assertEquals("OSS4-HMAC-SHA256\n20240102T030405Z\n20240102/cn-hangzhou/oss/aliyun_v4_request\nab12",
                e.stringToSign());
        assertEquals("GET\n/examplebucket/a%20%26%20b.txt\nx-oss-date=20240102T030405Z&x=%E2%82%AC\n\n\nUNSIGNED-PAYLOAD",
                e.canonicalRequest());
        assertEquals(0, e.serverTime(), "absent");
        assertEquals(0, e.expires(), "absent");
        assertNull(e.requestId());
    }

    @Test
    void entitiesAndUnicodeAreDecoded() {
        OssServiceError e = OssServiceError.parse(utf8("<Error><Code>NoSuchKey</Code>"
                + "<Message>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#x1F680;&#20013; \u590f\ud83c\udf0a</Message>"
                + "</Error>"));
        assertEquals("a <b> & \"c\" 'd' \ud83d\ude80\u4e2d \u590f\ud83c\udf0a", e.message());
        assertNull(OssServiceError.parse(utf8("<Error><Code>X</Code></Error>")).message());
    }

    @Test
    void aRangeOfABuffer() {
        byte[] body = utf8(EXPIRED);
        byte[] buffer = new byte[body.length + 20];
        Arrays.fill(buffer, (byte) '#');
        System.arraycopy(body, 0, buffer, 7, body.length);
        assertEquals("AccessDenied", OssServiceError.parse(buffer, 7, body.length).code());
        assertEquals(OssPresignException.INVALID_RESPONSE,
                assertThrows(OssPresignException.class, () -> OssServiceError.parse(buffer)).code(),
                "the whole buffer, with its padding, is no XML document");
        for (int[] range : new int[][] {{-1, 4}, {0, -1}, {0, buffer.length + 1}, {buffer.length, 1}, {8, Integer.MAX_VALUE}}) {
            assertThrows(IndexOutOfBoundsException.class, () -> OssServiceError.parse(buffer, range[0], range[1]),
                    Arrays.toString(range));
        }
        assertEquals("body", assertThrows(NullPointerException.class, () -> OssServiceError.parse(null)).getMessage());
        assertEquals("body", assertThrows(NullPointerException.class, () -> OssServiceError.parse(null, 0, 0)).getMessage());
    }

    @Test
    void notAnOssErrorIsRefused() {
        List<byte[]> bodies = new ArrayList<>();
        bodies.add(new byte[0]);
        bodies.add(utf8("<html><body>502 Bad Gateway</body></html>"));
        bodies.add(utf8("<Error><Message>no code</Message></Error>"));
        bodies.add(Arrays.copyOf(utf8(EXPIRED), 40)); // cut short
        bodies.add(new byte[] {'<', 'E', (byte) 0xff, '>'}); // not UTF-8
        byte[] huge = new byte[65537];
        Arrays.fill(huge, (byte) ' ');
        byte[] start = utf8("<Error><Code>X</Code></Error>");
        System.arraycopy(start, 0, huge, 0, start.length);
        bodies.add(huge); // over 65536 bytes
        for (byte[] body : bodies) {
            OssPresignException e = assertThrows(OssPresignException.class, () -> OssServiceError.parse(body),
                    new String(body, 0, Math.min(body.length, 60), StandardCharsets.UTF_8));
            assertEquals(OssPresignException.INVALID_RESPONSE, e.code(), e.getMessage());
            assertEquals("body", e.argument());
        }
        // 65536 bytes are fine.
        assertEquals("X", OssServiceError.parse(Arrays.copyOf(huge, 65536)).code());
    }

    /** The fields read are exactly those the header documents for oss_service_error_field. */
    @Test
    void fieldNamesMirrorTheHeader() throws Exception {
        String header = new String(Files.readAllBytes(Fixtures.repo().resolve("include/oss_presign.h")),
                StandardCharsets.UTF_8);
        Matcher doc = Pattern.compile("/\\*\\*((?:(?!\\*/).)*?)\\*/\\s*const char \\*oss_service_error_field\\(",
                Pattern.DOTALL).matcher(header);
        assertTrue(doc.find(), "the documentation of oss_service_error_field");
        String names = doc.group(1).substring(0, doc.group(1).indexOf("NULL when"));
        List<String> documented = new ArrayList<>();
        Matcher quoted = Pattern.compile("`\"([A-Za-z]+)\"`").matcher(names);
        while (quoted.find()) {
            documented.add(quoted.group(1));
        }
        assertArrayEquals(documented.toArray(new String[0]), OssServiceError.FIELDS, names);
    }
}
