package org.osspresign.sample;

import java.io.InterruptedIOException;
import java.net.HttpURLConnection;
import org.jspecify.annotations.Nullable;

/**
 * Stops a download from another thread. {@link Thread#interrupt()} alone cannot: a read on an
 * {@link HttpURLConnection} ignores it. {@link #cancel()} disconnects the live connection and
 * wakes a retry's backoff; the download then ends with an {@link InterruptedIOException},
 * keeping the bytes saved so far for a later run.
 *
 * <p>On Android, {@code disconnect()} aborts a blocked read at once (it cancels the OkHttp call
 * underneath). A desktop JVM's {@code HttpURLConnection} closes the stream only after the read
 * in progress returns, so there a cancel takes effect within the read timeout. Either way
 * {@code cancel()} itself returns at once: the disconnect runs on a short-lived thread.
 */
public final class Cancellation {
    private volatile boolean cancelled;
    private volatile @Nullable HttpURLConnection live;

    /** Asks the download to stop; returns at once. Idempotent, any thread (a main thread too). */
    public void cancel() {
        cancelled = true;
        HttpURLConnection connection = live;
        if (connection != null) {
            disconnectAside(connection);
        }
        synchronized (this) {
            notifyAll(); // a backoff in pause()
        }
    }

    /** On a thread of its own: a desktop JVM's disconnect() waits for the read in progress. */
    private static void disconnectAside(HttpURLConnection connection) {
        Thread t = new Thread(connection::disconnect, "oss-download-cancel");
        t.setDaemon(true);
        t.start();
    }

    /** True once {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** The connection a cancel disconnects; whichever of the two comes second disconnects. */
    void bind(HttpURLConnection connection) {
        live = connection;
        if (cancelled) {
            disconnectAside(connection);
        }
    }

    void unbind() {
        live = null;
    }

    /** Throws when cancelled (or the thread interrupted). */
    void check() throws InterruptedIOException {
        if (cancelled || Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("download cancelled");
        }
    }

    /** Waits {@code millis}, or less when cancelled meanwhile (then throws). */
    void pause(long millis) throws InterruptedIOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (this) {
            long left;
            while (!cancelled && (left = deadline - System.nanoTime()) > 0) {
                try {
                    wait(Math.max(1, left / 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        check();
    }
}
