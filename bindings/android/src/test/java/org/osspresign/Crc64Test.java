package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;
import java.util.zip.CheckedInputStream;
import org.junit.jupiter.api.Test;

/**
 * CRC-64/ECMA through JNI ({@code oss_crc64_update}): the known answers of Alibaba's own SDK
 * tests, any split into parts, the {@link java.util.zip.Checksum} contract, and the header the
 * emulator sends (computed there by Alibaba's SDK) for real objects.
 */
class Crc64Test {
    /**
     * From aliyun/aliyun-oss-java-sdk, src/test/java/com/aliyun/oss/common/utils/CRC64UtilTest.java
     * ({@code testBytes}), and aliyun/aliyun-oss-csharp-sdk,
     * test/TestCase/ObjectTestCase/OssCrcTest.cs ({@code TestCrcCore}); the Rust and C suites
     * check the same values.
     */
    static final Object[][] KNOWN = {
        {"123456789", 0x995dc9bbdf1939faL},
        {"This is a test of the emergency broadcast system.", 0x27db187fc15bbc72L},
        {"IHATEMATH", 0x3920e0f66b6ee0c8L},
        {"This is a test.", 2186167744391481992L},
    };

    static byte[] ascii(Object text) {
        return ((String) text).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void knownAnswersFromAlibabasSdks() {
        for (Object[] k : KNOWN) {
            assertEquals((long) k[1], Crc64.update(0, ascii(k[0])), (String) k[0]);
            Crc64 crc = new Crc64();
            crc.update(ascii(k[0]));
            assertEquals((long) k[1], crc.getValue());
        }
    }

    @Test
    void anySplitIntoPartsGivesTheWhole() {
        for (Object[] k : KNOWN) {
            byte[] data = ascii(k[0]);
            for (int cut = 0; cut <= data.length; cut++) {
                long head = Crc64.update(0, data, 0, cut);
                assertEquals((long) k[1], Crc64.update(head, data, cut, data.length - cut), "cut at " + cut);
                Crc64 resumed = new Crc64(head);
                resumed.update(data, cut, data.length - cut);
                assertEquals((long) k[1], resumed.getValue());
            }
            Crc64 byByte = new Crc64();
            for (byte b : data) {
                byByte.update(b);
            }
            assertEquals((long) k[1], byByte.getValue());
            assertEquals((long) k[1], Crc64.update((long) k[1], data, 3, 0), "no bytes: unchanged");
        }
        assertEquals(0, Crc64.update(0, new byte[0]));
    }

    /** Bigger than the glue's 8 KiB chunks, at an offset: the chunks join up. */
    @Test
    void bigArraysAtAnOffset() {
        byte[] data = new byte[100_003];
        new Random(5).nextBytes(data);
        long whole = Crc64.update(0, data);
        byte[] padded = new byte[data.length + 17];
        System.arraycopy(data, 0, padded, 11, data.length);
        assertEquals(whole, Crc64.update(0, padded, 11, data.length));
        long step = 0;
        for (int at = 0; at < data.length; at += 777) {
            step = Crc64.update(step, data, at, Math.min(777, data.length - at));
        }
        assertEquals(whole, step);
    }

    @Test
    void aChecksumForTheJdksStreams() throws Exception {
        byte[] data = ascii(KNOWN[1][0]);
        Crc64 crc = new Crc64();
        try (InputStream in = new CheckedInputStream(new ByteArrayInputStream(data), crc)) {
            byte[] buffer = new byte[7];
            while (in.read(buffer) != -1) {
                // reading feeds the checksum
            }
        }
        assertEquals((long) KNOWN[1][1], crc.getValue());
        crc.reset();
        assertEquals(0, crc.getValue());
    }

    @Test
    void badRangesAreRefusedInJava() {
        byte[] data = new byte[10];
        assertThrows(IndexOutOfBoundsException.class, () -> Crc64.update(0, data, -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> Crc64.update(0, data, 0, 11));
        assertThrows(IndexOutOfBoundsException.class, () -> Crc64.update(0, data, 9, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> Crc64.update(0, data, 5, Integer.MAX_VALUE));
        assertThrows(NullPointerException.class, () -> Crc64.update(0, null, 0, 0));
    }

    @Test
    void headerValuesParseAndFormatUnsigned() {
        assertEquals(2186167744391481992L, Crc64.parse("2186167744391481992"));
        assertEquals(0x995dc9bbdf1939faL, Crc64.parse("11051210869376104954"));
        assertEquals("11051210869376104954", Crc64.format(0x995dc9bbdf1939faL));
        assertEquals(-1L, Crc64.parse("18446744073709551615"));
        assertEquals("18446744073709551615", Crc64.format(-1L));
        assertEquals("0", Crc64.format(0));
        for (String bad : new String[] {"", "-1", "+1", " 1", "1a", "18446744073709551616", "123456789012345678901"}) {
            assertThrows(NumberFormatException.class, () -> Crc64.parse(bad), bad);
        }
    }

    /** The emulator's x-oss-hash-crc64ecma (Alibaba's SDK's CRC) equals ours for the bytes served. */
    @Test
    void equalsTheHeaderOssSends() throws Exception {
        String bucket = Fixtures.env("OSS_TEST_BUCKET");
        Path root = Paths.get(Fixtures.env("OSS_TEST_ROOT")).resolve(bucket);
        byte[] big = new byte[300 * 1024 + 11];
        new Random(64).nextBytes(big);
        Files.createDirectories(root.resolve("crc"));
        Files.write(root.resolve("crc/big.bin"), big);
        Files.write(root.resolve("crc/empty.bin"), new byte[0]);
        try (Presigner p = new Presigner("http://localhost:" + Fixtures.env("OSS_TEST_PORT"), "cn-hangzhou",
                Fixtures.env("OSS_TEST_AK"), Fixtures.env("OSS_TEST_SK"), null)) {
            for (String key : new String[] {"crc/big.bin", "crc/empty.bin"}) {
                HttpURLConnection c = (HttpURLConnection) new URL(p.presignGet(bucket, key, null)).openConnection();
                try {
                    assertEquals(200, c.getResponseCode(), key);
                    String header = c.getHeaderField("x-oss-hash-crc64ecma");
                    assertNotNull(header, key);
                    Crc64 crc = new Crc64();
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    try (InputStream in = new CheckedInputStream(c.getInputStream(), crc)) {
                        byte[] buffer = new byte[8192];
                        int n;
                        while ((n = in.read(buffer)) != -1) {
                            body.write(buffer, 0, n);
                        }
                    }
                    assertEquals(key.equals("crc/big.bin") ? big.length : 0, body.size());
                    assertEquals(Crc64.parse(header), crc.getValue(), key);
                    assertEquals(header, Crc64.format(crc.getValue()));
                } finally {
                    c.disconnect();
                }
            }
        }
    }
}
