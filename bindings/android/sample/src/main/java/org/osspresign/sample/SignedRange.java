package org.osspresign.sample;

import org.osspresign.OssPresignException;

/**
 * A {@code Range} header the caller signed: one byte range, {@code bytes=FIRST-}, {@code
 * bytes=FIRST-LAST} (FIRST <= LAST) or the suffix {@code bytes=-LENGTH} (LENGTH > 0: the
 * object's last LENGTH bytes), blanks around it allowed. The download must bring exactly those
 * bytes, from one version of the object. Anything else (several ranges, another unit, {@code
 * bytes=-0}) is refused before any request: OSS would answer it with the whole object. The C
 * and Objective-C samples take and refuse the same (docs/c-sample.md, "A signed Range").
 */
final class SignedRange {
    /** Above this, ten times an unsigned 64-bit value overflows: floor((2^64 - 1) / 10). */
    private static final long TENTH_OF_MAX = 1844674407370955161L;

    /** The header as signed (and sent), without the blanks around it. */
    final String header;
    /** The first byte asked for; 0 for a suffix range. */
    final long first;
    /** The last byte asked for; -1 for "to the end" (and for a suffix range). */
    final long last;
    /** LENGTH of {@code bytes=-LENGTH}; 0 for the other two forms. */
    final long suffixLength;

    private SignedRange(String header, long first, long last, long suffixLength) {
        this.header = header;
        this.first = first;
        this.last = last;
        this.suffixLength = suffixLength;
    }

    /**
     * The range {@code value} asks for.
     *
     * @param argument the caller's argument the header came from, for the error
     * @throws OssPresignException ({@link OssPresignException#INVALID_ARGUMENT}) for a value
     *     that is not one of the three forms
     */
    static SignedRange parse(String value, String argument) {
        String spec = stripBlanks(value);
        int dash = spec.indexOf('-');
        if (!spec.startsWith("bytes=") || dash < 0) {
            throw refused(argument, value, FORMS);
        }
        String firstText = spec.substring("bytes=".length(), dash);
        String lastText = spec.substring(dash + 1);
        if (firstText.isEmpty()) {
            long length = offset(lastText, argument, value);
            if (length == 0) {
                throw refused(argument, value, "bytes=-0 asks for no byte; LENGTH must be above 0");
            }
            return new SignedRange(spec, 0, -1, asLong(length));
        }
        long first = offset(firstText, argument, value);
        if (lastText.isEmpty()) {
            return new SignedRange(spec, asLong(first), -1, 0);
        }
        long last = offset(lastText, argument, value);
        if (unsignedLess(last, first)) {
            throw refused(argument, value, "LAST is before FIRST");
        }
        return new SignedRange(spec, asLong(first), asLong(last), 0);
    }

    /**
     * True when a 206's {@code Content-Range} ({first, last, total}) is this range of a
     * {@code total}-byte object: the same start, and its end, or the object's last byte when
     * LAST lies beyond it (as OSS's standard range behaviour serves it); for a suffix, the
     * object's last min(LENGTH, total) bytes.
     */
    boolean answeredBy(long[] contentRange) {
        long total = contentRange[2];
        if (suffixLength > 0) {
            long length = Math.min(suffixLength, total);
            return contentRange[0] == total - length && contentRange[1] == total - 1;
        }
        long end = last < 0 ? total - 1 : Math.min(last, total - 1);
        return contentRange[0] == first && contentRange[1] == end;
    }

    /**
     * True when this range covers all of an object of {@code size} bytes: then the whole object
     * (a 200, which is how OSS answers a Range it cannot serve) is what it asks for.
     */
    boolean coversWhole(long size) {
        if (suffixLength > 0) {
            return suffixLength >= size;
        }
        return first == 0 && (size == 0 || last < 0 || last >= size - 1);
    }

    /** True when the answered range is the whole object (its CRC-64 is then the file's). */
    static boolean wholeObject(long[] contentRange) {
        return contentRange[0] == 0 && contentRange[1] == contentRange[2] - 1;
    }

    /** {@code text} without the spaces and tabs around it. */
    private static String stripBlanks(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isBlank(text.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static final String FORMS =
            "expected one byte range: bytes=FIRST-, bytes=FIRST-LAST or bytes=-LENGTH, in decimal digits below 2^64";

    /**
     * Decimal ASCII digits (no sign, no blank) as an unsigned 64-bit value, as the C sample reads
     * them: up to 2^64 - 1, in the bits of a long.
     */
    private static long offset(String text, String argument, String value) {
        if (text.isEmpty()) {
            throw refused(argument, value, FORMS);
        }
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int digit = c - '0';
            if (c < '0' || c > '9' || unsignedLess(TENTH_OF_MAX, n) || (n == TENTH_OF_MAX && digit > 5)) {
                throw refused(argument, value, FORMS);
            }
            n = n * 10 + digit;
        }
        return n;
    }

    /** a < b, both read as unsigned 64-bit values. */
    private static boolean unsignedLess(long a, long b) {
        return (a ^ Long.MIN_VALUE) < (b ^ Long.MIN_VALUE);
    }

    /**
     * An unsigned offset as a long. No object reaches Long.MAX_VALUE bytes, so a larger offset
     * is answered as Long.MAX_VALUE is: past any end.
     */
    private static long asLong(long unsigned) {
        return unsigned < 0 ? Long.MAX_VALUE : unsigned;
    }

    private static OssPresignException refused(String argument, String value, String why) {
        return OssPresignException.of(OssPresignException.INVALID_ARGUMENT,
                argument + ": the signed Range \"" + value + "\": " + why, argument);
    }
}
