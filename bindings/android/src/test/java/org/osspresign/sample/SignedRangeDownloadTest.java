package org.osspresign.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.osspresign.GetOptions;
import org.osspresign.InvalidArgumentException;
import org.osspresign.OssPresignException;
import org.osspresign.PresignedRequest;

/**
 * A Range the caller signs, against the loopback OSS emulator (Alibaba's SDK judges the
 * signature, Range included): exactly those bytes arrive, a cut asks for the whole range again
 * (never mixing two versions), the CRC-64 is checked only for the whole object, and a range the
 * download cannot honour fails with nothing written. Tagged "faults" (armed cuts): the plain
 * JUnit run only.
 */
@Tag("faults")
class SignedRangeDownloadTest extends EmulatorDownloads {
    static final String KEY = "range/object.bin";
    static final byte[] DATA = bytes(27, 3 * MIB);

    @BeforeAll
    static void setUp() throws IOException {
        put(KEY, DATA);
    }

    static Downloader.Builder builder() {
        return builder(executor);
    }

    /** Downloads KEY with these signed headers (name, value, name, value...). */
    Future<Downloader.Result> download(Downloader d, Downloader.ProgressListener listener, String... headers) {
        GetOptions options = new GetOptions();
        for (int i = 0; i < headers.length; i += 2) {
            options.addHeader(headers[i], headers[i + 1]);
        }
        Future<Downloader.Result> f = d.download(presigner, bucket, KEY, options, out(), listener);
        return new Closing(f, options);
    }

    Downloader.Result get(String range) throws Exception {
        return download(builder().build(), null, "Range", range).get(60, TimeUnit.SECONDS);
    }

    static List<Map<String, Object>> gets() throws IOException {
        return gets(KEY);
    }

    static List<Object> field(String name) throws IOException {
        List<Object> values = new ArrayList<>();
        for (Map<String, Object> g : gets()) {
            values.add(g.get(name));
        }
        return values;
    }

