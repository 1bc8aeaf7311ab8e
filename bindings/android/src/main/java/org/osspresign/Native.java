package org.osspresign;

/**
 * The C ABI of {@code oss_presign.h}, one static native method per C function (glue in {@code
 * src/main/c/oss_presign_jni.c}); the glue only converts, Java builds the objects.
 *
 * <p>Handles cross as {@code long} ({@code (jlong)(intptr_t)p}), 0 for none, so 32-bit ABIs work
 * too. Strings cross as UTF-8 {@code byte[]} without a terminator (see {@link Utf8}); {@code
 * null} only where C accepts NULL. A fallible function returns its {@code oss_error *} (0 on
 * success) and writes results into the array passed last, only on success; {@link #check} turns
 * an error into an {@link OssPresignException} and frees it. Callers hold the handles' locks
 * (see {@link NativeResource}) for the length of each call.
 */
final class Native {
    static {
        System.loadLibrary("oss_presign_jni");
    }

    private Native() {}

    /** Throws (and frees) the error {@code error} unless it is 0. */
    static void check(long error) {
        if (error != 0) {
            throw take(error);
        }
    }

    /** The exception for a non-zero {@code oss_error *}, which is freed. */
    static OssPresignException take(long error) {
        try {
            return describe(error);
        } finally {
            errorFree(error);
        }
    }

    /** The exception for a non-zero {@code oss_error *} that stays owned by C (a batch's). */
    static OssPresignException describe(long error) {
        return new OssPresignException(
                errorCode(error), Utf8.decode(errorMessage(error)), Utf8.decode(errorArgument(error)));
    }

    // oss_client
    static native long clientNew(
            byte[] endpoint,
            byte[] region,
            byte[] accessKeyId,
            byte[] accessKeySecret,
            byte[] securityToken,
            long[] clientOut);

    static native long clientNewFromConfig(long config, long[] clientOut);

    static native void clientFree(long client);

    static native long clientSetCredentials(
            long client,
            byte[] accessKeyId,
            byte[] accessKeySecret,
            byte[] securityToken,
            long expirationUnixSeconds);

    static native long clientSetServerTime(long client, long serverUnixSeconds);

    static native long clientClockOffset(long client);

    static native long clientInspectUrl(long client, byte[] url, long[] infoOut);

    /** Header names and values packed as for {@link #presignGetBatch}, as many of each. */
    static native long clientVerifyUrl(
            long client,
            byte[] url,
            byte[] packedNames,
            int[] nameLengths,
            byte[] packedValues,
            int[] valueLengths,
            long nowUnixSeconds);

    /** An expiration of 0 is none: then as {@code oss_client_set_signing_key}. */
    static native long clientSetSigningKeyWithExpiration(
            long client,
            byte[] accessKeyId,
            byte[] hexSigningKey,
            byte[] dateYyyymmdd,
            byte[] securityToken,
            long expirationUnixSeconds);

    // oss_client_config
    static native long configNew(byte[] endpoint, byte[] region, long[] configOut);

    static native void configFree(long config);

    static native long configSetCredentials(
            long config, byte[] accessKeyId, byte[] accessKeySecret, byte[] securityToken);

    static native long configSetCredentialsExpiration(long config, long unixSeconds);

    static native long configSetSigningKey(
            long config,
            byte[] accessKeyId,
            byte[] hexSigningKey,
            byte[] dateYyyymmdd,
            byte[] securityToken);

    static native long configSetCredentialsFromEnv(long config);

    static native long configSetPathStyle(long config, boolean enabled);

    static native long configSetCustomDomain(long config, boolean enabled);

    static native long configSetCloudboxId(long config, byte[] cloudboxId);

    // oss_error
    static native int errorCode(long error);

    static native byte[] errorMessage(long error);

    static native byte[] errorArgument(long error);

    static native void errorFree(long error);

    // oss_get_options
    static native long optionsNew();

