package org.osspresign.sample;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.osspresign.OssPresignException;
import org.osspresign.PresignedRequest;

/** One presigned URL with the headers it must be sent with, and its times when known. */
final class SignedUrl {
    final String url;
    final Map<String, String> headers;
    /** Unix seconds; 0 when unknown. */
    final long signingTime;
    /** Unix seconds; 0 when unknown. */
    final long expiration;
    /** The Range the caller signed, or null: it is theirs, and resuming would need another. */
    final @Nullable SignedRange range;
    /**
     * True when the caller signed an If-Match: theirs is sent alone (a second one, for the
     * version of the saved bytes, would widen it: either tag would match), and a 412 answers it.
     */
    final boolean signedIfMatch;

    private SignedUrl(
            String url, Map<String, String> headers, long signingTime, long expiration, String argument) {
        this.url = url;
        this.headers = headers;
        this.signingTime = signingTime;
        this.expiration = expiration;
        this.range = signedRange(headers, argument);
        this.signedIfMatch = signs(headers, "If-Match");
    }

    /**
     * @param argument the caller's argument the request came from, named by the error
     * @throws org.osspresign.OssPresignException ({@link OssPresignException#INVALID_ARGUMENT})
     *     for a request of another method than GET (a HEAD's signature does not sign a GET), or a
     *     signed Range the download cannot honour
     */
    static SignedUrl of(PresignedRequest r, String argument) {
        if (!r.method().equals("GET")) {
            throw OssPresignException.of(OssPresignException.INVALID_ARGUMENT,
                    argument + ": a presigned " + r.method() + " request; a download sends a GET, which needs a "
                            + "presigned GET (presignGetRequest)",
                    argument);
        }
        return new SignedUrl(r.url(), r.headers(), r.signingTime(), r.expiration(), argument);
    }

    static SignedUrl of(String url, Map<String, String> headers) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(headers, "headers");
        return new SignedUrl(url, headers, 0, 0, "headers");
    }

    private static boolean signs(Map<String, String> headers, String name) {
        for (String signed : headers.keySet()) {
            if (signed.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static @Nullable SignedRange signedRange(Map<String, String> headers, String argument) {
        SignedRange range = null;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("Range")) {
                if (range != null) {
                    throw OssPresignException.of(OssPresignException.INVALID_ARGUMENT,
                            argument + ": two Range headers are signed", argument);
                }
                range = SignedRange.parse(header.getValue(), argument);
            }
        }
        return range;
    }
}
