package org.osspresign;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What in an object key tends to hurt users elsewhere (listings, folder views, Windows file
 * names, copying by hand), for code that chooses new keys (over {@code oss_lint_key}).
 * Presigning still accepts every such key: OSS stores them, and existing objects must stay
 * reachable. docs/beyond.md, "Key lint", gives the evidence for each finding.
 *
 * <pre>{@code
 * Set<KeyLint.Finding> findings = KeyLint.check(key);
 * if (!findings.isEmpty()) Log.w(TAG, key + ": " + findings);
 * }</pre>
 */
public final class KeyLint {
    private KeyLint() {}

    /** One finding; {@link #bit()} is its {@code OSS_KEY_LINT_*} value. */
    public enum Finding {
        /** Control characters (U+0000-U+001F, U+007F-U+009F): listings must URL-encode them. */
        CONTROL_CHARACTERS(1),
        /** An empty path segment ({@code a//b}): path-joining code collapses it. */
        EMPTY_SEGMENT(2),
        /** A segment ending in a space or a dot: Windows cannot save such a file name. */
        TRAILING_SPACE_OR_DOT(4),
        /** White space at a segment's ends, or other than U+0020: invisible, trimmed when copied. */
        UNUSUAL_WHITE_SPACE(8),
        /** Zero-width or invisible characters, fullwidth ASCII: look like other keys. */
        LOOKALIKE_CHARACTERS(16),
        /** Combining marks: the same visible name may be stored as NFC or NFD, two keys. */
        COMBINING_MARKS(32);

        private final int bit;

        Finding(int bit) {
            this.bit = bit;
        }

        /** The {@code OSS_KEY_LINT_*} bit of this finding. */
        public int bit() {
            return bit;
        }
    }

    /**
     * The findings for {@code key}: empty when nothing was found. Unmodifiable.
     *
     * @throws OssPresignException {@link OssPresignException#EMBEDDED_NUL} or {@link
     *     OssPresignException#INVALID_UTF8} for a key that has no C form (U+0000, a lone
     *     surrogate), which presigning refuses too
     */
    public static Set<Finding> check(String key) throws OssPresignException {
        byte[] bytes = Utf8.encode(Objects.requireNonNull(key, "key"), "key");
        int[] out = new int[1];
        Native.check(Native.lintKey(bytes, out));
        EnumSet<Finding> findings = EnumSet.noneOf(Finding.class);
        for (Finding f : Finding.values()) {
            if ((out[0] & f.bit) != 0) {
                findings.add(f);
            }
        }
        return Collections.unmodifiableSet(findings);
    }
}
