package org.osspresign;


/**
 * A time is out of range: {@link #INVALID_SIGNING_TIME} (outside 1970 to 9999), {@link
 * #INVALID_SIGNING_TIME_WINDOW} (over a day), {@link #INVALID_EXPIRY} (a lifetime not of 1 s to 7
 * days), {@link #INVALID_EXPIRATION} (an expiration not 1 s to 7 days after the signing time).
 *
 * <p>One family of {@link OssPresignException}: {@link #code()} says which rule was broken.
 */
public final class ExpiryException extends OssPresignException {
    private static final long serialVersionUID = 1L;

    /** See {@link OssPresignException#OssPresignException(int, String, String)}. */
    public ExpiryException(int code, String message, String argument) {
        super(code, message, argument);
    }
}
