package org.osspresign;

import org.jspecify.annotations.Nullable;

/**
 * One key of {@link Presigner#presignGetBatch}: its URL, or why it has none. Plain Java data,
 * immutable and safe to share.
 */
public final class BatchEntry {
    private final @Nullable String key;
    private final @Nullable String url;
    private final @Nullable OssPresignException error;

    BatchEntry(@Nullable String key, @Nullable String url, @Nullable OssPresignException error) {
        this.key = key;
        this.url = url;
        this.error = error;
    }

    /** The key, as given (null if a null key was given). */
    public @Nullable String key() {
        return key;
    }

    /** True when the key was presigned: {@link #url()} is set and {@link #error()} is null. */
    public boolean isSuccess() {
        return url != null;
    }

    /**
     * The URL, ASCII in the canonical encoding that was signed, to send unchanged; null when
     * this key failed.
     */
    public @Nullable String url() {
        return url;
    }

    /**
     * Why this key has no URL (its own code and message, e.g. {@link
     * OssPresignException#INVALID_KEY}); null when it has one.
     */
    public @Nullable OssPresignException error() {
        return error;
    }

    /** The URL, or this key's error thrown. */
    public String urlOrThrow() throws OssPresignException {
        if (url == null) {
            // A fresh exception: the stack trace of this call, the entry's code and message.
            OssPresignException e = error;
            throw OssPresignException.of(e.code(), e.getMessage(), e.argument());
        }
        return url;
    }

    /**
     * The key and whether it was presigned, never the URL: its query holds the signature and
     * any STS token, which do not belong in logs.
     */
    @Override
    public String toString() {
        return key + (url != null ? ": presigned" : ": " + error.getMessage());
    }
}