    static native void optionsFree(long options);

    static native long optionsSetExpires(long options, long seconds);

    static native long optionsSetExpiration(long options, long unixSeconds);

    static native long optionsSetSigningTime(long options, long unixSeconds);

    static native long optionsAddQuery(long options, byte[] name, byte[] value);

    static native long optionsAddHeader(long options, byte[] name, byte[] value);

    static native long optionsSetVersionId(long options, byte[] versionId);

    static native long optionsSetResponseContentType(long options, byte[] value);

    static native long optionsSetResponseContentDisposition(long options, byte[] value);

    static native long optionsSetResponseCacheControl(long options, byte[] value);

    static native long optionsSetResponseContentEncoding(long options, byte[] value);

    static native long optionsSetResponseContentLanguage(long options, byte[] value);

    static native long optionsSetResponseExpires(long options, byte[] value);

    static native long optionsSetProcess(long options, byte[] process);

    static native long optionsSetTrafficLimit(long options, long bitsPerSecond);

    static native long optionsSetSigningTimeWindow(long options, long seconds);

    static native long optionsSetClampToCredentials(long options, boolean clamp);

    static native long optionsSetDiagnostics(long options, boolean enabled);

    // presigning
    static native long presignGet(
            long client, byte[] bucket, byte[] key, long options, byte[][] urlOut);

    static native long presignGetRequest(
            long client, byte[] bucket, byte[] key, long options, long[] requestOut);

    /**
     * {@code packedKeys}: each key's UTF-8 bytes followed by a 0 byte, in order; {@code
     * keyLengths}: each key's byte length, -1 for a null key (which has no bytes there).
     */
    static native long presignGetBatch(
            long client,
            byte[] bucket,
            byte[] packedKeys,
            int[] keyLengths,
            long options,
            long[] batchOut);

    // oss_presign_batch
    static native long batchLen(long batch);

    static native byte[] batchUrl(long batch, long index);

    /** A borrowed {@code oss_error *} (0 for none): read it, never {@link #errorFree} it. */
    static native long batchError(long batch, long index);

    static native long batchSigningTime(long batch);

    static native long batchExpiration(long batch);

    static native void batchFree(long batch);

    // oss_presigned_request
    static native void requestFree(long request);

    static native byte[] requestUrl(long request);

    static native byte[] requestMethod(long request);

    static native long requestSigningTime(long request);

    static native long requestExpiration(long request);

    static native long requestHeaderCount(long request);

    static native long requestHeader(long request, long index, byte[][] nameValueOut);

    static native byte[] requestCanonicalRequest(long request);

    static native byte[] requestStringToSign(long request);

    // server answers
    static native long parseHttpDate(byte[] text, long[] unixSecondsOut);

    static native long serviceErrorParse(byte[] body, int offset, int length, long[] errorOut);

    static native void serviceErrorFree(long error);

    static native byte[] serviceErrorCode(long error);

    static native byte[] serviceErrorMessage(long error);

    static native long serviceErrorServerTime(long error);

    static native long serviceErrorExpires(long error);

    static native byte[] serviceErrorField(long error, byte[] name);

    // oss_url_info
    static native void urlInfoFree(long info);

    static native byte[] urlInfoBucket(long info);

    static native byte[] urlInfoKey(long info);

    static native byte[] urlInfoAccessKeyId(long info);

    static native byte[] urlInfoRegion(long info);

    static native long urlInfoSigningTime(long info);

    static native long urlInfoExpiration(long info);

    static native long urlInfoAdditionalHeaderCount(long info);

    static native byte[] urlInfoAdditionalHeader(long info, long index);

    // delegated signing keys
    static native long deriveSigningKey(
            byte[] accessKeySecret, byte[] dateYyyymmdd, byte[] region, byte[] product, byte[][] hexKeyOut);

    // key lint
    static native long lintKey(byte[] key, int[] findingsOut);

    // misc
    static native byte[] version();
}
