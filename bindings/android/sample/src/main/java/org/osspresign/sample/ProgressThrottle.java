package org.osspresign.sample;

/**
 * Lets progress through at most once per interval, and always the last update (the object
 * complete), so a screen is redrawn a few times a second however fast the bytes arrive.
 * Thread-confined: the download's thread asks.
 */
final class ProgressThrottle {
    /** A monotonic clock in nanoseconds ({@code System::nanoTime}); a test's own in tests. */
    interface Ticker {
        long nanoTime();
    }

    private final long intervalNanos;
    private final Ticker ticker;
    private boolean posted;
    private long lastPost;

    ProgressThrottle(long intervalNanos, Ticker ticker) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("intervalNanos: must be > 0, got " + intervalNanos);
        }
        this.intervalNanos = intervalNanos;
        this.ticker = ticker;
    }

    /** True when this update should be posted: the first, one an interval later, or the last. */
    boolean shouldPost(long bytesSoFar, long totalBytes) {
        long now = ticker.nanoTime();
        if (!posted || now - lastPost >= intervalNanos || bytesSoFar == totalBytes) {
            posted = true;
            lastPost = now;
            return true;
        }
        return false;
    }
}
