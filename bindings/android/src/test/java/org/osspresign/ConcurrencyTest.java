package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** Step {@code step} (1-based) of the setter calls raced with presigns below. */
    private static void setterStep(GetOptions options, int step) {
        int i = (step - 1) / 2;
        if (step % 2 == 1) {
            options.addQuery("p" + i, "v");
        } else {
            options.expires(1 + i);
        }
    }

    /**
     * Setters on one thread, presigns on others: each URL reflects a whole set of options. The
     * URL after every prefix of the setter calls is made on one thread first; every URL made
     * during the race must be one of those (never a mix of two sets, never torn), and no reader
     * may see an older set after a newer one.
     */
    @Test
    void settersRacingWithPresigns() throws Exception {
        int steps = 100;
        Map<String, Integer> stepOf = new HashMap<>();
        try (Presigner presigner = Fixtures.presigner()) {
            try (GetOptions alone = new GetOptions().signingTime(Fixtures.SIGNING_TIME)) {
                stepOf.put(presigner.presignGet(Fixtures.BUCKET, Fixtures.KEY, alone), 0);
                for (int step = 1; step <= steps; step++) {
                    setterStep(alone, step);
                    stepOf.put(presigner.presignGet(Fixtures.BUCKET, Fixtures.KEY, alone), step);
                }
            }
            assertEquals(steps + 1, stepOf.size(), "each set of options has its own URL");
            try (GetOptions options = new GetOptions().signingTime(Fixtures.SIGNING_TIME)) {
                AtomicBoolean stop = new AtomicBoolean();
                CountDownLatch reading = new CountDownLatch(THREADS - 1);
                List<Future<Integer>> readers = new ArrayList<>();
                for (int t = 0; t < THREADS - 1; t++) {
                    readers.add(pool.submit(() -> {
                        int n = 0;
                        int last = 0;
                        do {
                            String url = presigner.presignGet(Fixtures.BUCKET, Fixtures.KEY, options);
                            Integer step = stepOf.get(url);
                            if (step == null) {
                                throw new AssertionError("a URL of no whole set of options: " + url);
                            }
                            if (step < last) {
                                throw new AssertionError("options went back from step " + last + " to " + step);
                            }
                            last = step;
                            if (n++ == 0) {
                                reading.countDown();
                            }
                        } while (!stop.get());
                        return n;
                    }));
                }
                reading.await();
                for (int step = 1; step <= steps; step++) {
                    setterStep(options, step);
                }
                stop.set(true);
                int total = 0;
                for (Future<Integer> r : readers) {
                    total += r.get(60, TimeUnit.SECONDS);
                }
                assertTrue(total >= THREADS - 1);
                assertEquals(steps, stepOf.get(presigner.presignGet(Fixtures.BUCKET, Fixtures.KEY, options)));
            }
        }
    }
}
