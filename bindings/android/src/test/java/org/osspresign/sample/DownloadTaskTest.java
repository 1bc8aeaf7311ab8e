package org.osspresign.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osspresign.Presigner;

/**
 * The Activity's owner object on the JVM: what a rotation and a back-press mid-download do to
 * a {@link DownloadTask}. A rotation detaches one listener and attaches another while the
 * download goes on; a close during the transfer stops it with no uncaught exception anywhere,
 * closes the presigner only after the download's thread is done, and leaves the bytes that a
 * new task resumes. Against the emulator with armed stalls, so tagged "faults" (plain run).
 */
@Tag("faults")
class DownloadTaskTest {
    static final int MIB = EmulatorDownloads.MIB;
    static final String KEY = "task/object.bin";
    static final byte[] DATA = EmulatorDownloads.bytes(7, 2 * MIB);

    static Emulator emulator;
    static ExecutorService network;

    @TempDir Path dir;

    @BeforeAll
    static void setUp() throws IOException {
        EmulatorDownloads.put(KEY, DATA);
        emulator = new Emulator(Integer.parseInt(EmulatorDownloads.env("OSS_TEST_PORT")));
        network = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void tearDown() throws InterruptedException {
        network.shutdownNow();
        assertTrue(network.awaitTermination(30, TimeUnit.SECONDS));
    }

    @BeforeEach
    @AfterEach
    void quiet() throws IOException {
        emulator.disarm();
        emulator.clearRequests();
    }

    static Presigner presigner() {
        return new Presigner("http://localhost:" + EmulatorDownloads.env("OSS_TEST_PORT"), "cn-hangzhou",
                EmulatorDownloads.env("OSS_TEST_AK"), EmulatorDownloads.env("OSS_TEST_SK"), null);
    }

    DownloadTask newTask(Presigner presigner) {
        // A 3 s read timeout bounds how long a cancelled read lingers on a desktop JVM (see
        // Cancellation); the stalls below are shorter where no cut is wanted.
        Downloader downloader = Downloader.builder(network).timeouts(10_000, 3_000).backoffMillis(100).build();
        return new DownloadTask(downloader, presigner, EmulatorDownloads.env("OSS_TEST_BUCKET"), KEY, null,
                dir.resolve("photo.bin").toFile());
    }

    /** A screen: records what it is told, on the thread that delivers. */
    static final class Screen implements DownloadTask.Listener {
        final List<DownloadTask.Status> seen = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public void onStatus(DownloadTask.Status status) {
            seen.add(status);
            if (status.phase() != DownloadTask.Phase.RUNNING && status.phase() != DownloadTask.Phase.IDLE) {
                ended.countDown();
            }
        }

        DownloadTask.Status last() {
            return seen.get(seen.size() - 1);
        }
    }

    /**
     * Waits until the partial file holds {@code bytes} (the status shows them later: progress
     * is throttled, and nothing arrives during a stall).
     */
    void awaitSaved(long bytes) throws Exception {
        Path part = dir.resolve("photo.bin.part");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(part) && Files.size(part) >= bytes)) {
            assertTrue(System.nanoTime() < deadline, "the first " + bytes + " bytes never arrived");
            Thread.sleep(20);
        }
    }

    @Test
    void rotationMovesTheDownloadToTheNewScreen() throws Exception {
        emulator.arm("[{\"request\": 1, \"stall_after\": " + MIB + ", \"stall\": 1}]");
        AtomicInteger made = new AtomicInteger();
        String id = "rotation-" + System.nanoTime();
        DownloadTasks.Factory factory = () -> {
            made.incrementAndGet();
            return newTask(presigner());
        };
        DownloadTask task = DownloadTasks.obtain(id, factory);
        try {
            Screen before = new Screen();
            task.attach(before, Runnable::run);
            task.start();
            awaitSaved(MIB);

            // The rotation: the old Activity detaches, the new one finds the same task running.
            task.detach(before);
            int toldBefore = before.seen.size();
            assertSame(task, DownloadTasks.obtain(id, factory));
            Screen after = new Screen();
            task.attach(after, Runnable::run);
            assertEquals(DownloadTask.Phase.RUNNING, after.seen.get(0).phase(), "told at once");
            assertTrue(after.seen.get(0).bytesSoFar() > 0, "with the progress so far");
            task.start(); // the new onCreate: a no-op while it runs

            assertTrue(after.ended.await(60, TimeUnit.SECONDS));
            assertEquals(DownloadTask.Phase.FINISHED, after.last().phase(), after.last()::toString);
            assertTrue(after.last().result().isSuccess());
            assertArrayEquals(DATA, Files.readAllBytes(dir.resolve("photo.bin")));
            assertEquals(toldBefore, before.seen.size(), "nothing reached the detached screen");
            assertEquals(1, made.get());
            assertEquals(1, emulator.requests("/" + KEY + "?").size(), "one download, never a second");
            task.start(); // finished: nothing more
            assertTrue(task.awaitIdle(10, TimeUnit.SECONDS));
            assertEquals(1, emulator.requests("/" + KEY + "?").size());
        } finally {
            DownloadTask removed = DownloadTasks.remove(id);
            assertSame(task, removed);
            task.close();
        }
        assertTrue(task.isReleased());
        assertNull(DownloadTasks.remove(id));
    }

    /**
     * The back-press: the Activity closes the task while bytes flow. The transfer stops at once,
     * no thread dies of an exception, the presigner is closed after the download's thread let
     * go of it, and a new task on the same file resumes from the saved bytes.
     */
    @Test
    void closeDuringTheTransferThrowsNowhereAndTheBytesResume() throws Exception {
        List<Throwable> uncaught = Collections.synchronizedList(new ArrayList<>());
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            emulator.arm("[{\"request\": 1, \"stall_after\": " + MIB + ", \"stall\": 20}]");
            Presigner presigner = presigner();
            DownloadTask task = newTask(presigner);
            Screen screen = new Screen();
            task.attach(screen, Runnable::run);
            task.start();
            awaitSaved(MIB);

            task.close(); // onDestroy on the main thread: returns at once
            assertTrue(task.awaitIdle(10, TimeUnit.SECONDS), "the transfer stopped");
            assertTrue(task.isReleased());
            assertThrows(IllegalStateException.class, presigner::clockOffset, "the presigner is closed");
            assertEquals(DownloadTask.Phase.CANCELLED, task.status().phase(), task.status()::toString);
            assertFalse(screen.seen.stream().anyMatch(s -> s.phase() == DownloadTask.Phase.CANCELLED),
                    "a closed task tells no screen");
            assertThrows(IllegalStateException.class, task::start);
            task.close(); // idempotent
            // What an Executor's thread would have reported, had the download thrown:
            network.submit(() -> { }).get(10, TimeUnit.SECONDS);
            assertEquals(Collections.emptyList(), uncaught);
            File part = dir.resolve("photo.bin.part").toFile();
            assertEquals(MIB, part.length(), "the saved bytes stay");
            assertFalse(Files.exists(dir.resolve("photo.bin")));

            // The app comes back: a new task resumes them.
            emulator.disarm();
            emulator.clearRequests();
            DownloadTask again = newTask(presigner());
            Screen next = new Screen();
            again.attach(next, Runnable::run);
            again.start();
            assertTrue(next.ended.await(60, TimeUnit.SECONDS));
            again.close();
            assertEquals(DownloadTask.Phase.FINISHED, next.last().phase(), next.last()::toString);
            assertEquals(MIB, next.last().result().resumedFrom());
            assertArrayEquals(DATA, Files.readAllBytes(dir.resolve("photo.bin")));
            List<Map<String, Object>> gets = emulator.requests("/" + KEY + "?");
            assertEquals(1, gets.size());
            assertEquals("bytes=" + MIB + "-", gets.get(0).get("range"));
            assertEquals(EmulatorDownloads.etagOf(DATA), gets.get(0).get("if_match"));
            assertEquals(Collections.emptyList(), uncaught);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    void closedBeforeStartingReleasesAtOnce() {
        Presigner presigner = presigner();
        DownloadTask task = newTask(presigner);
        task.close();
        assertTrue(task.isReleased());
        assertThrows(IllegalStateException.class, presigner::clockOffset);
        assertThrows(IllegalStateException.class, task::start);
    }
}
