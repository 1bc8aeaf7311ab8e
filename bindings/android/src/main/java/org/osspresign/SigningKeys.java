package org.osspresign;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Delegated V4 signing keys: presigning on a device that never holds the access key secret.
 *
 * <p>The V4 signing key depends only on the secret, one UTC day, the region and the product, so
 * it makes a natural delegation token. Where the secret is (your app server, which may run this
 * same library on a JVM), derive the day's key; hand the 64 hex digits, with their scope
 * ({@code "20240102/cn-hangzhou/oss"}: day, region, product), the access key id and STS token,
 * to the device; there, {@link Presigner.Builder#signingKey} or {@link
 * Presigner#setSigningKey} presign with it for that UTC day only, and refuse it for a presigner
 * of another region or product. Hand over the next day's key before midnight UTC: a presigner
 * keeps today's key until its day ends.
 *
 * <pre>{@code
 * // server
 * String key = SigningKeys.derive(secret, "20240102", "cn-hangzhou", "oss");
 * // device
 * Presigner p = Presigner.builder("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou")
 *         .signingKey(accessKeyId, key, "20240102/cn-hangzhou/oss", stsToken)
 *         .build();
 * }</pre>
 *
 * <p>What a key allows: within its UTC day, region and product, any bucket, object and method
 * the access key may use; and a URL signed at the day's last second lives up to 7 days past the
 * day's end.
 *
 * <p>The key is as secret as the secret for its day: send it only over an authenticated,
 * encrypted channel and never log it. The library wipes its own copies; a Java {@code String}
 * cannot be wiped, so keep it no longer than needed.
 */
public final class SigningKeys {
    private SigningKeys() {}

    /**
     * The V4 signing key of one UTC day, region and product, as 64 lowercase hex digits.
     *
     * @param dateYyyymmdd the UTC day, e.g. {@code "20240102"}
     * @param region the signing region of the presigners that will use it (the CloudBox id for
     *     a CloudBox)
     * @param product {@code "oss"}, or {@code "oss-cloudbox"} for a CloudBox
     * @throws OssPresignException {@link OssPresignException#MISSING_CREDENTIALS} (empty
     *     secret), {@link OssPresignException#INVALID_SIGNING_KEY} (date not {@code YYYYMMDD}),
     *     {@link OssPresignException#INVALID_REGION} (region or product empty or not of {@code
     *     a-z 0-9 -})
     */
    public static String derive(
            String accessKeySecret,
            String dateYyyymmdd,
            String region,
            String product)
            throws OssPresignException {
        byte[] secret =
                Utf8.encode(
                        Objects.requireNonNull(accessKeySecret, "accessKeySecret"),
                        "access_key_secret");
        byte[] date = Utf8.encode(Objects.requireNonNull(dateYyyymmdd, "dateYyyymmdd"), "date");
        byte[] regionBytes = Utf8.encode(Objects.requireNonNull(region, "region"), "region");
        byte[] productBytes = Utf8.encode(Objects.requireNonNull(product, "product"), "product");
        byte[][] out = new byte[1][];
        try {
            Native.check(Native.deriveSigningKey(secret, date, regionBytes, productBytes, out));
            return Utf8.decode(out[0]);
        } finally {
            Presigner.wipe(secret);
            Presigner.wipe(out[0]);
        }
    }

    /** The C forms of a signing key's four parts: key id, hex key, date, token (or null). */
    static byte[][] encode(
            String accessKeyId, String hexSigningKey, String dateYyyymmdd, @Nullable String token) {
        return new byte[][] {
            Utf8.encode(Objects.requireNonNull(accessKeyId, "accessKeyId"), "access_key_id"),
            Utf8.encode(Objects.requireNonNull(hexSigningKey, "hexSigningKey"), "hex_signing_key"),
            Utf8.encode(Objects.requireNonNull(dateYyyymmdd, "dateYyyymmdd"), "date"),
            token == null ? null : Utf8.encode(token, "security_token"),
        };
    }
}
