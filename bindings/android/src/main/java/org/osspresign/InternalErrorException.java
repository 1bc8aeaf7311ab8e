package org.osspresign;


/**
 * A bug in the library: {@link #PANIC} (caught at the C boundary) or {@link #INTERNAL} (an
 * invariant failed). The call had no effect and the presigner stays usable; please report it.
 *
 * <p>One family of {@link OssPresignException}: {@link #code()} says which rule was broken.
 */
public final class InternalErrorException extends OssPresignException {
    private static final long serialVersionUID = 1L;

    /** See {@link OssPresignException#OssPresignException(int, String, String)}. */
    public InternalErrorException(int code, String message, String argument) {
        super(code, message, argument);
    }
}
