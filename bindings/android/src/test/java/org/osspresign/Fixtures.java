package org.osspresign;

import java.nio.file.Path;
import java.nio.file.Paths;

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
}
