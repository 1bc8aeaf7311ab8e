package org.osspresign.sample;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;

/**
 * Another process's view of a partial file, for PartialFileLockTest: run in a JVM of its own
 * with the file's path as its one argument, it tries to lock the file and prints "refused"
 * (someone holds the lock) or "acquired".
 */
final class LockProbe {
    private LockProbe() {}

    public static void main(String[] args) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(args[0], "rw");
                FileLock lock = file.getChannel().tryLock()) {
            System.out.println(lock == null ? "refused" : "acquired");
        }
    }
}
