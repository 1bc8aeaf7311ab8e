package org.osspresign.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** At most one post per interval, and always the first and the last, on a clock the test drives. */
class ProgressThrottleTest {
    static final long MS = 1_000_000L;

    /** A clock that moves only when told. */
    static final class FakeTicker implements ProgressThrottle.Ticker {
        long now;

        @Override
        public long nanoTime() {
            return now;
        }
    }

    @Test
    void tenThousandChunksInTenSecondsPostFourTimesASecond() {
        FakeTicker clock = new FakeTicker();
        ProgressThrottle throttle = new ProgressThrottle(DownloadTask.PROGRESS_INTERVAL_MILLIS * MS, clock::nanoTime);
        long total = 10_000 * 64 * 1024L;
        int posts = 0;
        for (int chunk = 1; chunk <= 10_000; chunk++) {
            clock.now += MS; // a 64 KiB chunk every millisecond: 64 MB/s
            boolean post = throttle.shouldPost(chunk * 64 * 1024L, total);
            if (chunk == 1 || chunk == 10_000) {
                assertTrue(post, "the first and the last are posted");
            }
            posts += post ? 1 : 0;
        }
        // 10 s of chunks at one post per 250 ms, plus the last.
        assertEquals(41, posts);
    }

    @Test
    void slowChunksAreAllPosted() {
        FakeTicker clock = new FakeTicker();
        ProgressThrottle throttle = new ProgressThrottle(250 * MS, clock::nanoTime);
        for (int chunk = 1; chunk <= 20; chunk++) {
            clock.now += 300 * MS;
            assertTrue(throttle.shouldPost(chunk, -1));
        }
    }

    @Test
    void unknownTotalStillThrottles() {
        FakeTicker clock = new FakeTicker();
        ProgressThrottle throttle = new ProgressThrottle(250 * MS, clock::nanoTime);
        int posts = 0;
        for (int chunk = 1; chunk <= 1000; chunk++) {
            clock.now += MS;
            posts += throttle.shouldPost(chunk, -1) ? 1 : 0;
        }
        assertEquals(4, posts, "at 0, 250, 500 and 750 ms of the second");
    }

    @Test
    void aZeroIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ProgressThrottle(0, System::nanoTime));
    }
}
