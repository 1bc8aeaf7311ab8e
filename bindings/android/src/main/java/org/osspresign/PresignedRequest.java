package org.osspresign;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A presigned GET ({@link Presigner#presignGetRequest}) or HEAD ({@link
 * Presigner#presignHeadRequest}): the URL, its method, signing time and expiration, and the
 * headers the request must send. Plain Java data (no native memory), immutable and safe to
 * share.
 */
public final class PresignedRequest {
    private final String url;
    private final String method;
    private final long signingTime;
    private final long expiration;
    private final Map<String, String> headers;
    private final @Nullable String canonicalRequest;
    private final @Nullable String stringToSign;

    PresignedRequest(
            String url,
            String method,
            long signingTime,
            long expiration,
            Map<String, String> headers,
            @Nullable String canonicalRequest,
            @Nullable String stringToSign) {
        this.url = url;
        this.method = method;
        this.signingTime = signingTime;
        this.expiration = expiration;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.canonicalRequest = canonicalRequest;
        this.stringToSign = stringToSign;
    }

    /**
     * The URL, ASCII in the canonical encoding that was signed: hand it to the HTTP stack
     * unchanged ({@code new URL(url)}), never re-encode it.
     */
    public String url() {
        return url;
    }

    /**
     * The HTTP method to send, which is signed: {@code "GET"} or {@code "HEAD"}
     * ({@code connection.setRequestMethod(request.method())}).
     */
    public String method() {
        return method;
    }

    /** The signing time ({@code x-oss-date}) in Unix seconds. */
    public long signingTime() {
        return signingTime;
    }

    /** The expiration in Unix seconds: OSS refuses the URL after it. */
    public long expiration() {
        return expiration;
    }

    /**
     * The headers the request must send, exactly ({@code name -> value}, sorted by lowercase
     * name); empty unless {@link GetOptions#addHeader} was used. Unmodifiable.
     */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * The canonical request the signature was computed from, when the options enabled {@link
     * GetOptions#diagnostics}; {@code null} otherwise. Compare it with the {@code
     * CanonicalRequest} of a {@code SignatureDoesNotMatch} answer ({@link
     * OssServiceError#canonicalRequest()}). It holds the URL's query (with the STS token, as the
     * URL does), never the secret or the signing key: log it only where you would log the URL.
     */
    public @Nullable String canonicalRequest() {
        return canonicalRequest;
    }

    /**
     * The string to sign (the input of the final HMAC), when the options enabled {@link
     * GetOptions#diagnostics}; {@code null} otherwise. Compare it with the {@code StringToSign}
     * of a {@code SignatureDoesNotMatch} answer ({@link OssServiceError#stringToSign()}).
     */
    public @Nullable String stringToSign() {
        return stringToSign;
    }
}
