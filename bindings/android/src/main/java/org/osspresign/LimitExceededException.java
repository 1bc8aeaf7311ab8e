package org.osspresign;


/**
 * A string, a count of parameters, headers or keys, or the URL exceeds its documented bound
 * ({@link #LIMIT_EXCEEDED}): split the work or shorten the input.
 *
 * <p>One family of {@link OssPresignException}: {@link #code()} says which rule was broken.
 */
public final class LimitExceededException extends OssPresignException {
    private static final long serialVersionUID = 1L;

    /** See {@link OssPresignException#OssPresignException(int, String, String)}. */
    public LimitExceededException(int code, String message, String argument) {
        super(code, message, argument);
    }
}