    void assertFile(Downloader.Result result, byte[] expected) throws IOException {
        assertTrue(result.isSuccess(), result::toString);
        assertEquals(206, result.status());
        assertArrayEquals(expected, Files.readAllBytes(out().toPath()), "the destination is the range");
        assertEquals(expected.length, result.bytes());
        assertEquals(0, result.resumedFrom());
        assertEquals(Arrays.asList("out.bin"), listing(), "partial files left behind");
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aClosedRangeArrivesExactly() throws Exception {
        AtomicLong total = new AtomicLong(-2);
        Downloader.Result result = download(builder().build(), (soFar, size) -> total.set(size),
                "Range", "bytes=1000-200999").get(60, TimeUnit.SECONDS);
        assertFile(result, Arrays.copyOfRange(DATA, 1000, 201000));
        assertFalse(result.isCrcChecked(), "x-oss-hash-crc64ecma is the object's, not the range's");
        assertEquals(200000, total.get(), "progress counts to the range's size");
        assertEquals(Arrays.asList("bytes=1000-200999"), field("range"));
        assertEquals(Arrays.asList(206L), field("status"));
        assertEquals(Collections.singletonList(null), field("if_match"));
        assertTrue(((String) gets().get(0).get("target")).contains("x-oss-additional-headers=range"), "Range is signed");
    }

    @Test
    void anOpenRangeRunsToTheEnd() throws Exception {
        String range = "bytes=" + MIB + "-";
        Downloader.Result result = get(range);
        assertFile(result, Arrays.copyOfRange(DATA, MIB, DATA.length));
        assertFalse(result.isCrcChecked());
        assertEquals(Arrays.asList(range), field("range"));
    }

    /** bytes=0- is the whole object: its CRC-64 is checked, and a flipped byte fetches it again. */
    @Test
    void theWholeObjectAsARangeIsCrcChecked() throws Exception {
        emulator.arm("[{\"request\": 1, \"flip_byte\": 123456}]");
        Downloader.Result result = get("bytes=0-");
        assertFile(result, DATA);
        assertTrue(result.isCrcChecked());
        assertEquals(Arrays.asList("bytes=0-", "bytes=0-"), field("range"));
    }

    /**
     * Cut after 1000 bytes, then the object is replaced: the range is asked for again whole
     * (the same signed Range, no If-Match), and the file holds the new version's bytes only.
     */
    @Test
    void aCutRangeIsAskedForAgainWholeAndNeverMixesVersions() throws Exception {
        byte[] fresh = bytes(28, DATA.length);
        Path source = dir.getParent().resolve("range-new-version-" + System.nanoTime() + ".bin");
        Files.write(source, fresh);
        try {
            emulator.arm("[{\"request\": 1, \"cut_after\": 1000}, {\"request\": 2, \"replace_with\": \""
                    + source.toString().replace("\\", "\\\\") + "\"}]");
            Downloader.Result result = get("bytes=100-300099");
            assertFile(result, Arrays.copyOfRange(fresh, 100, 300100));
            assertEquals(Arrays.asList("bytes=100-300099", "bytes=100-300099"), field("range"));
            assertEquals(Arrays.asList(null, null), field("if_match"));
            assertEquals(Arrays.asList(206L, 206L), field("status"));
            assertEquals(1000L, (long) (Long) gets().get(0).get("bytes_sent"));
        } finally {
            put(KEY, DATA);
            Files.deleteIfExists(source);
        }
    }

    @Test
    void aCutRangeLeavesNothingToResume() throws Exception {
        emulator.arm("[{\"cut_after\": 1000}]"); // every request
        Throwable why = failure(download(builder().retries(1).build(), null, "Range", "bytes=0-99999"));
        assertTrue(why.getMessage().contains("giving up after 1 retries; nothing saved"), why.getMessage());
        assertTrue(listing().isEmpty(), "nothing kept: " + listing());
        assertEquals(Arrays.asList("bytes=0-99999", "bytes=0-99999"), field("range"));
    }

    /** OSS's default: a Range past the end is ignored, the whole object comes with 200. */
    @Test
    void aRangeOssIgnoresFailsWithNothingWritten() throws Exception {
        Throwable why = failure(download(builder().build(), null, "Range", "bytes=0-99999999"));
        assertInstanceOf(IOException.class, why);
        assertTrue(why.getMessage().contains("instead of the signed Range \"bytes=0-99999999\""), why.getMessage());
        assertTrue(listing().isEmpty());
        assertEquals(Arrays.asList(200L), field("status"), "not retried");
    }

    /** With x-oss-range-behavior: standard, OSS answers 416 (the result), or serves up to the end. */
    @Test
    void standardRangeBehaviour() throws Exception {
        Downloader.Result refused = download(builder().build(), null, "Range", "bytes=" + DATA.length + "-",
                "x-oss-range-behavior", "standard").get(60, TimeUnit.SECONDS);
        assertEquals(416, refused.status());
        assertEquals("InvalidRange", refused.errorCode());
        assertTrue(listing().isEmpty());
        assertEquals(Arrays.asList(416L), field("status"), "a refusal, not a start-over");

        emulator.clearRequests();
        Downloader.Result result = download(builder().build(), null, "Range", "bytes=10-99999999",
                "x-oss-range-behavior", "standard").get(60, TimeUnit.SECONDS);
        assertFile(result, Arrays.copyOfRange(DATA, 10, DATA.length));
    }

    @Test
    void aSuffixRangeIsRefusedBeforeAnyRequest() throws Exception {
        Throwable why = failure(download(builder().build(), null, "Range", "bytes=-500"));
        assertRefused(why, "options");

        try (GetOptions options = new GetOptions().addHeader("Range", "bytes=-500")) {
            PresignedRequest request = presigner.presignGetRequest(bucket, KEY, options);
            Downloader d = builder().build();
            assertRefused(assertThrows(OssPresignException.class, () -> d.download(request, out(), null)), "request");
            assertRefused(assertThrows(OssPresignException.class,
                    () -> d.download(request.url(), request.headers(), out(), null)), "headers");
            assertRefused(assertThrows(OssPresignException.class, () -> d.downloadBlocking(request, out(), null)),
                    "request");
        }
        assertTrue(gets().isEmpty(), "nothing was sent");
        assertTrue(listing().isEmpty());
    }

    private static void assertRefused(Throwable why, String argument) {
        InvalidArgumentException e = assertInstanceOf(InvalidArgumentException.class, why);
        assertEquals(OssPresignException.INVALID_ARGUMENT, e.code());
        assertEquals(argument, e.argument());
        assertTrue(e.getMessage().contains("\"bytes=-500\"") && e.getMessage().contains("suffix range"),
                e.getMessage());
    }

    /** A download's future that closes its options once it is done. */
    private static final class Closing implements Future<Downloader.Result> {
        private final Future<Downloader.Result> inner;
        private final GetOptions options;

        Closing(Future<Downloader.Result> inner, GetOptions options) {
            this.inner = inner;
            this.options = options;
        }

        @Override
        public boolean cancel(boolean interrupt) {
            return inner.cancel(interrupt);
        }

        @Override
        public boolean isCancelled() {
            return inner.isCancelled();
        }

        @Override
        public boolean isDone() {
            return inner.isDone();
        }

        @Override
        public Downloader.Result get() throws InterruptedException, ExecutionException {
            try {
                return inner.get();
            } finally {
                options.close();
            }
        }

        @Override
        public Downloader.Result get(long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
            try {
                return inner.get(timeout, unit);
            } finally {
                options.close();
            }
        }
    }
}
