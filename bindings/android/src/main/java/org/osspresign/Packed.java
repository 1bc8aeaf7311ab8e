package org.osspresign;

import java.io.ByteArrayOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Several strings for one native call (batch keys, header names or values): their UTF-8 bytes
 * back to back, each followed by a 0 byte, and their byte lengths, -1 for a null string. Two
 * array copies cross JNI instead of one per string; the glue checks that the two agree.
 */
final class Packed {
    final byte[] bytes;
    final int[] lengths;

    private Packed(byte[] bytes, int[] lengths) {
        this.bytes = bytes;
        this.lengths = lengths;
    }

    /** {@code encoded[i]}: UTF-8 without U+0000 (see {@link Utf8#encode}), or null. */
    static Packed of(byte[] @Nullable [] encoded) {
        int[] lengths = new int[encoded.length];
        int total = 0;
        for (byte[] e : encoded) {
            total += e == null ? 0 : e.length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(total);
        for (int i = 0; i < encoded.length; i++) {
            byte[] e = encoded[i];
            lengths[i] = e == null ? -1 : e.length;
            if (e != null) {
                out.write(e, 0, e.length);
                out.write(0);
            }
        }
        return new Packed(out.toByteArray(), lengths);
    }
}
