package org.osspresign.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import org.jspecify.annotations.Nullable;
import org.osspresign.HttpDates;
import org.osspresign.OssPresignException;
import org.osspresign.OssServiceError;
import org.osspresign.PresignedRequest;

/**
 * Why OSS refused a request, read from its XML error: by {@code Code}, {@code EC}, {@code
 * Expires} and {@code ServerTime}, never by the English message (which OSS may reword).
 */
final class OssRefusals {
    /** Error bodies are small XML documents; read at most this much of one. */
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /** OSS's EC of an expired presigned URL: V1/V2, and V4 (OSS's EC documentation). */
    static final String EC_EXPIRED = "0002-00000069";
    static final String EC_EXPIRED_V4 = "0002-00000236";
    /** OSS's EC of a V4 URL signed more than 15 minutes in its future. */
    static final String EC_NOT_YET_VALID = "0002-00000235";
    /** OSS accepts a signing time up to this far in its future. */
    private static final long FUTURE_TOLERANCE = 900;

    private OssRefusals() {}

    /**
     * The server's time to correct the clock with, when {@code result} refused {@code request}
     * for its time although the presigner's clock ({@code believedNow}, Unix seconds) said it
     * was valid; 0 otherwise.
     */
    static long serverTimeToRetryWith(
            Downloader.Result result, PresignedRequest request, long believedNow) {
        return serverTimeToRetryWith(
                result, request.signingTime(), request.expiration(), believedNow);
    }

    /**
     * As above, for a URL signed at {@code signingTime} valid until {@code expiration} (0 when
     * unknown: then the refusal is believed). Recognised from OSS's {@code Code}, {@code EC}
     * and {@code Expires}/{@code ServerTime}: {@code RequestTimeTooSkewed}, or {@code
     * AccessDenied} for an expired or not yet valid URL. Never from the English message.
     */
    static long serverTimeToRetryWith(
            Downloader.Result result, long signingTime, long expiration, long believedNow) {
        OssServiceError error = result.serviceError();
        if (result.status() != 403 || error == null) {
            return 0;
        }
        boolean forTime;
        if (error.code().equals("RequestTimeTooSkewed")) {
            forTime = true;
        } else if (isExpiredRefusal(result)) {
            forTime = expiration == 0 || believedNow <= expiration;
        } else if (error.code().equals("AccessDenied") && EC_NOT_YET_VALID.equals(error.ec())) {
            forTime = signingTime == 0 || believedNow >= signingTime - FUTURE_TOLERANCE;
        } else {
            forTime = false;
        }
        if (!forTime) {
            return 0;
        }
        if (error.serverTime() != 0) {
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

    /**
     * True when OSS refused the URL as expired: {@code AccessDenied} with the EC of an expired
     * URL, or with an {@code Expires} earlier than its {@code ServerTime}.
     */
    static boolean isExpiredRefusal(Downloader.Result result) {
        OssServiceError error = result.serviceError();
        if (result.status() != 403 || error == null || !error.code().equals("AccessDenied")) {
            return false;
        }
        String ec = error.ec();
        return EC_EXPIRED.equals(ec)
                || EC_EXPIRED_V4.equals(ec)
                || (error.expires() != 0 && error.serverTime() > error.expires());
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
