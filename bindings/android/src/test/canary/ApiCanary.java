import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Planted uses of Java APIs that Android 5.0 (API 21) lacks, for check_android_api.py
 * (bindings/android/test.sh expects both reported): one the levels table knows to be newer
 * than minSdk, one it does not list at all.
 */
final class ApiCanary {
    private ApiCanary() {}

    /** HttpURLConnection.getContentLengthLong: API 24. */
    static long length(HttpURLConnection connection) {
        return connection.getContentLengthLong();
    }

    /** java.nio.file: API 26, and not in the table. */
    static boolean exists(String path) {
        return Files.exists(Paths.get(path));
    }
}
