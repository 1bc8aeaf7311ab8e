package org.osspresign.sample;

import org.osspresign.OssPresignException;

/**
 * A {@code Range} header the caller signed: {@code bytes=FIRST-} or {@code bytes=FIRST-LAST}.
 * The download must bring exactly those bytes, from one version of the object. Anything else (a
 * suffix range {@code bytes=-N}, several ranges, another unit) is refused before any request,
 * as the C and Objective-C samples refuse it.
 */
final class SignedRange {
    /** The header as signed (and sent). */
    final String header;
    final long first;
    /** The last byte asked for; -1 for "to the end". */
    final long last;

    private SignedRange(String header, long first, long last) {
        this.header = header;
        this.first = first;
        this.last = last;
    }

    /**
     * The range {@code value} asks for.
     *
     * @param argument the caller's argument the header came from, for the error
     * @throws OssPresignException ({@link OssPresignException#INVALID_ARGUMENT}) for a value
     *     that is not {@code bytes=FIRST-} or {@code bytes=FIRST-LAST} with FIRST <= LAST
     */
    static SignedRange parse(String value, String argument) {
        String spec = value.trim();
        if (spec.startsWith("bytes=-")) {
            throw refused(argument, value, "a suffix range (the last bytes of the object) is not taken; "
                    + "sign bytes=FIRST- or bytes=FIRST-LAST (a HEAD gives the object's size)");
        }
        int dash = spec.indexOf('-');
        if (!spec.startsWith("bytes=") || dash < 0) {
            throw refused(argument, value, "expected bytes=FIRST- or bytes=FIRST-LAST");
        }
        long first = digits(spec.substring("bytes=".length(), dash));
        String lastText = spec.substring(dash + 1);
        long last = lastText.isEmpty() ? -1 : digits(lastText);
        if (first < 0 || (!lastText.isEmpty() && last < 0)) {
            throw refused(argument, value, "expected bytes=FIRST- or bytes=FIRST-LAST, one range of decimal offsets");
        }
        if (last >= 0 && last < first) {
            throw refused(argument, value, "LAST is before FIRST");
        }
        return new SignedRange(spec, first, last);
    }

    /**
     * True when a 206's {@code Content-Range} ({first, last, total}) is this range of a
     * {@code total}-byte object: the same start, and its end, or the object's last byte when
     * LAST lies beyond it (RFC 9110 14.1.2).
     */
    boolean answeredBy(long[] contentRange) {
        long total = contentRange[2];
        long end = last < 0 ? total - 1 : Math.min(last, total - 1);
        return contentRange[0] == first && contentRange[1] == end;
    }

    /** True when the answered range is the whole object (its CRC-64 is then the file's). */
    static boolean wholeObject(long[] contentRange) {
        return contentRange[0] == 0 && contentRange[1] == contentRange[2] - 1;
    }

    /** Non-negative decimal ASCII digits that fit a long; -1 otherwise. */
    private static long digits(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static OssPresignException refused(String argument, String value, String why) {
        return OssPresignException.of(OssPresignException.INVALID_ARGUMENT,
                argument + ": the signed Range \"" + value + "\": " + why, argument);
    }
}
