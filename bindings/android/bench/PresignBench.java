import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.osspresign.GetOptions;
import org.osspresign.Presigner;

/**
 * Timed loop of Presigner.presignGet through JNI, the counterpart of bench/presign_loop.c
 * (same endpoint, credentials, bucket, signing time and lifetime). Run by bench.sh.
 *
 *   java -Djava.library.path=DIR -cp CLASSES PresignBench short|unicode SECONDS ROUNDS
 *
 * Prints one line: the case, the URL (signed once, before timing), then per round the nanoseconds
 * per presign by elapsed and by this thread's CPU time.
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
}
