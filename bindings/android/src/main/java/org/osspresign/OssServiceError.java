package org.osspresign;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The XML error body OSS answers a refused request with (HTTP 403, 404...), parsed by the
 * library ({@code oss_service_error_parse}): what an app needs to react ({@link #code()}, {@link
 * #serverTime()} to correct its clock) and to debug ({@link #stringToSign()}, {@link
 * #canonicalRequest()}).
 *
 * <pre>{@code
 * if (status == 403) {
 *     OssServiceError e = OssServiceError.parse(body, 0, length);
 *     if (e.code().equals("RequestTimeTooSkewed") && e.serverTime() != 0) {
 *         presigner.setServerTime(e.serverTime()); // then presign again and retry once
 *     }
 * }
 * }</pre>
 *
 * <p>Plain Java data (no native memory): immutable and safe to share. Not an exception: OSS
 * answered, the library did not fail.
 */
public final class OssServiceError {
    /**
     * The elements kept besides {@code Code} and {@code Message}: those {@code
     * oss_service_error_field} knows (a test keeps this list equal to the header's).
     */
    static final String[] FIELDS = {
        "RequestId",
        "HostId",
        "EC",
        "ServerTime",
        "Expires",
        "StringToSign",
        "CanonicalRequest",
        "OSSAccessKeyId",
    };

    private final String code;
    private final @Nullable String message;
    private final long serverTime;
    private final long expires;
    private final Map<String, String> fields;

    private OssServiceError(
            String code,
            @Nullable String message,
            long serverTime,
            long expires,
            Map<String, String> fields) {
        this.code = code;
        this.message = message;
        this.serverTime = serverTime;
        this.expires = expires;
        this.fields = Collections.unmodifiableMap(fields);
    }

    /**
     * Parses a whole error body: UTF-8 XML, at most 65536 bytes.
     *
     * @throws OssPresignException {@link OssPresignException#INVALID_RESPONSE} when it is not an
     *     OSS error (no {@code <Error>} root with a {@code <Code>}, not UTF-8, too long)
     */
    public static OssServiceError parse(byte[] body) throws OssPresignException {
        Objects.requireNonNull(body, "body");
        return parse(body, 0, body.length);
    }

    /**
     * Parses the error body in {@code body[offset .. offset + length)}, e.g. the part of a read
     * buffer that was filled.
     *
     * @throws IndexOutOfBoundsException when the range is not inside {@code body}
     * @throws OssPresignException {@link OssPresignException#INVALID_RESPONSE} when it is not an
     *     OSS error
     */
    public static OssServiceError parse(byte[] body, int offset, int length)
            throws OssPresignException {
        Objects.requireNonNull(body, "body");
        if (offset < 0 || length < 0 || length > body.length - offset) {
            throw new IndexOutOfBoundsException(
                    "offset " + offset + ", length " + length + " outside an array of " + body.length);
        }
        long[] out = new long[1];
        Native.check(Native.serviceErrorParse(body, offset, length, out));
        long handle = out[0];
        try {
            byte[] message = Native.serviceErrorMessage(handle);
            Map<String, String> fields = new LinkedHashMap<>();
            for (String name : FIELDS) {
                byte[] value = Native.serviceErrorField(handle, Utf8.encode(name, "name"));
                if (value != null) {
                    fields.put(name, Utf8.decode(value));
                }
            }
            return new OssServiceError(
                    Utf8.decode(Native.serviceErrorCode(handle)),
                    message == null ? null : Utf8.decode(message),
                    Native.serviceErrorServerTime(handle),
                    Native.serviceErrorExpires(handle),
                    fields);
        } finally {
            Native.serviceErrorFree(handle);
        }
    }

    /**
     * {@code Code}, e.g. {@code "AccessDenied"}, {@code "RequestTimeTooSkewed"}, {@code
     * "SignatureDoesNotMatch"}, {@code "NoSuchKey"}.
     */
    public String code() {
        return code;
    }

    /** {@code Message}, e.g. {@code "Request has expired."}; null when absent. */
    public @Nullable String message() {
        return message;
    }

    /**
     * {@code ServerTime} in Unix seconds: the server's clock when it answered, for {@link
     * Presigner#setServerTime}; 0 when absent or unreadable.
     */
    public long serverTime() {
        return serverTime;
    }

    /** {@code Expires} in Unix seconds: when the refused URL expired; 0 when absent. */
    public long expires() {
        return expires;
    }

    /** {@code RequestId}, to quote to Alibaba Cloud support; null when absent. */
    public @Nullable String requestId() {
        return fields.get("RequestId");
    }

    /** {@code EC}, OSS's detailed error code, e.g. {@code "0002-00000069"}; null when absent. */
    public @Nullable String ec() {
        return fields.get("EC");
    }

    /**
     * {@code StringToSign}: what OSS signed, to compare with {@link
     * PresignedRequest#stringToSign()}; null when absent.
     */
    public @Nullable String stringToSign() {
        return fields.get("StringToSign");
    }

    /**
     * {@code CanonicalRequest}: what OSS computed, to compare with {@link
     * PresignedRequest#canonicalRequest()}; null when absent.
     */
    public @Nullable String canonicalRequest() {
        return fields.get("CanonicalRequest");
    }

    /**
     * Another element by name: {@code "RequestId"}, {@code "HostId"}, {@code "EC"}, {@code
     * "ServerTime"}, {@code "Expires"} (as text), {@code "StringToSign"}, {@code
     * "CanonicalRequest"}, {@code "OSSAccessKeyId"}; null when absent or not one of these.
     */
    public @Nullable String field(String name) {
        return fields.get(Objects.requireNonNull(name, "name"));
    }

    @Override
    public String toString() {
        return message == null ? code : code + ": " + message;
    }
}
