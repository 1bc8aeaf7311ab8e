import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.osspresign.BatchEntry;
import org.osspresign.GetOptions;
import org.osspresign.Presigner;

/**
 * Timed loop of Presigner.presignGet through JNI, the counterpart of bench/presign_loop.c
 * (same endpoint, credentials, bucket, signing time and lifetime). Run by bench.sh.
 *
 *   java -Djava.library.path=DIR -cp CLASSES PresignBench short|unicode|batch SECONDS ROUNDS
 *
 * Prints one line: the case, the URL (signed once, before timing), then per round the nanoseconds
 * per presign by elapsed and by this thread's CPU time. For "batch" (100 keys of one bucket, the
 * keys of the C ABI's batch benchmark): the first URL, then per round the CPU nanoseconds per URL
 * of 100 presignGet calls and of one presignGetBatch, interleaved.
 */
public final class PresignBench {
    /** The 200-byte key of benches/presign.rs (unicode_key_200b). */
    static String unicodeKey() {
        StringBuilder key = new StringBuilder("\u76f8\u518c/2024\u5e74 \u590f\u5929/\u00dcn\u00efc\u00f6d\u00e9 \u6587\u4ef6 \ud83d\ude80+(1)");
        String filler = "\u7167\u7247-";
        while (utf8(key) + utf8(filler) <= 196) {
            key.append(filler);
        }
        while (utf8(key) < 196) {
            key.append('x');
        }
        key.append(".jpg");
        if (utf8(key) != 200) {
            throw new AssertionError("unicode key is " + utf8(key) + " bytes");
        }
        return key.toString();
    }

    private static int utf8(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    public static void main(String[] args) {
        if (args[0].equals("batch")) {
            batch(Double.parseDouble(args[1]), Integer.parseInt(args[2]));
            return;
        }
        String key = args[0].equals("unicode") ? unicodeKey() : "exampleobject.txt";
        double seconds = Double.parseDouble(args[1]);
        int rounds = Integer.parseInt(args[2]);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Presigner presigner = new Presigner("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou",
                        "LTAI5tBenchAccessKeyId", "BenchAccessKeySecretBenchAccessKey", null);
                GetOptions options = new GetOptions().signingTime(1704164645L).expires(3600)) {
            String url = presigner.presignGet("examplebucket", key, options);
            // Warm-up: let the JIT compile the path (about 2 s), then calibrate the batch.
            long n = 1000;
            long warmEnd = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < warmEnd) {
                loop(presigner, key, options, n);
            }
            long t0 = System.nanoTime();
            loop(presigner, key, options, n);
            n = Math.max(1000, (long) (n * seconds * 1e9 / (System.nanoTime() - t0)));
            double[] wall = new double[rounds];
            double[] cpu = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                loop(presigner, key, options, n);
                wall[r] = (System.nanoTime() - w0) / (double) n;
                cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / (double) n;
            }
            System.out.println(args[0] + "\t" + url + "\t" + Arrays.toString(wall) + "\t" + Arrays.toString(cpu));
        }
    }

    private static long sink;

    private static void loop(Presigner presigner, String key, GetOptions options, long n) {
        long s = 0;
        for (long i = 0; i < n; i++) {
            s += presigner.presignGet("examplebucket", key, options).length();
        }
        sink += s;
    }

    private static void batch(double seconds, int rounds) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add(String.format("gallery/2024/photo-%03d.jpg", i));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Presigner presigner = new Presigner("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou",
                        "LTAI5tBenchAccessKeyId", "BenchAccessKeySecretBenchAccessKey", null);
                GetOptions options = new GetOptions().signingTime(1704164645L).expires(3600)) {
            String url = presigner.presignGetBatch("examplebucket", keys, options).get(0).urlOrThrow();
            if (!url.equals(presigner.presignGet("examplebucket", keys.get(0), options))) {
                throw new AssertionError("batch and single presign differ");
            }
            long n = 10;
            long warmEnd = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < warmEnd) {
                singles(presigner, keys, options, n);
                batches(presigner, keys, options, n);
            }
            long t0 = System.nanoTime();
            singles(presigner, keys, options, n);
            n = Math.max(10, (long) (n * seconds * 1e9 / (System.nanoTime() - t0)));
            double[] single = new double[rounds];
            double[] batch = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long c0 = threads.getCurrentThreadCpuTime();
                singles(presigner, keys, options, n);
                single[r] = (threads.getCurrentThreadCpuTime() - c0) / (double) (n * keys.size());
                c0 = threads.getCurrentThreadCpuTime();
                batches(presigner, keys, options, n);
                batch[r] = (threads.getCurrentThreadCpuTime() - c0) / (double) (n * keys.size());
            }
            System.out.println("batch\t" + url + "\t" + Arrays.toString(single) + "\t" + Arrays.toString(batch));
        }
    }

    private static void singles(Presigner presigner, List<String> keys, GetOptions options, long n) {
        long s = 0;
        for (long i = 0; i < n; i++) {
            for (String key : keys) {
                s += presigner.presignGet("examplebucket", key, options).length();
            }
        }
        sink += s;
    }

    private static void batches(Presigner presigner, List<String> keys, GetOptions options, long n) {
        long s = 0;
        for (long i = 0; i < n; i++) {
            for (BatchEntry e : presigner.presignGetBatch("examplebucket", keys, options)) {
                s += e.urlOrThrow().length();
            }
        }
        sink += s;
    }
}
