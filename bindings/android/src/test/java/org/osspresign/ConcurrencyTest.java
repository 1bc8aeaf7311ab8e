package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One Presigner shared by many threads, and close() racing with presigns. */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterAll
    static void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }

    private static int iterations() {
        return Integer.getInteger("oss.test.iterations", 2000);
    }

    @Test
    void eightThreadsShareOnePresignerAndOneOptions() throws Exception {
        try (Presigner presigner = Fixtures.presigner();
                GetOptions options = new GetOptions().signingTime(Fixtures.SIGNING_TIME).expires(600)) {
            String expected = presigner.presignGet(Fixtures.BUCKET, Fixtures.UNICODE_KEY, options);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int mismatches = 0;
                    for (int i = 0; i < iterations(); i++) {
                        String url = (i + thread) % 2 == 0
                                ? presigner.presignGet(Fixtures.BUCKET, Fixtures.UNICODE_KEY, options)
                                : presigner.presignGetRequest(Fixtures.BUCKET, Fixtures.UNICODE_KEY, options).url();
                        if (!url.equals(expected)) {
                            mismatches++;
                        }
                    }
                    return mismatches;
                }));
            }
            start.countDown();
            for (Future<Integer> r : results) {
                assertEquals(0, r.get(120, TimeUnit.SECONDS));
            }
        }
    }

    /**
     * Threads presign in a loop while the main thread closes the presigner at a random moment.
     * Every call must either return the right URL or throw IllegalStateException, never crash or
     * return garbage; after the close, every call throws.
     */
    @Test
    void closeRacingWithPresignsNeverFreesMemoryInUse() throws Exception {
        int rounds = Integer.getInteger("oss.test.rounds", 200);
        long completed = 0;
        long refused = 0;
        for (int round = 0; round < rounds; round++) {
            Presigner presigner = Fixtures.presigner();
            GetOptions options = new GetOptions().signingTime(Fixtures.SIGNING_TIME);
            String expected = presigner.presignGet(Fixtures.BUCKET, Fixtures.UNICODE_KEY, options);
            AtomicBoolean closed = new AtomicBoolean();
            CountDownLatch running = new CountDownLatch(THREADS);
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final boolean request = t % 2 == 1;
                results.add(pool.submit(() -> {
                    long ok = 0;
                    running.countDown();
                    while (true) {
                        boolean closedBefore = closed.get();
                        try {
                            String url = request
                                    ? presigner.presignGetRequest(Fixtures.BUCKET, Fixtures.UNICODE_KEY, options).url()
                                    : presigner.presignGet(Fixtures.BUCKET, Fixtures.UNICODE_KEY, options);
                            if (closedBefore) {
                                throw new AssertionError("a presign after close() returned");
                            }
                            if (!url.equals(expected)) {
                                throw new AssertionError("wrong URL during the race: " + url);
                            }
                            ok++;
                        } catch (IllegalStateException e) {
                            if (!e.getMessage().equals("Presigner is closed")) {
                                throw e;
                            }
                            return new long[] {ok, 1};
                        }
                    }
                }));
            }
            running.await();
            // Let the threads run for a random while, up to a few hundred presigns.
            long spin = ThreadLocalRandom.current().nextLong(200_000);
            for (long i = 0; i < spin; i++) {
                Thread.onSpinWait();
            }
            presigner.close();
            closed.set(true);
            for (Future<long[]> r : results) {
                long[] counts = r.get(60, TimeUnit.SECONDS);
                completed += counts[0];
                refused += counts[1];
            }
            options.close();
        }
        assertEquals((long) rounds * THREADS, refused, "every thread saw the close");
        assertTrue(completed > 0, "presigns ran during the races");
    }

    /** The same race for the options: closing them waits for presigns that use them. */
    @Test
    void closingOptionsRacingWithPresigns() throws Exception {
        int rounds = Integer.getInteger("oss.test.rounds", 200);
        try (Presigner presigner = Fixtures.presigner()) {
            for (int round = 0; round < rounds; round++) {
                GetOptions options = new GetOptions().signingTime(Fixtures.SIGNING_TIME).versionId("v" + round);
                String expected = presigner.presignGet(Fixtures.BUCKET, Fixtures.KEY, options);
                CountDownLatch running = new CountDownLatch(THREADS);
                List<Future<?>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    results.add(pool.submit(() -> {
                        running.countDown();
                        while (true) {
                            try {
                                String url = presigner.presignGet(Fixtures.BUCKET, Fixtures.KEY, options);
                                if (!url.equals(expected)) {
                                    throw new AssertionError("wrong URL during the race: " + url);
                                }
                            } catch (IllegalStateException e) {
                                assertEquals("GetOptions is closed", e.getMessage());
                                return null;
                            }
                        }
                    }));
                }
                running.await();
                Thread.yield();
                options.close();
                for (Future<?> r : results) {
                    r.get(60, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Setters on one thread, presigns on others: each URL reflects a whole set of options. */
    @Test
    void settersRacingWithPresigns() throws Exception {
        try (Presigner presigner = Fixtures.presigner();
                GetOptions options = new GetOptions().signingTime(Fixtures.SIGNING_TIME)) {
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch reading = new CountDownLatch(THREADS - 1);
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < THREADS - 1; t++) {
                readers.add(pool.submit(() -> {
                    int n = 0;
                    do {
                        String url = presigner.presignGet(Fixtures.BUCKET, Fixtures.KEY, options);
                        assertTrue(url.contains("x-oss-signature="), url);
                        if (n++ == 0) {
                            reading.countDown();
                        }
                    } while (!stop.get());
                    return n;
                }));
            }
            reading.await();
            for (int i = 0; i < 50; i++) {
                options.addQuery("p" + i, "v");
                options.expires(1 + i);
            }
            stop.set(true);
            int total = 0;
            for (Future<Integer> r : readers) {
                total += r.get(60, TimeUnit.SECONDS);
            }
            assertTrue(total >= THREADS - 1);
            String url = presigner.presignGet(Fixtures.BUCKET, Fixtures.KEY, options);
            assertTrue(url.contains("&p49=v") && url.contains("x-oss-expires=50"), url);
        }
    }
}
