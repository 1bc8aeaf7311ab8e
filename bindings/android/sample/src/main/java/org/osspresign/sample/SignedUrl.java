package org.osspresign.sample;

import java.util.Map;
import java.util.Objects;
import org.osspresign.PresignedRequest;

/** One presigned URL with the headers it must be sent with, and its times when known. */
final class SignedUrl {
    final String url;
    final Map<String, String> headers;
    /** Unix seconds; 0 when unknown. */
    final long signingTime;
    /** Unix seconds; 0 when unknown. */
    final long expiration;

    private SignedUrl(String url, Map<String, String> headers, long signingTime, long expiration) {
        this.url = url;
        this.headers = headers;
        this.signingTime = signingTime;
        this.expiration = expiration;
    }

    static SignedUrl of(PresignedRequest r) {
        return new SignedUrl(r.url(), r.headers(), r.signingTime(), r.expiration());
    }

    static SignedUrl of(String url, Map<String, String> headers) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(headers, "headers");
        return new SignedUrl(url, headers, 0, 0);
    }

    /** True when the caller signed a Range: it is theirs, and resuming would need another. */
    boolean signsRange() {
        for (String name : headers.keySet()) {
            if (name.equalsIgnoreCase("Range")) {
                return true;
            }
        }
        return false;
    }
}
