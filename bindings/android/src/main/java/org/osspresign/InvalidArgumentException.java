package org.osspresign;


/**
 * An argument breaks a rule: {@link #INVALID_BUCKET}, {@link #INVALID_KEY}, {@link
 * #INVALID_ENDPOINT}, {@link #INVALID_REGION}, {@link #INVALID_QUERY}, {@link #INVALID_HEADER},
 * {@link #INVALID_ARGUMENT}, {@link #INVALID_TIME} (a text that is not an HTTP date), {@link
 * #INVALID_RESPONSE} (a body that is not an OSS error), and text that cannot reach C unchanged:
 * {@link #EMBEDDED_NUL}, {@link #INVALID_UTF8}, {@link #NULL_ARGUMENT}. The same input fails
 * again: fix it.
 *
 * <p>One family of {@link OssPresignException}: {@link #code()} says which rule was broken.
 */
public final class InvalidArgumentException extends OssPresignException {
    private static final long serialVersionUID = 1L;

    /** See {@link OssPresignException#OssPresignException(int, String, String)}. */
    public InvalidArgumentException(int code, String message, String argument) {
        super(code, message, argument);
    }
}
