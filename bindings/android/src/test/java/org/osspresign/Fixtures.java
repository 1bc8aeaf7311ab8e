package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.function.Executable;

/** Inputs shared by the tests; the defaults are those of tests/bad_inputs.tsv. */
final class Fixtures {
    private Fixtures() {}

    static final String ENDPOINT = "oss-cn-hangzhou.aliyuncs.com";
    static final String REGION = "cn-hangzhou";
    static final String ACCESS_KEY_ID = "LTAI5tExample";
    static final String ACCESS_KEY_SECRET = "secret";
    static final String BUCKET = "examplebucket";
    static final String KEY = "a.txt";
    /** 2024-01-02T03:04:05Z. */
    static final long SIGNING_TIME = 1704164645L;

    /** A key of CJK, a combining mark, emoji (a surrogate pair each) and reserved ASCII. */
    static final String UNICODE_KEY =
            "\u76f8\u518c/e\u0301t\u00e9 \ud83d\ude80+\ud83d\udc68\u200d\ud83d\udc69/\u6587\u4ef6 (1).jpg";

    static Presigner presigner() {
        return new Presigner(ENDPOINT, REGION, ACCESS_KEY_ID, ACCESS_KEY_SECRET, null);
    }

    /** The repository root (set by bindings/android/test.sh). */
    static Path repo() {
        String root = System.getProperty("oss.repo");
        if (root == null) {
            throw new IllegalStateException("-Doss.repo is not set: run bash bindings/android/test.sh");
        }
        return Paths.get(root);
    }

    /** The wrapper's jar and the test classes (set by bindings/android/test.sh), for child JVMs. */
    static String classPath() {
        String path = System.getProperty("oss.classpath");
        if (path == null) {
            throw new IllegalStateException("-Doss.classpath is not set: run bash bindings/android/test.sh");
        }
        return path;
    }

    /** A required environment variable set by bindings/android/test.sh. */
    static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(name + " is not set: run bash bindings/android/test.sh");
        }
        return value;
    }

    /** Asserts that {@code call} throws the code's exception, of its family, naming the argument. */
    static OssPresignException refused(int code, String argument, Executable call) {
        OssPresignException e = assertThrows(OssPresignException.class, call);
        assertEquals(code, e.code(), () -> "code of: " + e.getMessage());
        ExceptionFamiliesTest.assertFamily(e);
        assertEquals(argument, e.argument(), () -> "argument of: " + e.getMessage());
        return e;
    }

    /** What a JVM of its own printed (stdout and stderr) and its exit status. */
    static final class ChildJvm {
        final int status;
        final String output;

        private ChildJvm(int status, String output) {
            this.status = status;
            this.output = output;
        }
    }

    /**
     * Runs {@code main} with {@code args} in a JVM of its own: the same JNI checks and native
     * library path as this JVM, the test class path after {@code classPathFirst} (if any), this
     * environment with {@code env} put over it. Fails unless it ends within a minute.
     */
    static ChildJvm runJava(
            @Nullable String classPathFirst, Map<String, String> env, Class<?> main, String... args)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        // The same JNI checks as this JVM (the -Xcheck:jni run checks the child too).
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.equals("-Xcheck:jni") || option.startsWith("-XX:+UseSerialGC")) {
                command.add(option);
            }
        }
        command.add("-Djava.library.path=" + System.getProperty("java.library.path"));
        command.add("-cp");
        command.add(classPathFirst == null ? classPath() : classPathFirst + File.pathSeparator + classPath());
        command.add(main.getName());
        for (String arg : args) {
            command.add(arg);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String out;
        try (InputStream in = process.getInputStream()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes.write(buffer, 0, n);
            }
            out = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), main.getSimpleName() + "'s JVM did not end");
        return new ChildJvm(process.exitValue(), out);
    }
}
