package org.osspresign;

import java.util.Collections;
import java.util.List;

/**
 * What a presigned URL says about itself ({@link Presigner#inspectUrl}): bucket, key, signing
 * time, expiration, access key id, region and the headers it lists. Apps use it to decide when
 * to presign a cached URL again. Reading it checks no signature ({@link Presigner#verifyUrl}
 * does). Plain Java data, immutable and safe to share.
 */
public final class UrlInfo {
    private final String bucket;
    private final String key;
    private final String accessKeyId;
    private final String region;
    private final long signingTime;
    private final long expiration;
    private final List<String> additionalHeaders;

    UrlInfo(
            String bucket,
            String key,
            String accessKeyId,
            String region,
            long signingTime,
            long expiration,
            List<String> additionalHeaders) {
        this.bucket = bucket;
        this.key = key;
        this.accessKeyId = accessKeyId;
        this.region = region;
        this.signingTime = signingTime;
        this.expiration = expiration;
        this.additionalHeaders = Collections.unmodifiableList(additionalHeaders);
    }

    /**
     * The bucket, from the host (virtual-hosted) or the path (path style); {@code ""} for a
     * custom-domain presigner, whose URLs do not name it.
     */
    public String bucket() {
        return bucket;
    }

    /**
     * The object key, decoded, whole: a URL may encode U+0000 ({@code %00}), and the key then
     * holds it where the URL put it (such a key cannot be presigned again: {@link
     * OssPresignException#EMBEDDED_NUL}).
     */
    public String key() {
        return key;
    }

    /** The access key id of {@code x-oss-credential}. */
    public String accessKeyId() {
        return accessKeyId;
    }

    /** The region of {@code x-oss-credential}. */
    public String region() {
        return region;
    }

    /** {@code x-oss-date} in Unix seconds. */
    public long signingTime() {
        return signingTime;
    }

    /** The expiration in Unix seconds ({@code x-oss-date + x-oss-expires}). */
    public long expiration() {
        return expiration;
    }

    /**
     * Seconds the URL stays valid after {@code nowUnixSeconds} ({@code expiration() - now},
     * saturated to the {@code long} range): 0 or less once it has expired. Presign again well before 0: clocks and transfers take time.
     * For the presigner's corrected clock pass {@code System.currentTimeMillis() / 1000 +
     * presigner.clockOffset()}.
     */
    public long secondsLeft(long nowUnixSeconds) {
        // The C ABI's oss_url_info_seconds_left, exactly: expiration.saturating_sub(now) on
        // i64. This object is plain data (the C info is freed once read), so Java computes it,
        // saturating where plain subtraction would wrap.
        long left = expiration - nowUnixSeconds;
        if (((expiration ^ nowUnixSeconds) & (expiration ^ left)) < 0) {
            return nowUnixSeconds < 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return left;
    }

    /**
     * The lowercase names {@code x-oss-additional-headers} lists, in order. Signed {@code
     * Content-Type}, {@code Content-MD5} and {@code x-oss-*} headers are not listed: OSS signs
     * those without naming them. Unmodifiable.
     */
    public List<String> additionalHeaders() {
        return additionalHeaders;
    }
}
