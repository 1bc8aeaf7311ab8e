// A compile-time stand-in for the Android class of the same name, declaring only
// what sample/src/android uses (with the real hierarchy, so check_android_api.py
// finds the class that declares each inherited member). Test-only, never packaged.
package android.os;

public final class Looper {
    public static Looper getMainLooper() {
        throw new RuntimeException("Stub!");
    }
}
