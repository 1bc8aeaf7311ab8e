// A compile-time stand-in for the Android class of the same name, declaring only
// what sample/src/android uses (with the real hierarchy, so check_android_api.py
// finds the class that declares each inherited member). Test-only, never packaged.
package android.content;

import java.io.File;

public class ContextWrapper extends Context {
    public ContextWrapper(Context base) {
        throw new RuntimeException("Stub!");
    }

    @Override
    public File getCacheDir() {
        throw new RuntimeException("Stub!");
    }
}
