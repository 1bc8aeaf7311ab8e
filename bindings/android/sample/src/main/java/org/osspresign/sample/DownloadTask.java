package org.osspresign.sample;

import java.io.File;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.osspresign.GetOptions;
import org.osspresign.Presigner;

/**
 * One download that outlives the screen showing it: what an Android Activity holds instead of
 * running the download itself (the role of a Jetpack ViewModel, in plain Java). The Activity
 * {@link #attach attaches} in {@code onCreate} and {@link #detach detaches} in {@code
 * onDestroy}; a rotation destroys and recreates the Activity while the task goes on, and the new
 * Activity is told the current {@link Status} at once. When the user leaves for good ({@code
 * isFinishing()}), the Activity {@link #close closes} the task: the transfer stops at once, the
 * saved bytes stay for a later run, and the {@link Presigner} and {@link GetOptions} the task
 * owns are closed only after the download's thread stopped using them. {@link DownloadTasks}
 * keeps tasks across configuration changes, by id.
 *
 * <p>Never an uncaught exception: every outcome (the object, OSS's refusal, a failure, a
 * cancel) reaches the listener as a {@link Status}. Progress is posted at most a few times a
 * second ({@link #PROGRESS_INTERVAL_MILLIS}), and only to the listener attached when it runs, so
 * a destroyed Activity is never called. One download thread at a time per task, and {@link
 * Downloader} locks the {@code .part} file, so no two writers share it.
 *
 * <p>Thread-safe.
 */
public final class DownloadTask implements AutoCloseable {
    /** Progress is posted at most once per this interval (and at the end). */
    public static final long PROGRESS_INTERVAL_MILLIS = 250;

    /** Where a task is. */
    public enum Phase {
        /** Not started, or {@link #start()} not called since. */
        IDLE,
        /** The download's thread is working. */
        RUNNING,
        /** OSS answered for good: {@link Status#result()} is the object, or OSS's refusal. */
        FINISHED,
        /** The download failed ({@link Status#error()}); saved bytes stay for {@link #start()}. */
        FAILED,
        /** Stopped by {@link #cancel()} or {@link #close()}; saved bytes stay. */
        CANCELLED
    }

    /** What a screen shows: an immutable snapshot. */
    public static final class Status {
        private final Phase phase;
        private final long bytesSoFar;
        private final long totalBytes;
        private final Downloader.@Nullable Result result;
        private final @Nullable Throwable error;

        Status(
                Phase phase,
                long bytesSoFar,
                long totalBytes,
                Downloader.@Nullable Result result,
                @Nullable Throwable error) {
            this.phase = phase;
            this.bytesSoFar = bytesSoFar;
            this.totalBytes = totalBytes;
            this.result = result;
            this.error = error;
        }

        public Phase phase() {
            return phase;
        }

        /** Bytes of the object saved so far. */
        public long bytesSoFar() {
            return bytesSoFar;
        }

        /** The object's size, or -1 while unknown. */
        public long totalBytes() {
            return totalBytes;
        }

        /** The answer, when {@link Phase#FINISHED}. */
        public Downloader.@Nullable Result result() {
            return result;
        }

        /** Why, when {@link Phase#FAILED} (or what stopped a {@link Phase#CANCELLED} one). */
        public @Nullable Throwable error() {
            return error;
        }

        Status with(Phase newPhase) {
            return new Status(newPhase, bytesSoFar, totalBytes, result, error);
        }

        @Override
        public String toString() {
            switch (phase) {
                case FINISHED:
                    return String.valueOf(result);
                case FAILED:
                    return "failed: " + error;
                default:
                    return phase + " " + bytesSoFar + " / " + totalBytes;
            }
        }
    }

    /** Told every change, on the executor it was attached with. */
    public interface Listener {
        void onStatus(Status status);
    }

    private final Downloader downloader;
    private final Presigner presigner;
    private final String bucket;
    private final String key;
    private final @Nullable GetOptions options;
    private final File destination;

    private Status status = new Status(Phase.IDLE, 0, -1, null, null);
    private @Nullable Listener listener;
    private @Nullable Executor deliverOn;
    /** Counted down when the running download's thread is done; null while idle. */
    private @Nullable CountDownLatch worker;
    private @Nullable Cancellation cancellation;
    private boolean closed;
    private boolean released;

    /**
     * A task downloading {@code key} of {@code bucket} to {@code destination}. It takes over
     * {@code presigner} and {@code options}: {@link #close()} closes them, once no download
     * uses them any more. The download runs on {@code downloader}'s executor.
     */
    public DownloadTask(
            Downloader downloader,
            Presigner presigner,
            String bucket,
            String key,
            @Nullable GetOptions options,
            File destination) {
        this.downloader = Objects.requireNonNull(downloader, "downloader");
        this.presigner = Objects.requireNonNull(presigner, "presigner");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.key = Objects.requireNonNull(key, "key");
        this.options = options;
        this.destination = Objects.requireNonNull(destination, "destination");
    }

