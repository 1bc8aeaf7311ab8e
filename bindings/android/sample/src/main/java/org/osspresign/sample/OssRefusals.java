package org.osspresign.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import org.jspecify.annotations.Nullable;
import org.osspresign.HttpDates;
import org.osspresign.OssPresignException;
import org.osspresign.OssServiceError;

/**
 * Why OSS refused a request, read from its XML error: by {@code Code}, {@code EC}, {@code
 * Expires} and {@code ServerTime}, never by the English message (which OSS may reword).
 */
final class OssRefusals {
    /** Error bodies are small XML documents; read at most this much of one. */
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /**
     * OSS's EC values of a presigned URL refused for its time, from OSS's EC documentation:
     * expired (V1/V2, and V4), and a V4 URL signed more than 15 minutes in OSS's future.
     */
    static final String EC_EXPIRED = "0002-00000069";
    static final String EC_EXPIRED_V4 = "0002-00000236";
    static final String EC_NOT_YET_VALID = "0002-00000235";

    private OssRefusals() {}

    /**
     * True when {@code result} is a 403 refusing the request for its time (expired, not valid
     * yet, skewed), whatever the presigner's clock believed: {@code RequestTimeTooSkewed}, or
     * {@code AccessDenied} with one of the EC values above or an {@code Expires} before its
     * {@code ServerTime}. Without an OSS error body (a HEAD's answer has none), the {@code
     * x-oss-ec} header's EC. Never from the English message, which OSS may reword.
     */
    static boolean isTimeRefusal(Downloader.Result result) {
        OssServiceError error = result.serviceError();
        if (result.status() != 403) {
            return false;
        }
        if (error == null) {
            return isTimeEc(result.header("x-oss-ec"));
        }
        if (error.code().equals("RequestTimeTooSkewed")) {
            return true;
        }
        return error.code().equals("AccessDenied")
                && (isTimeEc(error.ec()) || (error.expires() != 0 && error.serverTime() > error.expires()));
    }

    /**
     * The server's time a refusal carries, in Unix seconds: its {@code ServerTime}, else its
     * {@code Date} header; 0 when it carries none that can be read.
     */
    static long serverTime(Downloader.Result result) {
        OssServiceError error = result.serviceError();
        if (error != null && error.serverTime() != 0) {
            return error.serverTime();
        }
        String date = result.header("Date");
        if (date == null) {
            return 0;
        }
        try {
            return HttpDates.parse(date);
        } catch (OssPresignException notADate) {
            return 0;
        }
    }

    private static boolean isTimeEc(@Nullable String ec) {
        return EC_EXPIRED.equals(ec) || EC_EXPIRED_V4.equals(ec) || EC_NOT_YET_VALID.equals(ec);
    }

    /**
     * The OSS error in the error body (from getErrorStream(): getInputStream() throws on 4xx),
     * or null when there is no body or it is not an OSS error.
     */
    static @Nullable OssServiceError readError(HttpURLConnection connection) {
        InputStream in = connection.getErrorStream();
        if (in == null) {
            return null;
        }
        try (InputStream body = in) {
            byte[] buffer = new byte[MAX_ERROR_BODY];
            int length = 0;
            int n;
            while (length < buffer.length
                    && (n = body.read(buffer, length, buffer.length - length)) != -1) {
                length += n;
            }
            return OssServiceError.parse(buffer, 0, length);
        } catch (IOException | OssPresignException notAnOssError) {
            return null;
        }
    }
}
