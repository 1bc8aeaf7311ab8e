package org.osspresign;


/**
 * A refused input or an internal failure, with the library's {@code OSS_CODE_*} code and
 * message. The message names the bad argument and the rule it broke, e.g.
 * {@code "bucket: must be 3 to 63 characters, got 2"}; it never contains a secret.
 *
 * <p>Every exception the library throws is of exactly one family, a subclass chosen by its code
 * ({@link #of}), so Kotlin can {@code when} over them and Java can catch one family:
 *
 * <ul>
 *   <li>{@link InvalidArgumentException}: an argument breaks a rule (bucket, key, endpoint,
 *       query, header, a text that is not UTF-8); fix the input;
 *   <li>{@link LimitExceededException}: a string, a count or the URL is over its bound;
 *   <li>{@link ExpiryException}: the signing time, its window, the lifetime or the expiration is
 *       out of range;
 *   <li>{@link CredentialsException}: the credentials are missing, malformed, or no longer good
 *       for this URL; {@link #CREDENTIALS_EXPIRED} and the like are fixed by a refresh ({@link
 *       CredentialsException#fixedByRefresh});
 *   <li>{@link UrlVerificationException}: the verdicts of {@link Presigner#inspectUrl} and {@link
 *       Presigner#verifyUrl} on a URL;
 *   <li>{@link InternalErrorException}: a bug in the library; the call had no effect.
 * </ul>
 *
 * <p>Unchecked, since most failures are programming or input errors that the same call cannot
 * overcome by retrying; the setters of {@link GetOptions} may throw too. The credential family
 * is the exception: after {@link Presigner#setCredentials} with fresh credentials the same call
 * succeeds. {@link #code()} stays the precise reason. The constants below mirror {@code enum
 * oss_code} of {@code oss_presign.h} (a test keeps them equal). Codes are never reused; new ones
 * may be added, and an unknown code gets the family of its hundred (200s credentials, 300s
 * expiry, 400s verification), else {@link InvalidArgumentException}.
 */
