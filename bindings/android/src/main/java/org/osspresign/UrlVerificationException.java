package org.osspresign;


/**
 * A verdict of {@link Presigner#inspectUrl} or {@link Presigner#verifyUrl} on a URL: {@link
 * #MALFORMED_URL}, {@link #SIGNATURE_MISMATCH}, {@link #URL_EXPIRED}, {@link
 * #URL_NOT_YET_VALID}: what OSS would answer with a 403.
 *
 * <p>One family of {@link OssPresignException}: {@link #code()} says which rule was broken.
 */
public final class UrlVerificationException extends OssPresignException {
    private static final long serialVersionUID = 1L;

    /** See {@link OssPresignException#OssPresignException(int, String, String)}. */
    public UrlVerificationException(int code, String message, String argument) {
        super(code, message, argument);
    }
}
