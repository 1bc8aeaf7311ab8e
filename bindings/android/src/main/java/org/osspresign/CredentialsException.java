package org.osspresign;


/**
 * The credentials cannot sign this URL: {@link #MISSING_CREDENTIALS}, {@link
 * #INVALID_CREDENTIALS}, {@link #INVALID_SIGNING_KEY} (fix the configuration), or {@link
 * #CREDENTIALS_EXPIRED}, {@link #CREDENTIALS_EXPIRE_FIRST}, {@link #SIGNING_KEY_OUT_OF_SCOPE}
 * (they have expired, or expire before the URL would, or the delegated key is of another day):
 * those are fixed by fresh credentials ({@link Presigner#setCredentials}, {@link
 * Presigner#setSigningKey}), and the last two also by a shorter lifetime or {@link
 * GetOptions#clampToCredentials}.
 *
 * <p>One family of {@link OssPresignException}: {@link #code()} says which rule was broken.
 */
public final class CredentialsException extends OssPresignException {
    private static final long serialVersionUID = 1L;

    /** See {@link OssPresignException#OssPresignException(int, String, String)}. */
    public CredentialsException(int code, String message, String argument) {
        super(code, message, argument);
    }

    /**
     * Whether fresh credentials (or a signing key of the right day) make the same call succeed:
     * true for {@link #CREDENTIALS_EXPIRED}, {@link #CREDENTIALS_EXPIRE_FIRST} and {@link
     * #SIGNING_KEY_OUT_OF_SCOPE}; false when the configuration itself is wrong.
     */
    public boolean fixedByRefresh() {
        int code = code();
        return code == CREDENTIALS_EXPIRED
                || code == CREDENTIALS_EXPIRE_FIRST
                || code == SIGNING_KEY_OUT_OF_SCOPE;
    }
}
