// A compile-time stand-in for the Android class of the same name, declaring only
// what sample/src/android uses (with the real hierarchy, so check_android_api.py
// finds the class that declares each inherited member). Test-only, never packaged.
package android.app;

import android.os.Bundle;
import android.view.ContextThemeWrapper;
import android.view.View;

public class Activity extends ContextThemeWrapper {
    public Activity() {
        throw new RuntimeException("Stub!");
    }

    protected void onCreate(Bundle savedInstanceState) {
        throw new RuntimeException("Stub!");
    }

    protected void onDestroy() {
        throw new RuntimeException("Stub!");
    }

    public void setContentView(View view) {
        throw new RuntimeException("Stub!");
    }

    public boolean isChangingConfigurations() {
        throw new RuntimeException("Stub!");
    }

    /** API 24: used only by the planted src/test/canary/AndroidApiCanary.java. */
    public boolean isInMultiWindowMode() {
        throw new RuntimeException("Stub!");
    }

    /** API 24: used only by the planted src/test/canary/AndroidApiCanary.java. */
    public boolean isInPictureInPictureMode() {
        throw new RuntimeException("Stub!");
    }
}
