package org.osspresign;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The result of {@link Presigner#presignGetBatch}: one {@link BatchEntry} per key, in order, and
 * the signing time and expiration every URL of it shares. An unmodifiable {@code
 * List<BatchEntry>}, so code that reads the result as a list keeps working. Plain Java data (no
 * native memory), immutable and safe to share.
 *
 * <pre>{@code
 * PresignedBatch page = presigner.presignGetBatch(bucket, keys, options);
 * for (BatchEntry entry : page) { ... }
 * long refreshAt = page.expiration() - 60; // presign the page again before this
 * }</pre>
 */
public final class PresignedBatch extends AbstractList<BatchEntry> implements RandomAccess {
    private final BatchEntry[] entries;
    private final long signingTime;
    private final long expiration;

    PresignedBatch(BatchEntry[] entries, long signingTime, long expiration) {
        this.entries = entries;
        this.signingTime = signingTime;
        this.expiration = expiration;
    }

    /** {@code x-oss-date} of every URL of the batch, in Unix seconds. */
    public long signingTime() {
        return signingTime;
    }

    /**
     * When every URL of the batch expires ({@code x-oss-date + x-oss-expires}, after any clamp
     * to the credentials), in Unix seconds: OSS refuses them after it, so presign the page again
     * before then. Also set when every entry failed.
     */
    public long expiration() {
        return expiration;
    }

    /** The entry of the key at {@code index} in the list given. */
    @Override
    public BatchEntry get(int index) {
        return entries[index];
    }

    /** As many entries as keys were given. */
    @Override
    public int size() {
        return entries.length;
    }
}
