package org.osspresign.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per {@code .part}, in this process and across processes. A POSIX lock belongs to
 * the process and goes when any descriptor of the file closes, so a refused second download in
 * this process must not have opened the file: a child JVM ({@link LockProbe}) checks that the
 * lock still holds after the refusal. Tagged "faults" (a child JVM): the plain JUnit run only.
 */
@Tag("faults")
class PartialFileLockTest {
    @TempDir Path dir;

    @Test
    void aSecondDownloadRefusedInThisProcessLeavesTheLockOtherProcessesSee() throws Exception {
        File destination = dir.resolve("out.bin").toFile();
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), dir);
        try (PartialFile first = PartialFile.open(destination)) {
            assertBusy(destination);
            assertBusy(alias.resolve("out.bin").toFile()); // the same file by another path
            assertEquals("refused", probe(first.path().toPath()), "another process could lock the .part");
        }
        assertEquals("acquired", probe(dir.resolve("out.bin.part")), "the lock outlived the download");
        PartialFile.open(destination).close(); // and this process may take it again
    }

    @Test
    void aFailedOpenHoldsNothing() throws Exception {
        File nowhere = dir.resolve("no such directory").resolve("out.bin").toFile();
        assertThrows(FileNotFoundException.class, () -> PartialFile.open(nowhere));
        // Refused for the same reason, not as "being written by another download".
        assertThrows(FileNotFoundException.class, () -> PartialFile.open(nowhere));
    }

    private static void assertBusy(File destination) {
        IOException busy = assertThrows(IOException.class, () -> PartialFile.open(destination));
        assertTrue(busy.getMessage().contains("being written by another download"), busy.getMessage());
    }

    /** What LockProbe, in a JVM of its own, says of {@code part}. */
    private static String probe(Path part) throws Exception {
        String classPath = System.getProperty("oss.classpath");
        if (classPath == null) {
            throw new IllegalStateException("-Doss.classpath is not set: run bash bindings/android/test.sh");
        }
        Process child = new ProcessBuilder(
                        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", classPath, LockProbe.class.getName(), part.toString())
                .redirectErrorStream(true)
                .start();
        try {
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "LockProbe did not end");
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(0, child.exitValue(), out);
            assertFalse(out.isEmpty());
            return out;
        } finally {
            child.destroyForcibly();
        }
    }
}
