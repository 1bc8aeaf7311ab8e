package org.osspresign.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * signature, Range included), by the C sample's rules (docs/c-sample.md, "A signed Range"):
 * exactly those bytes arrive (a suffix too), the whole object only when the range covers it, a
 * cut asks for the whole range again pinned by If-Match to the version first seen (never mixing
 * two versions), the CRC-64 is checked only for the whole object, the caller's own If-Match is
 * theirs, and a range the download cannot honour fails with nothing written. Tagged "faults"
 * (armed cuts): the plain JUnit run only.
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
        assertFile(result, 206, expected);
    }

    void assertFile(Downloader.Result result, int status, byte[] expected) throws IOException {
        assertTrue(result.isSuccess(), result::toString);
        assertEquals(status, result.status());
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

    /** bytes=-LENGTH: the object's last LENGTH bytes, a part of it (no CRC-64 to check). */
    @Test
    void aSuffixRangeIsTheObjectsLastBytes() throws Exception {
        Downloader.Result result = get("bytes=-1000");
        assertFile(result, Arrays.copyOfRange(DATA, DATA.length - 1000, DATA.length));
        assertFalse(result.isCrcChecked());
        assertEquals(Arrays.asList("bytes=-1000"), field("range"));
        assertEquals(Arrays.asList(206L), field("status"));
    }

    /**
     * A suffix longer than the object is all of it: OSS answers it with the whole object (200),
     * or, with x-oss-range-behavior: standard, with a 206 of all its bytes. Both are the range,
     * and the whole object's CRC-64 is checked.
     */
    @Test
    void aSuffixLongerThanTheObjectIsTheWholeObject() throws Exception {
        String range = "bytes=-" + (DATA.length + 10);
        Downloader.Result result = get(range);
        assertFile(result, 200, DATA);
        assertTrue(result.isCrcChecked());
        assertEquals(Arrays.asList(range), field("range"));

        Files.delete(out().toPath());
        emulator.clearRequests();
        Downloader.Result standard = download(builder().build(), null, "Range", range,
                "x-oss-range-behavior", "standard").get(60, TimeUnit.SECONDS);
        assertFile(standard, 206, DATA);
        assertTrue(standard.isCrcChecked());
    }

    /** bytes=0- is the whole object: its CRC-64 is checked, and a flipped byte fetches it again. */
    @Test
    void theWholeObjectAsARangeIsCrcChecked() throws Exception {
        emulator.arm("[{\"request\": 1, \"flip_byte\": 123456}]");
        Downloader.Result result = get("bytes=0-");
        assertFile(result, DATA);
        assertTrue(result.isCrcChecked());
        assertEquals(Arrays.asList("bytes=0-", "bytes=0-"), field("range"));
        // From zero, as a first attempt: its bytes were wrong, whatever their version.
        assertEquals(Arrays.asList(null, null), field("if_match"));
    }

    /**
     * Cut after 1000 bytes: the same signed Range is asked for again from its start (no resume
     * on top of it), pinned with If-Match to the version of the first answer.
     */
    @Test
    void aCutRangeIsFetchedAgainFromItsStartPinnedToItsVersion() throws Exception {
        emulator.arm("[{\"request\": 1, \"cut_after\": 1000}]");
        Downloader.Result result = get("bytes=100-300099");
        assertFile(result, Arrays.copyOfRange(DATA, 100, 300100));
        assertEquals(Arrays.asList("bytes=100-300099", "bytes=100-300099"), field("range"));
        assertEquals(Arrays.asList(null, etagOf(DATA)), field("if_match"));
        assertEquals(Arrays.asList(206L, 206L), field("status"));
        assertEquals(1000L, (long) (Long) gets().get(0).get("bytes_sent"));
    }

    /**
     * Cut, then the object is replaced: the pinned retry gets a 412, which drops that ETag; the
     * range of the current object follows, and the file holds the new version's bytes only.
     */
    @Test
    void theObjectReplacedAfterACutRange() throws Exception {
        byte[] fresh = bytes(28, DATA.length);
        Path source = dir.getParent().resolve("range-new-version-" + System.nanoTime() + ".bin");
        Files.write(source, fresh);
        try {
            emulator.arm("[{\"request\": 1, \"cut_after\": 1000}, {\"request\": 2, \"replace_with\": \""
                    + source.toString().replace("\\", "\\\\") + "\"}]");
            Downloader.Result result = get("bytes=100-300099");
            assertFile(result, Arrays.copyOfRange(fresh, 100, 300100));
            assertEquals(Collections.nCopies(3, "bytes=100-300099"), field("range"));
            assertEquals(Arrays.asList(null, etagOf(DATA), null), field("if_match"));
            assertEquals(Arrays.asList(206L, 412L, 206L), field("status"));
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
        assertEquals(Arrays.asList(null, etagOf(DATA)), field("if_match"));
    }

    /** Bytes (and their ETag file) an earlier run left are discarded, never resumed under a range. */
    @Test
    void bytesAnEarlierRunSavedAreNotResumedUnderARange() throws Exception {
        Files.write(dir.resolve("out.bin.part"), Arrays.copyOf(DATA, MIB));
        Files.write(dir.resolve("out.bin.part.etag"), (etagOf(DATA) + "\n").getBytes(StandardCharsets.US_ASCII));
        List<String> notes = Collections.synchronizedList(new ArrayList<>());
        Downloader.Result result = download(builder().log(notes::add).build(), null, "Range", "bytes=10-19")
                .get(60, TimeUnit.SECONDS);
        assertFile(result, Arrays.copyOfRange(DATA, 10, 20));
        assertEquals(Arrays.asList("bytes=10-19"), field("range"));
        assertEquals(Collections.singletonList(null), field("if_match"));
        assertTrue(notes.stream().noneMatch(n -> n.startsWith("resuming")), notes.toString());
    }

    /** OSS's default: a Range ending past the object is ignored, and its 200 is the whole object. */
    @Test
    void aRangeEndingPastTheObjectIsTheWholeObject() throws Exception {
        Downloader.Result result = get("bytes=0-99999999");
        assertFile(result, 200, DATA);
        assertTrue(result.isCrcChecked());
        assertEquals(Arrays.asList(200L), field("status"));
    }

    /** A Range starting past the object gets the whole object, which it is not: at once, nothing written. */
    @Test
    void aRangeStartingPastTheObjectFailsWithNothingWritten() throws Exception {
        String range = "bytes=" + (DATA.length + 1) + "-";
        Throwable why = failure(download(builder().build(), null, "Range", range));
        assertInstanceOf(IOException.class, why);
        assertTrue(why.getMessage().contains("Content-Length " + DATA.length + ": not the signed Range \"" + range + "\""),
                why.getMessage());
        assertTrue(why.getMessage().contains("nothing written"), why.getMessage());
        assertTrue(listing().isEmpty());
        assertEquals(Arrays.asList(200L), field("status"), "not retried: another request gets the same answer");
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

    /** The caller's If-Match is theirs: sent alone on every attempt, and a 412 to it is final. */
    @Test
    void aSignedIfMatchIsLeftAlone() throws Exception {
        String theirs = "\"0123\", " + etagOf(DATA);
        emulator.arm("[{\"request\": 1, \"cut_after\": 1000}]");
        Downloader.Result result = download(builder().build(), null, "Range", "bytes=100-300099", "If-Match", theirs)
                .get(60, TimeUnit.SECONDS);
        assertFile(result, Arrays.copyOfRange(DATA, 100, 300100));
        assertEquals(Arrays.asList(theirs, theirs), field("if_match"));

        Files.delete(out().toPath());
        emulator.disarm();
        emulator.clearRequests();
        Downloader.Result refused = download(builder().build(), null, "Range", "bytes=100-300099",
                "If-Match", "\"0123\"").get(60, TimeUnit.SECONDS);
        assertEquals(412, refused.status(), refused::toString);
        assertEquals("PreconditionFailed", refused.errorCode());
        assertEquals(Arrays.asList(412L), field("status"), "the caller's condition: a refusal, not a start-over");
        assertTrue(listing().isEmpty());
    }

    @Test
    void aRangeThatIsNotOneByteRangeIsRefusedBeforeAnyRequest() throws Exception {
        Throwable why = failure(download(builder().build(), null, "Range", "bytes=-0"));
        assertRefused(why, "options");

        try (GetOptions options = new GetOptions().addHeader("Range", "bytes=-0")) {
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
        assertTrue(e.getMessage().contains("\"bytes=-0\"") && e.getMessage().contains("LENGTH must be above 0"),
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
