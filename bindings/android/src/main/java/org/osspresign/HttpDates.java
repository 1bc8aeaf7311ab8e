package org.osspresign;

import java.util.Objects;

/** HTTP dates, as servers send them in the {@code Date} header (over {@code oss_parse_http_date}). */
public final class HttpDates {
    private HttpDates() {}

    /**
     * The Unix seconds of an HTTP date, in any of RFC 9110's three formats: {@code "Tue, 02 Jan
     * 2024 03:04:05 GMT"} (IMF-fixdate, what servers send), {@code "Tuesday, 02-Jan-24 03:04:05
     * GMT"} and {@code "Tue Jan  2 03:04:05 2024"}. For {@link Presigner#setServerTime}:
     *
     * <pre>{@code
     * String date = connection.getHeaderField("Date");
     * if (date != null) presigner.setServerTime(HttpDates.parse(date));
     * }</pre>
     *
     * @throws OssPresignException {@link OssPresignException#INVALID_TIME} when {@code text} is
     *     not an HTTP date (or is before 1970)
     */
    public static long parse(String text) throws OssPresignException {
        byte[] bytes = Utf8.encode(Objects.requireNonNull(text, "text"), "text");
        long[] out = new long[1];
        Native.check(Native.parseHttpDate(bytes, out));
        return out[0];
    }
}
