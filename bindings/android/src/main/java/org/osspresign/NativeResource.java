package org.osspresign;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One native handle ({@code oss_client *} or {@code oss_get_options *}) owned by a Java object,
 * freed exactly once.
 *
 * <p>Every use holds the read lock for the length of the native call, and {@link #free} takes
 * the write lock: a {@code close()} racing with a presign on another thread waits for the
 * presign to return, and later uses see the handle gone and throw {@link
 * IllegalStateException}. Several threads may read at once; mutation (the setters of {@link
 * GetOptions}) takes the write lock too.
 *
 * <p>Leak safety without {@code finalize()} and without {@code java.lang.ref.Cleaner} (Android
 * 13+ only): each owner is tracked by a {@link PhantomReference}. When an owner that was never
 * closed becomes unreachable, the garbage collector enqueues its reference, and the next
 * construction of any owner frees the handles found in the queue (no thread of our own). The
 * reference holds this object, not the owner, and freeing takes the write lock, so a handle is
 * never freed while a call that still uses it runs, even if the JIT has let the owner itself
 * become unreachable during that call. This is a backstop: close what you create.
 */
final class NativeResource {
    /** Frees one kind of handle. */
    interface Freer {
        void free(long handle);
    }

    private static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();
    /** Keeps the references themselves reachable until they are enqueued or unregistered. */
    private static final Set<Tracker> TRACKED =
            Collections.newSetFromMap(new ConcurrentHashMap<Tracker, Boolean>());
    /** Handles freed by the backstop, for tests and diagnostics. */
    private static final AtomicLong RECLAIMED = new AtomicLong();

    private static final class Tracker extends PhantomReference<Object> {
        final NativeResource resource;

        Tracker(Object owner, NativeResource resource) {
            super(owner, QUEUE);
            this.resource = resource;
        }
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Freer freer;
    private final String ownerName;
    private final Tracker tracker;
    /** The handle; 0 once freed. Read and written under {@link #lock}. */
    private long handle;

    /**
     * Takes ownership of {@code handle} (non-zero) for {@code owner}. If tracking fails (out of
     * memory), the handle is freed before the error propagates.
     */
    NativeResource(Object owner, long handle, Freer freer) {
        this.handle = handle;
        this.freer = freer;
        this.ownerName = owner.getClass().getSimpleName();
        Tracker t;
        try {
            t = new Tracker(owner, this);
            TRACKED.add(t);
        } catch (RuntimeException | Error e) {
            freer.free(handle);
            this.handle = 0;
            throw e;
        }
        this.tracker = t;
        // Now that this handle is tracked, free those of owners found unreachable.
        reclaim();
    }

    /** The handle, with the read lock held: call {@link #release} in a finally block. */
    long acquire() {
        ReentrantReadWriteLock.ReadLock read = lock.readLock();
        read.lock();
        long h = handle;
        if (h == 0) {
            read.unlock();
            throw closed();
        }
        return h;
    }

    void release() {
        lock.readLock().unlock();
    }

    /** The handle, with the write lock held: call {@link #releaseExclusive} in a finally block. */
    long acquireExclusive() {
        ReentrantReadWriteLock.WriteLock write = lock.writeLock();
        write.lock();
        long h = handle;
        if (h == 0) {
            write.unlock();
            throw closed();
        }
        return h;
    }

    void releaseExclusive() {
        lock.writeLock().unlock();
    }

    /** Frees the handle once, after every running call has returned; idempotent. */
    void close() {
        TRACKED.remove(tracker);
        tracker.clear();
        free();
    }

    /** Frees the handle if it is still held; true when this call freed it. */
    private boolean free() {
        ReentrantReadWriteLock.WriteLock write = lock.writeLock();
        write.lock();
        try {
            long h = handle;
            if (h == 0) {
                return false;
            }
            handle = 0;
            freer.free(h);
            return true;
        } finally {
            write.unlock();
        }
    }

    private IllegalStateException closed() {
        return new IllegalStateException(ownerName + " is closed");
    }

    /** Frees the handles of owners the garbage collector found unreachable; returns how many. */
    static int reclaim() {
        int freed = 0;
        Reference<?> ref;
        while ((ref = QUEUE.poll()) != null) {
            Tracker t = (Tracker) ref;
            TRACKED.remove(t);
            if (t.resource.free()) {
                freed++;
                RECLAIMED.incrementAndGet();
            }
        }
        return freed;
    }

    /** How many handles the backstop has freed in this process. */
    static long reclaimedCount() {
        return RECLAIMED.get();
    }
}
