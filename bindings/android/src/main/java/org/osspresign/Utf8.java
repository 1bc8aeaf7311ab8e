package org.osspresign;

import java.nio.charset.StandardCharsets;

/**
 * Strings to and from the UTF-8 bytes the C library reads and writes.
 *
 * <p>Never modified UTF-8 ({@code GetStringUTFChars}/{@code NewStringUTF}): it writes U+0000 as
 * {@code C0 80} and a supplementary character as two 3-byte surrogates, so an emoji key would
 * be signed as other bytes than the ones OSS stores. {@code String.getBytes(UTF_8)} is exact
 * for well-formed text, but silently turns a lone surrogate into {@code '?'} (another key), and
 * a C string ends at U+0000; both are refused here, before anything reaches native code.
 */
final class Utf8 {
    private Utf8() {}

    /**
     * The UTF-8 bytes of {@code value}; throws when it holds U+0000 ({@code EMBEDDED_NUL}) or a
     * lone surrogate ({@code INVALID_UTF8}). {@code argument} is the C name used in the message.
     */
    static byte[] encode(String value, String argument) {
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c == 0) {
                throw OssPresignException.of(
                        OssPresignException.EMBEDDED_NUL,
                        argument + ": contains U+0000 at index " + i + ", where a C string would end",
                        argument);
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c)
                        && i + 1 < length
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw OssPresignException.of(
                        OssPresignException.INVALID_UTF8,
                        String.format(
                                "%s: lone surrogate U+%04X at index %d has no UTF-8 form",
                                argument, (int) c, i),
                        argument);
            }
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Text the library returned (URLs, header names and values, messages: UTF-8). */
    static String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
