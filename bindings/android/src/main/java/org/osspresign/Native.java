package org.osspresign;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * The C ABI of {@code oss_presign.h}, one static native method per C function (glue in {@code
 * src/main/c/oss_presign_jni.c}); the glue only converts, Java builds the objects. The glue's
 * {@code JNI_OnLoad} binds these methods with {@code RegisterNatives} (it exports no {@code
 * Java_*} names), so R8 must keep every native method and this class's name ({@code
 * consumer-rules.pro}).
 *
 * <p>Handles cross as {@code long} ({@code (jlong)(intptr_t)p}), 0 for none, so 32-bit ABIs work
 * too. Strings cross as UTF-8 {@code byte[]} without a terminator (see {@link Utf8}); {@code
 * null} only where C accepts NULL. A fallible function returns its {@code oss_error *} (0 on
 * success) and writes results into the array passed last, only on success; {@link #check} turns
 * an error into an {@link OssPresignException} and frees it. Callers hold the handles' locks
 * (see {@link NativeResource}) for the length of each call.
 */
final class Native {
    /**
     * The version of {@code liboss_presign_jni} this code was written with: {@code oss_version()}
     * of the library it loads must be exactly this (before 1.0 every release may change the
     * natives). A test keeps it equal to Cargo.toml's version.
     */
    static final String LIBRARY_VERSION = "0.1.0";

    static final String LIBRARY_NAME = "oss_presign_jni";

    static {
        System.loadLibrary(LIBRARY_NAME);
        checkLoadedLibrary();
    }

    private Native() {}

    /**
     * The handshake with the library just loaded, whose {@code JNI_OnLoad} bound the natives with
     * {@code RegisterNatives}: a stale or foreign library fails here, at load, naming both
     * versions, instead of at the first call of a method it lacks.
     */
    private static void checkLoadedLibrary() {
        String loaded = Utf8.decode(version());
        if (!LIBRARY_VERSION.equals(loaded)) {
            throw stale("is version " + loaded + " but org.osspresign needs " + LIBRARY_VERSION);
        }
        int registered = registeredNatives();
        int declared = 0;
        for (Method m : Native.class.getDeclaredMethods()) {
            if (Modifier.isNative(m.getModifiers())) {
                declared++;
            }
        }
        if (registered < 0) {
            throw stale(loaded + " has a native method that org.osspresign.Native lacks or declares"
                    + " differently");
        }
        if (registered != declared) {
            throw stale(loaded + " binds " + registered + " native methods of the "
                    + declared + " that org.osspresign.Native declares");
        }
    }

    private static UnsatisfiedLinkError stale(String problem) {
        return new UnsatisfiedLinkError("lib" + LIBRARY_NAME + " " + problem
                + ": a stale native library; rebuild it from the same source as these classes");
    }

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
        return OssPresignException.of(
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

    static native long presignHead(
            long client, byte[] bucket, byte[] key, long options, byte[][] urlOut);

    static native long presignHeadRequest(
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

    // CRC-64
    /** {@code oss_crc64_update} over {@code data[offset .. offset + length)}, range checked. */
    static native long crc64Update(long crc, byte[] data, int offset, int length);

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

    // loading (bound first, see checkLoadedLibrary)
    /** {@code oss_version()}: the version of the library loaded. */
    static native byte[] version();

    /**
     * How many native methods of this class {@code JNI_OnLoad} bound, or -1 when {@code
     * RegisterNatives} refused one of its table (declared differently here, or not at all).
     */
    static native int registeredNatives();
}