public class OssPresignException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Success; never the code of an exception. */
    public static final int OK = 0;
    /** A required argument was null (the Java API throws {@link NullPointerException} first). */
    public static final int NULL_ARGUMENT = 1;
    /** A string has no UTF-8 form: it holds a lone surrogate (or bad bytes reached C). */
    public static final int INVALID_UTF8 = 2;
    /** The library panicked (a bug); the call had no effect. */
    public static final int PANIC = 3;
    /** An internal invariant failed (a bug); the call had no effect. */
    public static final int INTERNAL = 4;
    /** A string held U+0000, which a C string would silently cut: refused in Java. */
    public static final int EMBEDDED_NUL = 5;
    /** Any other invalid argument (e.g. a header index out of range). */
    public static final int INVALID_ARGUMENT = 100;
    /** The endpoint is not {@code [scheme://]host[:port]}. */
    public static final int INVALID_ENDPOINT = 101;
    /** The region (or CloudBox id) is empty or not of {@code a-z 0-9 -}. */
    public static final int INVALID_REGION = 102;
    /** The bucket name breaks the OSS rules. */
    public static final int INVALID_BUCKET = 103;
    /** The object key is empty, too long, starts with '/' or '\', or has '.'/'..' segments. */
    public static final int INVALID_KEY = 104;
    /** A query parameter is reserved, repeated or empty, or the traffic limit is out of range. */
    public static final int INVALID_QUERY = 105;
    /** A header name is not a token, reserved or repeated; or its value is empty or not printable ASCII. */
    public static final int INVALID_HEADER = 106;
    /** The signing time is outside the years 1970 to 9999. */
    public static final int INVALID_SIGNING_TIME = 107;
    /** A string, a count of parameters or headers, or the URL exceeds its documented bound. */
    public static final int LIMIT_EXCEEDED = 108;
    /** The signing time window is over 86400 seconds (one day). */
    public static final int INVALID_SIGNING_TIME_WINDOW = 109;
    /** A text given as an HTTP date is not one ({@link HttpDates#parse}). */
    public static final int INVALID_TIME = 110;
    /** A body given as an OSS error is not one ({@link OssServiceError#parse(byte[])}). */
    public static final int INVALID_RESPONSE = 111;
    /** An empty access key id or secret, or no credentials. */
    public static final int MISSING_CREDENTIALS = 200;
    /** A malformed credential part, e.g. an empty security token (pass null for none). */
    public static final int INVALID_CREDENTIALS = 201;
    /** The credentials had expired at the signing time (even with clamping). */
    public static final int CREDENTIALS_EXPIRED = 202;
    /**
     * The URL would outlive the credentials' expiration: shorten it, or clamp it with {@link
     * GetOptions#clampToCredentials}.
     */
    public static final int CREDENTIALS_EXPIRE_FIRST = 203;
    /** The signing time is outside the UTC day of the presigner's delegated signing key. */
    public static final int SIGNING_KEY_OUT_OF_SCOPE = 204;
    /** A delegated signing key is not 64 hex digits, or its date is not {@code YYYYMMDD}. */
    public static final int INVALID_SIGNING_KEY = 205;
    /** The lifetime is not 1 to 604800 seconds. */
    public static final int INVALID_EXPIRY = 300;
    /** The absolute expiration is outside 1970..9999, or not 1 s to 7 days after the signing time. */
    public static final int INVALID_EXPIRATION = 301;
    /**
     * {@link Presigner#inspectUrl}, {@link Presigner#verifyUrl}: not a presigned V4 GET URL of
     * the presigner's scheme, host and path layout.
     */
    public static final int MALFORMED_URL = 400;
    /**
     * {@link Presigner#verifyUrl}: the signature is not the one the presigner's credentials give
     * the URL (also for another key id, region, product or STS token, and for a header sent that
     * OSS signs but the URL did not).
     */
    public static final int SIGNATURE_MISMATCH = 401;
    /** {@link Presigner#verifyUrl}: the URL expired before the given time. */
    public static final int URL_EXPIRED = 402;
    /** {@link Presigner#verifyUrl}: the URL is signed more than 15 minutes after the given time. */
    public static final int URL_NOT_YET_VALID = 403;

    private final int code;
    private final String argument;

    /**
     * An exception with a code, a message and the name of the argument it is about. The library
     * throws the family subclass of the code instead (see {@link #of}).
     *
     * @param code an {@code OSS_CODE_*} value, e.g. {@link #INVALID_KEY}
     * @param message what was wrong, naming the argument
     * @param argument the argument's name as the C library spells it ({@code "key"},
     *     {@code "access_key_id"}), or {@code ""} when the error is about no single argument
     */
    public OssPresignException(int code, String message, String argument) {
        super(message);
        this.code = code;
        this.argument = argument;
    }

    /**
     * The exception of the family that {@code code} belongs to, as the library throws it: each
     * code has exactly one family (see the class comment).
     */
    public static OssPresignException of(
            int code, String message, String argument) {
        switch (code) {
            case PANIC:
            case INTERNAL:
                return new InternalErrorException(code, message, argument);
            case LIMIT_EXCEEDED:
                return new LimitExceededException(code, message, argument);
            case INVALID_SIGNING_TIME:
            case INVALID_SIGNING_TIME_WINDOW:
                return new ExpiryException(code, message, argument);
            default:
                break;
        }
        switch (code / 100) {
            case 2:
                return new CredentialsException(code, message, argument);
            case 3:
                return new ExpiryException(code, message, argument);
            case 4:
                return new UrlVerificationException(code, message, argument);
            default:
                // NULL_ARGUMENT, INVALID_UTF8, EMBEDDED_NUL and the 100s: the input.
                return new InvalidArgumentException(code, message, argument);
        }
    }

    /** The {@code OSS_CODE_*} value, e.g. {@link #INVALID_BUCKET}. */
    public int code() {
        return code;
    }

    /**
     * The name of the argument the error is about, as the C library names it ({@code "bucket"},
     * {@code "key"}, {@code "expires"}, {@code "header value"}, ...); {@code ""} when the error
     * is about no single argument.
     */
    public String argument() {
        return argument;
    }
}
