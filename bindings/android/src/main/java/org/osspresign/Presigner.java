package org.osspresign;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Makes Alibaba Cloud OSS V4 presigned GET (and HEAD) URLs (over {@code oss_client}).
 *
 * <pre>{@code
 * try (Presigner presigner = new Presigner("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou",
 *         accessKeyId, accessKeySecret, null)) {
 *     String url = presigner.presignGet("examplebucket", "photos/a b+c.jpg", null);
 * }
 * }</pre>
 *
 * <p>Thread-safe: one instance may be shared by any number of threads, which presign at once
 * without blocking each other. Its addressing is fixed at construction; its credentials ({@link
 * #setCredentials}) and clock correction ({@link #setServerTime}) may be replaced at any time,
 * from any thread, while others presign: each presign uses wholly the old or wholly the new
 * state.
 *
 * <p>Owns native memory: {@link #close} frees it once every running presign has returned
 * (idempotent; later calls throw {@link IllegalStateException}). An instance never closed is
 * freed some time after it becomes unreachable (see docs/android.md), but close it when done.
 *
 * <p>Strings may hold any Unicode text except U+0000 and lone surrogates, which are refused
 * with {@link OssPresignException#EMBEDDED_NUL} and {@link OssPresignException#INVALID_UTF8}
 * (they cannot reach C unchanged). {@code null} where not allowed throws {@link
 * NullPointerException} naming the parameter.
 */
public final class Presigner implements AutoCloseable {
    private final NativeResource client;

    /**
     * A client with default addressing: virtual-hosted ({@code https://bucket.endpoint/key}),
     * path style for IP endpoints. For path style, custom domains or CloudBox use {@link
     * #builder}.
     *
     * @param endpoint {@code [http://|https://]host[:port]}, https by default, e.g. {@code
     *     "oss-cn-hangzhou.aliyuncs.com"}
     * @param region the bucket's region id, e.g. {@code "cn-hangzhou"}
     * @param accessKeyId the access key id (non-empty)
     * @param accessKeySecret the access key secret (non-empty)
     * @param securityToken the STS token, or {@code null} for long-term keys
     * @throws OssPresignException when an argument is refused
     */
    public Presigner(
            String endpoint,
            String region,
            String accessKeyId,
            String accessKeySecret,
            @Nullable String securityToken)
            throws OssPresignException {
        this(newClient(endpoint, region, accessKeyId, accessKeySecret, securityToken));
    }

    private Presigner(long handle) {
        client = new NativeResource(this, handle, Native::clientFree);
    }

    private static long newClient(
            String endpoint,
            String region,
            String accessKeyId,
            String accessKeySecret,
            @Nullable String securityToken) {
        byte[] endpointBytes = Utf8.encode(Objects.requireNonNull(endpoint, "endpoint"), "endpoint");
        byte[] regionBytes = Utf8.encode(Objects.requireNonNull(region, "region"), "region");
        byte[] idBytes =
                Utf8.encode(Objects.requireNonNull(accessKeyId, "accessKeyId"), "access_key_id");
        byte[] secretBytes =
                Utf8.encode(
                        Objects.requireNonNull(accessKeySecret, "accessKeySecret"),
                        "access_key_secret");
        byte[] tokenBytes =
                securityToken == null ? null : Utf8.encode(securityToken, "security_token");
        long[] out = new long[1];
        try {
            Native.check(
                    Native.clientNew(
                            endpointBytes, regionBytes, idBytes, secretBytes, tokenBytes, out));
        } finally {
            wipe(secretBytes);
            wipe(tokenBytes);
        }
        return out[0];
    }

    /**
     * A builder for path style, custom domains, CloudBox, credentials from the environment,
     * the credentials' expiration and delegated signing keys.
     */
    public static Builder builder(String endpoint, String region) {
        return new Builder(endpoint, region);
    }

    /**
     * Presigns a GET of {@code key} in {@code bucket} and returns the URL: ASCII, in the
     * canonical encoding that was signed, to be sent unchanged. If the options add headers, use
     * {@link #presignGetRequest} to learn what the GET must send.
     *
     * @param bucket 3-63 characters of {@code a-z 0-9 -}, alphanumeric at both ends
     * @param key the object key: 1-1023 UTF-8 bytes, not starting with '/' or '\', without
     *     '.' or '..' segments
     * @param options the options, or {@code null} for the defaults (900 s, signed now)
     * @throws OssPresignException when an argument is refused
     * @throws IllegalStateException when this presigner or the options are closed
     */
    public String presignGet(
            String bucket, String key, @Nullable GetOptions options)
            throws OssPresignException {
        return presignUrl(Native::presignGet, bucket, key, options);
    }

    /**
     * As {@link #presignGet}, returning the whole request: URL, signing time, expiration and
     * the headers the GET must send.
     *
     * @throws OssPresignException when an argument is refused
     * @throws IllegalStateException when this presigner or the options are closed
     */
    public PresignedRequest presignGetRequest(
            String bucket, String key, @Nullable GetOptions options)
            throws OssPresignException {
        return presignRequest(Native::presignGetRequest, bucket, key, options);
    }

    /**
     * Presigns a HEAD of {@code key} in {@code bucket} and returns the URL: it reads the
     * object's headers ({@code Content-Length}, {@code ETag}, {@code x-oss-hash-crc64ecma}...)
     * without its body, e.g. the size and version before a resumable download. The method is
     * signed, so send it with HEAD ({@code setRequestMethod("HEAD")}): OSS refuses it as a GET.
     * The options are those of a GET, applied the same way; if they add headers, use {@link
     * #presignHeadRequest} to learn what the HEAD must send. Same parameters and refusals as
     * {@link #presignGet}.
     *
     * @throws OssPresignException when an argument is refused
     * @throws IllegalStateException when this presigner or the options are closed
     */
    public String presignHead(
            String bucket, String key, @Nullable GetOptions options)
            throws OssPresignException {
        return presignUrl(Native::presignHead, bucket, key, options);
    }

    /**
     * As {@link #presignHead}, returning the whole request: URL, {@link PresignedRequest#method()}
     * {@code "HEAD"}, signing time, expiration and the headers the HEAD must send.
     *
     * @throws OssPresignException when an argument is refused
     * @throws IllegalStateException when this presigner or the options are closed
     */
    public PresignedRequest presignHeadRequest(
            String bucket, String key, @Nullable GetOptions options)
            throws OssPresignException {
        return presignRequest(Native::presignHeadRequest, bucket, key, options);
    }

    /** A presign native that writes a URL: {@link Native#presignGet} or {@link Native#presignHead}. */
    private interface UrlPresign {
        long call(long client, byte[] bucket, byte[] key, long options, byte[][] urlOut);
    }

    /** A presign native that writes a request handle: {@code presignGetRequest} or {@code presignHeadRequest}. */
    private interface RequestPresign {
        long call(long client, byte[] bucket, byte[] key, long options, long[] requestOut);
    }

    /** One native call with the client's and the options' handles (0 for none), held locked. */
    private interface HandleCall {
        long call(long client, long options);
    }

    /**
     * Runs {@code call} while the client and the options are locked against {@code close()},
     * and throws the error it returns, if any.
     */
    private void withHandles(@Nullable GetOptions options, HandleCall call) {
        long clientHandle = client.acquire();
        try {
            long optionsHandle = options == null ? 0 : options.resource.acquire();
            try {
                Native.check(call.call(clientHandle, optionsHandle));
            } finally {
                if (options != null) {
                    options.resource.release();
                }
            }
        } finally {
            client.release();
        }
    }

    private String presignUrl(
            UrlPresign presign, String bucket, String key, @Nullable GetOptions options) {
        byte[] bucketBytes = Utf8.encode(Objects.requireNonNull(bucket, "bucket"), "bucket");
        byte[] keyBytes = Utf8.encode(Objects.requireNonNull(key, "key"), "key");
        byte[][] out = new byte[1][];
        withHandles(options, (c, o) -> presign.call(c, bucketBytes, keyBytes, o, out));
        return Utf8.decode(out[0]);
    }

    private PresignedRequest presignRequest(
            RequestPresign presign, String bucket, String key, @Nullable GetOptions options) {
        byte[] bucketBytes = Utf8.encode(Objects.requireNonNull(bucket, "bucket"), "bucket");
        byte[] keyBytes = Utf8.encode(Objects.requireNonNull(key, "key"), "key");
        long[] out = new long[1];
        withHandles(options, (c, o) -> presign.call(c, bucketBytes, keyBytes, o, out));
        // The request owns its strings and outlives the client: no lock needed from here on.
        long request = out[0];
        try {
            long count = Native.requestHeaderCount(request);
            Map<String, String> headers = new LinkedHashMap<>();
            byte[][] nameValue = new byte[2][];
            for (long i = 0; i < count; i++) {
                Native.check(Native.requestHeader(request, i, nameValue));
                headers.put(Utf8.decode(nameValue[0]), Utf8.decode(nameValue[1]));
            }
            byte[] canonicalRequest = Native.requestCanonicalRequest(request);
            byte[] stringToSign = Native.requestStringToSign(request);
            return new PresignedRequest(
                    Utf8.decode(Native.requestUrl(request)),
                    Utf8.decode(Native.requestMethod(request)),
                    Native.requestSigningTime(request),
                    Native.requestExpiration(request),
                    headers,
                    canonicalRequest == null ? null : Utf8.decode(canonicalRequest),
                    stringToSign == null ? null : Utf8.decode(stringToSign));
        } finally {
            Native.requestFree(request);
        }
    }

    /**
     * Presigns a GET of each key of {@code bucket} in one call, for a gallery page or a feed:
     * all URLs share one signing time, one snapshot of the credentials (even while another
     * thread replaces them) and one key derivation, so each costs less than a single presign.
     * The result has one entry per key, in order, and the signing time and expiration all its
     * URLs share; a key that is refused (a null key, a lone surrogate, U+0000, or a key OSS does
     * not allow) fails only its own entry, with its own code.
     *
     * <p>If the options add headers, every URL is signed with them: the GET must send the
     * headers a {@link #presignGetRequest} with the same options lists.
     *
     * @param keys at most 1000 keys (an empty list gives an empty result)
     * @throws OssPresignException when the whole call is refused: the bucket, the options
     *     (signing time, lifetime, credentials), or more than 1000 keys
     * @throws IllegalStateException when this presigner or the options are closed
     */
    public PresignedBatch presignGetBatch(
            String bucket, List<String> keys, @Nullable GetOptions options)
            throws OssPresignException {
        byte[] bucketBytes = Utf8.encode(Objects.requireNonNull(bucket, "bucket"), "bucket");
        Objects.requireNonNull(keys, "keys");
        int count = keys.size();
        String[] given = keys.toArray(new String[count]);
        // Refused in Java (no C form): those entries fail with Java's error, the rest go on.
        OssPresignException[] refused = new OssPresignException[count];
        byte[][] encoded = new byte[count][];
        for (int i = 0; i < count; i++) {
            if (given[i] == null) {
                continue; // the library fails it with NULL_ARGUMENT
            }
            try {
                encoded[i] = Utf8.encode(given[i], "key");
            } catch (OssPresignException e) {
                refused[i] = e;
            }
        }
        Packed packed = Packed.of(encoded);
        long[] out = new long[1];
        withHandles(
                options,
                (c, o) -> Native.presignGetBatch(c, bucketBytes, packed.bytes, packed.lengths, o, out));
        // The batch owns its URLs and errors and outlives the client: no lock from here on.
        long batch = out[0];
        try {
            BatchEntry[] entries = new BatchEntry[count];
            for (int i = 0; i < count; i++) {
                if (refused[i] != null) {
                    entries[i] = new BatchEntry(given[i], null, refused[i]);
                    continue;
                }
                byte[] url = Native.batchUrl(batch, i);
                if (url != null) {
                    entries[i] = new BatchEntry(given[i], Utf8.decode(url), null);
                } else {
                    long error = Native.batchError(batch, i);
                    if (error == 0) {
                        throw OssPresignException.of(
                                OssPresignException.INTERNAL,
                                "batch: entry " + i + " has neither a URL nor an error",
                                "");
                    }
                    entries[i] = new BatchEntry(given[i], null, Native.describe(error));
                }
            }
            return new PresignedBatch(
                    entries, Native.batchSigningTime(batch), Native.batchExpiration(batch));
        } finally {
            Native.batchFree(batch);
        }
    }

    /**
     * Reads a presigned URL made for this presigner's endpoint and addressing style, without a
     * request: bucket, key, signing time, expiration, access key id, region and the headers it
     * lists. It checks no signature ({@link #verifyUrl} does).
     *
     * <pre>{@code
     * UrlInfo info = presigner.inspectUrl(cachedUrl);
     * if (info.secondsLeft(System.currentTimeMillis() / 1000 + presigner.clockOffset()) < 60) {
     *     cachedUrl = presigner.presignGet(info.bucket(), info.key(), options);
     * }
     * }</pre>
     *
     * @throws OssPresignException {@link OssPresignException#MALFORMED_URL} when it is not a
     *     presigned V4 GET URL of this presigner's scheme, host and path layout; {@link
     *     OssPresignException#LIMIT_EXCEEDED}, before reading it, when it is longer than the
     *     longest URL the library writes ({@code OSS_MAX_URL_BYTES}, 16384 bytes of UTF-8)
     * @throws IllegalStateException when this presigner is closed
     */
    public UrlInfo inspectUrl(String url) throws OssPresignException {
        byte[] urlBytes = Utf8.encode(Objects.requireNonNull(url, "url"), "url");
        long[] out = new long[1];
        long clientHandle = client.acquire();
        try {
            Native.check(Native.clientInspectUrl(clientHandle, urlBytes, out));
        } finally {
            client.release();
        }
        // The info owns its strings: no lock from here on.
        long info = out[0];
        try {
            long count = Native.urlInfoAdditionalHeaderCount(info);
            List<String> headers = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                headers.add(Utf8.decode(Native.urlInfoAdditionalHeader(info, i)));
            }
            return new UrlInfo(
                    Utf8.decode(Native.urlInfoBucket(info)),
                    Utf8.decode(Native.urlInfoKey(info)),
                    Utf8.decode(Native.urlInfoAccessKeyId(info)),
                    Utf8.decode(Native.urlInfoRegion(info)),
                    Native.urlInfoSigningTime(info),
                    Native.urlInfoExpiration(info),
                    headers);
        } finally {
            Native.urlInfoFree(info);
        }
    }

    /**
     * Verifies a presigned URL as OSS would, at the presigner's (corrected) clock: {@code
     * System.currentTimeMillis() / 1000 + clockOffset()}. See {@link #verifyUrl(String, Map,
     * long)}.
     */
    public void verifyUrl(String url, Map<String, String> headers)
            throws OssPresignException {
        verifyUrl(url, headers, System.currentTimeMillis() / 1000 + clockOffset());
    }

    /**
     * Verifies a presigned URL at {@code nowUnixSeconds} as OSS would, when the GET sends
     * {@code headers} (names in any case): the URL must fit this presigner's endpoint and
     * addressing, be within its validity window ({@code x-oss-date - 900 <= now <= x-oss-date +
     * x-oss-expires}: OSS accepts a date up to 15 minutes ahead of its clock), and carry the
     * signature this presigner's current credentials give it. Headers OSS does not sign are
     * ignored; {@code Content-Type}, {@code Content-MD5} and {@code x-oss-*} are signed whether
     * or not the URL lists them, as OSS does. Returns normally when the URL is valid.
     *
     * @param headers what the GET will send; may be empty
     * @throws OssPresignException the verdict: {@link OssPresignException#SIGNATURE_MISMATCH},
     *     {@link OssPresignException#URL_EXPIRED}, {@link OssPresignException#URL_NOT_YET_VALID},
     *     {@link OssPresignException#MALFORMED_URL} (also for any custom-domain URL, which does
     *     not name the bucket its signature covers), {@link
     *     OssPresignException#SIGNING_KEY_OUT_OF_SCOPE} (a delegated key of another day), {@link
     *     OssPresignException#LIMIT_EXCEEDED} (over 64 headers, or a URL over {@code
     *     OSS_MAX_URL_BYTES})
     * @throws IllegalStateException when this presigner is closed
     */
    public void verifyUrl(
            String url, Map<String, String> headers, long nowUnixSeconds)
            throws OssPresignException {
        byte[] urlBytes = Utf8.encode(Objects.requireNonNull(url, "url"), "url");
        Objects.requireNonNull(headers, "headers");
        byte[][] names = new byte[headers.size()][];
        byte[][] values = new byte[headers.size()][];
        int i = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            // A null name or value has no meaning here: the parameter is at fault.
            names[i] = Utf8.encode(Objects.requireNonNull(header.getKey(), "headers"), "header_names");
            values[i] = Utf8.encode(Objects.requireNonNull(header.getValue(), "headers"), "header_values");
            i++;
        }
        Packed packedNames = Packed.of(names);
        Packed packedValues = Packed.of(values);
        long clientHandle = client.acquire();
        try {
            Native.check(
                    Native.clientVerifyUrl(
                            clientHandle,
                            urlBytes,
                            packedNames.bytes,
                            packedNames.lengths,
                            packedValues.bytes,
                            packedValues.lengths,
                            nowUnixSeconds));
        } finally {
            client.release();
        }
    }

    /**
     * Replaces the credentials while other threads go on presigning: key id, secret and STS
     * token change as one value, and no presign ever mixes old and new parts (the library swaps
     * one immutable snapshot; presigns are not blocked). Also clears an expiration given before.
     *
     * @param securityToken the new STS token, or {@code null} for long-term keys
     * @throws OssPresignException when a credential is refused; the old ones then stay
     * @throws IllegalStateException when this presigner is closed
     */
    public void setCredentials(
            String accessKeyId,
            String accessKeySecret,
            @Nullable String securityToken)
            throws OssPresignException {
        setCredentials(accessKeyId, accessKeySecret, securityToken, 0);
    }

    /**
     * As {@link #setCredentials(String, String, String)}, with the credentials' expiration (an
     * STS token's {@code Expiration}) in Unix seconds, 0 for none. A presign whose URL would
     * outlive them then throws {@link OssPresignException#CREDENTIALS_EXPIRE_FIRST}, unless its
     * options {@link GetOptions#clampToCredentials clamp} it; one at or after the expiration
     * throws {@link OssPresignException#CREDENTIALS_EXPIRED}.
     *
     * @throws OssPresignException when a credential or the expiration is refused; the old
     *     credentials then stay
     * @throws IllegalStateException when this presigner is closed
     */
    public void setCredentials(
            String accessKeyId,
            String accessKeySecret,
            @Nullable String securityToken,
            long expirationUnixSeconds)
            throws OssPresignException {
        byte[] idBytes =
                Utf8.encode(Objects.requireNonNull(accessKeyId, "accessKeyId"), "access_key_id");
        byte[] secretBytes =
                Utf8.encode(
                        Objects.requireNonNull(accessKeySecret, "accessKeySecret"),
                        "access_key_secret");
        byte[] tokenBytes =
                securityToken == null ? null : Utf8.encode(securityToken, "security_token");
        try {
            // The read lock: the client is thread-safe, only close() must wait.
            long clientHandle = client.acquire();
            try {
                Native.check(
                        Native.clientSetCredentials(
                                clientHandle, idBytes, secretBytes, tokenBytes, expirationUnixSeconds));
            } finally {
                client.release();
            }
        } finally {
            wipe(secretBytes);
            wipe(tokenBytes);
        }
    }

    /**
     * Tells the presigner the server's current time, in Unix seconds: from the HTTP {@code
     * Date} header ({@link HttpDates#parse}) or the {@code ServerTime} of an OSS error ({@link
     * OssServiceError#serverTime()}). Every later presign without an explicit {@link
     * GetOptions#signingTime} signs with that time, carried forward by the clock that counts
     * time since boot, sleep included ({@code CLOCK_BOOTTIME}): the device's wall clock is no
     * longer read for signing, so a wrong one, or one the user changes afterwards, does not
     * move the URLs' time, and neither does a phone asleep in a pocket. Any thread may call it
     * while others presign.
     *
     * <p>The time is not authenticated: take it only from an answer of your own endpoint over
     * HTTPS, never from a cached response (an HTTP cache or a proxy replays old dates).
     *
     * @throws ExpiryException {@link OssPresignException#INVALID_SIGNING_TIME} outside
     *     2026-01-01 to 2099-12-31 UTC, the years a genuine OSS answer can carry; the presigner
     *     then keeps its correction
     * @throws IllegalStateException when this presigner is closed
     */
    public void setServerTime(long serverUnixSeconds) throws OssPresignException {
        long clientHandle = client.acquire();
        try {
            Native.check(Native.clientSetServerTime(clientHandle, serverUnixSeconds));
        } finally {
            client.release();
        }
    }

    /**
     * The clock correction: the corrected time minus the device's wall clock, now, in whole
     * seconds rounded toward zero; 0 before any {@link #setServerTime}. {@code
     * System.currentTimeMillis() / 1000 + clockOffset()} is the time this presigner signs with.
     *
     * @throws IllegalStateException when this presigner is closed
     */
    public long clockOffset() {
        long clientHandle = client.acquire();
        try {
            return Native.clientClockOffset(clientHandle);
        } finally {
            client.release();
        }
    }

    /**
     * Signs from now on with a delegated signing key instead of credentials (see {@link
     * Builder#signingKey}): replaces the credentials (or key) atomically, as {@link
     * #setCredentials} does, while other threads presign. Also clears an expiration given
     * before.
     *
     * <p>Midnight: a presigner signing with the key of day D that is given the key of D+1 (the
     * usual use: the next UTC day's key from the app server, before midnight UTC) keeps D's,
     * each with the key id, token and expiration it came with: instants of D sign with D's
     * key, instants of D+1 with D+1's. A key of any other day replaces both; {@link
     * #setCredentials} replaces keys.
     *
     * @param dateYyyymmdd the key's UTC day, {@code "20240102"}, or its scope {@code
     *     "20240102/cn-hangzhou/oss"} (day/region/product): then a key derived for another
     *     region or product than this presigner's is refused
     * @throws OssPresignException {@link OssPresignException#INVALID_SIGNING_KEY} (not 64 hex
     *     digits, or a date that is not {@code YYYYMMDD} or {@code YYYYMMDD/region/product}),
     *     {@link OssPresignException#SIGNING_KEY_OUT_OF_SCOPE} (a scope of another region or
     *     product), {@link OssPresignException#MISSING_CREDENTIALS} (empty key id), {@link
     *     OssPresignException#INVALID_CREDENTIALS} (empty token); the presigner then keeps what
     *     it signed with
     * @throws IllegalStateException when this presigner is closed
     */
    public void setSigningKey(
            String accessKeyId,
            String hexSigningKey,
            String dateYyyymmdd,
            @Nullable String securityToken)
            throws OssPresignException {
        setSigningKey(accessKeyId, hexSigningKey, dateYyyymmdd, securityToken, 0);
    }

    /**
     * As {@link #setSigningKey(String, String, String, String)}, for a key derived from STS
     * credentials: {@code expirationUnixSeconds} is when they expire (the token's {@code
     * Expiration}), 0 for none, with the effect of {@link Builder#credentialsExpiration}. A
     * presign at or after it throws {@link OssPresignException#CREDENTIALS_EXPIRED}; one whose
     * URL would outlive it throws {@link OssPresignException#CREDENTIALS_EXPIRE_FIRST}, unless
     * its options {@link GetOptions#clampToCredentials clamp} it to end then. Without it, a key
     * rotated in on a live presigner would lose the credentials' expiry.
     *
     * @throws OssPresignException as {@link #setSigningKey(String, String, String, String)},
     *     and {@link OssPresignException#INVALID_CREDENTIALS} for an expiration outside the
     *     years 1970 to 9999; the presigner then keeps what it signed with
     * @throws IllegalStateException when this presigner is closed
     */
    public void setSigningKey(
            String accessKeyId,
            String hexSigningKey,
            String dateYyyymmdd,
            @Nullable String securityToken,
            long expirationUnixSeconds)
            throws OssPresignException {
        byte[][] parts = SigningKeys.encode(accessKeyId, hexSigningKey, dateYyyymmdd, securityToken);
        try {
            long clientHandle = client.acquire();
            try {
                Native.check(
                        Native.clientSetSigningKeyWithExpiration(
                                clientHandle,
                                parts[0],
                                parts[1],
                                parts[2],
                                parts[3],
                                expirationUnixSeconds));
            } finally {
                client.release();
            }
        } finally {
            wipe(parts[1]);
            wipe(parts[3]);
        }
    }

    /** Frees the native client once running presigns have returned; idempotent. */
    @Override
    public void close() {
        client.close();
    }

    /** The version of the native library actually loaded, e.g. {@code "0.1.0"}. */
    public static String libraryVersion() {
        return Utf8.decode(Native.version());
    }

    static void wipe(byte @Nullable [] secret) {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Configures a {@link Presigner} beyond the defaults. Plain Java (no native memory);
     * {@link #build} checks everything and may be called more than once. Not thread-safe.
     */
    public static final class Builder {
        private final String endpoint;
        private final String region;
        private @Nullable String accessKeyId;
        private @Nullable String accessKeySecret;
        private @Nullable String securityToken;
        private boolean fromEnvironment;
        private @Nullable String hexSigningKey;
        private @Nullable String signingKeyDate;
        private long credentialsExpiration;
        private boolean pathStyle;
        private boolean customDomain;
        private @Nullable String cloudboxId;

        private Builder(String endpoint, String region) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.region = Objects.requireNonNull(region, "region");
        }

        /** Long-term keys ({@code securityToken} null) or STS credentials. */
        public Builder credentials(
                String accessKeyId,
                String accessKeySecret,
                @Nullable String securityToken) {
            this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
            this.accessKeySecret = Objects.requireNonNull(accessKeySecret, "accessKeySecret");
            this.securityToken = securityToken;
            this.fromEnvironment = false;
            this.hexSigningKey = null;
            this.signingKeyDate = null;
            return this;
        }

        /**
         * Signs with a delegated signing key instead of credentials: the key of one UTC day
         * ({@link SigningKeys#derive}, run where the secret is, e.g. on your app server),
         * derived for this presigner's region and product, with the access key id and the STS
         * token (null for none) it belongs to. The presigner never holds the secret; its URLs
         * are byte-identical to the secret's within that UTC day, and a presign at another time
         * throws {@link OssPresignException#SIGNING_KEY_OUT_OF_SCOPE}. Within its day the key
         * signs for any bucket, object and method the access key may use. Replaces credentials
         * given before (the last call wins).
         *
         * @param hexSigningKey 64 hex digits, either case
         * @param dateYyyymmdd the key's UTC day, e.g. {@code "20240102"}, or its scope, e.g.
         *     {@code "20240102/cn-hangzhou/oss"} (day/region/product): then {@link #build}
         *     refuses a key derived for another region or product with {@link
         *     OssPresignException#SIGNING_KEY_OUT_OF_SCOPE}, instead of URLs OSS refuses
         */
        public Builder signingKey(
                String accessKeyId,
                String hexSigningKey,
                String dateYyyymmdd,
                @Nullable String securityToken) {
            this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
            this.hexSigningKey = Objects.requireNonNull(hexSigningKey, "hexSigningKey");
            this.signingKeyDate = Objects.requireNonNull(dateYyyymmdd, "dateYyyymmdd");
            this.accessKeySecret = null;
            this.securityToken = securityToken;
            this.fromEnvironment = false;
            return this;
        }

        /**
         * Credentials from the environment variables {@code OSS_ACCESS_KEY_ID}, {@code
         * OSS_ACCESS_KEY_SECRET} and (optional) {@code OSS_SESSION_TOKEN}, read by {@link
         * #build}. For servers and command-line tools; Android apps have no such variables.
         */
        public Builder credentialsFromEnvironment() {
            this.accessKeyId = null;
            this.accessKeySecret = null;
            this.securityToken = null;
            this.fromEnvironment = true;
            this.hexSigningKey = null;
            this.signingKeyDate = null;
            return this;
        }

        /**
         * When the credentials expire (an STS token's {@code Expiration}), in Unix seconds; 0
         * (the default) for never. It applies to whichever credentials (or signing key) the
         * builder holds when {@link #build} runs, in whatever order the two were given. A presign whose URL would
         * outlive them throws {@link OssPresignException#CREDENTIALS_EXPIRE_FIRST} unless its
         * options {@link GetOptions#clampToCredentials clamp} it; one at or after it throws
         * {@link OssPresignException#CREDENTIALS_EXPIRED}. Checked by {@link #build}.
         */
        public Builder credentialsExpiration(long unixSeconds) {
            this.credentialsExpiration = unixSeconds;
            return this;
        }

        /** Path-style URLs ({@code https://endpoint/bucket/key}) when {@code enabled}. */
        public Builder pathStyle(boolean enabled) {
            this.pathStyle = enabled;
            return this;
        }

        /**
         * When {@code enabled}, the endpoint is a custom domain bound to the bucket: URLs are
         * {@code https://domain/key} (the bucket is still signed). Wins over path style.
         */
        public Builder customDomain(boolean enabled) {
            this.customDomain = enabled;
            return this;
        }

        /** Signs for a CloudBox: the id becomes the signing region, the product {@code oss-cloudbox}. */
        public Builder cloudboxId(String cloudboxId) {
            this.cloudboxId = Objects.requireNonNull(cloudboxId, "cloudboxId");
            return this;
        }

        /**
         * Creates the presigner.
         *
         * @throws OssPresignException when a setting is refused or no credentials were given
         */
        public Presigner build() throws OssPresignException {
            byte[] endpointBytes = Utf8.encode(endpoint, "endpoint");
            byte[] regionBytes = Utf8.encode(region, "region");
            byte[] idBytes = accessKeyId == null ? null : Utf8.encode(accessKeyId, "access_key_id");
            byte[] secretBytes =
                    accessKeySecret == null ? null : Utf8.encode(accessKeySecret, "access_key_secret");
            byte[] tokenBytes =
                    securityToken == null ? null : Utf8.encode(securityToken, "security_token");
            byte[] cloudboxBytes = cloudboxId == null ? null : Utf8.encode(cloudboxId, "cloudbox_id");
            byte[][] signingKey =
                    hexSigningKey == null || signingKeyDate == null || accessKeyId == null
                            ? null
                            : SigningKeys.encode(accessKeyId, hexSigningKey, signingKeyDate, securityToken);
            long[] out = new long[1];
            try {
                Native.check(Native.configNew(endpointBytes, regionBytes, out));
                long config = out[0];
                try {
                    if (fromEnvironment) {
                        Native.check(Native.configSetCredentialsFromEnv(config));
                    } else if (signingKey != null) {
                        Native.check(
                                Native.configSetSigningKey(
                                        config, signingKey[0], signingKey[1], signingKey[2], signingKey[3]));
                    } else if (idBytes != null && secretBytes != null) {
                        Native.check(
                                Native.configSetCredentials(config, idBytes, secretBytes, tokenBytes));
                    }
                    if (credentialsExpiration != 0) {
                        Native.check(
                                Native.configSetCredentialsExpiration(config, credentialsExpiration));
                    }
                    Native.check(Native.configSetPathStyle(config, pathStyle));
                    Native.check(Native.configSetCustomDomain(config, customDomain));
                    if (cloudboxBytes != null) {
                        Native.check(Native.configSetCloudboxId(config, cloudboxBytes));
                    }
                    Native.check(Native.clientNewFromConfig(config, out));
                } finally {
                    Native.configFree(config);
                }
            } finally {
                wipe(secretBytes);
                wipe(tokenBytes);
                if (signingKey != null) {
                    wipe(signingKey[1]);
                    wipe(signingKey[3]);
                }
            }
            return new Presigner(out[0]);
        }
    }
}
