package org.osspresign;

import java.math.BigInteger;
import java.util.Objects;
import java.util.zip.Checksum;

/**
 * CRC-64/ECMA-182 as OSS computes it: the {@code x-oss-hash-crc64ecma} header OSS sends with
 * every object (an unsigned decimal), which Alibaba's SDKs check a finished download against.
 * The catalogue calls it CRC-64/XZ. Computed by the library ({@code oss_crc64_update}), so C,
 * Java and Objective-C agree bit for bit.
 *
 * <p>The value can be carried on: start from 0 and feed the bytes in any number of parts, in
 * order; a resumed download starts from the CRC of the bytes it already saved ({@link
 * #Crc64(long)}).
 *
 * <pre>{@code
 * Crc64 crc = new Crc64();
 * while ((n = in.read(buffer)) != -1) {
 *     out.write(buffer, 0, n);
 *     crc.update(buffer, 0, n);
 * }
 * String expected = connection.getHeaderField("x-oss-hash-crc64ecma");
 * if (expected != null && crc.getValue() != Crc64.parse(expected)) {
 *     // corrupted on the way: discard the file
 * }
 * }</pre>
 *
 * <p>A value is a {@code long} holding the 64 bits unsigned: compare with {@code ==}, print with
 * {@link #format} ({@code Long.toUnsignedString} needs Android API 26). An instance, like any
 * {@link Checksum}, is for one thread at a time; the static {@link #update(long, byte[], int,
 * int)} keeps no state and is thread-safe.
 */
public final class Crc64 implements Checksum {
    private static final BigInteger TWO_TO_THE_64 = BigInteger.ONE.shiftLeft(64);

    private long value;

    /** A CRC of no bytes yet (0). */
    public Crc64() {}

    /** Carries on from {@code crc}, the CRC-64 of the bytes that come before. */
    public Crc64(long crc) {
        this.value = crc;
    }

    /**
     * The CRC-64 of the bytes that gave {@code crc} (0 for none) followed by {@code
     * data[offset .. offset + length)}.
     *
     * @throws IndexOutOfBoundsException when the range is not inside {@code data}
     */
    public static long update(long crc, byte[] data, int offset, int length) {
        Objects.requireNonNull(data, "data");
        if (offset < 0 || length < 0 || length > data.length - offset) {
            throw new IndexOutOfBoundsException(
                    "offset " + offset + ", length " + length + " outside an array of " + data.length);
        }
        return length == 0 ? crc : Native.crc64Update(crc, data, offset, length);
    }

    /** The CRC-64 of the bytes that gave {@code crc} (0 for none) followed by all of {@code data}. */
    public static long update(long crc, byte[] data) {
        Objects.requireNonNull(data, "data");
        return update(crc, data, 0, data.length);
    }

    /** Adds one byte (the low 8 bits of {@code b}). */
    @Override
    public void update(int b) {
        value = update(value, new byte[] {(byte) b}, 0, 1);
    }

    /**
     * Adds {@code b[off .. off + len)}.
     *
     * @throws IndexOutOfBoundsException when the range is not inside {@code b}
     */
    @Override
    public void update(byte[] b, int off, int len) {
        value = update(value, b, off, len);
    }

    /** Adds all of {@code b}. */
    public void update(byte[] b) {
        value = update(value, b);
    }

    /** The CRC-64 of the bytes added so far, as {@code x-oss-hash-crc64ecma} gives it. */
    @Override
    public long getValue() {
        return value;
    }

    /** Back to the CRC of no bytes (0). */
    @Override
    public void reset() {
        value = 0;
    }

    /**
     * The value of an {@code x-oss-hash-crc64ecma} header: an unsigned decimal of up to 20
     * digits, up to 18446744073709551615, as the {@code long} that {@link #getValue()} returns.
     *
     * @throws NumberFormatException when {@code decimal} is not such a number
     */
    public static long parse(String decimal) throws NumberFormatException {
        Objects.requireNonNull(decimal, "decimal");
        int length = decimal.length();
        if (length == 0 || length > 20) {
            throw new NumberFormatException("not a CRC-64 (1 to 20 digits): \"" + decimal + "\"");
        }
        for (int i = 0; i < length; i++) {
            char c = decimal.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not a CRC-64 (digits only): \"" + decimal + "\"");
            }
        }
        BigInteger value = new BigInteger(decimal);
        if (value.bitLength() > 64) {
            throw new NumberFormatException("not a CRC-64 (over 64 bits): \"" + decimal + "\"");
        }
        return value.longValue();
    }

    /** {@code crc} as an unsigned decimal, the form of the {@code x-oss-hash-crc64ecma} header. */
    public static String format(long crc) {
        return crc >= 0
                ? Long.toString(crc)
                : BigInteger.valueOf(crc).add(TWO_TO_THE_64).toString();
    }
}
