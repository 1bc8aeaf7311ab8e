package org.osspresign.sample;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.osspresign.Presigner;

/**
 * What the sample's download tests share: the loopback OSS emulator bindings/android/test.sh
 * started (its faults disarmed and its log cleared around each test), a presigner for it, two
 * network threads, and a temporary folder whose {@code out.bin} each test downloads to.
 */
abstract class EmulatorDownloads {
    static final int MIB = 1 << 20;

    static String bucket;
    static String endpoint;
    static Emulator emulator;
    static ExecutorService executor;
    static Presigner presigner;

    @TempDir Path dir;

    @BeforeAll
    static void startClients() {
        bucket = env("OSS_TEST_BUCKET");
        endpoint = "http://localhost:" + env("OSS_TEST_PORT");
        emulator = new Emulator(Integer.parseInt(env("OSS_TEST_PORT")));
        executor = Executors.newFixedThreadPool(2);
        presigner = new Presigner(endpoint, "cn-hangzhou", env("OSS_TEST_AK"), env("OSS_TEST_SK"), null);
    }

    @AfterAll
    static void stopClients() throws InterruptedException {
        presigner.close();
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
    }

    @BeforeEach
    @AfterEach
    void quiet() throws IOException {
        emulator.disarm();
        emulator.clearRequests();
    }

    static String env(String name) {
        String value = System.getenv(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set: run bash bindings/android/test.sh");
        }
        return value;
    }

    static byte[] bytes(long seed, int size) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** Stores an object in the emulator's bucket (a file under its root). */
    static void put(String key, byte[] data) throws IOException {
        Path file = Paths.get(env("OSS_TEST_ROOT")).resolve(env("OSS_TEST_BUCKET")).resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, data);
    }

    /** What OSS (and the emulator) sends as the ETag of a simple upload: the MD5, quoted. */
    static String etagOf(byte[] data) throws Exception {
        StringBuilder hex = new StringBuilder("\"");
        for (byte b : MessageDigest.getInstance("MD5").digest(data)) {
            hex.append(String.format("%02X", b));
        }
        return hex.append('"').toString();
    }

    static Downloader.Builder builder(ExecutorService on) {
        return Downloader.builder(on).timeouts(10_000, 10_000).backoffMillis(100);
    }

    File out() {
        return dir.resolve("out.bin").toFile();
    }

    /** The failure a download ended with. */
    static Throwable failure(Future<Downloader.Result> download) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> download.get(60, TimeUnit.SECONDS));
        return e.getCause();
    }

    static List<Map<String, Object>> gets(Emulator on, String key) throws IOException {
        return on.requests("/" + key + "?");
    }

    static List<Map<String, Object>> gets(String key) throws IOException {
        return gets(emulator, key);
    }

    static long number(Map<String, Object> entry, String name) {
        return (Long) entry.get(name);
    }

    /** The names in the test's folder, sorted. */
    List<String> listing() throws IOException {
        List<String> names = new ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }
}
