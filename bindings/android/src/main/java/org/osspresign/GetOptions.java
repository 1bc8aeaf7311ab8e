package org.osspresign;

import java.util.Objects;

/**
 * Options of a presigned GET or HEAD (over {@code oss_get_options}): lifetime, signing time, signing
 * time window, credential clamp, diagnostics, version, response overrides, image processing,
 * traffic limit, extra signed query parameters and headers. Fluent: every setter returns {@code
 * this}.
 *
 * <pre>{@code
 * try (GetOptions options = new GetOptions().expires(3600).versionId(v)) {
 *     String url = presigner.presignGet("examplebucket", "a.jpg", options);
 * }
 * }</pre>
 *
 * <p>A setter checks its value at once and throws {@link OssPresignException} (code and message
 * of the C library) when it is refused, leaving the options unchanged. {@code set}-style
 * setters replace an earlier value; {@link #addQuery} and {@link #addHeader} refuse a name given
 * twice. Defaults: 900 s lifetime, signed at the current time.
 *
 * <p>Owns native memory: {@link #close} frees it (idempotent; later use throws {@link
 * IllegalStateException}). An instance never closed is freed some time after it becomes
 * unreachable (see docs/android.md), but close it when done. Thread-safe: setters, presigns and
 * {@code close} may come from any threads; a presign sees the options either before or after a
 * concurrent setter, and {@code close} waits for running presigns.
 */
public final class GetOptions implements AutoCloseable {
    private interface LongSetter {
        long set(long options, long value);
    }

    private interface BooleanSetter {
        long set(long options, boolean value);
    }

    private interface TextSetter {
        long set(long options, byte[] value);
    }

    private interface PairSetter {
        long set(long options, byte[] name, byte[] value);
    }

    final NativeResource resource;

    /** Options with the defaults. */
    public GetOptions() {
        long handle = Native.optionsNew();
        if (handle == 0) {
            throw OssPresignException.of(
                    OssPresignException.INTERNAL, "options: the library could not create them", "");
        }
        resource = new NativeResource(this, handle, Native::optionsFree);
    }

    /**
     * The lifetime in seconds from the signing time, 1 to 604800 (7 days); default 900. Read as
     * an unsigned 64-bit number, as in C. An absolute {@link #expiration} wins.
     */
    public GetOptions expires(long seconds) {
        return setLong(Native::optionsSetExpires, seconds);
    }

    /**
     * An absolute expiration in Unix seconds; wins over {@link #expires}. At presign time it
     * must be 1 s to 7 days after the signing time.
     */
    public GetOptions expiration(long unixSeconds) {
        return setLong(Native::optionsSetExpiration, unixSeconds);
    }

    /** Signs as of {@code unixSeconds} instead of the system clock (reproducible URLs). */
    public GetOptions signingTime(long unixSeconds) {
        return setLong(Native::optionsSetSigningTime, unixSeconds);
    }

    /** Presigns one version of the object ({@code versionId}). */
    public GetOptions versionId(String versionId) {
        return setText(Native::optionsSetVersionId, versionId, "versionId", "version_id");
    }

    /** {@code response-content-type}: the {@code Content-Type} OSS answers with. */
    public GetOptions responseContentType(String value) {
        return setText(Native::optionsSetResponseContentType, value, "value", "response_content_type");
    }

    /** {@code response-content-disposition}, e.g. {@code attachment; filename="a.pdf"}. */
    public GetOptions responseContentDisposition(String value) {
        return setText(Native::optionsSetResponseContentDisposition, value, "value", "response_content_disposition");
    }

    /** {@code response-cache-control}: the {@code Cache-Control} OSS answers with. */
    public GetOptions responseCacheControl(String value) {
        return setText(Native::optionsSetResponseCacheControl, value, "value", "response_cache_control");
    }

    /** {@code response-content-encoding}: the {@code Content-Encoding} OSS answers with. */
    public GetOptions responseContentEncoding(String value) {
        return setText(Native::optionsSetResponseContentEncoding, value, "value", "response_content_encoding");
    }

    /** {@code response-content-language}: the {@code Content-Language} OSS answers with. */
    public GetOptions responseContentLanguage(String value) {
        return setText(Native::optionsSetResponseContentLanguage, value, "value", "response_content_language");
    }

    /** {@code response-expires}: the {@code Expires} header OSS answers with. */
    public GetOptions responseExpires(String value) {
        return setText(Native::optionsSetResponseExpires, value, "value", "response_expires");
    }

    /** {@code x-oss-process}, e.g. {@code "image/resize,w_200/format,webp"}. */
    public GetOptions process(String process) {
        return setText(Native::optionsSetProcess, process, "process", "process");
    }

    /**
     * {@code x-oss-traffic-limit} in bit/s, 819200 to 838860800 (a query parameter: the URL
     * needs no extra header). Read as an unsigned 64-bit number, as in C.
     */
    public GetOptions trafficLimit(long bitsPerSecond) {
        return setLong(Native::optionsSetTrafficLimit, bitsPerSecond);
    }

