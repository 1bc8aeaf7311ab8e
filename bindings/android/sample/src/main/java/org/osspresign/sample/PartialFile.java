package org.osspresign.sample;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.osspresign.Crc64;

/**
 * The bytes of a download in progress: {@code OUTPUT.part}, and beside it {@code
 * OUTPUT.part.etag}, the ETag of the object version they belong to (written before the first
 * byte, so saved bytes always have theirs). Their CRC-64 is kept as bytes are appended.
 *
 * <p>One writer: the file is locked for as long as this object is open, against other processes
 * ({@link FileLock}) and against other downloads in this one (a registry of the canonical paths
 * held), so a second download of the same destination fails at once instead of interleaving
 * bytes. The registry is checked before the file is opened: a POSIX lock belongs to the process
 * and is dropped when any descriptor of the file closes, so a refused second download must never
 * open (and close) the file the first one holds. Bytes left by an earlier run are kept
 * when their ETag was saved beside them (their CRC-64 is read again), and discarded otherwise:
 * their version is unknown.
 */
final class PartialFile implements Closeable {
    /** ETags are ASCII; never the platform's default charset. */
    private static final Charset ASCII = StandardCharsets.US_ASCII;
    /** Canonical paths of the partial files open in this process; guarded by itself. */
    private static final Set<String> HELD = new HashSet<>();

    private final File destination;
    private final File part;
    private final File etagFile;
    private final RandomAccessFile file;
    private final FileLock lock;
    private final String heldAs;
    private boolean closed;
    private long size;
    private long crc;
    private @Nullable String etag;

    private PartialFile(File destination, RandomAccessFile file, FileLock lock, String heldAs) {
        this.destination = destination;
        this.part = new File(destination.getPath() + ".part");
        this.etagFile = new File(destination.getPath() + ".part.etag");
        this.file = file;
        this.lock = lock;
        this.heldAs = heldAs;
    }

    /**
     * Opens and locks {@code destination}'s partial file, keeping the bytes an earlier run saved
     * with their ETag.
     *
     * @throws IOException when it cannot be opened, or another download is writing it
     */
    static PartialFile open(File destination) throws IOException {
        File part = new File(destination.getPath() + ".part");
        String heldAs = part.getCanonicalPath();
        synchronized (HELD) {
            if (!HELD.add(heldAs)) {
                throw busy(part);
            }
        }
        PartialFile partial;
        try {
            partial = lock(destination, part, heldAs);
        } catch (IOException | RuntimeException e) {
            release(heldAs);
            throw e;
        }
        try {
            partial.resume();
        } catch (IOException | RuntimeException e) {
            partial.closeQuietly();
            throw e;
        }
        return partial;
    }

    /** Opens and locks {@code part}, which no download of this process holds. */
    private static PartialFile lock(File destination, File part, String heldAs) throws IOException {
        RandomAccessFile file = new RandomAccessFile(part, "rw");
        FileLock lock = null;
        try {
            lock = file.getChannel().tryLock();
        } catch (OverlappingFileLockException notThroughThisClass) {
            lock = null; // locked in this process, but not by a PartialFile
        } finally {
            if (lock == null) {
                file.close(); // theirs: never removed here
            }
        }
        if (lock == null) {
            throw busy(part);
        }
        return new PartialFile(destination, file, lock, heldAs);
    }

    private static IOException busy(File part) {
        return new IOException(part + " is being written by another download");
    }

    private static void release(String heldAs) {
        synchronized (HELD) {
            HELD.remove(heldAs);
        }
    }

    private void resume() throws IOException {
        etag = readEtag();
        if (etag == null) {
            discard(); // bytes of an unknown version are useless
            return;
        }
        byte[] buffer = new byte[64 * 1024];
        file.seek(0);
        int n;
        while ((n = file.read(buffer)) != -1) {
            crc = Crc64.update(crc, buffer, 0, n);
            size += n;
        }
        if (size == 0) {
            discard();
        }
    }

    private @Nullable String readEtag() {
        if (!etagFile.isFile()) {
            return null;
        }
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(new FileInputStream(etagFile), ASCII))) {
            String line = in.readLine();
            return line == null || line.trim().isEmpty() ? null : line.trim();
        } catch (IOException unreadable) {
            return null;
        }
    }

    /** Bytes saved. */
    long size() {
        return size;
    }

    /** CRC-64/ECMA of the bytes saved. */
    long crc() {
        return crc;
    }

    /** The ETag of the version the saved bytes belong to; null when none is saved. */
    @Nullable String etag() {
        return etag;
    }

    /** True when bytes are saved with their ETag: a later download can continue them. */
    boolean resumable() {
        return size > 0 && etag != null;
    }

    /** The partial file itself ({@code OUTPUT.part}). */
    File path() {
        return part;
    }

    /**
     * Starts the bytes of version {@code newEtag} from zero: the saved bytes are dropped and the
     * ETag goes to disk before any byte (to a temporary name, then renamed, so a kill leaves the
     * old tag or the new one). Without an ETag a cut transfer cannot resume, and no tag is kept.
     */
    void restart(@Nullable String newEtag) throws IOException {
        discard();
        if (newEtag == null) {
            return;
        }
        File tmp = new File(etagFile.getPath() + ".tmp");
        try (OutputStream out = new FileOutputStream(tmp)) {
            out.write((newEtag + "\n").getBytes(ASCII));
            out.flush();
        }
        if (!tmp.renameTo(etagFile)) {
            deleteIfExists(tmp);
            throw new IOException("cannot write " + etagFile);
        }
        etag = newEtag;
    }

    /** Forgets the saved bytes: they belong to another version, or are wrong. */
    void discard() throws IOException {
        size = 0;
        crc = 0;
        etag = null;
        deleteIfExists(etagFile);
        file.setLength(0);
        file.seek(0);
    }

    /** Appends {@code data[offset .. offset + length)}. */
    void append(byte[] data, int offset, int length) throws IOException {
        file.seek(size);
        file.write(data, offset, length);
        crc = Crc64.update(crc, data, offset, length);
        size += length;
    }

    /** Flushes the bytes to disk and moves them to the destination; the ETag file goes. */
    void finish() throws IOException {
        file.getFD().sync();
        if (!part.renameTo(destination)) {
            // renameTo does not replace an existing file on every platform.
            if (!destination.delete() || !part.renameTo(destination)) {
                throw new IOException("cannot move " + part + " to " + destination);
            }
        }
        deleteIfExists(etagFile);
    }

    /**
     * Unlocks and closes. A partial file with nothing to resume (no bytes, or bytes without an
     * ETag) is removed with its ETag file; one with bytes stays for the next run. The path is free for another download of this
     * process only once the file is closed.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return; // a second release could free the path another download holds by then
        }
        closed = true;
        try {
            if (!resumable() && part.exists()) {
                deleteIfExists(part);
                deleteIfExists(etagFile);
            }
        } finally {
            try {
                lock.release();
            } finally {
                try {
                    file.close();
                } finally {
                    release(heldAs);
                }
            }
        }
    }

    void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // Nothing more to do: the bytes stay for the next run.
        }
    }

    private static void deleteIfExists(File f) throws IOException {
        if (!f.delete() && f.exists()) {
            throw new IOException("cannot delete " + f);
        }
    }
}