    /**
     * Starts the download on the downloader's executor, unless it is running or has finished
     * (so an Activity may call it in every {@code onCreate}). After a failure or a cancel it
     * starts again, resuming from the saved bytes.
     *
     * @throws IllegalStateException when the task is closed
     * @throws java.util.concurrent.RejectedExecutionException when the executor is shut down
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("the download task is closed");
        }
        if (worker != null || status.phase == Phase.FINISHED) {
            return;
        }
        Cancellation c = new Cancellation();
        CountDownLatch done = new CountDownLatch(1);
        downloader.execute(() -> run(c, done));
        cancellation = c;
        worker = done;
        publish(status.with(Phase.RUNNING));
    }

    /**
     * Shows the task to {@code screen}, replacing any listener attached before: it is told the
     * current status at once, then every change, each through {@code deliverOn} (on Android:
     * {@code mainHandler::post}).
     */
    public void attach(Listener screen, Executor deliverOn) {
        Objects.requireNonNull(screen, "screen");
        Objects.requireNonNull(deliverOn, "deliverOn");
        Status now;
        synchronized (this) {
            listener = screen;
            this.deliverOn = deliverOn;
            now = status;
        }
        deliver(screen, deliverOn, now);
    }

    /** Stops telling {@code screen}; nothing is delivered to it afterwards. */
    public synchronized void detach(Listener screen) {
        if (listener == screen) {
            listener = null;
            deliverOn = null;
        }
    }

    /** The current status. */
    public synchronized Status status() {
        return status;
    }

    /** Stops the transfer at once, keeping the saved bytes; {@link #start()} resumes. */
    public synchronized void cancel() {
        if (cancellation != null) {
            cancellation.cancel();
        }
    }

    /**
     * Cancels, and closes the presigner and options once the download's thread no longer uses
     * them (at once when it is idle). Returns without waiting; idempotent.
     */
    @Override
    public void close() {
        boolean idle;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            listener = null;
            deliverOn = null;
            if (cancellation != null) {
                cancellation.cancel();
            }
            idle = worker == null;
        }
        if (idle) {
            release();
        }
    }

    /**
     * Waits until the download's thread ended (desktop tools and tests; never on a main thread).
     *
     * @return false when it still runs after {@code timeout}
     */
    public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        CountDownLatch done;
        synchronized (this) {
            done = worker;
        }
        return done == null || done.await(timeout, unit);
    }

    /** True once {@link #close()} was called and the presigner and options are closed. */
    public synchronized boolean isReleased() {
        return released;
    }

    private void run(Cancellation c, CountDownLatch done) {
        ProgressThrottle throttle =
                new ProgressThrottle(PROGRESS_INTERVAL_MILLIS * 1_000_000L, System::nanoTime);
        Status end;
        try {
            Downloader.Result result =
                    downloader.downloadBlocking(
                            presigner,
                            bucket,
                            key,
                            options,
                            destination,
                            (soFar, total) -> {
                                if (throttle.shouldPost(soFar, total)) {
                                    publish(new Status(Phase.RUNNING, soFar, total, null, null));
                                }
                            },
                            c);
            end = new Status(Phase.FINISHED, result.bytes(), result.bytes(), result, null);
        } catch (Throwable t) { // every outcome goes to the screen; none to the thread's end
            Status last = status();
            Phase phase = c.isCancelled() ? Phase.CANCELLED : Phase.FAILED;
            end = new Status(phase, last.bytesSoFar, last.totalBytes, null, t);
        }
        boolean release;
        synchronized (this) {
            worker = null;
            cancellation = null;
            release = closed;
        }
        try {
            publish(end);
            if (release) {
                release();
            }
        } finally {
            done.countDown();
        }
    }

    /** Records {@code next} and delivers it to the attached listener, if any. */
    private void publish(Status next) {
        Listener l;
        Executor e;
        synchronized (this) {
            status = next;
            l = listener;
            e = deliverOn;
        }
        if (l != null && e != null) {
            deliver(l, e, next);
        }
    }

    /** Runs on {@code e}; a listener detached meanwhile is not called. */
    private void deliver(Listener l, Executor e, Status s) {
        e.execute(
                () -> {
                    synchronized (this) {
                        if (listener != l) {
                            return;
                        }
                    }
                    l.onStatus(s);
                });
    }

    private void release() {
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
        }
        try {
            if (options != null) {
                options.close();
            }
        } finally {
            presigner.close();
        }
    }
}