    /**
     * Cache-friendly URLs: rounds the signing time down to a multiple of {@code seconds}
     * (a divisor of 86400, e.g. 60, 300, 600, 900, 3600 or 86400, so a window never reaches
     * back into the UTC day before; 0 turns it off), whether it comes from the clock, the
     * server-corrected clock or {@link #signingTime}. Any other value throws {@link
     * OssPresignException#INVALID_SIGNING_TIME_WINDOW}. A relative lifetime ({@link #expires}, or the default 900 s) then
     * signs {@code x-oss-expires} = lifetime + {@code seconds}, at most 604800, so every presign
     * of one object within a window gives the same URL (CDN and HTTP caches hit), still valid at
     * least the lifetime after it was made (at least {@code 604801 - seconds} at the cap). An
     * absolute {@link #expiration} stays as given. Read as an unsigned 64-bit number, as in C.
     */
    public GetOptions signingTimeWindow(long seconds) {
        return setLong(Native::optionsSetSigningTimeWindow, seconds);
    }

    /**
     * With credentials that expire ({@link Presigner.Builder#credentialsExpiration}, {@link
     * Presigner#setCredentials(String, String, String, long)}): when {@code clamp} is true, a URL
     * that would outlive them gets a lifetime that ends exactly when they expire, and {@link
     * PresignedRequest#expiration()} reports it; when false (the default), such a presign throws
     * {@link OssPresignException#CREDENTIALS_EXPIRE_FIRST}. Credentials already expired at the
     * signing time (or, signed by the presigner's clock, by now, even when a window rounds the
     * signing time back before their expiry) throw {@link
     * OssPresignException#CREDENTIALS_EXPIRED} either way. Applied after {@link
     * #signingTimeWindow}.
     */
    public GetOptions clampToCredentials(boolean clamp) {
        return setBoolean(Native::optionsSetClampToCredentials, clamp);
    }

    /**
     * When {@code enabled}, {@link Presigner#presignGetRequest} and {@link
     * Presigner#presignHeadRequest} also return the canonical request and the string to sign
     * ({@link PresignedRequest#canonicalRequest()}, {@link PresignedRequest#stringToSign()}), to
     * compare with what OSS sends back in a {@code SignatureDoesNotMatch} error. Never the secret
     * or the signing key. Off by default; {@link Presigner#presignGet} and {@link
     * Presigner#presignHead} ignore it.
     */
    public GetOptions diagnostics(boolean enabled) {
        return setBoolean(Native::optionsSetDiagnostics, enabled);
    }

    /**
     * Adds a signed query parameter; {@code value} may be empty (a bare name). Signing
     * parameters ({@code x-oss-signature}, {@code x-oss-date}, ...) are refused.
     */
    public GetOptions addQuery(String name, String value) {
        return setPair(Native::optionsAddQuery, name, value, "query");
    }

    /**
     * Adds a header the downloader promises to send, and signs it: the GET must then carry
     * exactly the headers of {@link PresignedRequest#headers()}. The value is trimmed of
     * surrounding spaces and tabs and must be printable ASCII.
     */
    public GetOptions addHeader(String name, String value) {
        return setPair(Native::optionsAddHeader, name, value, "header");
    }

    /** Frees the native options; idempotent. Waits for presigns using them to return. */
    @Override
    public void close() {
        resource.close();
    }

    private GetOptions setLong(LongSetter setter, long value) {
        long handle = resource.acquireExclusive();
        try {
            Native.check(setter.set(handle, value));
        } finally {
            resource.releaseExclusive();
        }
        return this;
    }

    private GetOptions setBoolean(BooleanSetter setter, boolean value) {
        long handle = resource.acquireExclusive();
        try {
            Native.check(setter.set(handle, value));
        } finally {
            resource.releaseExclusive();
        }
        return this;
    }

    private GetOptions setText(TextSetter setter, String value, String javaName, String cName) {
        byte[] bytes = Utf8.encode(Objects.requireNonNull(value, javaName), cName);
        long handle = resource.acquireExclusive();
        try {
            Native.check(setter.set(handle, bytes));
        } finally {
            resource.releaseExclusive();
        }
        return this;
    }

    /** {@code kind} is "query" or "header": the C library names the arguments "query name" etc. */
    private GetOptions setPair(PairSetter setter, String name, String value, String kind) {
        byte[] nameBytes = Utf8.encode(Objects.requireNonNull(name, "name"), kind + " name");
        byte[] valueBytes = Utf8.encode(Objects.requireNonNull(value, "value"), kind + " value");
        long handle = resource.acquireExclusive();
        try {
            Native.check(setter.set(handle, nameBytes, valueBytes));
        } finally {
            resource.releaseExclusive();
        }
        return this;
    }
}
